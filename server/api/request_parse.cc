// Only a failed parse pays for the diagnosis: the bytes are walked once more, field by field,
// to find the string protobuf refused.
#include "server/api/request_parse.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/common.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mercato::api {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// Deeper than any Mercato message; protobuf's own parse stops at 100.
constexpr int kMaxDepth = 100;

// The path of the first string field in `bytes` (a message of `type`) that is not UTF-8, with
// the index of repeated elements and map entries as field rules name them: "product.variants[3].sku".
std::optional<std::string> FirstNonUtf8Field(Descriptor const& type, std::string const& bytes, int depth) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<std::uint8_t const*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  std::map<int, int> occurrences;  // of each repeated field so far
  while (std::uint32_t const tag = in.ReadTag()) {
    if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(&in, tag)) return std::nullopt;
      continue;
    }
    std::uint32_t length = 0;
    std::string value;
    if (!in.ReadVarint32(&length) || !in.ReadString(&value, static_cast<int>(length))) return std::nullopt;
    FieldDescriptor const* field = type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    if (field == nullptr) continue;
    std::string name = field->name();
    if (field->is_repeated()) name += "[" + std::to_string(occurrences[field->number()]++) + "]";
    // The check protobuf's parser applies to proto3 strings, so that both agree on what fails.
    if (field->type() == FieldDescriptor::TYPE_STRING &&
        !google::protobuf::internal::IsStructurallyValidUTF8(value.data(), static_cast<int>(value.size()))) {
      return name;
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE && depth < kMaxDepth) {
      if (auto inner = FirstNonUtf8Field(*field->message_type(), value, depth + 1)) return name + "." + *inner;
    }
  }
  return std::nullopt;
}

std::string Flatten(grpc::ByteBuffer const& bytes) {
  std::vector<grpc::Slice> slices;
  std::string flat;
  if (!bytes.Dump(&slices).ok()) return flat;
  for (auto const& slice : slices) flat.append(reinterpret_cast<char const*>(slice.begin()), slice.size());
  return flat;
}

}  // namespace

domain::Status ParseRequest(grpc::ByteBuffer const& bytes, google::protobuf::Message& request) {
  request.Clear();
  // ProtoBufferReader reads through the buffer's slices without copying; it needs a mutable
  // buffer only to take a reference.
  grpc::ByteBuffer shared(bytes);
  grpc::ProtoBufferReader reader(&shared);
  if (reader.status().ok() && request.ParseFromZeroCopyStream(&reader)) return domain::Ok();

  auto const& type = *request.GetDescriptor();
  if (auto field = FirstNonUtf8Field(type, Flatten(bytes), 0)) {
    return domain::InvalidArgument(*field, type.name() + "." + *field +
                                               " is not valid UTF-8; send every text field as UTF-8 "
                                               "(binary data does not belong in a text field)");
  }
  return domain::InvalidArgument(type.name(), "the request is not a well-formed " + type.full_name() +
                                                  " protobuf message; send it with a gRPC client generated "
                                                  "from the Mercato contract");
}

grpc::ByteBuffer SerializeResponse(google::protobuf::Message const& response) {
  grpc::ByteBuffer bytes;
  bool own_buffer = false;
  // Serializing a message we built cannot fail short of running out of memory.
  (void)grpc::SerializationTraits<google::protobuf::Message>::Serialize(response, &bytes, &own_buffer);
  return bytes;
}

}  // namespace mercato::api
