// DeliveryService's RPCs on the zone, slot, claim and shipment use cases: which use case each
// calls, with what, and where its result goes in the response.
#pragma once

#include "server/api/delivery_grpc_service.h"
#include "server/api/use_case_result.h"
#include "server/domain/delivery/shipments.h"
#include "server/domain/delivery/slot_claims.h"
#include "server/domain/delivery/slots.h"
#include "server/domain/delivery/zones.h"

namespace mercato::api {

class DeliveryUseCaseHandlers final : public DeliveryHandlers {
 public:
  DeliveryUseCaseHandlers(domain::Zones& zones, domain::Slots& slots, domain::SlotClaims& claims,
                          domain::Shipments& shipments)
      : zones_(zones), slots_(slots), claims_(claims), shipments_(shipments) {}

  domain::Status CreateZone(AdmittedCall const& call, v1::CreateZoneRequest const& request,
                            v1::CreateZoneResponse& response) override {
    return Assign(zones_.Create(request, call.caller), *response.mutable_zone());
  }
  domain::Status GetZone(AdmittedCall const&, v1::GetZoneRequest const& request, v1::GetZoneResponse& response) override {
    return Assign(zones_.Get(request.zone_id()), *response.mutable_zone());
  }
  domain::Status ListZones(AdmittedCall const&, v1::ListZonesRequest const& request,
                           v1::ListZonesResponse& response) override {
    return Assign(zones_.List(request), response);
  }
  domain::Status UpdateZone(AdmittedCall const& call, v1::UpdateZoneRequest const& request,
                            v1::UpdateZoneResponse& response) override {
    return Assign(zones_.Update(request, call.caller), *response.mutable_zone());
  }
  domain::Status DeleteZone(AdmittedCall const& call, v1::DeleteZoneRequest const& request,
                            v1::DeleteZoneResponse&) override {
    return zones_.Delete(request, call.caller);
  }
  domain::Status ResolveZone(AdmittedCall const&, v1::ResolveZoneRequest const& request,
                             v1::ResolveZoneResponse& response) override {
    return Assign(zones_.Resolve(request.address()), *response.mutable_zone());
  }
  domain::Status GetSlot(AdmittedCall const&, v1::GetSlotRequest const& request, v1::GetSlotResponse& response) override {
    return Assign(slots_.Get(request.slot_id()), *response.mutable_slot());
  }
  domain::Status ListSlots(AdmittedCall const& call, v1::ListSlotsRequest const& request,
                           v1::ListSlotsResponse& response) override {
    return Assign(slots_.List(request, call.caller), response);
  }
  domain::Status BatchCreateSlots(AdmittedCall const& call, v1::BatchCreateSlotsRequest const& request,
                                  v1::BatchCreateSlotsResponse& response) override {
    return Assign(slots_.BatchCreate(request, call.caller), response);
  }
  domain::Status UpdateSlot(AdmittedCall const& call, v1::UpdateSlotRequest const& request,
                            v1::UpdateSlotResponse& response) override {
    return Assign(slots_.Update(request, call.caller), *response.mutable_slot());
  }
  domain::Status BookSlot(AdmittedCall const& call, v1::BookSlotRequest const& request,
                          v1::BookSlotResponse& response) override {
    return Assign(claims_.Book(request, call.caller), response);
  }
  domain::Status ReleaseSlot(AdmittedCall const& call, v1::ReleaseSlotRequest const& request,
                             v1::ReleaseSlotResponse& response) override {
    return Assign(claims_.Release(request, call.caller), *response.mutable_booking());
  }
  domain::Status HoldSlot(AdmittedCall const& call, v1::HoldSlotRequest const& request,
                          v1::HoldSlotResponse& response) override {
    return Assign(claims_.Hold(request, call.caller), response);
  }
  domain::Status GetSlotHold(AdmittedCall const& call, v1::GetSlotHoldRequest const& request,
                             v1::GetSlotHoldResponse& response) override {
    return Assign(claims_.GetHold(request.hold_id(), call.caller), *response.mutable_hold());
  }
  domain::Status ReleaseSlotHold(AdmittedCall const& call, v1::ReleaseSlotHoldRequest const& request,
                                 v1::ReleaseSlotHoldResponse& response) override {
    return Assign(claims_.ReleaseHold(request, call.caller), *response.mutable_hold());
  }
  domain::Status CreateShipment(AdmittedCall const& call, v1::CreateShipmentRequest const& request,
                                v1::CreateShipmentResponse& response) override {
    return Assign(shipments_.Create(request, call.caller), *response.mutable_shipment());
  }
  domain::Status GetShipment(AdmittedCall const& call, v1::GetShipmentRequest const& request,
                             v1::GetShipmentResponse& response) override {
    return Assign(shipments_.Get(request.shipment_id(), call.caller), *response.mutable_shipment());
  }
  domain::Status ListShipments(AdmittedCall const& call, v1::ListShipmentsRequest const& request,
                               v1::ListShipmentsResponse& response) override {
    return Assign(shipments_.List(request, call.caller), response);
  }
  domain::Status AddTrackingEvent(AdmittedCall const& call, v1::AddTrackingEventRequest const& request,
                                  v1::AddTrackingEventResponse& response) override {
    return Assign(shipments_.AddTrackingEvent(request, call.caller), *response.mutable_shipment());
  }

 private:
  domain::Zones& zones_;
  domain::Slots& slots_;
  domain::SlotClaims& claims_;
  domain::Shipments& shipments_;
};

}  // namespace mercato::api
