// Token layout before hex encoding: "<fingerprint> <number> <text length> <text><id>".
#include "server/domain/page_token.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <memory>

#include "server/domain/fingerprint.h"

namespace mercato::domain {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string ToHex(std::string const& bytes) {
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto const byte = static_cast<unsigned char>(c);
    hex += kHexDigits[byte >> 4];
    hex += kHexDigits[byte & 15];
  }
  return hex;
}

std::optional<std::string> FromHex(std::string const& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    auto const [end, error] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (error != std::errc() || end != hex.data() + i + 2) return std::nullopt;
    bytes += static_cast<char>(value);
  }
  return bytes;
}

// Reads a decimal integer followed by one space from `text` at `pos`.
template <typename Int>
bool ReadField(std::string const& text, std::size_t& pos, Int& value) {
  auto const [end, error] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
  if (error != std::errc() || end == text.data() + text.size() || *end != ' ') return false;
  pos = static_cast<std::size_t>(end - text.data()) + 1;
  return true;
}

}  // namespace

std::string EncodePageToken(std::string const& filter_fingerprint, SortKey const& key) {
  return ToHex(filter_fingerprint + " " + std::to_string(key.number) + " " + std::to_string(key.text.size()) + " " +
               key.text + key.id);
}

std::optional<SortKey> DecodePageToken(std::string const& token, std::string const& filter_fingerprint) {
  auto const bytes = FromHex(token);
  if (!bytes || bytes->compare(0, filter_fingerprint.size() + 1, filter_fingerprint + " ") != 0) {
    return std::nullopt;
  }
  std::size_t pos = filter_fingerprint.size() + 1;
  SortKey key;
  std::size_t text_length = 0;
  if (!ReadField(*bytes, pos, key.number) || !ReadField(*bytes, pos, text_length)) return std::nullopt;
  if (text_length >= bytes->size() - pos) return std::nullopt;  // the text and a non-empty id must fit
  key.text = bytes->substr(pos, text_length);
  key.id = bytes->substr(pos + text_length);
  return key;
}

Result<PageRequest> ReadPageRequest(google::protobuf::Message const& request, int default_size, int max_size,
                                    std::string_view scope) {
  auto const& type = *request.GetDescriptor();
  auto const* size_field = type.FindFieldByName("page_size");
  auto const* token_field = type.FindFieldByName("page_token");
  auto const& reflection = *request.GetReflection();
  int const requested = reflection.GetInt32(request, size_field);
  if (requested < 0) return InvalidArgument("page_size", "page_size must not be negative");
  std::unique_ptr<google::protobuf::Message> filters(request.New());
  filters->CopyFrom(request);
  filters->GetReflection()->ClearField(filters.get(), size_field);
  filters->GetReflection()->ClearField(filters.get(), token_field);
  PageRequest page;
  page.size = requested == 0 ? default_size : std::min(requested, max_size);
  page.fingerprint = Hex64(Fnv1a64(DeterministicBytes(*filters), Fnv1a64(type.full_name() + '\n' + std::string(scope))));
  std::string const token = reflection.GetString(request, token_field);
  if (!token.empty()) {
    page.after = DecodePageToken(token, page.fingerprint);
    if (!page.after) {
      return InvalidArgument("page_token", "page_token is malformed or came from another listing (other method or "
                                           "filters); start again without a page_token");
    }
  }
  return page;
}

}  // namespace mercato::domain
