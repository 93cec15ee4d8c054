// Saved delivery addresses. A customer sees and changes only their own: another user's address
// (or user id) gets exactly the reply a missing one gets, so ids cannot be probed. Staff may act
// on anyone's addresses.
#pragma once

#include <optional>
#include <string>

#include "mercato/v1/users.pb.h"
#include "server/domain/clock.h"
#include "server/domain/error.h"
#include "server/domain/id_generator.h"
#include "server/domain/identity/principal.h"
#include "server/domain/identity/user_store.h"

namespace mercato::domain {

struct AddressBookSettings {
  int default_page_size = 20;
  int max_page_size = 100;
};

class AddressBook {
 public:
  AddressBook(UserStore& store, Clock& clock, IdGenerator& ids, AddressBookSettings settings = {})
      : store_(store), clock_(clock), ids_(ids), settings_(settings) {}

  Result<v1::UserAddress> CreateAddress(v1::CreateAddressRequest const& request, Principal const& principal);
  Result<v1::UserAddress> GetAddress(std::string const& address_id, Principal const& principal);
  Result<v1::ListAddressesResponse> ListAddresses(v1::ListAddressesRequest const& request, Principal const& principal);
  Result<v1::UserAddress> UpdateAddress(v1::UpdateAddressRequest const& request, Principal const& principal);
  Status DeleteAddress(v1::DeleteAddressRequest const& request, Principal const& principal);

 private:
  // The owner a request names ("" = the caller); another user's id is NOT_FOUND for non-staff.
  Result<std::string> OwnerFor(std::string const& user_id, Principal const& principal);
  // The address by id (`field` names the id in errors): nullopt when missing, NOT_FOUND when the
  // principal may not act on it (indistinguishable from missing once turned into a reply).
  Result<std::optional<v1::UserAddress>> Find(std::string const& field, std::string const& address_id,
                                              Principal const& principal);
  // Find, with a missing address NOT_FOUND too.
  Result<v1::UserAddress> Visible(std::string const& field, std::string const& address_id, Principal const& principal);

  UserStore& store_;
  Clock& clock_;
  IdGenerator& ids_;
  AddressBookSettings settings_;
};

}  // namespace mercato::domain
