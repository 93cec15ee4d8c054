// Reads the address of a real service for a test from the environment; a missing one fails the
// test with a hint (integration tests never silently skip).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

namespace mercato::testing {

inline std::string RequiredEnv(char const* name) {
  char const* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name << " is not set: start the services with `scripts/services.sh start` "
                  << "and `source build/services/env.sh`, or point it at your own instance";
    return {};
  }
  return value;
}

// A name no earlier run used, so reruns against long-lived services never see old data.
inline std::string UniqueName(std::string const& prefix) {
  auto const* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return prefix + "_" + info->name() + "_" + std::to_string(std::random_device{}());
}

}  // namespace mercato::testing
