// UserService's RPCs on the account and address use cases: which use case each calls, with what,
// and where its result goes in the response. Login passes the client address for its per-IP
// throttle.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/api/client_address.h"
#include "server/api/use_case_result.h"
#include "server/api/user_grpc_service.h"
#include "server/domain/identity/address_book.h"
#include "server/domain/identity/user_accounts.h"

namespace mercato::api {

class UserUseCaseHandlers final : public UserHandlers {
 public:
  // `trusted_proxies`: load balancers whose x-forwarded-for names the client whose logins are
  // throttled (see client_address.h).
  UserUseCaseHandlers(domain::UserAccounts& accounts, domain::AddressBook& addresses,
                      std::vector<std::string> trusted_proxies = {})
      : accounts_(accounts), addresses_(addresses), trusted_proxies_(std::move(trusted_proxies)) {}

  domain::Status Register(AdmittedCall const&, v1::RegisterRequest const& request,
                          v1::RegisterResponse& response) override {
    return Assign(accounts_.Register(request), *response.mutable_user());
  }
  domain::Status Login(AdmittedCall const& call, v1::LoginRequest const& request,
                       v1::LoginResponse& response) override {
    return Assign(accounts_.Login(request, ClientAddress(call.context, trusted_proxies_)), response);
  }
  domain::Status Logout(AdmittedCall const& call, v1::LogoutRequest const&, v1::LogoutResponse&) override {
    return accounts_.Logout(call.caller);
  }
  domain::Status GetMe(AdmittedCall const& call, v1::GetMeRequest const&, v1::GetMeResponse& response) override {
    return Assign(accounts_.GetMe(call.caller), *response.mutable_user());
  }
  domain::Status UpdateMe(AdmittedCall const& call, v1::UpdateMeRequest const& request,
                          v1::UpdateMeResponse& response) override {
    return Assign(accounts_.UpdateMe(request, call.caller), *response.mutable_user());
  }
  domain::Status ChangePassword(AdmittedCall const& call, v1::ChangePasswordRequest const& request,
                                v1::ChangePasswordResponse&) override {
    return accounts_.ChangePassword(request, call.caller);
  }
  domain::Status CreateAddress(AdmittedCall const& call, v1::CreateAddressRequest const& request,
                               v1::CreateAddressResponse& response) override {
    return Assign(addresses_.CreateAddress(request, call.caller), *response.mutable_address());
  }
  domain::Status GetAddress(AdmittedCall const& call, v1::GetAddressRequest const& request,
                            v1::GetAddressResponse& response) override {
    return Assign(addresses_.GetAddress(request.address_id(), call.caller), *response.mutable_address());
  }
  domain::Status ListAddresses(AdmittedCall const& call, v1::ListAddressesRequest const& request,
                               v1::ListAddressesResponse& response) override {
    return Assign(addresses_.ListAddresses(request, call.caller), response);
  }
  domain::Status UpdateAddress(AdmittedCall const& call, v1::UpdateAddressRequest const& request,
                               v1::UpdateAddressResponse& response) override {
    return Assign(addresses_.UpdateAddress(request, call.caller), *response.mutable_address());
  }
  domain::Status DeleteAddress(AdmittedCall const& call, v1::DeleteAddressRequest const& request,
                               v1::DeleteAddressResponse&) override {
    return addresses_.DeleteAddress(request, call.caller);
  }
  domain::Status GetUser(AdmittedCall const& call, v1::GetUserRequest const& request,
                         v1::GetUserResponse& response) override {
    return Assign(accounts_.GetUser(request.user_id(), call.caller), *response.mutable_user());
  }
  domain::Status ListUsers(AdmittedCall const& call, v1::ListUsersRequest const& request,
                           v1::ListUsersResponse& response) override {
    return Assign(accounts_.ListUsers(request, call.caller), response);
  }
  domain::Status SetUserRoles(AdmittedCall const& call, v1::SetUserRolesRequest const& request,
                              v1::SetUserRolesResponse& response) override {
    return Assign(accounts_.SetUserRoles(request, call.caller), *response.mutable_user());
  }
  domain::Status SetUserStatus(AdmittedCall const& call, v1::SetUserStatusRequest const& request,
                               v1::SetUserStatusResponse& response) override {
    return Assign(accounts_.SetUserStatus(request, call.caller), *response.mutable_user());
  }

 private:
  domain::UserAccounts& accounts_;
  domain::AddressBook& addresses_;
  std::vector<std::string> const trusted_proxies_;
};

}  // namespace mercato::api
