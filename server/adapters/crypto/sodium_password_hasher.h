// The PasswordHasher port on libsodium's argon2id (crypto_pwhash_str): never below libsodium's
// INTERACTIVE limits, and at most `max_concurrent` hashes at once, since each one holds
// `memlimit` bytes of memory for its duration.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "server/domain/identity/password_hasher.h"

namespace mercato::adapters {

class SodiumPasswordHasher final : public domain::PasswordHasher {
 public:
  struct Limits {
    // Defaults: crypto_pwhash_OPSLIMIT_INTERACTIVE (2) and MEMLIMIT_INTERACTIVE (64 MiB). Lower
    // values are raised to them; raising either makes NeedsRehash true for older hashes.
    unsigned long long opslimit = 0;
    std::size_t memlimit = 0;
    int max_concurrent = 4;
  };

  SodiumPasswordHasher() : SodiumPasswordHasher(Limits{}) {}
  explicit SodiumPasswordHasher(Limits limits);

  domain::Result<std::string> Hash(std::string_view password) override;
  bool Verify(std::string const& hash, std::string_view password) override;
  bool NeedsRehash(std::string const& hash) override;

  unsigned long long opslimit() const { return opslimit_; }
  std::size_t memlimit() const { return memlimit_; }

 private:
  // Waits for one of the max_concurrent slots; released when the returned guard ends.
  class Slot;

  unsigned long long opslimit_;
  std::size_t memlimit_;
  int const max_concurrent_;
  std::mutex mutex_;
  std::condition_variable freed_;
  int running_ = 0;
};

}  // namespace mercato::adapters
