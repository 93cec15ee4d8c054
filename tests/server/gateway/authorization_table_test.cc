// Every method of every service names its audience in the contract (the build checks it too),
// nothing else is admitted, and audiences admit exactly the principals they name.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "mercato/v1/analytics.pb.h"
#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/delivery.pb.h"
#include "mercato/v1/inventory.pb.h"
#include "mercato/v1/orders.pb.h"
#include "mercato/v1/payments.pb.h"
#include "mercato/v1/users.pb.h"
#include "server/api/authorization_table.h"

namespace mercato::api {
namespace {

TEST(AuthorizationTable, EveryMethodOfEveryServiceNamesItsAudience) {
  // One message per file links each generated file in, so the pool knows every service.
  for (auto const* file : {v1::Product::descriptor()->file(), v1::User::descriptor()->file(),
                           v1::Order::descriptor()->file(), v1::Payment::descriptor()->file(),
                           v1::StockItem::descriptor()->file(), v1::Zone::descriptor()->file(),
                           v1::GetSalesReportRequest::descriptor()->file()}) {
    ASSERT_EQ(file->service_count(), 1) << file->name();
    auto const* service = file->service(0);
    for (int i = 0; i < service->method_count(); ++i) {
      std::string const method = "/" + service->full_name() + "/" + service->method(i)->name();
      EXPECT_TRUE(AudienceOf(method).has_value()) << method << " names no audience";
    }
  }
}

TEST(AuthorizationTable, UnknownMethodsAreNotAdmitted) {
  EXPECT_FALSE(AudienceOf("/mercato.v1.CatalogService/DropEverything").has_value());
  EXPECT_FALSE(AudienceOf("/grpc.health.v1.Health/Check").has_value());
  EXPECT_FALSE(AudienceOf("").has_value());
  EXPECT_FALSE(AudienceOf("/").has_value());
  EXPECT_FALSE(AudienceOf("/mercato.v1.CatalogService").has_value());
  EXPECT_FALSE(AudienceOf("mercato.v1.CatalogService/GetProduct").has_value());
  EXPECT_FALSE(AudienceOf("/mercato.v1.CatalogService/").has_value());
  EXPECT_FALSE(AudienceOf("/mercato.v1.Product/GetProduct").has_value());  // a message, not a service
}

TEST(AuthorizationTable, StaffWorkIsStaffOnly) {
  EXPECT_EQ(AudienceOf("/mercato.v1.CatalogService/CreateProduct"), Audience::kStaff);
  EXPECT_EQ(AudienceOf("/mercato.v1.UserService/ListUsers"), Audience::kStaff);
  EXPECT_EQ(AudienceOf("/mercato.v1.UserService/Login"), Audience::kAnyone);
  EXPECT_EQ(AudienceOf("/mercato.v1.OrderService/GetOrder"), Audience::kSignedIn);
}

TEST(AuthorizationTable, AudiencesAdmitExactlyTheirPrincipals) {
  domain::Principal const anonymous;
  domain::Principal const customer{"u1", {domain::Role::kCustomer}, "s1"};
  domain::Principal const staff{"u2", {domain::Role::kStaff}, "s2"};
  domain::Principal const service{"svc", {domain::Role::kService}, "s3"};
  EXPECT_TRUE(Admits(Audience::kAnyone, anonymous));
  EXPECT_FALSE(Admits(Audience::kSignedIn, anonymous));
  EXPECT_TRUE(Admits(Audience::kSignedIn, customer));
  EXPECT_FALSE(Admits(Audience::kStaff, customer));
  EXPECT_FALSE(Admits(Audience::kStaff, anonymous));
  EXPECT_TRUE(Admits(Audience::kStaff, staff));
  EXPECT_TRUE(Admits(Audience::kStaff, service));
}

}  // namespace
}  // namespace mercato::api
