// Login emails: one canonical spelling (trimmed, lower-cased) so that an account is found however
// its owner types it, and a syntax check strict enough to refuse typos but not real addresses.
#pragma once

#include <string>
#include <string_view>

#include "server/domain/error.h"

namespace mercato::domain {

// Trimmed and ASCII-lower-cased, unchecked: how Login looks an account up, so that a malformed
// email is simply an unknown one.
std::string CanonicalEmail(std::string_view raw);

// CanonicalEmail, then checked: at most 254 bytes, ASCII only, one '@'; a local part of 1-64 of
// a-z 0-9 and !#$%&'*+-/=?^_`{|}~ in dot-separated runs (no leading, trailing or double dots);
// a domain of at least two dot-separated labels of a-z 0-9 '-' (1-63 each, no dash at either
// end). Quoted local parts, IP literals and non-ASCII (IDN) addresses are refused. The error is
// INVALID_ARGUMENT on `field`.
Result<std::string> NormalizeEmail(std::string_view raw, std::string const& field = "email");

// The part before the '@' of a normalised email ("" when there is none).
std::string_view EmailLocalPart(std::string_view email);

}  // namespace mercato::domain
