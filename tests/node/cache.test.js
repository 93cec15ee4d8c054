'use strict';
// The SDK's local cache through the binding: repeated reads are hits, another client's change
// reaches this client's cache through the server's change stream, and cache: false turns it off.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client } = require('../../bindings/node');
const { startMercatod, STAFF_TOKEN } = require('./support/mercatod');
const { pollUntil } = require('./support/poll');

let server;
let reader;
let writer;
let productId;

before(async () => {
  server = await startMercatod();
  reader = new Client({ endpoint: server.endpoint });
  writer = new Client({ endpoint: server.endpoint, token: STAFF_TOKEN, cache: false });
  for await (const product of reader.catalog.listProducts({ query: 'yogurt', pageSize: 1 })) {
    productId = product.id;
    break;
  }
  assert.ok(productId);
});

after(async () => {
  await Promise.all([reader?.close(), writer?.close()]);
  await server?.stop();
});

test("a change made through a second client shows in the first client's cache", async (t) => {
  // The cache starts empty and drops everything once its change stream is up, so read until a
  // repeated read is answered from it.
  const hit = await pollUntil(async () => {
    await reader.catalog.getProduct(productId);
    return reader.catalog.cacheStats().hits > 0;
  });
  assert.ok(hit, 'a repeated read is a cache hit');
  const cached = await reader.catalog.getProduct(productId);
  const hitsBefore = reader.catalog.cacheStats().hits;

  const updated = await writer.catalog.updateProduct(productId, cached.version, { name: `${cached.name} (renamed)` });
  const started = Date.now();
  const seen = await pollUntil(async () => {
    const product = await reader.catalog.getProduct(productId);
    return product.name === updated.name ? product : null;
  });
  assert.ok(seen, 'the reader sees the new name within 5 s');
  assert.equal(seen.version, updated.version);
  assert.ok(reader.catalog.cacheStats().hits > hitsBefore, 'the reader kept reading from its cache');
  t.diagnostic(`the change reached the reader's cache after ${Date.now() - started} ms`);
});

test("a product set back to DRAFT leaves a customer's cache for every cached read", async () => {
  let product;
  for await (const found of reader.catalog.listProducts({ query: 'cheese', pageSize: 1 })) {
    product = found;
    break;
  }
  const sku = product.variants[0].sku;
  await reader.catalog.getProduct(product.id);
  await reader.catalog.getProductBySku(sku);
  await writer.catalog.updateProduct(product.id, product.version, { status: 'DRAFT' });

  const hidden = await pollUntil(() =>
    reader.catalog.getProduct(product.id).then(() => false, (error) => error.code === 'NOT_FOUND'));
  assert.ok(hidden, 'getProduct answers NOT_FOUND within 5 s, as the server does');
  await assert.rejects(reader.catalog.getProductBySku(sku), (error) => error.code === 'NOT_FOUND');
  const batch = await reader.catalog.batchGetProducts([product.id]);
  assert.deepEqual([batch.products.length, batch.missingIds], [0, [product.id]]);
});

test('a cache hit is the cached object itself, frozen', async () => {
  const first = await pollUntil(async () => {
    const product = await reader.catalog.getProduct(productId);
    const again = await reader.catalog.getProduct(productId);
    return product === again ? product : null;
  });
  assert.ok(first, 'two hits in a row hand out the same object');
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.variants) && Object.isFrozen(first.variants[0]));
  assert.throws(() => {
    first.name = 'changed';
  }, TypeError);
  assert.throws(() => first.variants.push({}), TypeError);
  const created = first.createdAt.getTime();
  assert.ok(first.createdAt instanceof Date);
  assert.throws(() => first.createdAt.setTime(0), TypeError);
  assert.throws(() => first.createdAt.setFullYear(1900), TypeError);
  const again = await reader.catalog.getProduct(productId);
  assert.notEqual(again.name, 'changed');
  assert.equal(again.createdAt.getTime(), created);

  const sku = first.variants[0].sku;
  const bySku = await pollUntil(async () => {
    const found = await reader.catalog.getProductBySku(sku);
    return found === (await reader.catalog.getProductBySku(sku)) ? found : null;
  });
  assert.ok(bySku, 'two SKU hits in a row hand out the same object');
  assert.equal(bySku.product.id, productId);
  assert.ok(Object.isFrozen(bySku.product));
});

test('cache: false asks the server every time', async () => {
  const uncached = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await uncached.catalog.getProduct(productId);
    await uncached.catalog.getProduct(productId);
    assert.deepEqual(uncached.catalog.cacheStats(), { hits: 0, misses: 0, evictions: 0, expirations: 0, size: 0 });
  } finally {
    await uncached.close();
  }
});
