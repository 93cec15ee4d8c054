// Timestamps as microseconds since the epoch, the unit stores and clocks count in, and back.
#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <cstdint>

namespace mercato::domain {

inline std::int64_t ToMicros(google::protobuf::Timestamp const& time) {
  return google::protobuf::util::TimeUtil::TimestampToMicroseconds(time);
}

inline google::protobuf::Timestamp FromMicros(std::int64_t micros) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
}

}  // namespace mercato::domain
