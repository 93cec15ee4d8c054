// Port: slow, salted password hashing (argon2id through libsodium in production). The domain
// never sees how a hash is made; it asks whether one matches and whether it is due for an upgrade.
#pragma once

#include <string>
#include <string_view>

#include "server/domain/error.h"

namespace mercato::domain {

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  // A self-describing hash string (algorithm, limits and salt included). Out of memory or a
  // refused input is an error; the password never appears in it.
  virtual Result<std::string> Hash(std::string_view password) = 0;
  // Whether `password` matches `hash`. A malformed hash matches nothing.
  virtual bool Verify(std::string const& hash, std::string_view password) = 0;
  // Whether `hash` was made with other limits than the hasher's current ones (so that a
  // successful login should store a fresh hash).
  virtual bool NeedsRehash(std::string const& hash) = 0;
};

}  // namespace mercato::domain
