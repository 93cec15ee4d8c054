// Proto enum values as Python sees them: the value's name without its type prefix ("ACTIVE",
// "RECEIPT"), both ways. Shared by every service's types and arguments.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

namespace mercato::python {

// "PRODUCT_STATUS_ACTIVE" without "PRODUCT_STATUS_" -> "ACTIVE"; other names unchanged.
std::string WithoutPrefix(std::string const& name, std::string_view prefix);

// Upper-cases `name` and finds "<prefix><NAME>" (or the full name) among the enum's values; an
// unknown name raises ValueError listing the accepted ones, `what` naming the argument. Needs the GIL.
int ParseEnum(google::protobuf::EnumDescriptor const& type, std::string_view prefix, std::string const& name,
              char const* what);

}  // namespace mercato::python
