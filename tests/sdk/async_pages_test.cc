// AsyncPages: one fetch per Next() with the token of the page before, empty pages skipped, the end
// and an error each delivered once, and a Next() made while another is pending served after it.
#include "mercato/async_pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mercato {
namespace {

using Page = AsyncPages<int>::Page;

// Serves scripted pages and records the token each fetch asked for; a fetch completes only when
// the test says so, unless `inline_answers`.
class ScriptedPages {
 public:
  explicit ScriptedPages(std::vector<StatusOr<Page>> pages, bool inline_answers = true)
      : pages_(std::move(pages)), inline_answers_(inline_answers) {}

  AsyncPages<int> Pages() {
    return AsyncPages<int>([this](std::string const& token, Completion<Page> done) {
      tokens.push_back(token);
      pending_.push_back(std::move(done));
      if (inline_answers_) AnswerNext();
    });
  }
  void AnswerNext() {
    auto done = std::move(pending_.front());
    pending_.erase(pending_.begin());
    done(pages_[served_++]);
  }

  std::vector<std::string> tokens;

 private:
  std::vector<StatusOr<Page>> pages_;
  bool inline_answers_;
  std::size_t served_ = 0;
  std::vector<Completion<Page>> pending_;
};

// Appends each page's items, or "error" / "end", to `log`.
Completion<std::vector<int>> Record(std::vector<std::string>& log) {
  return [&log](StatusOr<std::vector<int>> page) {
    if (!page) return log.push_back("error");
    if (page->empty()) return log.push_back("end");
    std::string items;
    for (int item : *page) items += std::to_string(item);
    log.push_back(items);
  };
}

TEST(AsyncPagesTest, EachNextFetchesOnePageWithThePreviousToken) {
  ScriptedPages script({Page{{1, 2}, "t1"}, Page{{3}, ""}});
  auto pages = script.Pages();
  std::vector<std::string> log;

  pages.Next(Record(log));
  EXPECT_EQ(script.tokens, std::vector<std::string>{""});  // no read-ahead
  pages.Next(Record(log));
  pages.Next(Record(log));  // the last page had no token: no fetch
  pages.Next(Record(log));

  EXPECT_EQ(log, (std::vector<std::string>{"12", "3", "end", "end"}));
  EXPECT_EQ(script.tokens, (std::vector<std::string>{"", "t1"}));
}

TEST(AsyncPagesTest, AnEmptyPageWithATokenIsSkippedWithinTheSameNext) {
  ScriptedPages script({Page{{}, "t1"}, Page{{4}, ""}});
  std::vector<std::string> log;
  script.Pages().Next(Record(log));
  EXPECT_EQ(log, std::vector<std::string>{"4"});
  EXPECT_EQ(script.tokens, (std::vector<std::string>{"", "t1"}));
}

TEST(AsyncPagesTest, AnErrorIsDeliveredOnceAndEndsTheList) {
  ScriptedPages script({Page{{1}, "t1"}, Status(StatusCode::kUnavailable, "down")});
  auto pages = script.Pages();
  std::vector<std::string> log;
  for (int i = 0; i < 3; ++i) pages.Next(Record(log));
  EXPECT_EQ(log, (std::vector<std::string>{"1", "error", "end"}));
  EXPECT_EQ(script.tokens.size(), 2U);
}

TEST(AsyncPagesTest, ANextMadeWhileAnotherIsPendingGetsTheFollowingPage) {
  ScriptedPages script({Page{{1}, "t1"}, Page{{2}, ""}}, /*inline_answers=*/false);
  auto pages = script.Pages();
  std::vector<std::string> log;

  pages.Next(Record(log));
  pages.Next(Record(log));
  EXPECT_EQ(script.tokens, std::vector<std::string>{""});  // the second waits for the first
  script.AnswerNext();
  EXPECT_EQ(script.tokens, (std::vector<std::string>{"", "t1"}));
  script.AnswerNext();

  EXPECT_EQ(log, (std::vector<std::string>{"1", "2"}));
}

}  // namespace
}  // namespace mercato
