// UserService over gRPC: each handler goes through the Gateway (authentication, the method table,
// rate limits), calls one account or address use case with the principal, and maps the result.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mercato/v1/users.pb.h"
#include "server/api/gateway.h"
#include "server/api/raw_service.h"
#include "server/domain/identity/address_book.h"
#include "server/domain/identity/user_accounts.h"

namespace mercato::api {

// A RawService: requests arrive as bytes and handlers run on the HandlerPool.
class UserGrpcService final : public RawService {
 public:
  // `trusted_proxies`: load balancers whose x-forwarded-for names the client whose logins are
  // throttled (see client_address.h).
  UserGrpcService(Gateway& gateway, HandlerPool& pool, domain::UserAccounts& accounts, domain::AddressBook& addresses,
                  std::vector<std::string> trusted_proxies = {});

  grpc::Status Register(grpc::ServerContextBase* context, v1::RegisterRequest const* request,
                        v1::RegisterResponse* response);
  grpc::Status Login(grpc::ServerContextBase* context, v1::LoginRequest const* request,
                     v1::LoginResponse* response);
  grpc::Status Logout(grpc::ServerContextBase* context, v1::LogoutRequest const* request,
                      v1::LogoutResponse* response);
  grpc::Status GetMe(grpc::ServerContextBase* context, v1::GetMeRequest const* request,
                     v1::GetMeResponse* response);
  grpc::Status UpdateMe(grpc::ServerContextBase* context, v1::UpdateMeRequest const* request,
                        v1::UpdateMeResponse* response);
  grpc::Status ChangePassword(grpc::ServerContextBase* context, v1::ChangePasswordRequest const* request,
                              v1::ChangePasswordResponse* response);
  grpc::Status CreateAddress(grpc::ServerContextBase* context, v1::CreateAddressRequest const* request,
                             v1::CreateAddressResponse* response);
  grpc::Status GetAddress(grpc::ServerContextBase* context, v1::GetAddressRequest const* request,
                          v1::GetAddressResponse* response);
  grpc::Status ListAddresses(grpc::ServerContextBase* context, v1::ListAddressesRequest const* request,
                             v1::ListAddressesResponse* response);
  grpc::Status UpdateAddress(grpc::ServerContextBase* context, v1::UpdateAddressRequest const* request,
                             v1::UpdateAddressResponse* response);
  grpc::Status DeleteAddress(grpc::ServerContextBase* context, v1::DeleteAddressRequest const* request,
                             v1::DeleteAddressResponse* response);
  grpc::Status GetUser(grpc::ServerContextBase* context, v1::GetUserRequest const* request,
                       v1::GetUserResponse* response);
  grpc::Status ListUsers(grpc::ServerContextBase* context, v1::ListUsersRequest const* request,
                         v1::ListUsersResponse* response);
  grpc::Status SetUserRoles(grpc::ServerContextBase* context, v1::SetUserRolesRequest const* request,
                            v1::SetUserRolesResponse* response);
  grpc::Status SetUserStatus(grpc::ServerContextBase* context, v1::SetUserStatusRequest const* request,
                             v1::SetUserStatusResponse* response);

 private:
  // Runs `use_case(principal)` through the gateway as "/mercato.v1.UserService/<rpc>".
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContextBase* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  domain::UserAccounts& accounts_;
  domain::AddressBook& addresses_;
  std::vector<std::string> const trusted_proxies_;
};

}  // namespace mercato::api
