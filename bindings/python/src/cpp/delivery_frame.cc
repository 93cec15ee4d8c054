// Derived delivery columns (see delivery_frame.h).
#include "delivery_frame.h"

#include <cmath>

#include "frame_columns.h"
#include "mercato/v1/delivery.pb.h"
#include "message_view.h"

namespace mercato::python {
namespace py = pybind11;

namespace {

template <typename Message>
Message const& Of(py::handle item) {
  return static_cast<Message const&>(item.cast<MessageView const&>().message());
}

}  // namespace

void AddDeliveryColumns(google::protobuf::Descriptor const& type, py::list const& items, py::dict& columns) {
  auto const rows = static_cast<std::size_t>(items.size());
  if (&type == v1::Slot::descriptor()) {
    auto utilisation = Column<double>(rows);
    auto* out = utilisation.mutable_data();
    std::size_t row = 0;
    for (py::handle item : items) {
      auto const& slot = Of<v1::Slot>(item);
      out[row++] = slot.capacity() > 0 ? static_cast<double>(slot.booked() + slot.held()) / slot.capacity() : std::nan("");
    }
    columns["utilisation"] = utilisation;
  } else if (&type == v1::Shipment::descriptor()) {
    auto events = Column<std::int64_t>(rows);
    auto latitude = Column<double>(rows);
    auto longitude = Column<double>(rows);
    std::size_t row = 0;
    for (py::handle item : items) {
      auto const& shipment = Of<v1::Shipment>(item);
      events.mutable_data()[row] = shipment.events_size();
      latitude.mutable_data()[row] = shipment.has_last_position() ? shipment.last_position().latitude() : std::nan("");
      longitude.mutable_data()[row] = shipment.has_last_position() ? shipment.last_position().longitude() : std::nan("");
      ++row;
    }
    columns["event_count"] = events;
    columns["latitude"] = latitude;
    columns["longitude"] = longitude;
  }
}

}  // namespace mercato::python
