// Zones through the real mercatod on both adapter sets: an address resolves by the documented
// overlap rule (outline first, then the longest postcode pattern), and a zone with booked future
// slots cannot be deleted while a never-booked one goes with its zone.
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "tests/server/service/delivery_fixture.h"

namespace mercato::testing {
namespace {

using google::protobuf::util::TimeUtil;

class ZoneServiceTest : public DeliveryServiceTest {};

TEST_P(ZoneServiceTest, ZonesResolveByOutlineThenPostcodeByTheDocumentedRule) {
  auto const city = MustCreateZone(ZoneShape("City", {"SW1*"}, {Point(51.40, -0.30), Point(51.60, -0.30),
                                                                 Point(51.60, 0.00), Point(51.40, 0.00)}));
  auto const centre = MustCreateZone(ZoneShape("Centre", {"sw1a 1aa", "SW1A*"}, {Point(51.49, -0.15), Point(51.52, -0.15),
                                                                                  Point(51.52, -0.10), Point(51.49, -0.10)}));
  v1::Zone zone;
  v1::Address address;
  *address.mutable_location() = Point(51.50, -0.12);  // inside both outlines: the smaller one wins
  ASSERT_TRUE(Resolve(address, &zone).ok());
  EXPECT_EQ(zone.id(), centre.id());
  *address.mutable_location() = Point(51.45, -0.25);  // only the city's
  ASSERT_TRUE(Resolve(address, &zone).ok());
  EXPECT_EQ(zone.id(), city.id());

  address.clear_location();
  address.set_postcode("sw1a 2ab");  // "SW1A*" is longer than "SW1*"
  ASSERT_TRUE(Resolve(address, &zone).ok());
  EXPECT_EQ(zone.id(), centre.id());
  address.set_postcode("SW1X 9ZZ");
  ASSERT_TRUE(Resolve(address, &zone).ok());
  EXPECT_EQ(zone.id(), city.id());
  EXPECT_EQ(zone.delivery_fee().amount_minor(), 399);

  address.set_postcode("E1 6AN");
  grpc::ClientContext missing;
  auto status = Resolve(address, &zone, &missing);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorInfoOf(missing).reason(), "ADDRESS_NOT_SERVED");
  v1::Address overlong_address;
  overlong_address.set_postcode("SW1A" + std::string(10000, 'A'));
  grpc::ClientContext overlong;
  EXPECT_EQ(Resolve(overlong_address, &zone, &overlong).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << "no postcode is that long; it resolved by its SW1A prefix";

  // A pattern belongs to one zone; the refused zone is not created.
  auto const taken = StaffContext();
  status = CreateZone(ZoneShape("Rival", {"E1*", "SW1A 1AA"}), nullptr, taken.get());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorInfoOf(*taken).reason(), "POSTCODE_TAKEN");
  grpc::ClientContext still_missing;
  EXPECT_EQ(Resolve(address, &zone, &still_missing).error_code(), grpc::StatusCode::NOT_FOUND);

  // Deactivating a zone takes it out of the index at once.
  v1::UpdateZoneRequest update;
  update.mutable_zone()->set_id(centre.id());
  update.mutable_zone()->set_active(false);
  update.mutable_update_mask()->add_paths("active");
  update.set_expected_version(centre.version());
  v1::UpdateZoneResponse updated;
  ASSERT_TRUE(stub_->UpdateZone(StaffContext().get(), update, &updated).ok());
  address.set_postcode("SW1A 1AA");
  ASSERT_TRUE(Resolve(address, &zone).ok());
  EXPECT_EQ(zone.id(), city.id());
}

TEST_P(ZoneServiceTest, AZoneWithBookedFutureSlotsCannotBeDeleted) {
  auto const zone = MustCreateZone(ZoneShape("Delete", {"N1*"}));
  auto const slot = MustCreateSlot(zone.id(), 5);
  auto const unused = MustCreateSlot(zone.id(), 5, 48);
  v1::BookSlotResponse booked;
  ASSERT_TRUE(Book(*stub_, slot.id(), "order-1", &booked).ok());
  v1::DeleteZoneRequest request;
  request.set_zone_id(zone.id());
  request.set_expected_version(zone.version());
  v1::DeleteZoneResponse deleted;
  auto const refused = StaffContext();
  EXPECT_EQ(stub_->DeleteZone(refused.get(), request, &deleted).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(*refused).reason(), "ZONE_IN_USE");
  v1::ReleaseSlotRequest release;
  release.set_booking_id(booked.booking().id());
  v1::ReleaseSlotResponse released;
  ASSERT_TRUE(stub_->ReleaseSlot(StaffContext().get(), release, &released).ok());
  ASSERT_TRUE(stub_->DeleteZone(StaffContext().get(), request, &deleted).ok());
  v1::Zone gone;
  v1::Address address;
  address.set_postcode("N1 9GU");
  EXPECT_EQ(Resolve(address, &gone).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::GetSlotRequest get;
  get.set_slot_id(unused.id());
  v1::GetSlotResponse got;
  grpc::ClientContext context;
  EXPECT_EQ(stub_->GetSlot(&context, get, &got).error_code(), grpc::StatusCode::NOT_FOUND)
      << "a never-booked future slot goes with its zone";
}

// A listing of zones with detailed outlines stops short of gRPC's 4 MiB message limit: the pages
// are smaller, and their tokens still lead to every zone.
TEST_P(ZoneServiceTest, ZonesWithDetailedOutlinesAreListedInPagesThatFitAMessage) {
  constexpr int kZones = 24;  // about 4.6 MB of outlines: more than one message may carry
  constexpr int kPoints = 10000;  // the most an outline may have
  std::set<std::string> created;
  for (int z = 0; z < kZones; ++z) {
    std::vector<v1::GeoPoint> circle;
    for (int i = 0; i < kPoints; ++i) {
      double const angle = 2 * 3.14159265358979 * i / kPoints;
      circle.push_back(Point(40.0 + 0.01 * std::sin(angle), -30.0 + z * 0.1 + 0.01 * std::cos(angle)));
    }
    created.insert(MustCreateZone(ZoneShape("Outline " + std::to_string(z), {}, circle)).id());
  }
  std::set<std::string> listed;
  int pages = 0;
  v1::ListZonesRequest request;
  do {
    v1::ListZonesResponse response;
    grpc::ClientContext anonymous;
    auto const status = stub_->ListZones(&anonymous, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.ByteSizeLong(), 2U * 1024 * 1024);
    for (auto const& zone : response.zones()) listed.insert(zone.id());
    request.set_page_token(response.next_page_token());
    ASSERT_LT(++pages, 20) << "the page tokens go round in circles";
  } while (!request.page_token().empty());
  EXPECT_GE(pages, 5) << "a page holds at most 1 MiB of outlines";
  EXPECT_EQ(listed, created);
}

INSTANTIATE_TEST_SUITE_P(Backends, ZoneServiceTest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kProduction), BackendName);

}  // namespace
}  // namespace mercato::testing
