// A reflection walk over the request: one rule per kind of field, applied at every depth.
#include "server/domain/request_fields.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include "mercato/v1/common.pb.h"
#include "server/domain/money.h"

namespace mercato::domain {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::util::TimeUtil;

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
// Number.MAX_SAFE_INTEGER: the JavaScript client reads every int64 as a Number.
constexpr std::int64_t kMaxExactInteger = (std::int64_t{1} << 53) - 1;
// Idempotency keys are stored for two days: a bound keeps one caller from filling the table.
constexpr std::size_t kMaxRequestIdBytes = 128;

std::string Join(std::string const& prefix, std::string const& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

bool EndsWith(std::string const& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status CheckEnum(std::string const& path, FieldDescriptor const& field, int number) {
  auto const& type = *field.enum_type();
  if (type.FindValueByNumber(number) != nullptr) return Ok();
  std::string allowed;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() == 0) continue;  // *_UNSPECIFIED: "not set", never a choice
    allowed += (allowed.empty() ? "" : ", ") + type.value(i)->name();
  }
  return InvalidArgument(path, path + " is " + std::to_string(number) + ", which " + type.full_name() +
                                   " does not define; use one of " + allowed);
}

Status CheckDuration(std::string const& path, google::protobuf::Duration const& duration) {
  bool const seconds_ok =
      duration.seconds() >= TimeUtil::kDurationMinSeconds && duration.seconds() <= TimeUtil::kDurationMaxSeconds;
  bool const nanos_ok = duration.nanos() > -kNanosPerSecond && duration.nanos() < kNanosPerSecond &&
                        !(duration.seconds() > 0 && duration.nanos() < 0) &&
                        !(duration.seconds() < 0 && duration.nanos() > 0);
  if (seconds_ok && nanos_ok) return Ok();
  return InvalidArgument(path, path + " is out of range: seconds must be within +-315576000000 (10,000 years) and "
                                      "nanos within +-999999999 with the same sign");
}

Status CheckTimestamp(std::string const& path, google::protobuf::Timestamp const& timestamp) {
  if (timestamp.seconds() >= TimeUtil::kTimestampMinSeconds && timestamp.seconds() <= TimeUtil::kTimestampMaxSeconds &&
      timestamp.nanos() >= 0 && timestamp.nanos() < kNanosPerSecond) {
    return Ok();
  }
  return InvalidArgument(path, path + " is out of range: a time between 0001-01-01 and 9999-12-31 UTC, with nanos "
                                      "0..999999999");
}

Status CheckMessage(std::string const& prefix, Message const& message);

Status CheckValue(std::string const& path, Message const& message, FieldDescriptor const& field, int index) {
  auto const& reflection = *message.GetReflection();
  bool const repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      return CheckEnum(path, field,
                       repeated ? reflection.GetRepeatedEnumValue(message, &field, index)
                                : reflection.GetEnumValue(message, &field));
    case FieldDescriptor::CPPTYPE_INT64: {
      auto const value = repeated ? reflection.GetRepeatedInt64(message, &field, index)
                                  : reflection.GetInt64(message, &field);
      if (EndsWith(field.name(), "_minor")) return CheckAmount(path, value);
      if (value <= kMaxExactInteger && value >= -kMaxExactInteger) return Ok();
      return InvalidArgument(path, path + " is beyond +-9007199254740991 (2^53 - 1), the largest integer every "
                                          "client language holds exactly");
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      auto const& text = repeated ? reflection.GetRepeatedStringReference(message, &field, index, &scratch)
                                  : reflection.GetStringReference(message, &field, &scratch);
      if (text.find('\0') != std::string::npos) return InvalidArgument(path, path + " holds a NUL character; remove it");
      if (field.name() == "request_id" && text.size() > kMaxRequestIdBytes) {
        return InvalidArgument(path, path + " is longer than " + std::to_string(kMaxRequestIdBytes) +
                                         " bytes; a UUID or ULID is plenty");
      }
      return Ok();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return CheckMessage(path, repeated ? reflection.GetRepeatedMessage(message, &field, index)
                                         : reflection.GetMessage(message, &field));
    default:
      return Ok();
  }
}

Status CheckMessage(std::string const& prefix, Message const& message) {
  auto const& type = *message.GetDescriptor();
  if (&type == v1::Money::descriptor()) {
    return CheckMoney(prefix, static_cast<v1::Money const&>(message));
  }
  if (&type == google::protobuf::Duration::descriptor()) {
    return CheckDuration(prefix, static_cast<google::protobuf::Duration const&>(message));
  }
  if (&type == google::protobuf::Timestamp::descriptor()) {
    return CheckTimestamp(prefix, static_cast<google::protobuf::Timestamp const&>(message));
  }
  std::vector<FieldDescriptor const*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (auto const* field : fields) {
    std::string const path = Join(prefix, field->name());
    if (!field->is_repeated()) {
      if (auto checked = CheckValue(path, message, *field, 0); !checked) return checked;
      continue;
    }
    int const size = message.GetReflection()->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      if (auto checked = CheckValue(path + "[" + std::to_string(i) + "]", message, *field, i); !checked) {
        return checked;
      }
    }
  }
  return Ok();
}

}  // namespace

Status CheckRequestFields(Message const& request) { return CheckMessage("", request); }

}  // namespace mercato::domain
