// The slot horizon job through the real mercatod on both adapter sets: every instance runs it at a
// fast interval, each zone's template windows for the horizon appear once, and a write with a
// lease's stale fencing token is refused.
#include <algorithm>
#include <map>
#include <set>

#include "server/domain/delivery/slot_horizon_job.h"
#include "tests/server/service/delivery_fixture.h"

namespace mercato::testing {
namespace {

using google::protobuf::util::TimeUtil;

class SlotHorizonJobTest : public DeliveryServiceTest {
 protected:
  void Configure(server::Config& config) override {
    DeliveryServiceTest::Configure(config);
    config.slot_horizon_days = 3;
    config.slot_job_interval = std::chrono::milliseconds(100);
  }

  std::vector<v1::Slot> AllSlots(std::string const& zone_id) {
    v1::ListSlotsRequest request;
    request.set_zone_id(zone_id);
    request.set_include_closed(true);
    request.set_page_size(200);
    v1::ListSlotsResponse response;
    EXPECT_TRUE(stub_->ListSlots(StaffContext().get(), request, &response).ok());
    return {response.slots().begin(), response.slots().end()};
  }

  std::int64_t FenceToken() {
    std::int64_t token = -1;
    auto read = server().backend().database->Read([&](adapters::SqlSession& session) -> domain::Status {
      auto rows = session.Exec("SELECT token FROM fencing_tokens WHERE name = $1", {domain::SlotHorizonJob::kLockName});
      if (!rows) return rows.error();
      if (rows->empty()) return domain::Ok();
      auto value = adapters::GetInt64(*rows, 0, "token");
      if (!value) return value.error();
      token = *value;
      return domain::Ok();
    });
    EXPECT_TRUE(read.ok());
    return token;
  }
};

TEST_P(SlotHorizonJobTest, EveryTemplateWindowOfTheHorizonAppearsOnceWhateverTheInstances) {
  std::unique_ptr<server::MercatoServer> other;
  if (GetParam() == BackendKind::kProduction) other = StartAnotherInstance();
  auto shape = ZoneShape("Job", {"N1*"});
  shape.set_time_zone("UTC");
  auto& slot_template = *shape.mutable_slot_template();
  auto* window = slot_template.add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) window->add_days(static_cast<v1::DayOfWeek>(day));
  window->set_start_minute(9 * 60);
  window->set_end_minute(11 * 60);
  auto* afternoon = slot_template.add_windows();
  *afternoon = *window;
  afternoon->set_start_minute(14 * 60);
  afternoon->set_end_minute(16 * 60);
  slot_template.set_capacity(4);
  auto const created_at = NowUs();
  auto const zone = MustCreateZone(shape);

  // Every 09:00 and 14:00 UTC start well inside (now, now + 3 days).
  constexpr std::int64_t kDayUs = 24 * kHourUs;
  std::set<std::int64_t> expected;
  for (std::int64_t day = created_at / kDayUs * kDayUs; day < created_at + 3 * kDayUs; day += kDayUs) {
    for (auto const start : {day + 9 * kHourUs, day + 14 * kHourUs}) {
      if (start > created_at + 60'000'000 && start < created_at + 3 * kDayUs - kHourUs) expected.insert(start);
    }
  }
  std::vector<v1::Slot> slots;
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto covered = [&] {
    std::set<std::int64_t> starts;
    for (auto const& slot : slots) starts.insert(TimeUtil::TimestampToMicroseconds(slot.start_time()));
    return std::includes(starts.begin(), starts.end(), expected.begin(), expected.end());
  };
  while (!(slots = AllSlots(zone.id()), covered()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(covered()) << "the job did not create the horizon's windows";
  std::map<std::int64_t, int> per_start;
  for (auto const& slot : slots) {
    auto const start = TimeUtil::TimestampToMicroseconds(slot.start_time());
    ++per_start[start];
    auto const hour = (start % kDayUs) / kHourUs;
    EXPECT_TRUE(hour == 9 || hour == 14) << TimeUtil::ToString(slot.start_time());
    EXPECT_EQ(slot.capacity(), 4);
  }
  for (auto const& [start, count] : per_start) EXPECT_EQ(count, 1) << start;
  if (other) other->Shutdown(std::chrono::milliseconds(1000));
}

TEST_P(SlotHorizonJobTest, AWriteWithAStaleFencingTokenIsRefused) {
  // The job writes (and records its token) only for zones with a template: give it one.
  auto templated = ZoneShape("Templated", {"E1*"});
  auto* window = templated.mutable_slot_template()->add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) window->add_days(static_cast<v1::DayOfWeek>(day));
  window->set_start_minute(600);
  window->set_end_minute(660);
  templated.mutable_slot_template()->set_capacity(2);
  MustCreateZone(templated);
  auto const zone = MustCreateZone(ZoneShape("Fence", {"N1*"}));
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (FenceToken() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto const token = FenceToken();
  ASSERT_GE(token, 1) << "the job never wrote with a fencing token";
  auto stale = SlotShape(zone.id(), NowUs() + 30 * kHourUs, 3);
  stale.set_id("stale-slot");
  stale.set_version(1);
  auto refused = server().backend().slot_store->InsertSlots(
      {zone.id(), {stale}, true, {}, domain::WriteFence{domain::SlotHorizonJob::kLockName, token - 1}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "STALE_FENCING_TOKEN");
  v1::GetSlotRequest get;
  get.set_slot_id("stale-slot");
  v1::GetSlotResponse got;
  grpc::ClientContext context;
  EXPECT_EQ(stub_->GetSlot(&context, get, &got).error_code(), grpc::StatusCode::NOT_FOUND) << "nothing was written";
  auto accepted = server().backend().slot_store->InsertSlots(
      {zone.id(), {stale}, true, {}, domain::WriteFence{domain::SlotHorizonJob::kLockName, token + 1000}});
  EXPECT_TRUE(accepted.ok()) << (accepted.ok() ? "" : accepted.error().message);
}

// The database took tokens an hour ahead of this instance's (granted before a restart with the
// clock set back): the job's first write is refused, its lock learns the database's token, and
// the next run creates the windows.
TEST_P(SlotHorizonJobTest, TheJobCatchesUpWithTokensTheDatabaseTookBeforeTheClockWentBack) {
  auto const placeholder = MustCreateZone(ZoneShape("Before", {"E2*"}));
  auto ahead = SlotShape(placeholder.id(), NowUs() + 30 * kHourUs, 1);
  ahead.set_id("slot-from-before-the-restart");
  ahead.set_version(1);
  auto const future_token = NowUs() + 3600LL * 1000000;
  ASSERT_TRUE(server()
                  .backend()
                  .slot_store->InsertSlots({placeholder.id(), {ahead}, true, {},
                                            domain::WriteFence{domain::SlotHorizonJob::kLockName, future_token}})
                  .ok());
  auto templated = ZoneShape("After", {"E3*"});
  templated.set_time_zone("UTC");
  auto* window = templated.mutable_slot_template()->add_windows();
  for (int day = v1::DAY_OF_WEEK_MONDAY; day <= v1::DAY_OF_WEEK_SUNDAY; ++day) window->add_days(static_cast<v1::DayOfWeek>(day));
  window->set_start_minute(9 * 60);
  window->set_end_minute(11 * 60);
  templated.mutable_slot_template()->set_capacity(2);
  auto const zone = MustCreateZone(templated);
  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (AllSlots(zone.id()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(AllSlots(zone.id()).empty()) << "the job stayed behind the database's token";
  EXPECT_GT(FenceToken(), future_token);
}

INSTANTIATE_TEST_SUITE_P(Backends, SlotHorizonJobTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
