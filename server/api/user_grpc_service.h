// UserService over gRPC: each handler goes through the Gateway (authentication, the method table,
// rate limits), calls one account or address use case with the principal, and maps the result.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mercato/v1/users.grpc.pb.h"
#include "server/api/gateway.h"
#include "server/api/owned_parse_service.h"
#include "server/domain/identity/address_book.h"
#include "server/domain/identity/user_accounts.h"

namespace mercato::api {

// The unary methods parse their own requests (OwnedParseService).
class UserGrpcService final : public OwnedParseService<v1::UserService::Service> {
 public:
  // `trusted_proxies`: load balancers whose x-forwarded-for names the client whose logins are
  // throttled (see client_address.h).
  UserGrpcService(Gateway& gateway, domain::UserAccounts& accounts, domain::AddressBook& addresses,
                  std::vector<std::string> trusted_proxies = {});

  grpc::Status Register(grpc::ServerContext* context, v1::RegisterRequest const* request,
                        v1::RegisterResponse* response) override;
  grpc::Status Login(grpc::ServerContext* context, v1::LoginRequest const* request,
                     v1::LoginResponse* response) override;
  grpc::Status Logout(grpc::ServerContext* context, v1::LogoutRequest const* request,
                      v1::LogoutResponse* response) override;
  grpc::Status GetMe(grpc::ServerContext* context, v1::GetMeRequest const* request,
                     v1::GetMeResponse* response) override;
  grpc::Status UpdateMe(grpc::ServerContext* context, v1::UpdateMeRequest const* request,
                        v1::UpdateMeResponse* response) override;
  grpc::Status ChangePassword(grpc::ServerContext* context, v1::ChangePasswordRequest const* request,
                              v1::ChangePasswordResponse* response) override;
  grpc::Status CreateAddress(grpc::ServerContext* context, v1::CreateAddressRequest const* request,
                             v1::CreateAddressResponse* response) override;
  grpc::Status GetAddress(grpc::ServerContext* context, v1::GetAddressRequest const* request,
                          v1::GetAddressResponse* response) override;
  grpc::Status ListAddresses(grpc::ServerContext* context, v1::ListAddressesRequest const* request,
                             v1::ListAddressesResponse* response) override;
  grpc::Status UpdateAddress(grpc::ServerContext* context, v1::UpdateAddressRequest const* request,
                             v1::UpdateAddressResponse* response) override;
  grpc::Status DeleteAddress(grpc::ServerContext* context, v1::DeleteAddressRequest const* request,
                             v1::DeleteAddressResponse* response) override;
  grpc::Status GetUser(grpc::ServerContext* context, v1::GetUserRequest const* request,
                       v1::GetUserResponse* response) override;
  grpc::Status ListUsers(grpc::ServerContext* context, v1::ListUsersRequest const* request,
                         v1::ListUsersResponse* response) override;
  grpc::Status SetUserRoles(grpc::ServerContext* context, v1::SetUserRolesRequest const* request,
                            v1::SetUserRolesResponse* response) override;
  grpc::Status SetUserStatus(grpc::ServerContext* context, v1::SetUserStatusRequest const* request,
                             v1::SetUserStatusResponse* response) override;

 private:
  // Runs `use_case(principal)` through the gateway as "/mercato.v1.UserService/<rpc>".
  template <typename UseCase>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view rpc,
                      google::protobuf::Message const& request, UseCase&& use_case);

  Gateway& gateway_;
  domain::UserAccounts& accounts_;
  domain::AddressBook& addresses_;
  std::vector<std::string> const trusted_proxies_;
};

}  // namespace mercato::api
