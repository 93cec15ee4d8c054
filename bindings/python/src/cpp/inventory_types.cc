// Binds StockItem, Movement, ReservationLine and Reservation. A reservation's lines are views into
// it, which they keep alive; nothing is mutable. Enums are names without their type prefix.
#include "inventory_types.h"

#include <google/protobuf/util/message_differencer.h>
#include <pybind11/stl.h>

#include "catalog_types.h"
#include "enum_names.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

std::string StateName(v1::ReservationState state) {
  return WithoutPrefix(v1::ReservationState_Name(state), "RESERVATION_STATE_");
}

std::string Repr(std::string const& value) { return py::repr(py::str(value)).cast<std::string>(); }

py::dict StockItemDict(v1::StockItem const& x) {
  py::dict d;
  d["sku"] = x.sku();
  d["location_id"] = x.location_id();
  d["on_hand"] = x.on_hand();
  d["reserved"] = x.reserved();
  d["available"] = x.available();
  d["version"] = x.version();
  d["updated_at"] = ToDatetime(x.updated_at(), x.has_updated_at());
  return d;
}

py::dict MovementDict(v1::Movement const& x) {
  py::dict d;
  d["id"] = x.id();
  d["sku"] = x.sku();
  d["location_id"] = x.location_id();
  d["kind"] = MovementKindName(x.kind());
  d["quantity"] = x.quantity();
  d["reason"] = x.reason();
  d["actor"] = x.actor();
  d["reservation_id"] = x.reservation_id();
  d["created_at"] = ToDatetime(x.created_at(), x.has_created_at());
  return d;
}

py::dict LineDict(v1::ReservationLine const& x) {
  py::dict d;
  d["sku"] = x.sku();
  d["location_id"] = x.location_id();
  d["quantity"] = x.quantity();
  return d;
}

py::dict ReservationDict(v1::Reservation const& x) {
  py::dict d;
  d["id"] = x.id();
  py::list lines;
  for (auto const& line : x.lines()) lines.append(LineDict(line));
  d["lines"] = lines;
  d["state"] = StateName(x.state());
  d["expires_at"] = ToDatetime(x.expires_at(), x.has_expires_at());
  d["order_id"] = x.order_id();
  d["version"] = x.version();
  d["created_at"] = ToDatetime(x.created_at(), x.has_created_at());
  d["updated_at"] = ToDatetime(x.updated_at(), x.has_updated_at());
  return d;
}

// __eq__ (same message), no __hash__ (the classes are views, compared by value), and to_dict().
template <typename Message, typename ToDict>
void ValueSemantics(py::class_<Message>& cls, ToDict to_dict) {
  cls.def("to_dict", to_dict);
  cls.def("__eq__", [](Message const& a, py::handle b) {
    return py::isinstance<Message>(b) &&
           google::protobuf::util::MessageDifferencer::Equals(a, b.cast<Message const&>());
  });
  cls.attr("__hash__") = py::none();
}

template <typename Message, typename Getter>
void Field(py::class_<Message>& cls, char const* name, Getter getter) {
  cls.def_property_readonly(name, [getter](Message const& message) { return (message.*getter)(); });
}

}  // namespace

std::string MovementKindName(v1::MovementKind kind) {
  return WithoutPrefix(v1::MovementKind_Name(kind), "MOVEMENT_KIND_");
}

