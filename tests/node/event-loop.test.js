'use strict';
// Calls run off the main thread: timers keep firing while a many-page listing is in flight, and a
// closed client leaves nothing behind that keeps the process alive.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
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

test('a process whose calls have settled and whose client is closed exits on its own', async () => {
  // A child that makes every kind of call (a miss, a cache hit, a failure, a list page), closes
  // the client and returns from its script: it exits only if no handle of the addon is left open.
  const script = `
    const { Client } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'bindings', 'node'))});
    (async () => {
      const client = new Client({ endpoint: ${JSON.stringify(server.endpoint)} });
      const [page] = await client.catalog.listProducts({ pageSize: 1 }).pages().next().then((r) => [r.value]);
      await client.catalog.getProduct(page[0].id);
      await client.catalog.getProduct(page[0].id);
      await client.catalog.getProduct('01NOSUCHPRODUCT000000000000').catch(() => {});
      await client.close();
      console.log('closed');
    })();
  `;
  const { stdout } = await new Promise((resolve, reject) => {
    // The timeout only ends a child that would otherwise never exit; the assertion is the exit itself.
    execFile(process.execPath, ['-e', script], { timeout: 60000 }, (error, out, err) =>
      error ? reject(Object.assign(error, { stderr: err })) : resolve({ stdout: out }),
    );
  });
  assert.equal(stdout.trim(), 'closed');
});
