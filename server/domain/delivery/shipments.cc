#include "server/domain/delivery/shipments.h"

#include <google/protobuf/util/time_util.h>

#include "server/domain/delivery/shipment_status.h"
#include "server/domain/delivery/zone_geometry.h"
#include "server/domain/events/event_factory.h"
#include "server/domain/field_text.h"
#include "server/domain/identity/request_keys.h"
#include "server/domain/page_token.h"

namespace mercato::domain {
namespace {

using google::protobuf::util::TimeUtil;

constexpr TextRule kCarrier{64, true, false};
constexpr TextRule kTrackingNumber{64, false, false};
constexpr TextRule kLocation{200, false, false};
constexpr TextRule kDescription{1000, false, true};
// Carriers' clocks drift; an event further ahead than this is a wrong time zone, not drift.
constexpr std::int64_t kMaxClockSkewUs = 5LL * 60 * 1000000;

v1::EventEnvelope ShipmentEvent(EventContext const& context, std::string type, v1::Shipment const& shipment) {
  v1::ShipmentChanged payload;
  *payload.mutable_shipment() = shipment;
  return MakeEvent(context, std::move(type), "shipment", shipment.id(), shipment.version(), payload);
}

bool MaySee(v1::Shipment const& shipment, Principal const& caller) {
  return caller.IsStaff() || (!shipment.customer_id().empty() && shipment.customer_id() == caller.user_id);
}

// Keeps the history oldest first, as the contract says, when a carrier's webhook arrives late,
// and last_position from the newest event that has one.
void AddInTimeOrder(v1::Shipment& shipment, v1::TrackingEvent const& event) {
  *shipment.add_events() = event;
  auto& events = *shipment.mutable_events();
  for (int i = events.size() - 1; i > 0 && events.Get(i).occurred_at() < events.Get(i - 1).occurred_at(); --i) {
    events.SwapElements(i, i - 1);
  }
  for (int i = events.size() - 1; i >= 0; --i) {
    if (events.Get(i).has_position()) {
      *shipment.mutable_last_position() = events.Get(i).position();
      break;
    }
  }
}

// A shipment goes out for a placed order that is not cancelled, in the slot the order is booked
// into, and is tracked by the order's customer (so that no other customer can be named).
Status CheckOrderToShip(v1::CreateShipmentRequest const& request, OrderToShip const& order) {
  if (order.cancelled) {
    return Error{ErrorKind::kFailedPrecondition,
                 "ORDER_CANCELLED",
                 "order '" + request.order_id() + "' is cancelled; nothing goes out for it",
                 {{"order_id", request.order_id()}}};
  }
  if (request.slot_id() != order.slot_id) {
    return Error{ErrorKind::kFailedPrecondition,
                 "ORDER_SLOT_MISMATCH",
                 "order '" + request.order_id() + "' is booked into slot '" + order.slot_id + "', not '" +
                     request.slot_id() + "'; create its shipment for that slot",
                 {{"order_id", request.order_id()}, {"slot_id", order.slot_id}}};
  }
  if (!request.customer_id().empty() && request.customer_id() != order.customer_id) {
    return InvalidArgument("customer_id",
                           "customer_id must be the order's customer, or empty to take it from the order");
  }
  return Ok();
}

// An event happened after the shipment was created, and a change of status after every event
// before it: `status` is the latest event's, so a late one may add a position but not rewrite
// the status (the history is kept in time order).
Status CheckEventTime(v1::Shipment const& current, v1::TrackingEvent const& event, bool moves) {
  auto const at = TimeUtil::TimestampToMicroseconds(event.occurred_at());
  if (at < TimeUtil::TimestampToMicroseconds(current.created_at()) - kMaxClockSkewUs) {
    return InvalidArgument("event.occurred_at", "event.occurred_at is before shipment '" + current.id() +
                                                    "' was created (" + TimeUtil::ToString(current.created_at()) +
                                                    "); send the time it happened (UTC)");
  }
  if (moves && current.events_size() > 0 &&
      event.occurred_at() < current.events(current.events_size() - 1).occurred_at()) {
    return InvalidArgument("event.occurred_at",
                           "a change of status must be newer than the shipment's latest event (" +
                               TimeUtil::ToString(current.events(current.events_size() - 1).occurred_at()) +
                               "); a late event may only repeat the current status");
  }
  return Ok();
}

}  // namespace

Result<v1::Shipment> Shipments::Create(v1::CreateShipmentRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("order_id", request.order_id(), true); !valid) return valid.error();
  if (auto valid = CheckReference("slot_id", request.slot_id(), true); !valid) return valid.error();
  if (auto valid = CheckReference("customer_id", request.customer_id(), false); !valid) return valid.error();
  v1::Shipment shipment;
  shipment.set_carrier(request.carrier().empty() ? "own-fleet" : request.carrier());
  if (auto valid = NormalizeText("carrier", *shipment.mutable_carrier(), kCarrier); !valid) return valid.error();
  shipment.set_tracking_number(request.tracking_number());
  if (auto valid = NormalizeText("tracking_number", *shipment.mutable_tracking_number(), kTrackingNumber); !valid) {
    return valid.error();
  }
  // Read before the store's transaction: a cancellation landing after this read orders as one made
  // just after the shipment was created, and AddTrackingEvent then lets none of its goods go out.
  auto order = context_.orders.FindOrderToShip(request.order_id());
  if (!order) return order.error();
  auto const now = context_.clock.NowMicros();
  return context_.shipments.InsertShipment(
      CallerScopedKey("delivery.CreateShipment", request.request_id(), request, caller),
      [&]() -> Result<ShipmentChange> {
        if (!*order) return NotFound("order", request.order_id());
        if (auto fits = CheckOrderToShip(request, **order); !fits) return fits.error();
        shipment.set_id(context_.ids.NewId());
        shipment.set_order_id(request.order_id());
        shipment.set_slot_id(request.slot_id());
        shipment.set_customer_id((*order)->customer_id);
        shipment.set_status(v1::SHIPMENT_STATUS_PENDING);
        shipment.set_version(1);
        *shipment.mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(now);
        *shipment.mutable_updated_at() = shipment.created_at();
        EventContext const events{context_.ids.NewId(), now, request.request_id(), caller.actor()};
        return ShipmentChange{shipment, ShipmentEvent(events, "delivery.shipment.created", shipment)};
      });
}

