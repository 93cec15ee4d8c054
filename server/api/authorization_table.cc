// Rows are grouped per service; the comment on a group says why its audience is what it is.
#include "server/api/authorization_table.h"

#include <string>
#include <unordered_map>

namespace mercato::api {
namespace {

using Table = std::unordered_map<std::string_view, Audience>;

Table const& Rows() {
  static auto const* table = new Table{
      // Catalog: browsing is public; editing is staff work. WatchChanges is public, and the
      // service restricts anonymous watchers to catalog aggregates.
      {"/mercato.v1.CatalogService/GetCategory", Audience::kAnyone},
      {"/mercato.v1.CatalogService/ListCategories", Audience::kAnyone},
      {"/mercato.v1.CatalogService/GetProduct", Audience::kAnyone},
      {"/mercato.v1.CatalogService/GetProductBySku", Audience::kAnyone},
      {"/mercato.v1.CatalogService/ListProducts", Audience::kAnyone},
      {"/mercato.v1.CatalogService/BatchGetProducts", Audience::kAnyone},
      {"/mercato.v1.CatalogService/WatchChanges", Audience::kAnyone},
      {"/mercato.v1.CatalogService/CreateCategory", Audience::kStaff},
      {"/mercato.v1.CatalogService/UpdateCategory", Audience::kStaff},
      {"/mercato.v1.CatalogService/DeleteCategory", Audience::kStaff},
      {"/mercato.v1.CatalogService/CreateProduct", Audience::kStaff},
      {"/mercato.v1.CatalogService/UpdateProduct", Audience::kStaff},
      {"/mercato.v1.CatalogService/ArchiveProduct", Audience::kStaff},
      // Users: anyone may sign up and sign in; the rest acts on the caller's own account, except
      // the account administration that staff does.
      {"/mercato.v1.UserService/Register", Audience::kAnyone},
      {"/mercato.v1.UserService/Login", Audience::kAnyone},
      {"/mercato.v1.UserService/Logout", Audience::kSignedIn},
      {"/mercato.v1.UserService/GetMe", Audience::kSignedIn},
      {"/mercato.v1.UserService/UpdateMe", Audience::kSignedIn},
      {"/mercato.v1.UserService/ChangePassword", Audience::kSignedIn},
      {"/mercato.v1.UserService/CreateAddress", Audience::kSignedIn},
      {"/mercato.v1.UserService/GetAddress", Audience::kSignedIn},
      {"/mercato.v1.UserService/ListAddresses", Audience::kSignedIn},
      {"/mercato.v1.UserService/UpdateAddress", Audience::kSignedIn},
      {"/mercato.v1.UserService/DeleteAddress", Audience::kSignedIn},
      {"/mercato.v1.UserService/GetUser", Audience::kStaff},
      {"/mercato.v1.UserService/ListUsers", Audience::kStaff},
      {"/mercato.v1.UserService/SetUserRoles", Audience::kStaff},
      {"/mercato.v1.UserService/SetUserStatus", Audience::kStaff},
      // Orders: customers shop and read their own orders (checked per order); fulfilment steps
      // are staff work.
      {"/mercato.v1.OrderService/CreateCart", Audience::kSignedIn},
      {"/mercato.v1.OrderService/GetCart", Audience::kSignedIn},
      {"/mercato.v1.OrderService/AddCartLine", Audience::kSignedIn},
      {"/mercato.v1.OrderService/UpdateCartLine", Audience::kSignedIn},
      {"/mercato.v1.OrderService/RemoveCartLine", Audience::kSignedIn},
      {"/mercato.v1.OrderService/ClearCart", Audience::kSignedIn},
      {"/mercato.v1.OrderService/PlaceOrder", Audience::kSignedIn},
      {"/mercato.v1.OrderService/GetOrder", Audience::kSignedIn},
      {"/mercato.v1.OrderService/ListOrders", Audience::kSignedIn},
      {"/mercato.v1.OrderService/CancelOrder", Audience::kSignedIn},
      {"/mercato.v1.OrderService/GetOrderStatusHistory", Audience::kSignedIn},
      {"/mercato.v1.OrderService/ConfirmOrder", Audience::kStaff},
      {"/mercato.v1.OrderService/PackOrder", Audience::kStaff},
      {"/mercato.v1.OrderService/ShipOrder", Audience::kStaff},
      {"/mercato.v1.OrderService/DeliverOrder", Audience::kStaff},
      // Payments: money moves only through staff or the services (checkout); customers read their
      // own payments.
      {"/mercato.v1.PaymentService/AuthorizePayment", Audience::kStaff},
      {"/mercato.v1.PaymentService/CapturePayment", Audience::kStaff},
      {"/mercato.v1.PaymentService/RefundPayment", Audience::kStaff},
      {"/mercato.v1.PaymentService/VoidPayment", Audience::kStaff},
      {"/mercato.v1.PaymentService/GetPayment", Audience::kSignedIn},
      {"/mercato.v1.PaymentService/ListPayments", Audience::kSignedIn},
      {"/mercato.v1.PaymentService/ListTransactions", Audience::kSignedIn},
      // Inventory: availability is public (the storefront shows it); stock changes and
      // reservations are staff or checkout (service) work.
      {"/mercato.v1.InventoryService/GetStock", Audience::kAnyone},
      {"/mercato.v1.InventoryService/BatchGetStock", Audience::kAnyone},
      {"/mercato.v1.InventoryService/ListStock", Audience::kStaff},
      {"/mercato.v1.InventoryService/AdjustStock", Audience::kStaff},
      {"/mercato.v1.InventoryService/Reserve", Audience::kStaff},
      {"/mercato.v1.InventoryService/ExtendReservation", Audience::kStaff},
      {"/mercato.v1.InventoryService/CommitReservation", Audience::kStaff},
      {"/mercato.v1.InventoryService/ReleaseReservation", Audience::kStaff},
      {"/mercato.v1.InventoryService/GetReservation", Audience::kStaff},
      {"/mercato.v1.InventoryService/ListMovements", Audience::kStaff},
      // Delivery: where and when we deliver is public; booking needs an account; zones, slots and
      // shipments are run by staff and the carrier integrations (service).
      {"/mercato.v1.DeliveryService/GetZone", Audience::kAnyone},
      {"/mercato.v1.DeliveryService/ListZones", Audience::kAnyone},
      {"/mercato.v1.DeliveryService/ResolveZone", Audience::kAnyone},
      {"/mercato.v1.DeliveryService/GetSlot", Audience::kAnyone},
      {"/mercato.v1.DeliveryService/ListSlots", Audience::kAnyone},
      {"/mercato.v1.DeliveryService/BookSlot", Audience::kSignedIn},
      {"/mercato.v1.DeliveryService/ReleaseSlot", Audience::kSignedIn},
      {"/mercato.v1.DeliveryService/GetShipment", Audience::kSignedIn},
      {"/mercato.v1.DeliveryService/ListShipments", Audience::kSignedIn},
      {"/mercato.v1.DeliveryService/CreateZone", Audience::kStaff},
      {"/mercato.v1.DeliveryService/UpdateZone", Audience::kStaff},
      {"/mercato.v1.DeliveryService/DeleteZone", Audience::kStaff},
      {"/mercato.v1.DeliveryService/BatchCreateSlots", Audience::kStaff},
      {"/mercato.v1.DeliveryService/UpdateSlot", Audience::kStaff},
      {"/mercato.v1.DeliveryService/CreateShipment", Audience::kStaff},
      {"/mercato.v1.DeliveryService/AddTrackingEvent", Audience::kStaff},
      // Analytics: business data, staff and the analytics worker (service) only.
      {"/mercato.v1.AnalyticsService/GetSalesReport", Audience::kStaff},
      {"/mercato.v1.AnalyticsService/GetTopProducts", Audience::kStaff},
      {"/mercato.v1.AnalyticsService/GetCustomerSegments", Audience::kStaff},
      {"/mercato.v1.AnalyticsService/GetInventoryForecast", Audience::kStaff},
      {"/mercato.v1.AnalyticsService/ExportOrders", Audience::kStaff},
  };
  return *table;
}

}  // namespace

std::optional<Audience> AudienceOf(std::string_view full_method) {
  auto const& rows = Rows();
  auto found = rows.find(full_method);
  if (found == rows.end()) return std::nullopt;
  return found->second;
}

bool Admits(Audience audience, domain::Principal const& principal) {
  switch (audience) {
    case Audience::kAnyone: return true;
    case Audience::kSignedIn: return !principal.anonymous();
    case Audience::kStaff: return principal.IsStaff();
  }
  return false;
}

}  // namespace mercato::api
