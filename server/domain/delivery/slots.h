// Slot use cases: staff create slots (explicitly, or from a weekly template skipping windows that
// exist) and change their capacity; anyone lists the open windows of a zone or an address.
#pragma once

#include "mercato/v1/delivery.pb.h"
#include "server/domain/delivery/delivery_context.h"
#include "server/domain/delivery/zones.h"
#include "server/domain/error.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

class Slots {
 public:
  Slots(DeliveryContext context, Zones& zones) : context_(context), zones_(zones) {}

  Result<v1::BatchCreateSlotsResponse> BatchCreate(v1::BatchCreateSlotsRequest const& request, Principal const& caller);
  // Creates the slots of `zone`'s own template for the windows starting before `now + horizon`
  // (the slot horizon job, writing under `fence`; the demo seed, without); windows that exist are
  // skipped.
  Result<v1::BatchCreateSlotsResponse> ExtendFromTemplate(v1::Zone const& zone, std::chrono::microseconds horizon,
                                                          std::optional<WriteFence> fence);
  Result<v1::Slot> Get(std::string const& slot_id);
  // Slots by start time. Non-staff callers see only open slots (before their cut-off) of active zones.
  Result<v1::ListSlotsResponse> List(v1::ListSlotsRequest const& request, Principal const& caller);
  Result<v1::Slot> Update(v1::UpdateSlotRequest const& request, Principal const& caller);

 private:
  Result<v1::BatchCreateSlotsResponse> FromTemplate(v1::BatchCreateSlotsRequest const& request,
                                                    IdempotencyKey const& key);
  Result<v1::BatchCreateSlotsResponse> Insert(std::string const& zone_id, std::vector<v1::Slot> slots,
                                              bool skip_existing, IdempotencyKey const& idempotency,
                                              std::optional<WriteFence> fence = std::nullopt);

  DeliveryContext context_;
  Zones& zones_;
};

}  // namespace mercato::domain