Result<v1::Shipment> Shipments::Get(std::string const& shipment_id, Principal const& caller) {
  if (auto valid = CheckReference("shipment_id", shipment_id, true); !valid) return valid.error();
  auto found = context_.shipments.FindShipment(shipment_id);
  if (!found) return found.error();
  if (!*found || !MaySee(**found, caller)) return NotFound("shipment", shipment_id);
  return **std::move(found);
}

Result<v1::ListShipmentsResponse> Shipments::List(v1::ListShipmentsRequest const& request, Principal const& caller) {
  bool const staff = caller.IsStaff();
  auto page = ReadPageRequest(request, context_.settings.default_page_size, context_.settings.max_page_size,
                              staff ? "" : caller.user_id);
  if (!page) return page.error();
  ShipmentQuery query;
  if (request.has_order_id()) query.order_id = request.order_id();
  if (request.has_slot_id()) query.slot_id = request.slot_id();
  if (request.has_status()) query.status = request.status();
  if (!staff) query.customer_id = caller.user_id;
  query.after = page->after;
  query.limit = page->size + 1;
  auto shipments = context_.shipments.ListShipments(query);
  if (!shipments) return shipments.error();
  v1::ListShipmentsResponse response;
  bool more = CutToPage(*shipments, page->size);
  more = CutToBytes(*shipments) || more;  // a shipment carries its tracking events
  for (auto& shipment : *shipments) *response.add_shipments() = std::move(shipment);
  if (more) {
    auto const& last = response.shipments(response.shipments_size() - 1);
    response.set_next_page_token(
        NextPageToken(*page, {TimeUtil::TimestampToMicroseconds(last.created_at()), "", last.id()}));
  }
  return response;
}