void RegisterInventoryTypes(py::module_& m) {
  py::class_<v1::StockItem> stock(m, "StockItem", "Stock of one SKU at one location (0 <= reserved <= on_hand).");
  Field(stock, "sku", &v1::StockItem::sku);
  Field(stock, "location_id", &v1::StockItem::location_id);
  Field(stock, "on_hand", &v1::StockItem::on_hand);
  Field(stock, "reserved", &v1::StockItem::reserved);
  Field(stock, "available", &v1::StockItem::available);
  Field(stock, "version", &v1::StockItem::version);
  stock.def_property_readonly("updated_at",
                              [](v1::StockItem const& x) { return ToDatetime(x.updated_at(), x.has_updated_at()); });
  ValueSemantics(stock, &StockItemDict);
  stock.def("__repr__", [](v1::StockItem const& x) {
    return "StockItem(sku=" + Repr(x.sku()) + ", location_id=" + Repr(x.location_id()) +
           ", on_hand=" + std::to_string(x.on_hand()) + ", reserved=" + std::to_string(x.reserved()) +
           ", version=" + std::to_string(x.version()) + ")";
  });

  py::class_<v1::Movement> movement(m, "Movement", "One entry of the stock ledger (immutable).");
  Field(movement, "id", &v1::Movement::id);
  Field(movement, "sku", &v1::Movement::sku);
  Field(movement, "location_id", &v1::Movement::location_id);
  Field(movement, "quantity", &v1::Movement::quantity);
  Field(movement, "reason", &v1::Movement::reason);
  Field(movement, "actor", &v1::Movement::actor);
  Field(movement, "reservation_id", &v1::Movement::reservation_id);
  movement.def_property_readonly("kind", [](v1::Movement const& x) { return MovementKindName(x.kind()); });
  movement.def_property_readonly("created_at",
                                 [](v1::Movement const& x) { return ToDatetime(x.created_at(), x.has_created_at()); });
  ValueSemantics(movement, &MovementDict);
  movement.def("__repr__", [](v1::Movement const& x) {
    return "Movement(kind=" + Repr(MovementKindName(x.kind())) + ", sku=" + Repr(x.sku()) +
           ", location_id=" + Repr(x.location_id()) + ", quantity=" + std::to_string(x.quantity()) + ")";
  });

  py::class_<v1::ReservationLine> line(m, "ReservationLine", "Units of one SKU held at one location.");
  Field(line, "sku", &v1::ReservationLine::sku);
  Field(line, "location_id", &v1::ReservationLine::location_id);
  Field(line, "quantity", &v1::ReservationLine::quantity);
  ValueSemantics(line, &LineDict);
  line.def("__repr__", [](v1::ReservationLine const& x) {
    return "ReservationLine(sku=" + Repr(x.sku()) + ", location_id=" + Repr(x.location_id()) +
           ", quantity=" + std::to_string(x.quantity()) + ")";
  });

  py::class_<v1::Reservation> reservation(m, "Reservation", "Stock held until committed, released or expired.");
  Field(reservation, "id", &v1::Reservation::id);
  Field(reservation, "order_id", &v1::Reservation::order_id);
  Field(reservation, "version", &v1::Reservation::version);
  reservation.def_property_readonly("state", [](v1::Reservation const& x) { return StateName(x.state()); });
  reservation.def_property_readonly("lines", [](py::object self) {
    py::list result;
    for (auto const& l : self.cast<v1::Reservation const&>().lines()) {
      result.append(py::cast(&l, py::return_value_policy::reference_internal, self));
    }
    return result;
  });
  reservation.def_property_readonly(
      "expires_at", [](v1::Reservation const& x) { return ToDatetime(x.expires_at(), x.has_expires_at()); });
  reservation.def_property_readonly(
      "created_at", [](v1::Reservation const& x) { return ToDatetime(x.created_at(), x.has_created_at()); });
  reservation.def_property_readonly(
      "updated_at", [](v1::Reservation const& x) { return ToDatetime(x.updated_at(), x.has_updated_at()); });
  ValueSemantics(reservation, &ReservationDict);
  reservation.def("__repr__", [](v1::Reservation const& x) {
    return "Reservation(id=" + Repr(x.id()) + ", state=" + Repr(StateName(x.state())) +
           ", lines=" + std::to_string(x.lines_size()) + ", version=" + std::to_string(x.version()) + ")";
  });
}

}  // namespace mercato::python
