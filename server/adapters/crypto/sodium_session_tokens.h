// The SessionTokens port on libsodium: 32 random bytes (randombytes_buf) as unpadded base64url
// (43 characters), digested with SHA-256 (crypto_hash_sha256) into 64 hex characters.
#pragma once

#include "server/domain/identity/session_tokens.h"

namespace mercato::adapters {

class SodiumSessionTokens final : public domain::SessionTokens {
 public:
  SodiumSessionTokens();

  std::string NewToken() override;
  std::optional<std::string> Digest(std::string_view token) override;
};

}  // namespace mercato::adapters
