// Parsing request bytes ourselves instead of leaving it to gRPC: a request protobuf refuses
// (a string field holding bytes that are not UTF-8, a truncated or garbled message) is the
// caller's mistake and answers INVALID_ARGUMENT naming the message and field, where gRPC's own
// parse answers INTERNAL with an empty message.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/byte_buffer.h>

#include "server/domain/error.h"

namespace mercato::api {

// Parses `bytes` into `request` (cleared first). Errors: INVALID_ARGUMENT with reason
// FIELD_INVALID, `field` naming the path of the first string field that is not UTF-8
// ("address.city", "product.variants[0].sku"), or the message's name when the bytes are not a
// message of its type.
domain::Status ParseRequest(grpc::ByteBuffer const& bytes, google::protobuf::Message& request);

// Serializes `response` for a raw handler to send.
grpc::ByteBuffer SerializeResponse(google::protobuf::Message const& response);

}  // namespace mercato::api
