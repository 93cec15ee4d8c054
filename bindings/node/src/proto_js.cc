// Reflection-driven protobuf <-> JS conversion; see proto_js.h for the mapping.
#include "proto_js.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <google/protobuf/descriptor.h>

namespace mercato::node {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

constexpr std::int64_t kMaxSafeInteger = 9007199254740991;  // Number.MAX_SAFE_INTEGER
constexpr char kTimestamp[] = "google.protobuf.Timestamp";

// "ProductStatus" -> "PRODUCT_STATUS_", the prefix buf's lint puts on every value of the enum.
std::string EnumValuePrefix(pb::EnumDescriptor const& type) {
  std::string prefix;
  for (char c : type.name()) {
    if (c >= 'A' && c <= 'Z' && !prefix.empty()) prefix += '_';
    prefix += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return prefix + '_';
}

std::string EnumShortName(pb::EnumValueDescriptor const& value) {
  std::string const prefix = EnumValuePrefix(*value.type());
  std::string const& name = value.name();
  return name.compare(0, prefix.size(), prefix) == 0 ? name.substr(prefix.size()) : name;
}

Napi::Value Int64ToJs(Napi::Env env, std::int64_t value, std::string const& path) {
  if (value > kMaxSafeInteger || value < -kMaxSafeInteger) {
    throw Napi::RangeError::New(env, path + " = " + std::to_string(value) + " is beyond Number.MAX_SAFE_INTEGER");
  }
  return Napi::Number::New(env, static_cast<double>(value));
}

Napi::Value TimestampToJs(Napi::Env env, pb::Message const& timestamp) {
  auto const* descriptor = timestamp.GetDescriptor();
  auto const* reflection = timestamp.GetReflection();
  std::int64_t const seconds = reflection->GetInt64(timestamp, descriptor->FindFieldByName("seconds"));
  std::int32_t const nanos = reflection->GetInt32(timestamp, descriptor->FindFieldByName("nanos"));
  return Napi::Date::New(env, static_cast<double>(seconds) * 1000.0 + static_cast<double>(nanos / 1000000));
}

Napi::Value MessageOrTimestampToJs(Napi::Env env, pb::Message const& message) {
  if (message.GetDescriptor()->full_name() == kTimestamp) return TimestampToJs(env, message);
  return MessageToJs(env, message);
}

// One value of `field`: the singular value when index < 0, else element `index` of the repeated field.
Napi::Value ValueToJs(Napi::Env env, pb::Message const& message, FD const& field, int index) {
  auto const* r = message.GetReflection();
  bool const repeated = index >= 0;
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      std::string scratch;
      std::string const& s = repeated ? r->GetRepeatedStringReference(message, &field, index, &scratch)
                                      : r->GetStringReference(message, &field, &scratch);
      if (field.type() == FD::TYPE_BYTES) return Napi::Buffer<char>::Copy(env, s.data(), s.size());
      return Napi::String::New(env, s);
    }
    case FD::CPPTYPE_BOOL:
      return Napi::Boolean::New(env, repeated ? r->GetRepeatedBool(message, &field, index) : r->GetBool(message, &field));
    case FD::CPPTYPE_INT32:
      return Napi::Number::New(env, repeated ? r->GetRepeatedInt32(message, &field, index) : r->GetInt32(message, &field));
    case FD::CPPTYPE_UINT32:
      return Napi::Number::New(env,
                               repeated ? r->GetRepeatedUInt32(message, &field, index) : r->GetUInt32(message, &field));
    case FD::CPPTYPE_INT64:
      return Int64ToJs(env, repeated ? r->GetRepeatedInt64(message, &field, index) : r->GetInt64(message, &field),
                       field.full_name());
    case FD::CPPTYPE_UINT64: {
      std::uint64_t const v = repeated ? r->GetRepeatedUInt64(message, &field, index) : r->GetUInt64(message, &field);
      if (v > static_cast<std::uint64_t>(kMaxSafeInteger)) return Int64ToJs(env, kMaxSafeInteger + 1, field.full_name());
      return Napi::Number::New(env, static_cast<double>(v));
    }
    case FD::CPPTYPE_DOUBLE:
      return Napi::Number::New(env,
                               repeated ? r->GetRepeatedDouble(message, &field, index) : r->GetDouble(message, &field));
    case FD::CPPTYPE_FLOAT:
      return Napi::Number::New(env, repeated ? r->GetRepeatedFloat(message, &field, index) : r->GetFloat(message, &field));
    case FD::CPPTYPE_ENUM: {
      auto const* value = repeated ? r->GetRepeatedEnum(message, &field, index) : r->GetEnum(message, &field);
      return Napi::String::New(env, EnumShortName(*value));
    }
    case FD::CPPTYPE_MESSAGE:
      return MessageOrTimestampToJs(
          env, repeated ? r->GetRepeatedMessage(message, &field, index) : r->GetMessage(message, &field));
  }
  return env.Null();
}

