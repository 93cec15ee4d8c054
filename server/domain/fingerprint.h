// Stable fingerprints of requests (idempotency, page tokens, cache keys): FNV-1a 64 over the
// deterministic protobuf encoding. Not cryptographic: it only tells equal requests from others.
#pragma once

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>
#include <google/protobuf/message_lite.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace mercato::domain {

inline std::uint64_t Fnv1a64(std::string_view bytes, std::uint64_t hash = 14695981039346656037ull) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

inline std::string DeterministicBytes(google::protobuf::MessageLite const& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

inline std::string Hex64(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

inline std::string Fingerprint(google::protobuf::MessageLite const& message) {
  return Hex64(Fnv1a64(DeterministicBytes(message)));
}

// Fingerprint of a mutation without its idempotency key: a replay must match it exactly.
inline std::string FingerprintWithoutRequestId(google::protobuf::Message const& request) {
  std::unique_ptr<google::protobuf::Message> parameters(request.New());
  parameters->CopyFrom(request);
  if (auto const* field = parameters->GetDescriptor()->FindFieldByName("request_id")) {
    parameters->GetReflection()->ClearField(parameters.get(), field);
  }
  return Fingerprint(*parameters);
}

}  // namespace mercato::domain
