'use strict';
// client.delivery against a live, seeded mercatod: the demo zones resolve, slots page with for
// await, a customer's hold and the service's booking settle as Promises, and a full slot or another
// user's hold reject with a MercatoError carrying the reason.

const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const { after, before, test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');
const { signedInCustomer } = require('./support/customers');
const { startMercatod, STAFF_TOKEN } = require('./support/mercatod');

let server;
let staff;

before(async () => {
  server = await startMercatod();
  staff = new Client({ endpoint: server.endpoint, token: STAFF_TOKEN, cache: false });
});

after(async () => {
  await staff?.close();
  await server?.stop();
});

function customer() {
  return signedInCustomer(server.endpoint, 'node');
}

async function newSlot(capacity) {
  const zone = await staff.delivery.createZone({ zone: {
    name: 'Node zone', postcodes: [`ND${randomUUID().slice(0, 8).toUpperCase()}*`],
    deliveryFee: { amountMinor: 399, currencyCode: 'GBP' }, active: true, stockLocationId: 'dc1',
  } });
  const start = new Date(Date.now() + 30 * 3600 * 1000);
  const created = await staff.delivery.batchCreateSlots({ slots: [
    { zoneId: zone.id, startTime: start, endTime: new Date(start.getTime() + 2 * 3600 * 1000), capacity },
  ] });
  return created.slots[0];
}

test('the demo zones resolve and their slots page with for await', async () => {
  const zone = await staff.delivery.resolveZone({ address: { postcode: 'sw1a 2hq' } });
  assert.equal(zone.name, 'Central London');
  let count = 0;
  let last = null;
  for await (const slot of staff.delivery.listSlots({ zoneId: zone.id, onlyAvailable: true, pageSize: 25 })) {
    assert.ok(last === null || slot.startTime >= last, 'by start time');
    last = slot.startTime;
    count += 1;
  }
  assert.ok(count >= 7 * 13, `two weeks of seven daily windows, got ${count}`);
});

test('a hold becomes the booking; a full slot and another user\'s hold reject with reasons', async () => {
  const slot = await newSlot(1);
  const ada = await customer();
  const eve = await customer();
  try {
    const adasCart = await ada.orders.createCart({ requestId: randomUUID() });
    const evesCart = await eve.orders.createCart({ requestId: randomUUID() });
    await assert.rejects(eve.delivery.holdSlot({ slotId: slot.id, cartId: adasCart.id }),
      (error) => error instanceof MercatoError && error.code === 'NOT_FOUND');
    const held = await ada.delivery.holdSlot({ slotId: slot.id, cartId: adasCart.id });
    assert.equal(held.slot.remaining, 0);
    await assert.rejects(eve.delivery.getSlotHold(held.hold.id),
      (error) => error instanceof MercatoError && error.code === 'NOT_FOUND');
    await assert.rejects(eve.delivery.holdSlot({ slotId: slot.id, cartId: evesCart.id }),
      (error) => error instanceof MercatoError && error.reason === 'SLOT_FULL');
    const booked = await staff.delivery.bookSlot({ slotId: slot.id, orderId: 'order-ada', holdId: held.hold.id });
    assert.equal(booked.slot.booked, 1);
    assert.equal(booked.slot.held, 0);
    assert.equal((await ada.delivery.getSlotHold(held.hold.id)).state, 'BOOKED');
  } finally {
    await ada.close();
    await eve.close();
  }
});
