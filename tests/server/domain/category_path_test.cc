// Materialised category paths and the ancestor ids derived from them.
#include <gtest/gtest.h>

#include "server/domain/catalog/category_path.h"

namespace mercato::domain {
namespace {

TEST(CategoryPath, ListsAncestorsThenItself) {
  v1::Category category;
  category.set_id("c");
  category.add_ancestor_ids("a");
  category.add_ancestor_ids("b");
  EXPECT_EQ(CategoryPath(category), "/a/b/c/");
  v1::Category root;
  root.set_id("r");
  EXPECT_EQ(CategoryPath(root), "/r/");
}

TEST(CategoryPath, AncestorIdsExcludeTheCategoryItself) {
  EXPECT_EQ(AncestorIdsFromPath("/a/b/c/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(AncestorIdsFromPath("/r/").empty());
}

}  // namespace
}  // namespace mercato::domain
