// Each method converts its arguments with the GIL held, releases the GIL around the SDK call, and
// builds the Python result (or raises the translated error) with the GIL held again. Conflict
// retries, keys and paging are the SDK's; nothing here decides them.
#include "inventory_client.h"

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "enum_names.h"
#include "inventory_frame.h"
#include "inventory_types.h"
#include "lazy_range.h"
#include "message_from_python.h"
#include "sdk_call.h"
#include "status_error.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

template <typename T>
struct LazyIterator {
  LazyRange<T> range;
};
using StockIterator = LazyIterator<v1::StockItem>;
using MovementIterator = LazyIterator<v1::Movement>;

// A ReservationLine, a mapping with sku / location_id / quantity, or a (sku, location_id, quantity) tuple.
v1::ReservationLine LineFromPython(py::handle value) {
  if (py::isinstance<v1::ReservationLine>(value)) return value.cast<v1::ReservationLine>();
  v1::ReservationLine line;
  try {
    if (py::isinstance<py::dict>(value)) {
      auto fields = value.cast<py::dict>();
      line.set_sku(fields["sku"].cast<std::string>());
      line.set_location_id(fields["location_id"].cast<std::string>());
      line.set_quantity(fields["quantity"].cast<std::int64_t>());
    } else {
      auto [sku, location_id, quantity] = value.cast<std::tuple<std::string, std::string, std::int64_t>>();
      line.set_sku(std::move(sku));
      line.set_location_id(std::move(location_id));
      line.set_quantity(quantity);
    }
  } catch (py::error_already_set const&) {
    throw py::type_error("a reservation line is a dict with sku, location_id and quantity, or such a tuple");
  } catch (py::cast_error const&) {
    throw py::type_error("a reservation line is a dict with sku, location_id and quantity, or such a tuple");
  }
  return line;
}

std::optional<std::chrono::milliseconds> OptionalSeconds(std::optional<double> seconds, char const* name) {
  if (!seconds) return std::nullopt;
  return Seconds(*seconds, name);
}

class InventoryClientHandle {
 public:
  explicit InventoryClientHandle(std::shared_ptr<ClientHandle> client) : client_(std::move(client)) {}

  v1::StockItem GetStock(std::string sku, std::string location_id) {
    auto inventory = client_->Get().inventory();
    return ValueOrThrow(WithoutGil([&] { return inventory.GetStock(std::move(sku), std::move(location_id)); }));
  }

  std::vector<v1::StockItem> BatchGetStock(std::vector<std::pair<std::string, std::string>> const& keys) {
    std::vector<v1::StockKey> stock_keys(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      stock_keys[i].set_sku(keys[i].first);
      stock_keys[i].set_location_id(keys[i].second);
    }
    auto inventory = client_->Get().inventory();
    return ValueOrThrow(WithoutGil([&] { return inventory.BatchGetStock(std::move(stock_keys)); }));
  }

  std::unique_ptr<StockIterator> ListStock(std::optional<std::string> location_id,
                                           std::optional<std::int64_t> low_stock_threshold, int page_size) {
    v1::ListStockRequest request;
    request.set_page_size(page_size);
    if (location_id) request.set_location_id(std::move(*location_id));
    if (low_stock_threshold) request.set_low_stock_threshold(*low_stock_threshold);
    auto inventory = client_->Get().inventory();
    return std::unique_ptr<StockIterator>(
        new StockIterator{{WithoutGil([&] { return inventory.ListStock(std::move(request)); }), page_size, client_}});
  }

  py::tuple AdjustStock(std::string sku, std::string location_id, std::int64_t delta, std::string const& kind,
                        std::string reason, std::optional<std::int64_t> expected_version, int conflict_retries,
                        std::optional<std::string> request_id) {
    if (conflict_retries < 0) throw py::value_error("conflict_retries must not be negative");
    if (expected_version && conflict_retries > 0) {
      throw py::value_error("conflict_retries re-reads the version: give it or expected_version, not both");
    }
    auto const movement_kind =
        static_cast<v1::MovementKind>(ParseEnum(*v1::MovementKind_descriptor(), "MOVEMENT_KIND_", kind, "kind"));
    auto inventory = client_->Get().inventory();
    auto opts = MutationOptions(std::move(request_id));
    auto response = ValueOrThrow(WithoutGil([&] {
      if (expected_version) {
        return inventory.AdjustStock(std::move(sku), std::move(location_id), delta, movement_kind, std::move(reason),
                                     *expected_version, std::move(opts));
      }
      RetryPolicy on_conflict;
      on_conflict.max_attempts = conflict_retries + 1;
      return inventory.AdjustStock(std::move(sku), std::move(location_id), delta, movement_kind, std::move(reason),
                                   on_conflict, std::move(opts));
    }));
    return py::make_tuple(std::move(*response.mutable_stock_item()), std::move(*response.mutable_movement()));
  }

