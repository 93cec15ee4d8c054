// argon2id via crypto_pwhash_str*: the hash string carries its own salt and limits.
#include "server/adapters/crypto/sodium_password_hasher.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace mercato::adapters {

class SodiumPasswordHasher::Slot {
 public:
  explicit Slot(SodiumPasswordHasher& hasher) : hasher_(hasher) {
    std::unique_lock lock(hasher_.mutex_);
    hasher_.freed_.wait(lock, [this] { return hasher_.running_ < hasher_.max_concurrent_; });
    ++hasher_.running_;
  }
  ~Slot() {
    {
      std::lock_guard lock(hasher_.mutex_);
      --hasher_.running_;
    }
    hasher_.freed_.notify_one();
  }
  Slot(Slot const&) = delete;
  Slot& operator=(Slot const&) = delete;

 private:
  SodiumPasswordHasher& hasher_;
};

SodiumPasswordHasher::SodiumPasswordHasher(Limits limits)
    : opslimit_(std::max<unsigned long long>(limits.opslimit, crypto_pwhash_OPSLIMIT_INTERACTIVE)),
      memlimit_(std::max<std::size_t>(limits.memlimit, crypto_pwhash_MEMLIMIT_INTERACTIVE)),
      max_concurrent_(std::max(1, limits.max_concurrent)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

domain::Result<std::string> SodiumPasswordHasher::Hash(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  Slot slot(*this);
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), opslimit_, memlimit_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return domain::Error{domain::ErrorKind::kResourceExhausted, "HASHING_UNAVAILABLE",
                         "the server has no memory to hash a password right now; retry later", {}};
  }
  return std::string(hash);
}

bool SodiumPasswordHasher::Verify(std::string const& hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  Slot slot(*this);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool SodiumPasswordHasher::NeedsRehash(std::string const& hash) {
  // 1: other limits or algorithm; -1: not a hash libsodium understands (replace it too).
  return crypto_pwhash_str_needs_rehash(hash.c_str(), opslimit_, memlimit_) != 0;
}

}  // namespace mercato::adapters
