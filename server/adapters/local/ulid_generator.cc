// Randomness from libsodium (a CSPRNG, thread-safe), so ids are not guessable.
#include "server/adapters/local/ulid_generator.h"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>

namespace mercato::adapters {

std::string UlidGenerator::NewId() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  auto const millis = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count());
  std::array<unsigned char, 10> random{};
  randombytes_buf(random.data(), random.size());

  std::string id(26, '0');
  for (int i = 9; i >= 0; --i) {  // 10 characters of timestamp, 5 bits each, big-endian
    id[static_cast<std::size_t>(i)] = kAlphabet[(millis >> (5 * (9 - i))) & 31];
  }
  // 80 random bits as 16 characters of 5 bits.
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  for (std::size_t i = 0; i < 5; ++i) high = (high << 8) | random[i];
  for (std::size_t i = 5; i < 10; ++i) low = (low << 8) | random[i];
  for (int i = 0; i < 8; ++i) {
    id[static_cast<std::size_t>(10 + i)] = kAlphabet[(high >> (5 * (7 - i))) & 31];
    id[static_cast<std::size_t>(18 + i)] = kAlphabet[(low >> (5 * (7 - i))) & 31];
  }
  return id;
}

}  // namespace mercato::adapters
