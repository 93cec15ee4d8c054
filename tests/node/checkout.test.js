'use strict';
// Checkout with Promises against a live, seeded mercatod: a customer fills a cart from the demo
// catalog, picks a slot of the zone serving their postcode, pays with a test card and follows the
// order with for await; a retry resolves to the same order, a declined card rejects with
// FAILED_PRECONDITION PAYMENT_DECLINED and keeps nothing, and another customer's order rejects
// NOT_FOUND like a missing one.

const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const { after, before, test } = require('node:test');
const { hasCode, signedInCustomer } = require('./support/customers');
const { startMercatod } = require('./support/mercatod');

const ADDRESS = { recipientName: 'Ada', line1: '1 Parliament St', city: 'London', postcode: 'SW1A 2AA', countryCode: 'GB' };

let server;

before(async () => {
  server = await startMercatod();
});

after(async () => {
  await server?.stop();
});

function customer() {
  return signedInCustomer(server.endpoint, 'checkout');
}


// A cart worth at least `minimumMinor`, and an open slot of the zone serving ADDRESS.
async function readyToCheckOut(client) {
  const zone = await client.delivery.resolveZone({ address: { postcode: ADDRESS.postcode } });
  let slot;
  for await (const open of client.delivery.listSlots({ zoneId: zone.id, onlyAvailable: true, pageSize: 5 })) {
    slot = open;
    break;
  }
  let cart = await client.orders.createCart({ requestId: randomUUID() });
  for await (const product of client.catalog.listProducts({ pageSize: 2 })) {
    const variant = product.variants[0];
    const units = Math.max(1, Math.ceil(zone.minOrder.amountMinor / 2 / variant.price.amountMinor));
    cart = await client.orders.addCartLine({
      requestId: randomUUID(), cartId: cart.id, expectedVersion: cart.version, sku: variant.sku, quantity: units });
    if (cart.lines.length === 2) break;
  }
  return { zone, slot, cart };
}

function checkout(client, { cart, slot }, card, requestId) {
  return client.orders.placeOrder({
    requestId, cartId: cart.id, expectedCartVersion: cart.version, address: ADDRESS, deliverySlotId: slot.id,
    paymentProvider: 'test', paymentMethodToken: card });
}

test('a customer checks out, a retry resolves to the same order, and only the owner reads it', async () => {
  const client = await customer();
  const other = await customer();
  try {
    const ready = await readyToCheckOut(client);
    const requestId = randomUUID();
    const order = await checkout(client, ready, 'tok_visa', requestId);
    assert.equal(order.status, 'PENDING');
    assert.match(order.number, /^M-\d{4}-\d{6}$/);
    assert.equal(order.total.amountMinor, ready.cart.subtotal.amountMinor + ready.zone.deliveryFee.amountMinor);
    assert.deepEqual((await client.orders.getCart({ cartId: ready.cart.id })).lines, []);
    assert.equal((await checkout(client, ready, 'tok_visa', requestId)).id, order.id);

    const listed = [];
    for await (const mine of client.orders.listOrders()) listed.push(mine.id);
    assert.deepEqual(listed, [order.id]);
    await assert.rejects(other.orders.getOrder({ orderId: order.id }), hasCode('NOT_FOUND'));
  } finally {
    await client.close();
    await other.close();
  }
});

test('a declined card rejects PAYMENT_DECLINED and keeps nothing', async () => {
  const client = await customer();
  try {
    const ready = await readyToCheckOut(client);
    const before = await client.delivery.getSlot({ slotId: ready.slot.id });
    await assert.rejects(checkout(client, ready, 'tok_chargeDeclined', randomUUID()),
      hasCode('FAILED_PRECONDITION', 'PAYMENT_DECLINED'));
    assert.equal((await client.delivery.getSlot({ slotId: ready.slot.id })).booked, before.booked);
    assert.equal((await client.orders.getCart({ cartId: ready.cart.id })).lines.length, 2);
  } finally {
    await client.close();
  }
});