Napi::Value FieldToJs(Napi::Env env, pb::Message const& message, FD const& field) {
  auto const* r = message.GetReflection();
  if (field.is_map()) {
    Napi::Object map = Napi::Object::New(env);
    FD const& key = *field.message_type()->map_key();
    FD const& value = *field.message_type()->map_value();
    for (int i = 0, n = r->FieldSize(message, &field); i < n; ++i) {
      pb::Message const& entry = r->GetRepeatedMessage(message, &field, i);
      map.Set(ValueToJs(env, entry, key, -1).ToString(), ValueToJs(env, entry, value, -1));
    }
    return map;
  }
  if (field.is_repeated()) {
    int const n = r->FieldSize(message, &field);
    Napi::Array array = Napi::Array::New(env, static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) array.Set(static_cast<std::uint32_t>(i), ValueToJs(env, message, field, i));
    return array;
  }
  if (field.has_presence() && !r->HasField(message, &field)) return env.Null();
  return ValueToJs(env, message, field, -1);
}

FD const* FindField(pb::Descriptor const& descriptor, std::string const& key) {
  for (int i = 0; i < descriptor.field_count(); ++i) {
    FD const* field = descriptor.field(i);
    if (field->json_name() == key || field->name() == key) return field;
  }
  return nullptr;
}

[[noreturn]] void Fail(Napi::Env env, std::string const& path, std::string const& what) {
  throw Napi::TypeError::New(env, path + ": " + what);
}

template <typename Int>
Int JsToNarrowInt(Napi::Value value, std::string const& path) {
  std::int64_t const v = JsToInt64(value, path);
  if (v < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
      (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))) {
    Fail(value.Env(), path, "out of range");
  }
  return static_cast<Int>(v);
}

pb::EnumValueDescriptor const* JsToEnum(Napi::Value value, pb::EnumDescriptor const& type, std::string const& path) {
  // By short or full name in any case, as Python takes them; never by number (1.7 or NaN would pass).
  if (!value.IsString()) Fail(value.Env(), path, "expected the name of a " + type.name() + " value");
  std::string name = value.As<Napi::String>().Utf8Value();
  for (char& c : name) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  pb::EnumValueDescriptor const* found = type.FindValueByName(EnumValuePrefix(type) + name);
  if (found == nullptr) found = type.FindValueByName(name);
  if (found == nullptr) Fail(value.Env(), path, "not a " + type.name() + " value: " + value.ToString().Utf8Value());
  return found;
}

void JsToTimestamp(Napi::Value value, pb::Message* timestamp, std::string const& path) {
  if (!value.IsDate()) Fail(value.Env(), path, "expected a Date");
  double const ms = value.As<Napi::Date>().ValueOf();
  if (!std::isfinite(ms)) Fail(value.Env(), path, "invalid Date");
  auto const seconds = static_cast<std::int64_t>(std::floor(ms / 1000.0));
  auto const nanos = static_cast<std::int32_t>((ms - static_cast<double>(seconds) * 1000.0) * 1e6);
  auto const* descriptor = timestamp->GetDescriptor();
  auto const* reflection = timestamp->GetReflection();
  reflection->SetInt64(timestamp, descriptor->FindFieldByName("seconds"), seconds);
  reflection->SetInt32(timestamp, descriptor->FindFieldByName("nanos"), nanos);
}

// A Map or Set has no own enumerable keys: read as a message it would be sent empty.
bool IsMapOrSet(Napi::Object const& object) {
  Napi::Object const global = object.Env().Global();
  return object.InstanceOf(global.Get("Map").As<Napi::Function>()) ||
         object.InstanceOf(global.Get("Set").As<Napi::Function>());
}

