// The rules every request field obeys whatever its method, checked once for every call so that
// no handler can forget one: enum values the contract defines; money as money.h says (Money
// messages, and int64 fields named *_minor, which are amounts too); every other int64 within
// +-(2^53 - 1), which JavaScript holds exactly; Duration and Timestamp within
// the ranges google/protobuf/duration.proto and timestamp.proto document; strings without NUL;
// a request_id of at most 128 bytes.
#pragma once

#include <google/protobuf/message.h>

#include "server/domain/error.h"

namespace mercato::domain {

// INVALID_ARGUMENT naming the first offending field by its path from the request
// ("product.variants[0].price.currency_code", "lines[2].sku"), or Ok.
Status CheckRequestFields(google::protobuf::Message const& request);

}  // namespace mercato::domain
