// Address use cases: ownership first (answered as not-found), then validation, then one store
// write with the caller-scoped idempotency key.
#include "server/domain/identity/address_book.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "server/domain/page_token.h"
#include "server/domain/fingerprint.h"
#include "server/domain/identity/address_rules.h"
#include "server/domain/identity/identity_errors.h"
#include "server/domain/identity/request_keys.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

Result<std::string> AddressBook::OwnerFor(std::string const& user_id, Principal const& principal) {
  if (principal.anonymous()) return SignInRequired();
  if (user_id.empty() || user_id == principal.user_id) return principal.user_id;
  if (!principal.Has(Role::kStaff)) return NotFound("user", user_id);
  auto owner = store_.FindUser(user_id);
  if (!owner) return owner.error();
  if (!*owner) return NotFound("user", user_id);
  return user_id;
}

Result<std::optional<v1::UserAddress>> AddressBook::Find(std::string const& field, std::string const& address_id,
                                                         Principal const& principal) {
  if (principal.anonymous()) return SignInRequired();
  if (address_id.empty()) return InvalidArgument(field, field + " is required");
  bool const staff = principal.Has(Role::kStaff);
  return store_.FindAddress(address_id, staff ? std::nullopt : std::optional<std::string>(principal.user_id));
}

Result<v1::UserAddress> AddressBook::Visible(std::string const& field, std::string const& address_id,
                                             Principal const& principal) {
  auto found = Find(field, address_id, principal);
  if (!found) return found.error();
  if (!*found) return NotFound("address", address_id);
  return **std::move(found);
}

Result<v1::UserAddress> AddressBook::CreateAddress(v1::CreateAddressRequest const& request,
                                                   Principal const& principal) {
  auto owner = OwnerFor(request.user_id(), principal);
  if (!owner) return owner.error();
  v1::UserAddress address;
  address.set_label(request.address().label());
  *address.mutable_address() = request.address().address();
  address.set_is_default(request.address().is_default());
  if (auto valid = NormalizeAddress(address); !valid) return valid.error();
  auto const now = TimeUtil::MicrosecondsToTimestamp(clock_.NowMicros());
  address.set_id(ids_.NewId());
  address.set_user_id(*owner);
  address.set_version(1);
  *address.mutable_created_at() = now;
  *address.mutable_updated_at() = now;
  return store_.InsertAddress(
      {std::move(address), CallerScopedKey("users.CreateAddress", request.request_id(), request, principal)});
}

Result<v1::UserAddress> AddressBook::GetAddress(std::string const& address_id, Principal const& principal) {
  return Visible("address_id", address_id, principal);
}

Result<v1::ListAddressesResponse> AddressBook::ListAddresses(v1::ListAddressesRequest const& request,
                                                             Principal const& principal) {
  auto owner = OwnerFor(request.user_id(), principal);
  if (!owner) return owner.error();
  // Bound to the owner, not to the request's user_id: "" (mine) and my id list the same addresses.
  v1::ListAddressesRequest listing = request;
  listing.clear_user_id();
  auto page = ReadPageRequest(listing, settings_.default_page_size, settings_.max_page_size, *owner);
  if (!page) return page.error();
  int const page_size = page->size;
  AddressQuery query;
  query.user_id = *owner;
  if (page->after) query.after = ListPosition{page->after->number, page->after->id};
  query.limit = page_size + 1;
  auto addresses = store_.ListAddresses(query);
  if (!addresses) return addresses.error();
  v1::ListAddressesResponse response;
  bool const more = CutToPage(*addresses, page_size);
  for (auto& address : *addresses) *response.add_addresses() = std::move(address);
  if (more) {
    auto const& last = response.addresses(response.addresses_size() - 1);
    response.set_next_page_token(NextPageToken(*page, {last.is_default() ? 1 : 0, "", last.id()}));
  }
  return response;
}

Result<v1::UserAddress> AddressBook::UpdateAddress(v1::UpdateAddressRequest const& request,
                                                   Principal const& principal) {
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto current = Visible("address.id", request.address().id(), principal);
  if (!current) return current.error();
  auto updated = ApplyAddressMask(*current, request.address(), request.update_mask());
  if (!updated) return updated.error();
  if (auto valid = NormalizeAddress(*updated); !valid) return valid.error();
  updated->set_version(request.expected_version() + 1);
  *updated->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(clock_.NowMicros());
  return store_.UpdateAddress(
      {*std::move(updated), CallerScopedKey("users.UpdateAddress", request.request_id(), request, principal)},
      request.expected_version());
}

Status AddressBook::DeleteAddress(v1::DeleteAddressRequest const& request, Principal const& principal) {
  if (auto version = RequireExpectedVersion(request.expected_version()); !version) return version.error();
  auto current = Find("address_id", request.address_id(), principal);
  if (!current) return current.error();
  auto key = CallerScopedKey("users.DeleteAddress", request.request_id(), request, principal);
  if (!*current && !key.requested()) return NotFound("address", request.address_id());
  // A missing address may be this caller's retry of a delete that succeeded: the store answers
  // with the first result, or NOT_FOUND. It only ever deletes an address of the owner named here.
  v1::UserAddress address;
  if (*current) {
    address = **std::move(current);
  } else {
    address.set_id(request.address_id());
    address.set_user_id(principal.user_id);
  }
  auto deleted = store_.DeleteAddress({std::move(address), std::move(key)}, request.expected_version());
  if (!deleted) return deleted.error();
  return Ok();
}

}  // namespace mercato::domain