  v1::Reservation Reserve(py::iterable const& lines, std::optional<double> ttl, std::optional<std::string> order_id,
                          std::optional<std::string> request_id) {
    std::vector<v1::ReservationLine> reservation_lines;
    for (auto const& line : lines) reservation_lines.push_back(LineFromPython(line));
    auto const hold = OptionalSeconds(ttl, "ttl");
    auto inventory = client_->Get().inventory();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(WithoutGil([&] {
      return inventory.Reserve(std::move(reservation_lines), hold, std::move(order_id), std::move(opts));
    }));
  }

  v1::Reservation ExtendReservation(std::string id, double ttl, std::optional<std::int64_t> expected_version,
                                    std::optional<std::string> request_id) {
    auto const hold = Seconds(ttl, "ttl");
    auto inventory = client_->Get().inventory();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(
        WithoutGil([&] { return inventory.ExtendReservation(std::move(id), hold, expected_version, std::move(opts)); }));
  }

  v1::Reservation CommitReservation(std::string id, std::optional<std::int64_t> expected_version,
                                    std::optional<std::string> request_id) {
    auto inventory = client_->Get().inventory();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(
        WithoutGil([&] { return inventory.CommitReservation(std::move(id), expected_version, std::move(opts)); }));
  }

  v1::Reservation ReleaseReservation(std::string id, std::optional<std::int64_t> expected_version,
                                     std::optional<std::string> request_id) {
    auto inventory = client_->Get().inventory();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(
        WithoutGil([&] { return inventory.ReleaseReservation(std::move(id), expected_version, std::move(opts)); }));
  }

  v1::Reservation GetReservation(std::string id) {
    auto inventory = client_->Get().inventory();
    return ValueOrThrow(WithoutGil([&] { return inventory.GetReservation(std::move(id)); }));
  }

  std::unique_ptr<MovementIterator> ListMovements(std::optional<std::string> sku,
                                                  std::optional<std::string> location_id,
                                                  std::optional<std::string> reservation_id, py::object created_after,
                                                  py::object created_before, int page_size) {
    v1::ListMovementsRequest request;
    request.set_page_size(page_size);
    if (sku) request.set_sku(std::move(*sku));
    if (location_id) request.set_location_id(std::move(*location_id));
    if (reservation_id) request.set_reservation_id(std::move(*reservation_id));
    if (!created_after.is_none()) *request.mutable_created()->mutable_start_time() = TimestampFromPython(created_after);
    if (!created_before.is_none()) *request.mutable_created()->mutable_end_time() = TimestampFromPython(created_before);
    auto inventory = client_->Get().inventory();
    return std::unique_ptr<MovementIterator>(
        new MovementIterator{
            {WithoutGil([&] { return inventory.ListMovements(std::move(request)); }), page_size, client_}});
  }

 private:
  std::shared_ptr<ClientHandle> client_;
};

// __iter__ / __next__ one element at a time, to_list() and to_pandas() for the rest.
template <typename T, typename ToPandas>
void BindIterator(py::module_& m, char const* name, char const* doc, ToPandas to_pandas) {
  py::class_<LazyIterator<T>>(m, name, doc)
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__",
           [](LazyIterator<T>& self) {
             auto next = self.range.Next();
             if (!next) throw py::stop_iteration();
             return *std::move(next);
           })
      .def("to_list", [](LazyIterator<T>& self) { return self.range.Drain(); })
      .def(
          "to_pandas", [to_pandas](LazyIterator<T>& self) { return to_pandas(self.range.Drain()); },
          "The items not read yet as a DataFrame (columns: see the list method's docstring). Needs pandas.");
}

}  // namespace

py::object MakeInventoryClient(std::shared_ptr<ClientHandle> client) {
  return py::cast(std::make_shared<InventoryClientHandle>(std::move(client)));
}