void JsToSubMessage(Napi::Value value, pb::Message* message, std::string const& path) {
  if (message->GetDescriptor()->full_name() == kTimestamp) return JsToTimestamp(value, message, path);
  if (!IsFieldObject(value)) {
    Fail(value.Env(), path, "expected a plain object of " + message->GetDescriptor()->name() + " fields");
  }
  JsToMessage(value.As<Napi::Object>(), message);
}

// Sets `field` (adds an element when it is repeated) from one JS value.
void SetValue(Napi::Value value, pb::Message* message, FD const& field, std::string const& path) {
  Napi::Env env = value.Env();
  auto const* r = message->GetReflection();
  bool const repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      std::string s;
      if (field.type() == FD::TYPE_BYTES && value.IsBuffer()) {
        auto buffer = value.As<Napi::Buffer<char>>();
        s.assign(buffer.Data(), buffer.Length());
      } else if (value.IsString()) {
        s = JsToText(value, path);
      } else {
        Fail(env, path, "expected a string");
      }
      repeated ? r->AddString(message, &field, std::move(s)) : r->SetString(message, &field, std::move(s));
      return;
    }
    case FD::CPPTYPE_BOOL: {
      if (!value.IsBoolean()) Fail(env, path, "expected a boolean");
      bool const b = value.As<Napi::Boolean>().Value();
      repeated ? r->AddBool(message, &field, b) : r->SetBool(message, &field, b);
      return;
    }
    case FD::CPPTYPE_INT32: {
      auto const v = JsToNarrowInt<std::int32_t>(value, path);
      repeated ? r->AddInt32(message, &field, v) : r->SetInt32(message, &field, v);
      return;
    }
    case FD::CPPTYPE_UINT32: {
      auto const v = JsToNarrowInt<std::uint32_t>(value, path);
      repeated ? r->AddUInt32(message, &field, v) : r->SetUInt32(message, &field, v);
      return;
    }
    case FD::CPPTYPE_INT64: {
      std::int64_t const v = JsToInt64(value, path);
      repeated ? r->AddInt64(message, &field, v) : r->SetInt64(message, &field, v);
      return;
    }
    case FD::CPPTYPE_UINT64: {
      auto const v = JsToNarrowInt<std::uint64_t>(value, path);
      repeated ? r->AddUInt64(message, &field, v) : r->SetUInt64(message, &field, v);
      return;
    }
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT: {
      if (!value.IsNumber()) Fail(env, path, "expected a number");
      double const d = value.As<Napi::Number>().DoubleValue();
      if (field.cpp_type() == FD::CPPTYPE_DOUBLE) {
        repeated ? r->AddDouble(message, &field, d) : r->SetDouble(message, &field, d);
      } else {
        auto const f = static_cast<float>(d);
        repeated ? r->AddFloat(message, &field, f) : r->SetFloat(message, &field, f);
      }
      return;
    }
    case FD::CPPTYPE_ENUM: {
      auto const* v = JsToEnum(value, *field.enum_type(), path);
      repeated ? r->AddEnum(message, &field, v) : r->SetEnum(message, &field, v);
      return;
    }
    case FD::CPPTYPE_MESSAGE:
      JsToSubMessage(value, repeated ? r->AddMessage(message, &field) : r->MutableMessage(message, &field), path);
      return;
  }
}

void SetField(Napi::Value value, pb::Message* message, FD const& field, std::string const& path) {
  Napi::Env env = value.Env();
  if (field.is_map()) {
    if (!value.IsObject() || value.IsArray()) Fail(env, path, "expected an object (a map)");
    Napi::Object object = value.As<Napi::Object>();
    Napi::Array keys = object.GetPropertyNames();
    FD const& key_field = *field.message_type()->map_key();
    FD const& value_field = *field.message_type()->map_value();
    for (std::uint32_t i = 0; i < keys.Length(); ++i) {
      Napi::Value key = keys.Get(i);
      std::string const entry_path = path + "." + key.ToString().Utf8Value();
      pb::Message* entry = message->GetReflection()->AddMessage(message, &field);
      // Property names are strings; a map with integer keys takes their numeric value.
      SetValue(key_field.cpp_type() == FD::CPPTYPE_STRING ? key : Napi::Value(key.ToNumber()), entry, key_field,
               entry_path);
      SetValue(object.Get(key), entry, value_field, entry_path);
    }
    return;
  }
  if (field.is_repeated()) {
    if (!value.IsArray()) Fail(env, path, "expected an array");
    Napi::Array array = value.As<Napi::Array>();
    for (std::uint32_t i = 0; i < array.Length(); ++i) {
      SetValue(array.Get(i), message, field, path + "[" + std::to_string(i) + "]");
    }
    return;
  }
  SetValue(value, message, field, path);
}

}  // namespace

