// The request id of the call the current thread is serving (a HandlerPool thread runs one call
// start to end), so that every log line can carry it without passing it everywhere.
#pragma once

#include <grpcpp/server_context.h>

#include <string>

namespace mercato::api {

std::string const& CurrentRequestId();

// The call's request id: the client's `x-request-id` when it is a sane token (1-64 letters,
// digits, '-', '_', '.'), else a new random one; echoed in the `x-request-id` response metadata.
std::string AssignRequestId(grpc::ServerContextBase& context);

// Sets the current thread's request id for the lifetime of the scope.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string request_id);
  ~RequestIdScope();
  RequestIdScope(RequestIdScope const&) = delete;
  RequestIdScope& operator=(RequestIdScope const&) = delete;

 private:
  std::string previous_;
};

}  // namespace mercato::api
