// Enum names without type prefixes, and parsing them back with a helpful ValueError.
#include "enum_names.h"

#include <algorithm>
#include <cctype>

#include <pybind11/pybind11.h>

namespace mercato::python {

std::string WithoutPrefix(std::string const& name, std::string_view prefix) {
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

std::string EnumValuePrefix(google::protobuf::EnumDescriptor const& type) {
  std::string prefix;
  for (char c : type.name()) {
    if (std::isupper(static_cast<unsigned char>(c)) && !prefix.empty()) prefix += '_';
    prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return prefix + '_';
}

std::string EnumShortName(google::protobuf::EnumValueDescriptor const& value) {
  return WithoutPrefix(value.name(), EnumValuePrefix(*value.type()));
}

int ParseEnum(google::protobuf::EnumDescriptor const& type, std::string_view prefix, std::string const& name,
              char const* what) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  std::string accepted;
  for (int i = 0; i < type.value_count(); ++i) {
    auto const& value = *type.value(i);
    if (value.number() == 0) continue;
    std::string const short_name = value.name().substr(prefix.size());
    if (short_name == upper || value.name() == upper) return value.number();
    accepted += (accepted.empty() ? "" : ", ") + short_name;
  }
  throw pybind11::value_error("unknown " + std::string(what) + " '" + name + "'; expected one of " + accepted);
}

}  // namespace mercato::python
