// UserService handlers: request in, one use case, result out. Login passes the client address
// for its per-IP throttle.
#include "server/api/user_grpc_service.h"

#include "server/api/client_address.h"
#include "server/api/use_case_result.h"

namespace mercato::api {
namespace {

constexpr char kDomain[] = "users";

}  // namespace

UserGrpcService::UserGrpcService(Gateway& gateway, HandlerPool& pool, domain::UserAccounts& accounts, domain::AddressBook& addresses,
                  std::vector<std::string> trusted_proxies)
    : RawService(gateway, pool, ServiceInFileOf<v1::RegisterRequest>("UserService")),
      accounts_(accounts), addresses_(addresses), trusted_proxies_(std::move(trusted_proxies)) {
  ServeUnary("Register", &UserGrpcService::Register);
  ServeUnary("Login", &UserGrpcService::Login);
  ServeUnary("Logout", &UserGrpcService::Logout);
  ServeUnary("GetMe", &UserGrpcService::GetMe);
  ServeUnary("UpdateMe", &UserGrpcService::UpdateMe);
  ServeUnary("ChangePassword", &UserGrpcService::ChangePassword);
  ServeUnary("CreateAddress", &UserGrpcService::CreateAddress);
  ServeUnary("GetAddress", &UserGrpcService::GetAddress);
  ServeUnary("ListAddresses", &UserGrpcService::ListAddresses);
  ServeUnary("UpdateAddress", &UserGrpcService::UpdateAddress);
  ServeUnary("DeleteAddress", &UserGrpcService::DeleteAddress);
  ServeUnary("GetUser", &UserGrpcService::GetUser);
  ServeUnary("ListUsers", &UserGrpcService::ListUsers);
  ServeUnary("SetUserRoles", &UserGrpcService::SetUserRoles);
  ServeUnary("SetUserStatus", &UserGrpcService::SetUserStatus);
}

template <typename UseCase>
grpc::Status UserGrpcService::Handle(grpc::ServerContextBase* context, std::string_view rpc,
                                         google::protobuf::Message const& request, UseCase&& use_case) {
  std::string const method = "/mercato.v1.UserService/" + std::string(rpc);
  return gateway_.Run(context, method, kDomain, request, std::forward<UseCase>(use_case));
}

grpc::Status UserGrpcService::Register(grpc::ServerContextBase* context, v1::RegisterRequest const* request,
                                       v1::RegisterResponse* response) {
  return Handle(context, "Register", *request, [&](domain::Principal const&) {
    return Assign(accounts_.Register(*request), *response->mutable_user());
  });
}

grpc::Status UserGrpcService::Login(grpc::ServerContextBase* context, v1::LoginRequest const* request,
                                    v1::LoginResponse* response) {
  return Handle(context, "Login", *request, [&](domain::Principal const&) {
    return Assign(accounts_.Login(*request, ClientAddress(*context, trusted_proxies_)), *response);
  });
}

grpc::Status UserGrpcService::Logout(grpc::ServerContextBase* context, v1::LogoutRequest const* request, v1::LogoutResponse*) {
  return Handle(context, "Logout", *request, [&](domain::Principal const& principal) { return accounts_.Logout(principal); });
}

grpc::Status UserGrpcService::GetMe(grpc::ServerContextBase* context, v1::GetMeRequest const* request,
                                    v1::GetMeResponse* response) {
  return Handle(context, "GetMe", *request, [&](domain::Principal const& principal) {
    return Assign(accounts_.GetMe(principal), *response->mutable_user());
  });
}

grpc::Status UserGrpcService::UpdateMe(grpc::ServerContextBase* context, v1::UpdateMeRequest const* request,
                                       v1::UpdateMeResponse* response) {
  return Handle(context, "UpdateMe", *request, [&](domain::Principal const& principal) {
    return Assign(accounts_.UpdateMe(*request, principal), *response->mutable_user());
  });
}

grpc::Status UserGrpcService::ChangePassword(grpc::ServerContextBase* context, v1::ChangePasswordRequest const* request,
                                             v1::ChangePasswordResponse*) {
  return Handle(context, "ChangePassword", *request, [&](domain::Principal const& principal) {
    return accounts_.ChangePassword(*request, principal);
  });
}

grpc::Status UserGrpcService::CreateAddress(grpc::ServerContextBase* context, v1::CreateAddressRequest const* request,
                                            v1::CreateAddressResponse* response) {
  return Handle(context, "CreateAddress", *request, [&](domain::Principal const& principal) {
    return Assign(addresses_.CreateAddress(*request, principal), *response->mutable_address());
  });
}

grpc::Status UserGrpcService::GetAddress(grpc::ServerContextBase* context, v1::GetAddressRequest const* request,
                                         v1::GetAddressResponse* response) {
  return Handle(context, "GetAddress", *request, [&](domain::Principal const& principal) {
    return Assign(addresses_.GetAddress(request->address_id(), principal), *response->mutable_address());
  });
}

grpc::Status UserGrpcService::ListAddresses(grpc::ServerContextBase* context, v1::ListAddressesRequest const* request,
                                            v1::ListAddressesResponse* response) {
  return Handle(context, "ListAddresses", *request, [&](domain::Principal const& principal) {
    return Assign(addresses_.ListAddresses(*request, principal), *response);
  });
}

grpc::Status UserGrpcService::UpdateAddress(grpc::ServerContextBase* context, v1::UpdateAddressRequest const* request,
                                            v1::UpdateAddressResponse* response) {
  return Handle(context, "UpdateAddress", *request, [&](domain::Principal const& principal) {
    return Assign(addresses_.UpdateAddress(*request, principal), *response->mutable_address());
  });
}

grpc::Status UserGrpcService::DeleteAddress(grpc::ServerContextBase* context, v1::DeleteAddressRequest const* request,
                                            v1::DeleteAddressResponse*) {
  return Handle(context, "DeleteAddress", *request, [&](domain::Principal const& principal) {
    return addresses_.DeleteAddress(*request, principal);
  });
}

grpc::Status UserGrpcService::GetUser(grpc::ServerContextBase* context, v1::GetUserRequest const* request,
                                      v1::GetUserResponse* response) {
  return Handle(context, "GetUser", *request, [&](domain::Principal const& principal) {
    return Assign(accounts_.GetUser(request->user_id(), principal), *response->mutable_user());
  });
}

grpc::Status UserGrpcService::ListUsers(grpc::ServerContextBase* context, v1::ListUsersRequest const* request,
                                        v1::ListUsersResponse* response) {
  return Handle(context, "ListUsers", *request, [&](domain::Principal const& principal) {
    return Assign(accounts_.ListUsers(*request, principal), *response);
  });
}

grpc::Status UserGrpcService::SetUserRoles(grpc::ServerContextBase* context, v1::SetUserRolesRequest const* request,
                                           v1::SetUserRolesResponse* response) {
  return Handle(context, "SetUserRoles", *request, [&](domain::Principal const& principal) {
    return Assign(accounts_.SetUserRoles(*request, principal), *response->mutable_user());
  });
}

grpc::Status UserGrpcService::SetUserStatus(grpc::ServerContextBase* context, v1::SetUserStatusRequest const* request,
                                            v1::SetUserStatusResponse* response) {
  return Handle(context, "SetUserStatus", *request, [&](domain::Principal const& principal) {
    return Assign(accounts_.SetUserStatus(*request, principal), *response->mutable_user());
  });
}

}  // namespace mercato::api
