'use strict';
// client.inventory against a live mercatod, with the staff token (stock changes and reservations
// are staff-only): a receipt, reservations committed and released, short stock as a MercatoError
// with per-item availability, version conflicts, and for-await over movements and stock.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');
const { startMercatod, STAFF_TOKEN } = require('./support/mercatod');

const LOCATION = 'node-wh-1';
let server;
let inventory;
let staff;
let sequence = 0;

before(async () => {
  server = await startMercatod({ args: ['--no-seed'] });
  staff = new Client({ endpoint: server.endpoint, token: STAFF_TOKEN });
  inventory = staff.inventory;
});

after(async () => {
  await staff?.close();
  await server?.stop();
});

function newSku(name) {
  sequence += 1;
  return `NODE-${name}-${sequence}`;
}

async function collect(listing) {
  const items = [];
  for await (const item of listing) items.push(item);
  return items;
}

test('a receipt, then reservations committed and released', async () => {
  const sku = newSku('OATS');
  assert.equal((await inventory.getStock(sku, LOCATION)).version, 0);

  const { stockItem, movement } = await inventory.adjustStock({ sku, locationId: LOCATION, delta: 10, reason: 'note 1' });
  assert.deepEqual([stockItem.onHand, stockItem.reserved, stockItem.available], [10, 0, 10]);
  assert.deepEqual([movement.kind, movement.quantity], ['RECEIPT', 10]);

  const kept = await inventory.reserve({ lines: [{ sku, locationId: LOCATION, quantity: 3 }], ttlMs: 600000 });
  const givenBack = await inventory.reserve({ lines: [{ sku, locationId: LOCATION, quantity: 2n }], orderId: 'node-order-1' });
  assert.equal(kept.state, 'ACTIVE');
  assert.ok(kept.expiresAt instanceof Date);
  assert.equal(givenBack.orderId, 'node-order-1');
  assert.equal((await inventory.getStock(sku, LOCATION)).reserved, 5);

  assert.equal((await inventory.commitReservation(kept.id)).state, 'COMMITTED');
  assert.equal((await inventory.releaseReservation(givenBack.id)).state, 'RELEASED');
  assert.equal((await inventory.getReservation(kept.id)).state, 'COMMITTED');

  const stock = await inventory.getStock(sku, LOCATION);
  assert.deepEqual([stock.onHand, stock.reserved, stock.available], [7, 0, 7]);
});

test('short stock rejects with what each short item has, and holds nothing', async () => {
  const plenty = newSku('RICE');
  const scarce = newSku('SAFFRON');
  await inventory.adjustStock({ sku: plenty, locationId: LOCATION, delta: 50 });
  await inventory.adjustStock({ sku: scarce, locationId: LOCATION, delta: 2 });

  await assert.rejects(
    inventory.reserve({
      lines: [
        { sku: plenty, locationId: LOCATION, quantity: 5 },
        { sku: scarce, locationId: LOCATION, quantity: 3 },
      ],
    }),
    (error) => {
      assert.ok(error instanceof MercatoError);
      assert.equal(error.code, 'FAILED_PRECONDITION');
      assert.equal(error.reason, 'OUT_OF_STOCK');
      assert.deepEqual(error.metadata, { [`${scarce}@${LOCATION}`]: '2' });
      return true;
    },
  );
  assert.equal((await inventory.getStock(plenty, LOCATION)).reserved, 0);
});

test('a stale version is a conflict unless retries were asked for', async () => {
  const sku = newSku('FLOUR');
  const { stockItem: first } = await inventory.adjustStock({ sku, locationId: LOCATION, delta: 5, expectedVersion: 0 });

  await assert.rejects(inventory.adjustStock({ sku, locationId: LOCATION, delta: 5, expectedVersion: 0 }), (error) => {
    assert.equal(error.code, 'ABORTED');
    assert.equal(error.reason, 'VERSION_MISMATCH');
    assert.equal(error.metadata.current_version, String(first.version));
    return true;
  });
  await assert.rejects(
    inventory.adjustStock({ sku, locationId: LOCATION, delta: 1, expectedVersion: 1, conflictRetries: 2 }),
    TypeError,
  );

  const { stockItem } = await inventory.adjustStock({
    sku, locationId: LOCATION, delta: -1, kind: 'ADJUSTMENT', reason: 'damaged', conflictRetries: 3,
  });
  assert.deepEqual([stockItem.onHand, stockItem.version], [4, first.version + 1]);
});

test('for await walks the movements, newest first, and the stock of a location', async () => {
  const sku = newSku('EGGS');
  const since = new Date(Date.now() - 60000);
  await inventory.adjustStock({ sku, locationId: LOCATION, delta: 12, reason: 'delivery' });
  await inventory.adjustStock({ sku, locationId: LOCATION, delta: -2, kind: 'ADJUSTMENT', reason: 'broken' });
  const reservation = await inventory.reserve({ lines: [{ sku, locationId: LOCATION, quantity: 4 }] });
  await inventory.commitReservation(reservation.id);

  const movements = await collect(inventory.listMovements({ sku, createdAfter: since, pageSize: 2 }));
  assert.deepEqual(movements.map((m) => m.kind), ['COMMIT', 'RESERVATION', 'ADJUSTMENT', 'RECEIPT']);
  assert.deepEqual(movements.map((m) => m.quantity), [4, 4, -2, 12]);
  assert.ok(movements.every((m) => m.createdAt instanceof Date));
  const onReservation = await collect(inventory.listMovements({ reservationId: reservation.id }));
  assert.deepEqual(onReservation.map((m) => m.kind), ['COMMIT', 'RESERVATION']);

  const location = `node-shop-${sequence}`;
  const skus = [newSku('A'), newSku('B'), newSku('C')].sort();
  for (const [i, each] of skus.entries()) await inventory.adjustStock({ sku: each, locationId: location, delta: i + 1 });
  const stock = await collect(inventory.listStock({ locationId: location, pageSize: 2 }));
  assert.deepEqual(stock.map((item) => item.sku), skus);
  const low = await collect(inventory.listStock({ locationId: location, lowStockThreshold: 1 }));
  assert.deepEqual(low.map((item) => item.available), [1]);
  const batch = await inventory.batchGetStock([{ sku: skus[2], locationId: location }, { sku: skus[0], locationId: location }]);
  assert.deepEqual(batch.map((item) => item.onHand), [3, 1]);
});

test('calls after close() reject', async () => {
  const client = new Client({ endpoint: server.endpoint, token: STAFF_TOKEN });
  await client.close();
  await assert.rejects(client.inventory.getStock('A', LOCATION), MercatoError);
});
