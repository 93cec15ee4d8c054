'use strict';
// The `mercato` package: Client (one connection to mercatod with its local cache, handing out
// per-service clients) and MercatoError. Types: ../index.d.ts.

const native = require('./native');
const { MercatoError } = require('./errors');
const { CatalogClient } = require('./catalog');
const { Listing } = require('./listing');

native.setErrorClass(MercatoError);

class Client {
  #native;

  /** @param {object} [options] endpoint, token, timeoutMs, cache, cacheTtlMs, retries */
  constructor(options) {
    this.#native = new native.ClientHandle(options);
    this.catalog = new CatalogClient(this.#native);
  }

  /** Releases the connection and the cache; calls in flight finish first. Harmless twice. */
  close() {
    return this.#native.close();
  }
}

module.exports = { Client, CatalogClient, Listing, MercatoError };
