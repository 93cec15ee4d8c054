'use strict';
// InventoryClient: stock levels, adjustments, reservations and the movements ledger, forwarded to
// the native client. Every network call returns a Promise (argument errors reject too); list
// calls return a Listing.

const { Listing } = require('./listing');

function isSet(value) {
  return value !== undefined && value !== null;
}

// listMovements' filter: createdAfter/createdBefore become the request's created range.
function movementListRequest(filter) {
  const { createdAfter, createdBefore, ...request } = filter ?? {};
  if (isSet(createdAfter) || isSet(createdBefore)) {
    request.created = { startTime: createdAfter ?? null, endTime: createdBefore ?? null };
  }
  return request;
}

class InventoryClient {
  #native;

  constructor(native) {
    this.#native = native;
  }

  async getStock(sku, locationId, callOptions) {
    return this.#native.getStock(sku, locationId, callOptions);
  }

  async batchGetStock(keys, callOptions) {
    return this.#native.batchGetStock(keys, callOptions);
  }

  listStock(filter, callOptions) {
    return new Listing(() => this.#native.listStock(filter, callOptions));
  }

  /**
   * With expectedVersion the change applies only at that version; without it the SDK reads the
   * current version first and retries a lost race conflictRetries times (default 0).
   */
  async adjustStock(adjustment, callOptions) {
    const { conflictRetries, ...request } = adjustment ?? {};
    const pinned = isSet(request.expectedVersion);
    if (pinned && isSet(conflictRetries)) {
      throw new TypeError('adjustStock: give expectedVersion or conflictRetries, not both');
    }
    request.kind ??= 'RECEIPT';
    return this.#native.adjustStock(request, pinned ? null : (conflictRetries ?? 0), callOptions);
  }

  async reserve(reservation, callOptions) {
    const { ttlMs, ...request } = reservation ?? {};
    return this.#native.reserve(request, ttlMs, callOptions);
  }

  async extendReservation(reservationId, ttlMs, options, callOptions) {
    return this.#native.extendReservation(reservationId, ttlMs, options?.expectedVersion, callOptions);
  }

  async commitReservation(reservationId, options, callOptions) {
    return this.#native.commitReservation(reservationId, options?.expectedVersion, callOptions);
  }

  async releaseReservation(reservationId, options, callOptions) {
    return this.#native.releaseReservation(reservationId, options?.expectedVersion, callOptions);
  }

  async getReservation(reservationId, callOptions) {
    return this.#native.getReservation(reservationId, callOptions);
  }

  listMovements(filter, callOptions) {
    const request = movementListRequest(filter);
    return new Listing(() => this.#native.listMovements(request, callOptions));
  }
}

module.exports = { InventoryClient };
