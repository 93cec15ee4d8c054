'use strict';
// client.orders' carts against a live, seeded mercatod: a customer fills a cart from the demo
// catalog with Promises and reads it back priced; a stale version and another customer's cart
// reject with a MercatoError carrying the code.

const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const { after, before, test } = require('node:test');
const { hasCode, signedInCustomer } = require('./support/customers');
const { startMercatod } = require('./support/mercatod');

let server;

before(async () => {
  server = await startMercatod();
});

after(async () => {
  await server?.stop();
});

function customer() {
  return signedInCustomer(server.endpoint, 'cart');
}


test('a customer fills a cart priced from the catalog; others and stale versions are refused', async () => {
  const client = await customer();
  const other = await customer();
  try {
    const skus = [];
    for await (const product of client.catalog.listProducts({ pageSize: 2 })) {
      skus.push(product.variants[0]);
      if (skus.length === 2) break;
    }
    let cart = await client.orders.createCart({ requestId: randomUUID() });
    assert.equal(cart.currencyCode, 'GBP');
    cart = await client.orders.addCartLine({
      requestId: randomUUID(), cartId: cart.id, expectedVersion: cart.version, sku: skus[0].sku, quantity: 3 });
    cart = await client.orders.addCartLine({
      requestId: randomUUID(), cartId: cart.id, expectedVersion: cart.version, sku: skus[1].sku, quantity: 1 });
    const read = await client.orders.getCart({ cartId: cart.id });
    assert.deepEqual(read.lines.map((line) => line.sku), [skus[0].sku, skus[1].sku]);
    assert.equal(read.subtotal.amountMinor, 3 * skus[0].price.amountMinor + skus[1].price.amountMinor);

    await assert.rejects(client.orders.removeCartLine({
      requestId: randomUUID(), cartId: cart.id, expectedVersion: cart.version - 1, sku: skus[0].sku,
    }), hasCode('ABORTED'));
    await assert.rejects(other.orders.getCart({ cartId: cart.id }), hasCode('NOT_FOUND'));
    const removed = await client.orders.removeCartLine({
      requestId: randomUUID(), cartId: cart.id, expectedVersion: read.version, sku: skus[0].sku });
    assert.deepEqual(removed.lines.map((line) => line.sku), [skus[1].sku]);
  } finally {
    await client.close();
    await other.close();
  }
});
