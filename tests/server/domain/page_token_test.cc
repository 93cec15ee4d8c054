// Page tokens round-trip their sort key and refuse tampering or reuse with other filters.
#include <gtest/gtest.h>

#include <cstdio>

#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/inventory.pb.h"
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

TEST(PageRequest, PageSizeZeroIsTheDefaultAndLargeOnesAreClamped) {
  v1::ListCategoriesRequest request;
  EXPECT_EQ(ReadPageRequest(request, 50, 200)->size, 50);
  request.set_page_size(1000);
  EXPECT_EQ(ReadPageRequest(request, 50, 200)->size, 200);
  request.set_page_size(-1);
  EXPECT_FALSE(ReadPageRequest(request, 50, 200).ok());
}

// Empty filters of two methods encode the same bytes; the token still belongs to one of them.
TEST(PageRequest, ATokenIsBoundToItsMethodFiltersAndScope) {
  v1::ListStockRequest stock;
  auto const stock_page = ReadPageRequest(stock, 50, 200);
  ASSERT_TRUE(stock_page.ok());
  auto const token = NextPageToken(*stock_page, {0, "OATS", "dc1"});

  stock.set_page_token(token);
  auto const resumed = ReadPageRequest(stock, 50, 200);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->after->text, "OATS");

  v1::ListProductsRequest products;
  products.set_page_token(token);
  EXPECT_EQ(ReadPageRequest(products, 50, 200).error().metadata.at("field"), "page_token");

  stock.set_location_id("dc2");
  EXPECT_FALSE(ReadPageRequest(stock, 50, 200).ok()) << "other filters";
  stock.clear_location_id();
  EXPECT_FALSE(ReadPageRequest(stock, 50, 200, "another owner").ok()) << "another scope";
}

TEST(PageToken, RefusesGarbage) {
  EXPECT_FALSE(DecodePageToken("zz", "f00d").has_value());
  EXPECT_FALSE(DecodePageToken("abc", "f00d").has_value());
  auto token = EncodePageToken("f00d", {1, "abc", "id"});
  token.resize(token.size() - 6);  // cut into the text
  EXPECT_FALSE(DecodePageToken(token, "f00d").has_value());
  // A forged text length near 2^64 must not wrap the bounds check around.
  std::string forged = "f00d 0 18446744073709551575 xZ";
  std::string hex;
  for (char c : forged) {
    char pair[3];
    std::snprintf(pair, sizeof pair, "%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    hex += pair;
  }
  EXPECT_FALSE(DecodePageToken(hex, "f00d").has_value());
}

}  // namespace
}  // namespace mercato::domain
