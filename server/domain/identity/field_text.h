// Text normalisation and checks shared by the identity rules (emails, profiles, addresses).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mercato::domain {

// Without leading and trailing ASCII whitespace.
std::string TrimText(std::string_view text);

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
std::string LowerAscii(std::string_view text);

// Number of Unicode code points in UTF-8 text (continuation bytes are not counted).
std::size_t CodePoints(std::string_view text);

// Whether text holds an ASCII control character (tabs and newlines included).
bool HasControlCharacter(std::string_view text);

// E.164: '+', a non-zero digit, then 6 to 14 more digits (7 to 15 digits in all), nothing else.
bool IsE164Phone(std::string_view phone);

}  // namespace mercato::domain
