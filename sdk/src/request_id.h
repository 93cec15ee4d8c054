// Idempotency keys for mutations: random UUIDv4 text.
#pragma once

#include <string>

namespace mercato::internal {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", 122 random bits from a per-thread std::mt19937_64
// seeded from std::random_device.
std::string MakeRequestId();

}  // namespace mercato::internal
