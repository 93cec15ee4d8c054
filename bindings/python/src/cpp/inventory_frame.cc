// One numpy column per field, one stock item or movement per row; SKUs, locations, kinds and
// actors repeat a lot, so their strings are shared.
#include "inventory_frame.h"

#include <cstdint>

#include "frame_columns.h"
#include "inventory_types.h"

namespace mercato::python {
namespace py = pybind11;

py::object StockItemsToPandas(std::vector<v1::StockItem> const& items) {
  py::module_ pandas = ImportPandas();
  std::size_t const n = items.size();
  StringColumn sku(n, true), location(n, true);
  auto on_hand = Column<std::int64_t>(n), reserved = Column<std::int64_t>(n), available = Column<std::int64_t>(n),
       version = Column<std::int64_t>(n);
  auto updated_at = TimeColumn(n);
  auto* on_hand_data = on_hand.mutable_data();
  auto* reserved_data = reserved.mutable_data();
  auto* available_data = available.mutable_data();
  auto* version_data = version.mutable_data();
  auto* updated_data = TimeData(updated_at);
  for (std::size_t row = 0; row < n; ++row) {
    v1::StockItem const& x = items[row];
    sku.Set(row, x.sku());
    location.Set(row, x.location_id());
    on_hand_data[row] = x.on_hand();
    reserved_data[row] = x.reserved();
    available_data[row] = x.available();
    version_data[row] = x.version();
    updated_data[row] = Nanoseconds(x.updated_at(), x.has_updated_at());
  }
  py::dict columns;
  columns["sku"] = sku.array();
  columns["location_id"] = location.array();
  columns["on_hand"] = on_hand;
  columns["reserved"] = reserved;
  columns["available"] = available;
  columns["version"] = version;
  columns["updated_at"] = updated_at;
  return pandas.attr("DataFrame")(columns);
}

py::object MovementsToPandas(std::vector<v1::Movement> const& movements) {
  py::module_ pandas = ImportPandas();
  std::size_t const n = movements.size();
  StringColumn id(n, false), sku(n, true), location(n, true), kind(n, true), reason(n, true), actor(n, true),
      reservation(n, true);
  auto quantity = Column<std::int64_t>(n);
  auto created_at = TimeColumn(n);
  auto* quantity_data = quantity.mutable_data();
  auto* created_data = TimeData(created_at);
  for (std::size_t row = 0; row < n; ++row) {
    v1::Movement const& x = movements[row];
    id.Set(row, x.id());
    sku.Set(row, x.sku());
    location.Set(row, x.location_id());
    kind.Set(row, MovementKindName(x.kind()));
    quantity_data[row] = x.quantity();
    reason.Set(row, x.reason());
    actor.Set(row, x.actor());
    reservation.Set(row, x.reservation_id());
    created_data[row] = Nanoseconds(x.created_at(), x.has_created_at());
  }
  py::dict columns;
  columns["id"] = id.array();
  columns["sku"] = sku.array();
  columns["location_id"] = location.array();
  columns["kind"] = kind.array();
  columns["quantity"] = quantity;
  columns["reason"] = reason.array();
  columns["actor"] = actor.array();
  columns["reservation_id"] = reservation.array();
  columns["created_at"] = created_at;
  return pandas.attr("DataFrame")(columns);
}

}  // namespace mercato::python
