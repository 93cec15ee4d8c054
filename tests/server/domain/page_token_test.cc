// Page tokens round-trip their sort key and refuse tampering or reuse with other filters.
#include <gtest/gtest.h>

#include "server/domain/page_token.h"

namespace mercato::domain {
namespace {

TEST(PageToken, RoundTripsTheSortKeyIncludingAwkwardText) {
  SortKey const key{-42, "oat milk 1 2 \x1f spaces", "01HZX"};
  auto const token = EncodePageToken("f00d", key);
  auto decoded = DecodePageToken(token, "f00d");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->number, key.number);
  EXPECT_EQ(decoded->text, key.text);
  EXPECT_EQ(decoded->id, key.id);
}

TEST(PageToken, RefusesATokenMadeForOtherFilters) {
  auto const token = EncodePageToken("f00d", {1, "a", "b"});
  EXPECT_FALSE(DecodePageToken(token, "beef").has_value());
}

TEST(PageToken, RefusesGarbage) {
  EXPECT_FALSE(DecodePageToken("zz", "f00d").has_value());
  EXPECT_FALSE(DecodePageToken("abc", "f00d").has_value());
  auto token = EncodePageToken("f00d", {1, "abc", "id"});
  token.resize(token.size() - 6);  // cut into the text
  EXPECT_FALSE(DecodePageToken(token, "f00d").has_value());
}

}  // namespace
}  // namespace mercato::domain
