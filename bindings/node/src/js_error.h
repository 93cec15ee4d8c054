// Turns a failed mercato::Status into the MercatoError a promise rejects with.
#pragma once

#include <napi.h>

#include "mercato/status.h"

namespace mercato::node {

// new MercatoError(message, {code, grpcCode, reason, domain, metadata, requestId, retryAfterMs}).
Napi::Value ToJsError(Napi::Env env, Status const& status);

// The status of a call made after close().
Status ClientClosedStatus();

}  // namespace mercato::node
