// Byte-level text helpers; everything above ASCII is treated as opaque UTF-8.
#include "server/domain/identity/field_text.h"

#include <algorithm>

namespace mercato::domain {

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

bool IsE164Phone(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] < '1' || phone[1] > '9') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace mercato::domain
