// A category's materialised path, "/<root id>/.../<own id>/": stores keep it so that "this
// category and its descendants" is one prefix match, and derive ancestor_ids from it.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "mercato/v1/catalog.pb.h"

namespace mercato::domain {

// Levels a category tree may have, a root being level 1. Deeper trees make breadcrumbs and
// descendant filters unwieldy, and no grocery assortment needs them.
constexpr int kMaxCategoryDepth = 8;

// The level of the category a path names ("/root/" is 1).
inline int PathDepth(std::string const& path) {
  return static_cast<int>(std::count(path.begin(), path.end(), '/')) - 1;
}

inline std::string CategoryPath(v1::Category const& category) {
  std::string path = "/";
  for (auto const& ancestor : category.ancestor_ids()) path += ancestor + "/";
  return path + category.id() + "/";
}

// The ancestor ids a path names, root first, without the category itself.
inline std::vector<std::string> AncestorIdsFromPath(std::string const& path) {
  std::vector<std::string> ids;
  std::string::size_type start = 1;
  while (start < path.size()) {
    auto const end = path.find('/', start);
    if (end == std::string::npos) break;
    ids.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!ids.empty()) ids.pop_back();
  return ids;
}

}  // namespace mercato::domain
