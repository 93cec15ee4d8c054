'use strict';
// Lists against a live seeded mercatod: listProducts walks every page once, lazily (counted by
// the server's own log of the requests it received), pages() gives the server's pages, and
// listCategories gives the tree.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client, Listing } = require('../../bindings/node');
const { startMercatod } = require('./support/mercatod');
const { pollUntil } = require('./support/poll');

let server;
let client;
let dairy; // the "Dairy & Eggs" root category of the demo catalog
let dairyTree; // its id and its descendants' ids

before(async () => {
  server = await startMercatod({ traceRequests: true });
  client = new Client({ endpoint: server.endpoint });
  const categories = await collect(client.catalog.listCategories());
  dairy = categories.find((c) => c.slug === 'dairy-eggs');
  assert.ok(dairy, 'the demo catalog has a dairy-eggs category');
  dairyTree = new Set(categories.filter((c) => c.id === dairy.id || c.ancestorIds.includes(dairy.id)).map((c) => c.id));
});

after(async () => {
  await client?.close();
  await server?.stop();
});

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

// Waits until the server has logged a request made after everything before it, so that request
// counts read afterwards are complete: a GetCategory that bypasses the local cache.
async function settleRequestLog() {
  const seen = server.requestCount('GetCategory');
  await client.catalog.getCategory(dairy.id, { bypassCache: true });
  assert.ok(await pollUntil(() => server.requestCount('GetCategory') > seen), 'the server logged the sentinel call');
}

test('for await over listProducts({pageSize: 7, categoryId}) yields every product of the category once', async () => {
  const products = await collect(client.catalog.listProducts({ pageSize: 7, categoryId: dairy.id }));
  const ids = products.map((p) => p.id);
  assert.ok(ids.length > 21, `the category spans several pages of 7 (${ids.length} products)`);
  assert.equal(new Set(ids).size, ids.length, 'no product comes twice');
  for (const product of products) assert.ok(dairyTree.has(product.categoryId), `${product.name} is under Dairy & Eggs`);
  const onePage = await collect(client.catalog.listProducts({ pageSize: 200, categoryId: dairy.id }));
  assert.deepEqual(ids, onePage.map((p) => p.id), 'the same products, in the same order, as one page of 200');
});

test('breaking after the first product fetches only the first page', async () => {
  await settleRequestLog();
  const before = server.requestCount('ListProducts');
  let first;
  for await (const product of client.catalog.listProducts({ pageSize: 7, categoryId: dairy.id })) {
    first = product;
    break;
  }
  assert.ok(first?.id, 'a product came');
  await settleRequestLog();
  assert.equal(server.requestCount('ListProducts') - before, 1, 'one ListProducts request reached the server');
});

test('pages() yields the server pages, one request each', async () => {
  await settleRequestLog();
  const before = server.requestCount('ListProducts');
  const pages = await collect(client.catalog.listProducts({ pageSize: 7, categoryId: dairy.id }).pages());
  await settleRequestLog();
  const requests = server.requestCount('ListProducts') - before;
  assert.ok(pages.length > 3);
  pages.slice(0, -1).forEach((page) => assert.equal(page.length, 7));
  assert.ok(pages.at(-1).length >= 1 && pages.at(-1).length <= 7);
  // A last page that is exactly full may still carry a token, costing one more (empty) request.
  assert.ok(requests === pages.length || requests === pages.length + 1, `${requests} requests for ${pages.length} pages`);
});

test('a listing iterated twice starts from the first page each time', async () => {
  const listing = client.catalog.listProducts({ pageSize: 10, query: 'milk' });
  assert.ok(listing instanceof Listing);
  const once = (await collect(listing)).map((p) => p.id);
  const twice = (await collect(listing)).map((p) => p.id);
  assert.ok(once.length > 10);
  assert.deepEqual(twice, once);
});

test('products are plain camelCase objects with Number money and short enum names', async () => {
  const {
    value: [product],
  } = await client.catalog.listProducts({ pageSize: 1, categoryId: dairy.id }).pages().next();
  assert.equal(product.status, 'ACTIVE');
  assert.equal(typeof product.version, 'number');
  assert.ok(product.createdAt instanceof Date);
  const [variant] = product.variants;
  assert.equal(typeof variant.price.amountMinor, 'number');
  assert.ok(Number.isInteger(variant.price.amountMinor) && variant.price.amountMinor > 0);
  assert.equal(variant.price.currencyCode, 'GBP');
  assert.ok(['EACH', 'GRAM', 'MILLILITRE'].includes(variant.unit));
  assert.deepEqual(await client.catalog.getProduct(product.id), product);
});

test('filters: price bounds and sort reach the server', async () => {
  const cheap = await collect(
    client.catalog.listProducts({ minPrice: 100, maxPrice: 150, currency: 'GBP', sort: 'PRICE_ASC', pageSize: 50 }),
  );
  assert.ok(cheap.length > 0);
  const cheapest = cheap.map((p) => Math.min(...p.variants.map((v) => v.price.amountMinor)));
  for (const price of cheapest) assert.ok(price >= 100 && price <= 150, `cheapest variant ${price} within bounds`);
  assert.deepEqual(cheapest, [...cheapest].sort((x, y) => x - y), 'ascending by price');
});

test('listCategories: the whole tree depth-first, the roots, and getCategory', async () => {
  const tree = await collect(client.catalog.listCategories({ pageSize: 5 }));
  const roots = await collect(client.catalog.listCategories({ parentId: '' }));
  assert.ok(roots.length > 3 && roots.every((c) => c.parentId === '' && c.ancestorIds.length === 0));
  assert.deepEqual(tree.filter((c) => c.parentId === '').map((c) => c.id), roots.map((c) => c.id));
  const seen = new Set();
  for (const category of tree) {
    if (category.parentId) assert.ok(seen.has(category.parentId), `${category.name} comes after its parent`);
    seen.add(category.id);
  }
  assert.deepEqual(await client.catalog.getCategory(dairy.id), dairy);
});
