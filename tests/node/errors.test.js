'use strict';
// Failures reject with MercatoError carrying the server's code, reason and metadata; bad
// arguments are TypeErrors; close() is harmless twice and later calls fail cleanly.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');
const { startMercatod, STAFF_TOKEN } = require('./support/mercatod');

let server;
let anonymous;
let staff;
let product; // a seeded product

before(async () => {
  server = await startMercatod();
  anonymous = new Client({ endpoint: server.endpoint });
  staff = new Client({ endpoint: server.endpoint, token: STAFF_TOKEN });
  for await (const p of anonymous.catalog.listProducts({ query: 'cheddar', pageSize: 1 })) {
    product = p;
    break;
  }
  assert.ok(product, 'the demo catalog has a cheddar');
});

after(async () => {
  await Promise.all([anonymous?.close(), staff?.close()]);
  await server?.stop();
});

// Asserts that `promise` rejects with a MercatoError of `code`, and returns the error.
async function rejectsWith(promise, code) {
  let error;
  await assert.rejects(promise, (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof MercatoError, `a MercatoError, got ${error}`);
  assert.ok(error instanceof Error);
  assert.equal(error.code, code, error.message);
  return error;
}

async function drain(listing) {
  for await (const item of listing) void item;
}

test('an unknown product id rejects with NOT_FOUND', async () => {
  const error = await rejectsWith(anonymous.catalog.getProduct('01NOSUCHPRODUCT000000000000'), 'NOT_FOUND');
  assert.equal(error.reason, 'NOT_FOUND');
  assert.equal(error.grpcCode, 5);
  assert.equal(error.domain, 'catalog');
  assert.equal(error.name, 'MercatoError');
  assert.match(error.message, /^NOT_FOUND: /);
  assert.equal(error.retryAfterMs, null);
  assert.equal(typeof error.requestId, 'string');
});

test('an unknown SKU rejects with NOT_FOUND', async () => {
  await rejectsWith(anonymous.catalog.getProductBySku('NO-SUCH-SKU'), 'NOT_FOUND');
});

test('minPrice above maxPrice rejects the listing with INVALID_ARGUMENT', async () => {
  const error = await rejectsWith(
    drain(anonymous.catalog.listProducts({ minPrice: 500, maxPrice: 100, currency: 'GBP' })),
    'INVALID_ARGUMENT',
  );
  assert.equal(error.grpcCode, 3);
  assert.ok(error.reason, 'with a reason');
});

test('a negative pageSize rejects the listing with INVALID_ARGUMENT', async () => {
  await rejectsWith(drain(anonymous.catalog.listProducts({ pageSize: -1 })), 'INVALID_ARGUMENT');
});

test('a stale expectedVersion rejects with ABORTED and metadata.current_version', async () => {
  const current = await staff.catalog.getProduct(product.id, { bypassCache: true });
  const updated = await staff.catalog.updateProduct(product.id, current.version, { brand: `${current.brand} Ltd` });
  assert.equal(updated.version, current.version + 1);
  const error = await rejectsWith(staff.catalog.updateProduct(product.id, current.version, { brand: 'Stale' }), 'ABORTED');
  assert.equal(error.reason, 'VERSION_MISMATCH');
  assert.equal(error.metadata.current_version, String(updated.version));
});

test('a write without a token rejects with UNAUTHENTICATED, asking to sign in', async () => {
  const error = await rejectsWith(anonymous.catalog.archiveProduct(product.id, product.version), 'UNAUTHENTICATED');
  assert.equal(error.grpcCode, 16);
  assert.equal(error.reason, 'SIGN_IN_REQUIRED');
  assert.equal((await anonymous.catalog.getProduct(product.id, { bypassCache: true })).status, 'ACTIVE');
});

test('an unreachable server rejects with UNAVAILABLE', async () => {
  const nowhere = new Client({ endpoint: '127.0.0.1:1', retries: 0, cache: false });
  try {
    await rejectsWith(nowhere.catalog.getProduct(product.id), 'UNAVAILABLE');
  } finally {
    await nowhere.close();
  }
});

test('arguments of the wrong type are TypeErrors', async () => {
  await assert.rejects(anonymous.catalog.getProduct(42), TypeError);
  await assert.rejects(anonymous.catalog.updateProduct(product.id, 1.5, { name: 'x' }), TypeError);
  await assert.rejects(anonymous.catalog.updateProduct(product.id, 1, { nope: 'x' }), /no such field/);
  await assert.rejects(anonymous.catalog.batchGetProducts(['a', 7]), TypeError);
  assert.throws(() => anonymous.catalog.listProducts({ categry: 'x' }), /no such field/);
  assert.throws(() => anonymous.catalog.listProducts({ sort: 'CHEAPEST' }), /not a ProductSort value/);
  assert.throws(() => new Client({ endpont: 'x' }), /unknown option 'endpont'/);
  assert.throws(() => new Client({ retries: -1 }), TypeError);
});

test('close() is harmless twice, and calls after it fail with CLIENT_CLOSED', async () => {
  const client = new Client({ endpoint: server.endpoint });
  const listing = client.catalog.listProducts({ pageSize: 2 });
  const inFlight = client.catalog.getProduct(product.id);
  await client.close();
  await client.close();
  assert.equal((await inFlight).id, product.id, 'a call in flight at close() still completes');
  const error = await rejectsWith(client.catalog.getProduct(product.id), 'FAILED_PRECONDITION');
  assert.equal(error.reason, 'CLIENT_CLOSED');
  await rejectsWith(drain(listing), 'FAILED_PRECONDITION');
  assert.throws(() => client.catalog.listProducts(), MercatoError);
  assert.throws(() => client.catalog.cacheStats(), MercatoError);
});
