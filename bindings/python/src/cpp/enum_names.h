// Proto enum values as Python sees them: the value's name without its type prefix ("ACTIVE",
// "RECEIPT"), both ways. Shared by every service's types and arguments.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

namespace mercato::python {

// "PRODUCT_STATUS_ACTIVE" without "PRODUCT_STATUS_" -> "ACTIVE"; other names unchanged.
std::string WithoutPrefix(std::string const& name, std::string_view prefix);

// A value's name without the prefix buf's lint puts on every value of its enum ("ACTIVE" for
// PRODUCT_STATUS_ACTIVE of ProductStatus).
std::string EnumShortName(google::protobuf::EnumValueDescriptor const& value);

// The prefix of every value of `type`: "ProductStatus" -> "PRODUCT_STATUS_".
std::string EnumValuePrefix(google::protobuf::EnumDescriptor const& type);

// Upper-cases `name` and finds "<prefix><NAME>" (or the full name) among the enum's values; an
// unknown name raises ValueError listing the accepted ones, `what` naming the argument. Needs the GIL.
int ParseEnum(google::protobuf::EnumDescriptor const& type, std::string_view prefix, std::string const& name,
              char const* what);

}  // namespace mercato::python