Result<v1::Shipment> Shipments::AddTrackingEvent(v1::AddTrackingEventRequest const& request, Principal const& caller) {
  if (auto valid = CheckReference("shipment_id", request.shipment_id(), true); !valid) return valid.error();
  auto const now = context_.clock.NowMicros();
  v1::TrackingEvent event = request.event();
  if (event.status() == v1::SHIPMENT_STATUS_UNSPECIFIED) {
    return InvalidArgument("event.status", "event.status is required: the status this event reports");
  }
  if (!event.has_occurred_at()) *event.mutable_occurred_at() = TimeUtil::MicrosecondsToTimestamp(now);
  if (TimeUtil::TimestampToMicroseconds(event.occurred_at()) > now + kMaxClockSkewUs) {
    return InvalidArgument("event.occurred_at", "event.occurred_at is in the future; send the time it happened (UTC)");
  }
  // A carrier's clock a little ahead: taken as now, or its event would hold back the next ones.
  if (TimeUtil::TimestampToMicroseconds(event.occurred_at()) > now) {
    *event.mutable_occurred_at() = TimeUtil::MicrosecondsToTimestamp(now);
  }
  if (auto valid = NormalizeText("event.location", *event.mutable_location(), kLocation); !valid) return valid.error();
  if (auto valid = NormalizeText("event.description", *event.mutable_description(), kDescription); !valid) {
    return valid.error();
  }
  if (event.has_position()) {
    if (auto valid = CheckGeoPoint("event.position", event.position()); !valid) return valid.error();
  }
  // Goods go out only for an order that stands: its cancellation is read before the change and
  // judged inside it (a cancellation landing in between orders as one made just after the event).
  std::optional<OrderToShip> order;
  if (HasGoodsOut(event.status())) {
    auto shipment = context_.shipments.FindShipment(request.shipment_id());
    if (!shipment) return shipment.error();
    if (*shipment) {
      auto found = context_.orders.FindOrderToShip((*shipment)->order_id());
      if (!found) return found.error();
      order = *std::move(found);
    }
  }
  EventContext const events{context_.ids.NewId(), now, request.request_id(), caller.actor()};
  return context_.shipments.ChangeShipment(
      request.shipment_id(), CallerScopedKey("delivery.AddTrackingEvent", request.request_id(), request, caller),
      [&](v1::Shipment const& current) -> Result<ShipmentChange> {
        if (request.has_expected_version() && request.expected_version() != current.version()) {
          return VersionMismatch("shipment", current.id(), request.expected_version(), current.version());
        }
        if (!IsAllowedTransition(current.status(), event.status())) {
          return InvalidTransition(current.id(), current.status(), event.status());
        }
        bool const moves = event.status() != current.status();
        if (moves && order && order->cancelled) {
          bool const out = current.status() != v1::SHIPMENT_STATUS_PENDING;
          return Error{ErrorKind::kFailedPrecondition,
                       "ORDER_CANCELLED",
                       "order '" + current.order_id() + "' is cancelled: " +
                           (out ? "its shipment goes no further than " + v1::ShipmentStatus_Name(current.status()) +
                                      ", only to FAILED and then RETURNED"
                                : std::string("its shipment stays PENDING and nothing goes out")),
                       {{"order_id", current.order_id()}}};
        }
        if (auto dated = CheckEventTime(current, event, moves); !dated) return dated.error();
        // Position updates stop at the limit; a status change always goes through.
        if (event.status() == current.status() && current.events_size() >= kMaxTrackingEvents) {
          return Error{ErrorKind::kResourceExhausted, "TRACKING_EVENTS_LIMIT",
                       "shipment '" + current.id() + "' already has " + std::to_string(kMaxTrackingEvents) +
                           " tracking events; send fewer position updates",
                       {}};
        }
        ShipmentChange change{current, std::nullopt};
        auto& shipment = change.shipment;
        AddInTimeOrder(shipment, event);
        shipment.set_version(current.version() + 1);
        *shipment.mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(now);
        if (event.status() != current.status()) {
          shipment.set_status(event.status());
          change.event = ShipmentEvent(events, "delivery.shipment.status_changed", shipment);
        }
        return change;
      });
}

}  // namespace mercato::domain
