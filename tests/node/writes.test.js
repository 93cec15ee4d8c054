'use strict';
// Staff writes through the binding round-trip every field kind: create (BigInt input, maps,
// enums, nested variants), read by id, SKU and batch, partial update with a cleared field,
// archive, and category creation.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');
const { startMercatod, STAFF_TOKEN } = require('./support/mercatod');

let server;
let staff;
let category;

before(async () => {
  server = await startMercatod({ args: ['--no-seed'] });
  staff = new Client({ endpoint: server.endpoint, token: STAFF_TOKEN });
  category = await staff.catalog.createCategory({ name: 'Test Aisle', slug: 'test-aisle' });
});

after(async () => {
  await staff?.close();
  await server?.stop();
});

function newProduct(suffix, amountMinor) {
  return {
    categoryId: category.id,
    name: `Oat Drink ${suffix}`,
    slug: `oat-drink-${suffix}`,
    description: 'Barista edition',
    brand: 'Test Farm',
    attributes: { organic: 'true' },
    status: 'ACTIVE',
    variants: [
      {
        sku: `OAT-${suffix}-1L`,
        name: '1 l',
        price: { amountMinor, currencyCode: 'GBP' },
        unit: 'MILLILITRE',
        unitQuantity: 1000,
        attributes: { size: '1 l' },
      },
    ],
  };
}

test('createCategory and getCategory round-trip', async () => {
  assert.equal(category.parentId, '');
  assert.equal(category.version, 1);
  const child = await staff.catalog.createCategory({ name: 'Sub Aisle', slug: 'sub-aisle', parentId: category.id, position: 2 });
  assert.deepEqual(child.ancestorIds, [category.id]);
  assert.deepEqual(await staff.catalog.getCategory(child.id), child);
});

test('createProduct, then read it by id, by SKU and in a batch', async () => {
  const created = await staff.catalog.createProduct(newProduct('a', 189n));
  assert.equal(created.name, 'Oat Drink a');
  assert.equal(created.status, 'ACTIVE');
  assert.deepEqual(created.attributes, { organic: 'true' });
  const [variant] = created.variants;
  assert.deepEqual(variant.price, { amountMinor: 189, currencyCode: 'GBP' });
  assert.equal(variant.compareAtPrice, null);
  assert.equal(variant.unit, 'MILLILITRE');
  assert.equal(variant.unitQuantity, 1000);

  assert.deepEqual(await staff.catalog.getProduct(created.id, { bypassCache: true }), created);
  const bySku = await staff.catalog.getProductBySku('OAT-a-1L');
  assert.equal(bySku.product.id, created.id);
  assert.equal(bySku.variantId, variant.id);
  const batch = await staff.catalog.batchGetProducts([created.id, '01NOSUCHPRODUCT000000000000']);
  assert.deepEqual(batch.products.map((p) => p.id), [created.id]);
  assert.deepEqual(batch.missingIds, ['01NOSUCHPRODUCT000000000000']);
});

test('updateProduct changes exactly the given fields; null clears one', async () => {
  const created = await staff.catalog.createProduct(newProduct('b', 200));
  const updated = await staff.catalog.updateProduct(created.id, BigInt(created.version), {
    name: 'Oat Drink b (new recipe)',
    description: null,
  });
  assert.equal(updated.version, created.version + 1);
  assert.equal(updated.name, 'Oat Drink b (new recipe)');
  assert.equal(updated.description, '');
  assert.equal(updated.brand, created.brand, 'fields not named stay');
  assert.deepEqual(updated.variants, created.variants);
});

test('archiveProduct withdraws the product', async () => {
  const created = await staff.catalog.createProduct(newProduct('c', 300));
  const archived = await staff.catalog.archiveProduct(created.id, created.version);
  assert.equal(archived.status, 'ARCHIVED');
  assert.equal((await staff.catalog.getProduct(created.id)).status, 'ARCHIVED');
});

// Amounts are bounded by the server (at most 999999999999 minor units, exact as a Number), so a
// larger one is refused before anything is stored, and no read can ever need a rounded Number.
test('an amount beyond the documented bound is refused by the server and nothing is stored', async () => {
  const huge = 2n ** 60n + 1n;
  await assert.rejects(staff.catalog.createProduct(newProduct('d', huge)), (error) => {
    assert.ok(error instanceof MercatoError, `${error}`);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.metadata.field, 'product.variants[0].price.amount_minor');
    return true;
  });
  await assert.rejects(staff.catalog.getProductBySku('OAT-d-1L'), (error) => error.code === 'NOT_FOUND');
});
