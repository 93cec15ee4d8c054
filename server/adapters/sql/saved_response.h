// How an idempotent write keeps its response for replays (idempotency_keys.response, text in both
// dialects): the message's protobuf bytes in base64. Printing protobuf JSON was a sixth of
// mercatod's CPU under hot-slot bookings (protobuf 3.21 resolves every message type anew per
// call), and nothing but a replay reads the column. A response saved as protobuf JSON by an
// earlier version (it starts with '{', which base64 never does) still replays.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "server/domain/error.h"

namespace mercato::adapters {

std::string EncodeSavedResponse(google::protobuf::Message const& response);
// INTERNAL when `saved` is neither form (a damaged row).
domain::Status DecodeSavedResponse(std::string_view saved, google::protobuf::Message& response);

template <typename Message>
domain::Result<Message> ParseSavedResponse(std::string_view saved) {
  Message message;
  if (auto decoded = DecodeSavedResponse(saved, message); !decoded) return decoded.error();
  return message;
}

}  // namespace mercato::adapters
