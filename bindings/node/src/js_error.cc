// MercatoError construction from a Status (see js_error.h).
#include "js_error.h"

#include <utility>

#include "addon_data.h"

namespace mercato::node {

Napi::Value ToJsError(Napi::Env env, Status const& status) {
  Napi::Object fields = Napi::Object::New(env);
  fields.Set("code", StatusCodeToString(status.code()));
  fields.Set("grpcCode", static_cast<int>(status.code()));
  fields.Set("reason", status.reason());
  fields.Set("domain", status.domain());
  Napi::Object metadata = Napi::Object::New(env);
  for (auto const& [key, value] : status.metadata()) metadata.Set(key, value);
  fields.Set("metadata", metadata);
  fields.Set("requestId", status.request_id());
  auto const retry_after = status.retry_after();
  fields.Set("retryAfterMs", retry_after ? Napi::Value(Napi::Number::New(env, static_cast<double>(retry_after->count())))
                                         : env.Null());
  return GetAddonData(env).mercato_error.New({Napi::String::New(env, status.message()), fields});
}

Status ClientClosedStatus() {
  ErrorDetails details;
  details.reason = "CLIENT_CLOSED";
  details.domain = "mercato-node";
  return Status(StatusCode::kFailedPrecondition, "the client is closed", std::move(details));
}

}  // namespace mercato::node
