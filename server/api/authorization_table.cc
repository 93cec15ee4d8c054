// Audiences come from the contract's access option. Lookups by name are memoised per method
// the contract defines (a fixed set), so the hot path takes a shared lock, not the descriptor
// pool's mutex; names it does not define are not remembered, so callers cannot grow the memo.
#include "server/api/authorization_table.h"

#include <google/protobuf/descriptor.h>

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "mercato/v1/options.pb.h"

namespace mercato::api {
namespace {

// Lets the memo be searched by string_view: no allocation per call.
struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};

}  // namespace

std::optional<Audience> AudienceOf(google::protobuf::MethodDescriptor const& method) {
  switch (method.options().GetExtension(v1::access)) {
    case v1::ACCESS_ANYONE: return Audience::kAnyone;
    case v1::ACCESS_SIGNED_IN: return Audience::kSignedIn;
    case v1::ACCESS_STAFF: return Audience::kStaff;
    default: return std::nullopt;
  }
}

std::optional<Audience> AudienceOf(std::string_view full_method) {
  static std::shared_mutex mutex;
  static std::unordered_map<std::string, std::optional<Audience>, NameHash, std::equal_to<>> known;
  {
    std::shared_lock lock(mutex);
    if (auto found = known.find(full_method); found != known.end()) return found->second;
  }
  // "/package.Service/Method" -> "package.Service.Method"
  auto const slash = full_method.rfind('/');
  if (full_method.size() < 3 || full_method.front() != '/' || slash == 0 || slash == std::string_view::npos) {
    return std::nullopt;
  }
  std::string name(full_method.substr(1));
  name[slash - 1] = '.';
  auto const* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  if (method == nullptr) return std::nullopt;
  auto const audience = AudienceOf(*method);
  std::unique_lock lock(mutex);
  known.emplace(std::string(full_method), audience);
  return audience;
}

bool Admits(Audience audience, domain::Principal const& principal) {
  switch (audience) {
    case Audience::kAnyone: return true;
    case Audience::kSignedIn: return !principal.anonymous();
    case Audience::kStaff: return principal.IsStaff();
  }
  return false;
}

}  // namespace mercato::api
