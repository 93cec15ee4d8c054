// Byte-level text helpers and the display-text rule. Text arrives as valid UTF-8 (protobuf refuses
// anything else), so code points are decoded without re-validating.
#include "server/domain/field_text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace mercato::domain {
namespace {

// Decodes the code point starting at `text[at]` and its byte length.
std::pair<char32_t, std::size_t> CodePointAt(std::string_view text, std::size_t at) {
  auto const lead = static_cast<unsigned char>(text[at]);
  std::size_t const length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t point = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = 1; i < length && at + i < text.size(); ++i) {
    point = (point << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  }
  return {point, std::min(length, text.size() - at)};
}

bool IsControl(char32_t point, bool multiline) {
  if (multiline && (point == '\t' || point == '\n' || point == '\r')) return false;
  if (!multiline && (point == 0x2028 || point == 0x2029)) return true;  // line and paragraph separators
  // Bidirectional embeddings, overrides and isolates reorder what a reader sees ("Trojan Source").
  if ((point >= 0x202A && point <= 0x202E) || (point >= 0x2066 && point <= 0x2069)) return true;
  return point < 0x20 || (point >= 0x7F && point <= 0x9F);
}

// White space (Unicode White_Space) and the blank-looking or invisible format characters that are
// trimmed from either end and never count as the visible character a name needs.
bool IsBlank(char32_t point) {
  switch (point) {
    case 0x20: case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x85: case 0xA0:
    case 0xAD: case 0x034F: case 0x061C: case 0x115F: case 0x1160: case 0x1680: case 0x180E:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2800: case 0x3000: case 0x3164:
    case 0xFEFF: case 0xFFA0:
      return true;
    default:
      return (point >= 0x2000 && point <= 0x200F) || (point >= 0x2060 && point <= 0x206F) ||
             (point >= 0xFFF9 && point <= 0xFFFB) || (point >= 0x1BCA0 && point <= 0x1BCA3) ||
             (point >= 0x1D173 && point <= 0x1D17A) || (point >= 0xE0000 && point <= 0xE007F);
  }
}

// Marks that modify the character before them (combining accents, variation selectors): kept in
// place, since "e" + U+0301 is how some keyboards write "é", but invisible on their own.
bool IsModifier(char32_t point) {
  return (point >= 0x0300 && point <= 0x036F) || (point >= 0x1AB0 && point <= 0x1AFF) ||
         (point >= 0x1DC0 && point <= 0x1DFF) || (point >= 0x20D0 && point <= 0x20FF) ||
         (point >= 0xFE00 && point <= 0xFE0F) || (point >= 0xFE20 && point <= 0xFE2F) ||
         (point >= 0x180B && point <= 0x180F) || (point >= 0xE0100 && point <= 0xE01EF);
}

}  // namespace

std::string TrimText(std::string_view text) {
  auto const begin = text.find_first_not_of(" \t\r\n\v\f");
  if (begin == std::string_view::npos) return {};
  auto const end = text.find_last_not_of(" \t\r\n\v\f");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto const byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

bool IsSkuChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

bool IsE164Phone(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] < '1' || phone[1] > '9') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status NormalizeText(std::string const& field, std::string& text, TextRule rule) {
  std::size_t first_visible = text.size();
  std::size_t end_visible = 0;
  bool has_visible = false;
  for (std::size_t at = 0; at < text.size();) {
    auto const [point, length] = CodePointAt(text, at);
    if (IsControl(point, rule.multiline)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(point));
      return InvalidArgument(field, field + " holds a control character (" + code + " at byte " +
                                        std::to_string(at) + "); remove it");
    }
    if (!IsBlank(point)) {
      if (!IsModifier(point)) has_visible = true;
      first_visible = std::min(first_visible, at);
      end_visible = at + length;
    }
    at += length;
  }
  text = first_visible < end_visible ? text.substr(first_visible, end_visible - first_visible) : std::string();
  if (rule.required && !has_visible) {
    return InvalidArgument(field, field + " is required and must hold a visible character, not only spaces or "
                                          "invisible ones");
  }
  if (CodePoints(text) > rule.max_code_points) {
    return InvalidArgument(field, field + " is longer than " + std::to_string(rule.max_code_points) + " characters");
  }
  return Ok();
}

Status CheckReference(std::string const& field, std::string const& value, bool required) {
  constexpr std::size_t kMaxReferenceLength = 64;
  if (value.empty()) return required ? InvalidArgument(field, field + " is required") : Ok();
  if (value.size() > kMaxReferenceLength) {
    return InvalidArgument(field, field + " is longer than " + std::to_string(kMaxReferenceLength) + " characters");
  }
  for (char const c : value) {
    auto const byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte == 0x7f) return InvalidArgument(field, field + " may not hold spaces or control characters");
  }
  return Ok();
}

}  // namespace mercato::domain
