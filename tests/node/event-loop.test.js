'use strict';
// Calls run off the main thread: timers keep firing while a many-page listing is in flight.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client } = require('../../bindings/node');
const { startMercatod } = require('./support/mercatod');

let server;
let client;

before(async () => {
  server = await startMercatod();
  client = new Client({ endpoint: server.endpoint, cache: false });
});

after(async () => {
  await client?.close();
  await server?.stop();
});

test('a setInterval keeps ticking while a listing of many pages is awaited', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  let products = 0;
  let pages = 0;
  try {
    // If a page fetch blocked the main thread, or resolved synchronously, this loop would run
    // start to end without the timer ever getting a turn.
    for await (const page of client.catalog.listProducts({ pageSize: 5 }).pages()) {
      pages++;
      products += page.length;
    }
  } finally {
    clearInterval(timer);
  }
  assert.ok(pages > 50, `${pages} pages`);
  assert.ok(products > 250, `${products} products`);
  assert.ok(ticks > 0, `the timer ticked ${ticks} times during ${pages} page fetches`);
});
