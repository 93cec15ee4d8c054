'use strict';
// The typed example: `tsc` (strict, against the hand-written index.d.ts) compiles it without a
// diagnostic, and the compiled program browses a seeded mercatod and exits 0.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { promisify } = require('node:util');
const { startMercatod, REPO, STAFF_TOKEN } = require('./support/mercatod');

const run = promisify(execFile);
const EXAMPLES = path.join(REPO, 'examples', 'node');
const TSC = path.join(EXAMPLES, 'node_modules', '.bin', 'tsc');

let server;

before(async () => {
  server = await startMercatod();
});

after(async () => {
  await server?.stop();
});

test('tsc type-checks and compiles examples/node against index.d.ts', async () => {
  assert.ok(fs.existsSync(TSC), `${TSC} is missing: run scripts/node-env.sh`);
  fs.rmSync(path.join(EXAMPLES, 'dist'), { recursive: true, force: true });
  // noEmitOnError: a type error fails the run and leaves nothing to execute.
  const { stdout } = await run(TSC, ['-p', EXAMPLES, '--noEmitOnError'], { cwd: EXAMPLES }).catch((error) => {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  });
  assert.equal(stdout, '', 'no diagnostics');
  assert.ok(fs.existsSync(path.join(EXAMPLES, 'dist', 'browse-catalog.js')));
});

test('browse-catalog prints the category tree and priced "milk" results', async () => {
  const script = path.join(EXAMPLES, 'dist', 'browse-catalog.js');
  assert.ok(fs.existsSync(script), 'compiled by the test above');
  const { stdout } = await run(process.execPath, [script], {
    env: { ...process.env, MERCATO_ENDPOINT: server.endpoint },
  });
  assert.match(stdout, /^Categories$/m);
  assert.match(stdout, /^ {4}Milk$/m, 'Milk nested under Dairy & Eggs in the tree');
  const results = stdout.split('First page of "milk"')[1] ?? '';
  assert.match(results, /Milk .*£\d+\.\d\d/, 'a milk product with a price in pounds');
});

test('book-delivery-slot holds a slot for a new shopper and books it as the checkout service', async () => {
  const script = path.join(EXAMPLES, 'dist', 'book-delivery-slot.js');
  assert.ok(fs.existsSync(script), 'compiled by the first test');
  const { stdout } = await run(process.execPath, [script], {
    env: { ...process.env, MERCATO_ENDPOINT: server.endpoint, MERCATO_SERVICE_TOKEN: STAFF_TOKEN },
  });
  assert.match(stdout, /^SW1A 2HQ is in Central London: delivery £3\.99, minimum order £25\.00$/m);
  assert.equal(stdout.match(/ left$/gm)?.length, 5, 'five open slots listed');
  assert.match(stdout, /^held .* for cart \S+ until/m);
  const [, bookingId] = stdout.match(/^booked for order-\S+: booking (\S+), \d+ left in the slot$/m) ?? [];
  assert.ok(bookingId, 'booked');
  assert.match(stdout, new RegExp(`^released booking ${bookingId}: the example's order is not real$`, 'm'));
});

test('place-order checks a cart out and the shop takes the order to DELIVERED, capturing what was picked', async () => {
  const script = path.join(EXAMPLES, 'dist', 'place-order.js');
  assert.ok(fs.existsSync(script), 'compiled by the first test');
  const { stdout } = await run(process.execPath, [script], {
    env: { ...process.env, MERCATO_ENDPOINT: server.endpoint, MERCATO_SERVICE_TOKEN: STAFF_TOKEN },
  });
  assert.match(stdout, /^order M-\d{4}-\d{6}: PENDING, total £\d+\.\d\d$/m);
  assert.match(stdout, /^retried with the same requestId: same order, charged once$/m);
  const [, captured, authorized] = stdout.match(/^captured £(\d+\.\d\d) of £(\d+\.\d\d)$/m) ?? [];
  assert.equal(Math.round((Number(authorized) - Number(captured)) * 100), 40, 'the lighter pick captured 0.40 less');
  assert.match(stdout, /^order M-\d{4}-\d{6}: DELIVERED$/m);
  const moves = stdout.match(/ -> [A-Z]+ {2}by /gm) ?? [];
  assert.deepEqual(moves.map((move) => move.split(' ')[2]),
    ['PENDING', 'CONFIRMED', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED']);
  assert.match(stdout, /CONFIRMED -> PAID {2}by system:payments$/m);
});