void RegisterInventoryClient(py::module_& m) {
  BindIterator<v1::StockItem>(m, "StockIterator", "Stock items of a list_stock() call, fetched lazily.",
                              &StockItemsToPandas);
  BindIterator<v1::Movement>(m, "MovementIterator", "Movements of a list_movements() call, newest first, fetched lazily.",
                             &MovementsToPandas);

  py::class_<InventoryClientHandle, std::shared_ptr<InventoryClientHandle>>(
      m, "InventoryClient", "Stock levels, adjustments, reservations and the movements ledger. Get it from Client.inventory.")
      .def("get_stock", &InventoryClientHandle::GetStock, py::arg("sku"), py::arg("location_id"),
           "The StockItem of sku at location_id (units: on_hand, reserved, available = on_hand - reserved). "
           "Raises NotFoundError for an unknown pair, PermissionDeniedError without staff.")
      .def("batch_get_stock", &InventoryClientHandle::BatchGetStock, py::arg("keys"),
           "Up to 100 (sku, location_id) pairs; one StockItem each, in order. Raises InvalidArgumentError beyond "
           "100 or for an empty sku, NotFoundError naming a missing pair.")
      .def("list_stock", &InventoryClientHandle::ListStock, py::kw_only(), py::arg("location_id") = py::none(),
           py::arg("low_stock_threshold") = py::none(), py::arg("page_size") = 100,
           "Stock items, lazily, page_size per request (1..1000): all, one location's, or those whose available "
           "units are at most low_stock_threshold. Returns a StockIterator; its to_pandas() has the columns sku, "
           "location_id, on_hand, reserved, available, version, updated_at (UTC). Raises PermissionDeniedError "
           "without staff, InvalidArgumentError for a bad page size.")
      .def("adjust_stock", &InventoryClientHandle::AdjustStock, py::arg("sku"), py::arg("location_id"),
           py::arg("delta"), py::kw_only(), py::arg("kind") = "RECEIPT", py::arg("reason") = "",
           py::arg("expected_version") = py::none(), py::arg("conflict_retries") = 0,
           py::arg("request_id") = py::none(),
           "Adds delta to on_hand; returns (StockItem, Movement). With expected_version the change applies only at "
           "that version (else ConflictError with current_version). Without it, the current version is read first, "
           "and a conflict is retried conflict_retries times, re-reading each time.")
      .def("reserve", &InventoryClientHandle::Reserve, py::arg("lines"), py::kw_only(), py::arg("ttl") = py::none(),
           py::arg("order_id") = py::none(), py::arg("request_id") = py::none(),
           "Holds every line or none; short stock raises FailedPreconditionError (reason OUT_OF_STOCK) whose "
           "metadata maps '<sku>@<location_id>' to the units available. ttl in seconds (default: the server's).")
      .def("extend_reservation", &InventoryClientHandle::ExtendReservation, py::arg("reservation_id"),
           py::arg("ttl"), py::kw_only(), py::arg("expected_version") = py::none(), py::arg("request_id") = py::none(),
           "Moves an ACTIVE reservation's expiry to ttl seconds from now. Raises NotFoundError, "
           "FailedPreconditionError when it is no longer ACTIVE, ConflictError at a stale expected_version.")
      .def("commit_reservation", &InventoryClientHandle::CommitReservation, py::arg("reservation_id"), py::kw_only(),
           py::arg("expected_version") = py::none(), py::arg("request_id") = py::none(),
           "Turns the held units into a shipment out of stock (on_hand and reserved both drop). Raises "
           "NotFoundError, FailedPreconditionError when it is no longer ACTIVE, ConflictError at a stale "
           "expected_version.")
      .def("release_reservation", &InventoryClientHandle::ReleaseReservation, py::arg("reservation_id"),
           py::kw_only(), py::arg("expected_version") = py::none(), py::arg("request_id") = py::none(),
           "Gives the held units back to available. Raises NotFoundError, FailedPreconditionError when it is "
           "no longer ACTIVE, ConflictError at a stale expected_version.")
      .def("get_reservation", &InventoryClientHandle::GetReservation, py::arg("reservation_id"),
           "The Reservation (lines, state, expires_at UTC, version). Raises NotFoundError.")
      .def("list_movements", &InventoryClientHandle::ListMovements, py::kw_only(), py::arg("sku") = py::none(),
           py::arg("location_id") = py::none(), py::arg("reservation_id") = py::none(),
           py::arg("created_after") = py::none(), py::arg("created_before") = py::none(), py::arg("page_size") = 100,
           "The movements ledger, newest first, lazily, filtered by sku, location, reservation and a creation "
           "window (datetimes; a naive one is local time). Returns a MovementIterator; its to_pandas() has the "
           "columns id, sku, location_id, kind, quantity (signed units), reason, actor, reservation_id, "
           "created_at (UTC). Raises PermissionDeniedError without staff.");
}

}  // namespace mercato::python
