// Fingerprint over a copy of the request without request_id and the named secret fields.
#include "server/domain/identity/request_keys.h"

#include <memory>

#include "server/domain/fingerprint.h"

namespace mercato::domain {

IdempotencyKey CallerScopedKey(std::string const& operation, std::string const& request_id,
                               google::protobuf::Message const& request, Principal const& principal,
                               std::initializer_list<std::string_view> secret_fields) {
  std::unique_ptr<google::protobuf::Message> parameters(request.New());
  parameters->CopyFrom(request);
  auto const* descriptor = parameters->GetDescriptor();
  auto const* reflection = parameters->GetReflection();
  if (auto const* field = descriptor->FindFieldByName("request_id")) reflection->ClearField(parameters.get(), field);
  for (auto name : secret_fields) {
    if (auto const* field = descriptor->FindFieldByName(std::string(name))) {
      reflection->ClearField(parameters.get(), field);
    }
  }
  std::string scoped = principal.anonymous() ? operation : operation + "@" + principal.user_id;
  return {std::move(scoped), request_id, Fingerprint(*parameters)};
}

}  // namespace mercato::domain
