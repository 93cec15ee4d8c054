// The gateway duties every RPC passes through, in one place so that every service, present and
// future, gets them without writing them again: a request id (accepted or generated, returned
// in metadata, on every log line), authentication (bearer token), authorization from the
// declarative method table (deny by default), per-principal rate limits, the mapping of domain
// errors to gRPC statuses with ErrorInfo, and request metrics.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <string_view>

#include "server/api/call_drain.h"
#include "server/api/request_context.h"
#include "server/api/status_mapping.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"
#include "server/domain/request_fields.h"

namespace mercato::api {

class Gateway {
 public:
  virtual ~Gateway() = default;

  // Runs `use_case(principal)` for `method` ("/mercato.v1.UserService/GetMe") once the caller is
  // authenticated, allowed by the method table and within its rate limit, and `request` obeys the
  // rules of every field (server/domain/request_fields.h). `domain_name` names the service domain
  // in ErrorInfo ("catalog", "users", ...).
  template <typename UseCase>
  grpc::Status Run(grpc::ServerContextBase* context, std::string_view method, std::string const& domain_name,
                   google::protobuf::Message const& request, UseCase&& use_case) {
    return Serve(context, method, [&](domain::Principal const& principal) {
      if (auto fields = domain::CheckRequestFields(request); !fields) {
        return ToGrpcStatus(fields.error(), "api", *context);
      }
      if (domain::Status done = use_case(principal); !done) return ToGrpcStatus(done.error(), domain_name, *context);
      return grpc::Status::OK;
    });
  }

  // Answers a call whose request bytes did not parse (server/api/request_parse.h) with `refusal`,
  // after admitting it like any other call, so that malformed requests still count against the
  // caller's rate limit and show in the metrics.
  grpc::Status Refuse(grpc::ServerContextBase* context, std::string_view method, domain::Error const& refusal) {
    return Serve(context, method,
                 [&](domain::Principal const&) { return ToGrpcStatus(refusal, "api", *context); });
  }

  // Authenticates and authorizes one call; errors are UNAUTHENTICATED, PERMISSION_DENIED or
  // RESOURCE_EXHAUSTED (with the retry delay attached to the context's trailers).
  virtual domain::Result<domain::Principal> Admit(grpc::ServerContextBase& context, std::string_view method) = 0;

  // Who an admitted call is charged to for per-caller limits: "user:<id>" for a signed-in
  // principal, "ip:<client address>" otherwise (the rate limiter's keys).
  virtual std::string CallerKey(grpc::ServerContextBase const& context, domain::Principal const& principal) = 0;

  // Counts a finished call for /metrics and logs it.
  virtual void Record(std::string_view method, grpc::StatusCode code, std::chrono::steady_clock::duration took) = 0;

  // The calls in flight, counted by RawService from dispatch until gRPC is done sending the
  // reply: shutdown waits for them and turns new ones away.
  CallDrain& drain() { return drain_; }

 private:
  // Gives the call its request id, admits it, then lets `admitted(principal)` answer it.
  template <typename Admitted>
  grpc::Status Serve(grpc::ServerContextBase* context, std::string_view method, Admitted&& admitted) {
    auto const started = std::chrono::steady_clock::now();
    RequestIdScope request_id(AssignRequestId(*context));
    auto principal = Admit(*context, method);
    grpc::Status const status = principal ? admitted(*principal) : ToGrpcStatus(principal.error(), "api", *context);
    Record(method, status.error_code(), std::chrono::steady_clock::now() - started);
    return status;
  }

  CallDrain drain_;
};

}  // namespace mercato::api
