// How SQL stores keep protobuf messages in a column: protobuf JSON with the .proto field names,
// readable in psql and queryable as jsonb, and parsed back into the same message.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "server/domain/error.h"

namespace mercato::adapters {

domain::Result<std::string> ToJson(google::protobuf::Message const& message);
domain::Status FromJson(std::string_view json, google::protobuf::Message& message);

template <typename Message>
domain::Result<Message> ParseJson(std::string_view json) {
  Message message;
  if (auto parsed = FromJson(json, message); !parsed) return parsed.error();
  return message;
}

}  // namespace mercato::adapters