std::int64_t JsToInt64(Napi::Value value, std::string const& path) {
  Napi::Env env = value.Env();
  if (value.IsBigInt()) {
    bool lossless = false;
    std::int64_t const v = value.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) Fail(env, path, "BigInt out of the 64-bit range");
    return v;
  }
  if (!value.IsNumber()) Fail(env, path, "expected an integer (Number or BigInt)");
  double const d = value.As<Napi::Number>().DoubleValue();
  if (std::trunc(d) != d || std::fabs(d) > static_cast<double>(kMaxSafeInteger)) {
    Fail(env, path, "expected a safe integer, got " + value.ToString().Utf8Value());
  }
  return static_cast<std::int64_t>(d);
}

Napi::Object MessageToJs(Napi::Env env, pb::Message const& message) {
  Napi::Object object = Napi::Object::New(env);
  pb::Descriptor const& descriptor = *message.GetDescriptor();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    FD const& field = *descriptor.field(i);
    object.Set(field.json_name(), FieldToJs(env, message, field));
  }
  return object;
}

bool IsFieldObject(Napi::Value value) {
  return value.IsObject() && !value.IsArray() && !value.IsDate() && !value.IsTypedArray() && !value.IsArrayBuffer() &&
         !IsMapOrSet(value.As<Napi::Object>());
}

std::string JsToText(Napi::Value value, std::string const& path) {
  std::string utf8 = value.As<Napi::String>().Utf8Value();
  // A lone surrogate comes out as U+FFFD (EF BF BD); only then is the UTF-16 worth a look, to
  // tell it from a U+FFFD the caller wrote.
  if (utf8.find("\xEF\xBF\xBD") == std::string::npos) return utf8;
  std::u16string const units = value.As<Napi::String>().Utf16Value();
  for (std::size_t i = 0; i < units.size(); ++i) {
    bool const high = units[i] >= 0xD800 && units[i] <= 0xDBFF;
    bool const low = units[i] >= 0xDC00 && units[i] <= 0xDFFF;
    if (high && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
      ++i;
    } else if (high || low) {
      Fail(value.Env(), path, "not well-formed text (a lone UTF-16 surrogate at index " + std::to_string(i) + ")");
    }
  }
  return utf8;
}

void JsToMessage(Napi::Object const& object, pb::Message* message) {
  Napi::Env env = object.Env();
  pb::Descriptor const& descriptor = *message->GetDescriptor();
  Napi::Array keys = object.GetPropertyNames();
  for (std::uint32_t i = 0; i < keys.Length(); ++i) {
    std::string const key = keys.Get(i).ToString().Utf8Value();
    FD const* field = FindField(descriptor, key);
    if (field == nullptr) Fail(env, descriptor.name() + "." + key, "no such field");
    Napi::Value value = object.Get(key);
    if (value.IsUndefined() || value.IsNull()) continue;
    SetField(value, message, *field, descriptor.name() + "." + key);
  }
}

std::vector<std::string> FieldPaths(Napi::Object const& object, pb::Descriptor const& descriptor) {
  std::vector<std::string> paths;
  Napi::Array keys = object.GetPropertyNames();
  for (std::uint32_t i = 0; i < keys.Length(); ++i) {
    std::string const key = keys.Get(i).ToString().Utf8Value();
    FD const* field = FindField(descriptor, key);
    if (field == nullptr) Fail(object.Env(), descriptor.name() + "." + key, "no such field");
    if (!object.Get(key).IsUndefined()) paths.push_back(field->name());
  }
  return paths;
}

}  // namespace mercato::node
