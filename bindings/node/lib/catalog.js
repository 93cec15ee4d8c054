'use strict';
// CatalogClient: the catalog calls, forwarded to the native client. Every network call returns
// a Promise (argument errors reject too); list calls return a Listing.

const { Listing } = require('./listing');
const { MessageStream } = require('./stream');

// listProducts' filter names that differ from ListProductsRequest's fields.
const PRODUCT_FILTER_FIELDS = { minPrice: 'minPriceMinor', maxPrice: 'maxPriceMinor', currency: 'currencyCode' };

// A native call's promise; an argument error it throws rejects instead, as in an async function,
// but without an async function's extra turns of the microtask queue on a cache hit.
function promised(call) {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
  }
}

function productListRequest(filter) {
  const request = {};
  for (const [key, value] of Object.entries(filter ?? {})) request[PRODUCT_FILTER_FIELDS[key] ?? key] = value;
  return request;
}

class CatalogClient {
  #native;

  constructor(native) {
    this.#native = native;
  }

  /** The category, frozen when the client caches: a cache hit hands out the cached object itself. */
  getCategory(categoryId, callOptions) {
    return promised(() => this.#native.getCategory(categoryId, callOptions));
  }

  listCategories(options, callOptions) {
    return new Listing(() => this.#native.listCategories(options, callOptions));
  }

  async createCategory(category, callOptions) {
    return this.#native.createCategory(category, callOptions);
  }

  /** Changes exactly the keys of `fields` at `expectedVersion`; null clears a field. */
  async updateCategory(categoryId, expectedVersion, fields, callOptions) {
    return this.#native.updateCategory(categoryId, expectedVersion, fields, callOptions);
  }

  /** Deletes a category that has no children and no products, at `expectedVersion`. */
  async deleteCategory(categoryId, expectedVersion, callOptions) {
    return this.#native.deleteCategory(categoryId, expectedVersion, callOptions);
  }

  /** The product, frozen when the client caches: a cache hit hands out the cached object itself. */
  getProduct(productId, callOptions) {
    return promised(() => this.#native.getProduct(productId, callOptions));
  }

  /** { product, variantId }, frozen like getProduct's answer. */
  getProductBySku(sku, callOptions) {
    return promised(() => this.#native.getProductBySku(sku, callOptions));
  }

  listProducts(filter, callOptions) {
    const request = productListRequest(filter);
    return new Listing(() => this.#native.listProducts(request, callOptions));
  }

  async batchGetProducts(productIds, callOptions) {
    return this.#native.batchGetProducts(productIds, callOptions);
  }

  async createProduct(product, callOptions) {
    return this.#native.createProduct(product, callOptions);
  }

  async updateProduct(productId, expectedVersion, fields, callOptions) {
    return this.#native.updateProduct(productId, expectedVersion, fields, callOptions);
  }

  async archiveProduct(productId, expectedVersion, callOptions) {
    return this.#native.archiveProduct(productId, expectedVersion, callOptions);
  }

  /**
   * The catalog's change events ({afterPosition, aggregateTypes}; unset afterPosition: from now)
   * as a MessageStream. The local cache follows this stream itself; use it to follow changes yourself.
   */
  watchChanges(request, callOptions) {
    return new MessageStream(this.#native.catalog_watchChanges(request, callOptions));
  }

  cacheStats() {
    return this.#native.cacheStats();
  }
}

module.exports = { CatalogClient };
