// Email canonicalisation and the dot-atom@hostname syntax check.
#include "server/domain/identity/email_address.h"

#include <algorithm>

#include "server/domain/field_text.h"

namespace mercato::domain {
namespace {

constexpr std::size_t kMaxEmailLength = 254;
constexpr std::size_t kMaxLocalLength = 64;
constexpr std::size_t kMaxLabelLength = 63;

bool IsAtext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool IsLabelChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Dot-separated non-empty runs of characters accepted by `allowed`.
template <typename Allowed>
bool IsDotSeparated(std::string_view text, Allowed allowed, std::size_t max_run) {
  if (text.empty()) return false;
  std::size_t run = 0;
  for (char c : text) {
    if (c == '.') {
      if (run == 0) return false;
      run = 0;
    } else if (allowed(c) && ++run <= max_run) {
      continue;
    } else {
      return false;
    }
  }
  return run > 0;
}

bool IsHostname(std::string_view domain) {
  if (!IsDotSeparated(domain, IsLabelChar, kMaxLabelLength) || domain.find('.') == std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto const dot = domain.find('.', start);
    auto const label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.front() == '-' || label.back() == '-') return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

}  // namespace

std::string CanonicalEmail(std::string_view raw) { return LowerAscii(TrimText(raw)); }

Result<std::string> NormalizeEmail(std::string_view raw, std::string const& field) {
  std::string email = CanonicalEmail(raw);
  if (email.empty()) return InvalidArgument(field, field + " is required");
  auto const invalid = [&] {
    return InvalidArgument(field, field + " must be an address like name@example.com (ASCII, at most 254 "
                                          "characters)");
  };
  auto const at = email.find('@');
  if (email.size() > kMaxEmailLength || at == std::string::npos || email.find('@', at + 1) != std::string::npos) {
    return invalid();
  }
  std::string_view const local = std::string_view(email).substr(0, at);
  std::string_view const domain = std::string_view(email).substr(at + 1);
  if (local.size() > kMaxLocalLength || !IsDotSeparated(local, IsAtext, kMaxLocalLength) || !IsHostname(domain)) {
    return invalid();
  }
  return email;
}

std::string_view EmailLocalPart(std::string_view email) {
  auto const at = email.find('@');
  return at == std::string_view::npos ? std::string_view() : email.substr(0, at);
}

}  // namespace mercato::domain
