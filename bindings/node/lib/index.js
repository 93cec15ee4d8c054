'use strict';
// The `mercato` package: Client (one connection to mercatod with its local cache, handing out
// per-service clients: catalog and inventory here, the others generated in ./services) and
// MercatoError. Types: ../index.d.ts.

const native = require('./native');
const { MercatoError } = require('./errors');
const { freezeDate } = require('./frozen-date');
const { CatalogClient } = require('./catalog');
const { InventoryClient } = require('./inventory');
const { Listing } = require('./listing');
const { MessageStream } = require('./stream');
const services = require('./services');

native.setErrorClass(MercatoError);
native.setFreezeDate(freezeDate);

class Client {
  #native;

  /** @param {object} [options] endpoint, token, timeoutMs, cache, cacheTtlMs, retries */
  constructor(options) {
    this.#native = new native.ClientHandle(options);
    this.catalog = new CatalogClient(this.#native);
    this.inventory = new InventoryClient(this.#native);
    this.users = new services.UserClient(this.#native);
    this.orders = new services.OrderClient(this.#native);
    this.payments = new services.PaymentClient(this.#native);
    this.delivery = new services.DeliveryClient(this.#native);
    this.analytics = new services.AnalyticsClient(this.#native);
  }

  /** Logs in; every later call (catalog included) carries the session. Wrong credentials reject
   * with a MercatoError of code UNAUTHENTICATED. */
  async login(email, password, callOptions) {
    return this.#native.login(email, password, callOptions);
  }

  /** Ends the session (if any) and forgets its token. */
  async logout(callOptions) {
    return this.#native.logout(callOptions);
  }

  /** Whether calls currently carry a session token. */
  get loggedIn() {
    return this.#native.loggedIn();
  }

  /** The account of the current session. */
  async me(callOptions) {
    return this.#native.me(callOptions);
  }

  /** Releases the connection and the cache; calls in flight finish first. Harmless twice. */
  close() {
    return this.#native.close();
  }
}

module.exports = { Client, CatalogClient, InventoryClient, Listing, MessageStream, MercatoError, ...services };
