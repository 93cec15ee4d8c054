// Port: the secrets of sessions. A token is 256 random bits as text, handed to the client once;
// only its digest is ever stored or looked up, so that a leaked store cannot be replayed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mercato::domain {

class SessionTokens {
 public:
  virtual ~SessionTokens() = default;
  // A new token from a cryptographic random source.
  virtual std::string NewToken() = 0;
  // The token's digest (a one-way hash, as text); nullopt when `token` is not shaped like a
  // token this port makes, so that garbage never reaches a store.
  virtual std::optional<std::string> Digest(std::string_view token) = 0;
};

}  // namespace mercato::domain
