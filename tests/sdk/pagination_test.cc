// PaginationRange alone, and ListProducts through CatalogConnectionImpl: pages are fetched
// lazily, filters and page tokens carried, and a failed page ends the range with an error.
#include "mercato/pagination.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "mercato/v1/catalog_mock.grpc.pb.h"
#include "sdk/src/catalog_connection_impl.h"

namespace mercato {
namespace {

using ::testing::_;
using ::testing::Invoke;

v1::Product ProductWithId(std::string id) {
  v1::Product product;
  product.set_id(std::move(id));
  return product;
}

class ListProductsTest : public ::testing::Test {
 protected:
  ListProductsTest() {
    Options options;
    options.sleeper = [](std::chrono::milliseconds) {};
    connection_ = std::make_unique<internal::CatalogConnectionImpl>(stub_, options);
    // Three pages: p1 p2 | p3 p4 | p5, each request keeping the caller's filters.
    ON_CALL(*stub_, ListProducts(_, _, _))
        .WillByDefault(Invoke([this](grpc::ClientContext*, v1::ListProductsRequest const& request,
                                     v1::ListProductsResponse* response) {
          ++fetches_;
          EXPECT_EQ(request.query(), "milk");
          EXPECT_EQ(request.page_size(), 2);
          std::string const& token = request.page_token();
          std::vector<std::string> ids;
          if (token.empty()) {
            ids = {"p1", "p2"};
            response->set_next_page_token("page2");
          } else if (token == "page2") {
            if (fail_second_page_) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad token");
            ids = {"p3", "p4"};
            response->set_next_page_token("page3");
          } else if (token == "page3") {
            ids = {"p5"};
          } else {
            ADD_FAILURE() << "unexpected token " << token;
          }
          for (auto const& id : ids) *response->add_products() = ProductWithId(id);
          return grpc::Status::OK;
        }));
  }

  v1::ListProductsRequest Request() {
    v1::ListProductsRequest request;
    request.set_query("milk");
    request.set_page_size(2);
    return request;
  }

  std::shared_ptr<v1::MockCatalogServiceStub> stub_ = std::make_shared<v1::MockCatalogServiceStub>();
  std::unique_ptr<internal::CatalogConnectionImpl> connection_;
  int fetches_ = 0;
  bool fail_second_page_ = false;
};

TEST_F(ListProductsTest, FetchesEachPageOnlyWhenThePreviousIsDrained) {
  EXPECT_CALL(*stub_, ListProducts(_, _, _)).Times(3);
  auto range = connection_->ListProducts(Request(), {});
  EXPECT_EQ(fetches_, 0);  // nothing until iteration starts

  auto it = range.begin();
  EXPECT_EQ(fetches_, 1);
  EXPECT_EQ((*it)->id(), "p1");
  ++it;
  EXPECT_EQ((*it)->id(), "p2");
  EXPECT_EQ(fetches_, 1);  // the last element of page 1 is in hand, page 2 not asked for yet
  ++it;
  EXPECT_EQ(fetches_, 2);
  EXPECT_EQ((*it)->id(), "p3");

  std::vector<std::string> rest;
  for (++it; it != range.end(); ++it) rest.push_back((*it)->id());
  EXPECT_EQ(rest, (std::vector<std::string>{"p4", "p5"}));
  EXPECT_EQ(fetches_, 3);
}

TEST_F(ListProductsTest, AFailedPageYieldsOneErrorAndEndsTheRange) {
  fail_second_page_ = true;
  EXPECT_CALL(*stub_, ListProducts(_, _, _)).Times(2);

  std::vector<StatusOr<v1::Product>> seen;
  for (auto const& product : connection_->ListProducts(Request(), {})) seen.push_back(product);

  ASSERT_EQ(seen.size(), 3U);
  EXPECT_EQ(seen[0]->id(), "p1");
  EXPECT_EQ(seen[1]->id(), "p2");
  EXPECT_EQ(seen[2].status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(seen[2].status().message(), "bad token");
}

TEST_F(ListProductsTest, ARangeNeverIteratedFetchesNothing) {
  EXPECT_CALL(*stub_, ListProducts(_, _, _)).Times(0);
  auto range = connection_->ListProducts(Request(), {});
}

TEST(PaginationRange, SkipsEmptyPagesThatHaveANextToken) {
  using Range = PaginationRange<int>;
  std::vector<Range::Page> pages{{{}, "a"}, {{1}, "b"}, {{}, "c"}, {{2, 3}, ""}};
  std::size_t next = 0;
  Range range([&]() -> StatusOr<Range::Page> { return pages.at(next++); });
  std::vector<int> items;
  for (auto const& item : range) items.push_back(*item);
  EXPECT_EQ(items, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(next, pages.size());
}

// A server that keeps promising more with empty pages ends the listing instead of looping for ever.
TEST(PaginationRange, EndlessEmptyPagesEndTheListingWithAnError) {
  using Range = PaginationRange<int>;
  int fetches = 0;
  Range range([&]() -> StatusOr<Range::Page> {
    ++fetches;
    return Range::Page{{}, "more"};
  });
  auto it = range.begin();
  ASSERT_NE(it, range.end());
  EXPECT_EQ(it->status().code(), StatusCode::kInternal);
  EXPECT_EQ(fetches, kMaxEmptyPagesInARow);
  EXPECT_EQ(++it, range.end());
}

TEST(PaginationRange, FactoriesForMocks) {
  std::vector<int> items;
  for (auto const& item : PaginationRange<int>::FromItems({4, 5})) items.push_back(*item);
  EXPECT_EQ(items, (std::vector<int>{4, 5}));

  auto failed = PaginationRange<int>::FromError(Status(StatusCode::kUnavailable, "down"));
  auto it = failed.begin();
  ASSERT_NE(it, failed.end());
  EXPECT_EQ(it->status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(++it, failed.end());

  PaginationRange<int> empty;
  EXPECT_EQ(empty.begin(), empty.end());
}

}  // namespace
}  // namespace mercato
