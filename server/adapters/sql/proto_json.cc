// Protobuf JSON conversion for stored documents, with errors as domain errors.
#include "server/adapters/sql/proto_json.h"

#include <google/protobuf/util/json_util.h>

namespace mercato::adapters {

domain::Result<std::string> ToJson(google::protobuf::Message const& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  auto const status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return domain::Internal("cannot store " + message.GetTypeName() + " as JSON: " + status.ToString());
  }
  return json;
}

domain::Status FromJson(std::string_view json, google::protobuf::Message& message) {
  // Unknown fields are dropped rather than refused: a row written by a newer build stays readable.
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto const status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &message, options);
  if (!status.ok()) {
    return domain::Internal("stored " + message.GetTypeName() + " is not valid JSON for it: " + status.ToString());
  }
  return domain::Ok();
}

}  // namespace mercato::adapters
