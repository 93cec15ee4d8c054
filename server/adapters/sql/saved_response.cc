#include "server/adapters/sql/saved_response.h"

#include <absl/strings/escaping.h>

#include "server/adapters/sql/proto_json.h"

namespace mercato::adapters {

std::string EncodeSavedResponse(google::protobuf::Message const& response) {
  return absl::Base64Escape(response.SerializeAsString());
}

domain::Status DecodeSavedResponse(std::string_view saved, google::protobuf::Message& response) {
  if (saved.starts_with('{')) return FromJson(saved, response);
  std::string bytes;
  if (!absl::Base64Unescape(absl::string_view(saved.data(), saved.size()), &bytes) || !response.ParseFromString(bytes)) {
    return domain::Internal("the saved " + response.GetTypeName() + " response is damaged: not protobuf bytes in base64");
  }
  return domain::Ok();
}

}  // namespace mercato::adapters
