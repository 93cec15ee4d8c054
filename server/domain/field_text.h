// Text normalisation and the one rule every display name and description follows, whatever the
// domain (products, categories, people, addresses).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/domain/error.h"

namespace mercato::domain {

// Without leading and trailing ASCII whitespace.
std::string TrimText(std::string_view text);

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
std::string LowerAscii(std::string_view text);

// Number of Unicode code points in UTF-8 text (continuation bytes are not counted).
std::size_t CodePoints(std::string_view text);

// Whether text holds an ASCII control character (tabs and newlines included).
bool HasControlCharacter(std::string_view text);

// The SKU alphabet, shared by catalog SKUs and stock keys: ASCII letters, digits, '-', '_', '.'.
bool IsSkuChar(char c);

// An opaque reference a caller passes (an order, cart or slot id): at most 64 bytes without spaces
// or control characters; `required` means not empty. INVALID_ARGUMENT naming `field` otherwise.
Status CheckReference(std::string const& field, std::string const& value, bool required = true);

// E.164: '+', a non-zero digit, then 6 to 14 more digits (7 to 15 digits in all), nothing else.
bool IsE164Phone(std::string_view phone);

// What a display text may be: at most `max_code_points` characters after trimming; `required`
// means at least one visible character; `multiline` allows tab, CR and LF (descriptions).
struct TextRule {
  std::size_t max_code_points;
  bool required;
  bool multiline;
};

// Trims `text` (ASCII and Unicode white space and invisible format characters at either end) and
// checks it against `rule`: no control characters (C0, DEL, C1; NUL included), no bidirectional
// overrides or isolates, no line separators unless multiline, and when required a visible
// character, not only white space, invisible characters (zero-width space, joiners, BOM, soft
// hyphen, tags, braille blank...) or marks with nothing to modify. Errors are INVALID_ARGUMENT
// naming `field`.
Status NormalizeText(std::string const& field, std::string& text, TextRule rule);

}  // namespace mercato::domain
