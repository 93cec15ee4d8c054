// A thread_local slot, saved and restored so that nested scopes behave.
#include "server/api/request_context.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace mercato::api {
namespace {

thread_local std::string current_request_id;

constexpr std::size_t kMaxRequestIdLength = 64;

bool Acceptable(std::string_view id) {
  return !id.empty() && id.size() <= kMaxRequestIdLength && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
}

std::string NewRequestId() {
  std::array<unsigned char, 12> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 12 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data(), 2 * bytes.size());
}

}  // namespace

std::string const& CurrentRequestId() { return current_request_id; }

std::string AssignRequestId(grpc::ServerContextBase& context) {
  auto const& metadata = context.client_metadata();
  auto found = metadata.find("x-request-id");
  std::string id;
  if (found != metadata.end()) id.assign(found->second.data(), found->second.size());
  if (!Acceptable(id)) id = NewRequestId();
  context.AddInitialMetadata("x-request-id", id);
  return id;
}

RequestIdScope::RequestIdScope(std::string request_id) : previous_(std::move(current_request_id)) {
  current_request_id = std::move(request_id);
}

RequestIdScope::~RequestIdScope() { current_request_id = std::move(previous_); }

}  // namespace mercato::api
