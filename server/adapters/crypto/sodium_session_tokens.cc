// Token text and digests. A token must decode to exactly 32 bytes before it is digested.
#include "server/adapters/crypto/sodium_session_tokens.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace mercato::adapters {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

}  // namespace

SodiumSessionTokens::SodiumSessionTokens() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string SodiumSessionTokens::NewToken() {
  std::array<unsigned char, kTokenBytes> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)> text{};
  sodium_bin2base64(text.data(), text.size(), random.data(), random.size(), kVariant);
  sodium_memzero(random.data(), random.size());
  return std::string(text.data());
}

std::optional<std::string> SodiumSessionTokens::Digest(std::string_view token) {
  if (token.size() != sodium_base64_ENCODED_LEN(kTokenBytes, kVariant) - 1) return std::nullopt;
  std::array<unsigned char, kTokenBytes> bytes{};
  std::size_t decoded = 0;
  char const* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), token.data(), token.size(), nullptr, &decoded, &end, kVariant) !=
          0 ||
      decoded != kTokenBytes || end != token.data() + token.size()) {
    return std::nullopt;
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), bytes.data(), bytes.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

}  // namespace mercato::adapters
