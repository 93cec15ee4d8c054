// The generated contract holds all seven services with every RPC later issues implement, with the
// API conventions (paging fields, idempotency keys) in place.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mercato/v1/analytics.pb.h"
#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/delivery.pb.h"
#include "mercato/v1/inventory.pb.h"
#include "mercato/v1/orders.pb.h"
#include "mercato/v1/payments.pb.h"
#include "mercato/v1/users.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

struct ExpectedService {
  FileDescriptor const* file;  // taken from a message, which also links the generated code in
  std::string name;
  std::vector<std::string> methods;
};

std::vector<ExpectedService> const& ExpectedServices() {
  static auto const* services = new std::vector<ExpectedService>{
      {mercato::v1::Product::descriptor()->file(), "CatalogService",
       {"GetCategory", "ListCategories", "CreateCategory", "UpdateCategory", "DeleteCategory", "GetProduct",
        "GetProductBySku", "ListProducts", "BatchGetProducts", "CreateProduct", "UpdateProduct",
        "ArchiveProduct", "WatchChanges"}},
      {mercato::v1::User::descriptor()->file(), "UserService",
       {"Register", "Login", "Logout", "GetMe", "UpdateMe", "ChangePassword", "CreateAddress", "GetAddress",
        "ListAddresses", "UpdateAddress", "DeleteAddress", "GetUser", "ListUsers", "SetUserRoles",
        "SetUserStatus"}},
      {mercato::v1::Order::descriptor()->file(), "OrderService",
       {"CreateCart", "GetCart", "AddCartLine", "UpdateCartLine", "RemoveCartLine", "ClearCart", "PlaceOrder",
        "GetOrder", "ListOrders", "CancelOrder", "ConfirmOrder", "PackOrder", "ShipOrder", "DeliverOrder",
        "GetOrderStatusHistory"}},
      {mercato::v1::Payment::descriptor()->file(), "PaymentService",
       {"AuthorizePayment", "CapturePayment", "RefundPayment", "VoidPayment", "GetPayment", "ListPayments",
        "ListTransactions"}},
      {mercato::v1::StockItem::descriptor()->file(), "InventoryService",
       {"GetStock", "BatchGetStock", "AdjustStock", "ListStock", "Reserve", "ExtendReservation",
        "CommitReservation", "ReleaseReservation", "GetReservation", "ListMovements"}},
      {mercato::v1::Zone::descriptor()->file(), "DeliveryService",
       {"CreateZone", "GetZone", "ListZones", "UpdateZone", "DeleteZone", "ResolveZone", "GetSlot", "ListSlots",
        "BatchCreateSlots", "UpdateSlot", "BookSlot", "ReleaseSlot", "CreateShipment", "GetShipment",
        "ListShipments", "AddTrackingEvent"}},
      {mercato::v1::GetSalesReportRequest::descriptor()->file(), "AnalyticsService",
       {"GetSalesReport", "GetTopProducts", "GetCustomerSegments", "GetInventoryForecast", "ExportOrders"}},
  };
  return *services;
}

bool IsReadOnly(std::string const& method) {
  for (char const* prefix : {"Get", "List", "BatchGet", "Watch", "Resolve", "Export"}) {
    if (method.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

TEST(Contract, EveryServiceHasEveryRpc) {
  for (auto const& expected : ExpectedServices()) {
    ServiceDescriptor const* service = expected.file->FindServiceByName(expected.name);
    ASSERT_NE(service, nullptr) << expected.name << " missing from " << expected.file->name();
    EXPECT_EQ(service->full_name(), "mercato.v1." + expected.name);
    for (auto const& method : expected.methods) {
      EXPECT_NE(service->FindMethodByName(method), nullptr) << expected.name << "." << method;
    }
  }
}

TEST(Contract, TheDescriptorPoolHoldsExactlySevenMercatoServices) {
  int services = 0;
  for (auto const& expected : ExpectedServices()) services += expected.file->service_count();
  EXPECT_EQ(services, 7);
  for (auto const& expected : ExpectedServices()) {
    EXPECT_NE(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName("mercato.v1." + expected.name),
              nullptr);
  }
}

TEST(Contract, EveryMutationCarriesAnIdempotencyKey) {
  for (auto const& expected : ExpectedServices()) {
    ServiceDescriptor const* service = expected.file->FindServiceByName(expected.name);
    ASSERT_NE(service, nullptr);
    for (int i = 0; i < service->method_count(); ++i) {
      MethodDescriptor const* method = service->method(i);
      if (IsReadOnly(method->name())) continue;
      EXPECT_NE(method->input_type()->FindFieldByName("request_id"), nullptr)
          << method->full_name() << " mutates but has no request_id";
    }
  }
}

TEST(Contract, EveryListPagesWithTokens) {
  for (auto const& expected : ExpectedServices()) {
    ServiceDescriptor const* service = expected.file->FindServiceByName(expected.name);
    ASSERT_NE(service, nullptr);
    for (int i = 0; i < service->method_count(); ++i) {
      MethodDescriptor const* method = service->method(i);
      if (method->name().rfind("List", 0) != 0) continue;
      Descriptor const* request = method->input_type();
      EXPECT_NE(request->FindFieldByName("page_size"), nullptr) << method->full_name();
      EXPECT_NE(request->FindFieldByName("page_token"), nullptr) << method->full_name();
      EXPECT_NE(method->output_type()->FindFieldByName("next_page_token"), nullptr) << method->full_name();
    }
  }
}

TEST(Contract, MoneyIsMinorUnitsAndCurrency) {
  Descriptor const* money = mercato::v1::Money::descriptor();
  ASSERT_NE(money->FindFieldByName("amount_minor"), nullptr);
  EXPECT_EQ(money->FindFieldByName("amount_minor")->type(), google::protobuf::FieldDescriptor::TYPE_INT64);
  EXPECT_NE(money->FindFieldByName("currency_code"), nullptr);
}

}  // namespace
