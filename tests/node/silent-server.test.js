'use strict';
// Calls waiting on the network hold no libuv pool thread: with 64 calls pending against a server
// that accepts connections and never answers, fs.readFile (which needs a pool thread) still
// completes, and only afterwards do the calls fail with their deadline. Checked on 127.0.0.1 and
// on a host name that gRPC resolves through DNS.

const assert = require('node:assert/strict');
const dns = require('node:dns/promises');
const fs = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const { test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');

// MERCATO_TEST_HOSTNAME names another host name of this machine when its own does not resolve.
const HOST_NAME = process.env.MERCATO_TEST_HOSTNAME || os.hostname();
const PENDING_CALLS = 64;
const READS = 8;
// Long enough that every read finishes while the calls still wait; one attempt each.
const CALL_OPTIONS = { timeoutMs: 3000 };

// A TCP server on `host` that accepts every connection and never writes a byte.
async function startSilentServer(host) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    port: server.address().port,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// One of each kind of call the addon makes: unary catalog, inventory and session calls, and a
// list page.
function startCall(client, i) {
  switch (i % 4) {
    case 0:
      return client.catalog.getProduct(`01SILENT${i}`, CALL_OPTIONS);
    case 1:
      return client.inventory.getStock(`SKU-${i}`, 'dc1', CALL_OPTIONS);
    case 2:
      return client.me(CALL_OPTIONS);
    default:
      return client.catalog.listProducts({ pageSize: 5 }, CALL_OPTIONS).pages().next();
  }
}

async function checkReadsWhileCallsPend(endpoint) {
  const client = new Client({ endpoint, cache: false, retries: 0 });
  const outcomes = [];
  let settled = 0;
  try {
    const calls = Array.from({ length: PENDING_CALLS }, (_, i) =>
      startCall(client, i).then(
        (value) => outcomes.push({ value }),
        (error) => outcomes.push({ error }),
      ).finally(() => settled++),
    );

    const settledAtEachRead = [];
    for (let i = 0; i < READS; i++) {
      await fs.readFile(__filename);
      settledAtEachRead.push(settled);
    }
    assert.deepEqual(settledAtEachRead, new Array(READS).fill(0), 'calls settled before the reads were done');

    await Promise.all(calls);
    assert.equal(outcomes.length, PENDING_CALLS);
    for (const outcome of outcomes) {
      assert.ok(outcome.error instanceof MercatoError, `a MercatoError, got ${JSON.stringify(outcome)}`);
      assert.ok(['DEADLINE_EXCEEDED', 'UNAVAILABLE'].includes(outcome.error.code), outcome.error.message);
    }
  } finally {
    await client.close();
  }
}

test('fs.readFile completes while 64 calls wait on a silent server at 127.0.0.1', { timeout: 120000 }, async () => {
  const silent = await startSilentServer('127.0.0.1');
  try {
    await checkReadsWhileCallsPend(`127.0.0.1:${silent.port}`);
  } finally {
    await silent.stop();
  }
});

test('fs.readFile completes while 64 calls wait on a silent server reached by host name', { timeout: 120000 }, async () => {
  const { address } = await dns.lookup(HOST_NAME, { family: 4 });
  assert.equal(net.isIP(HOST_NAME), 0, `${HOST_NAME} is an IP address, not a name`);
  const silent = await startSilentServer(address);
  try {
    await checkReadsWhileCallsPend(`${HOST_NAME}:${silent.port}`);
  } finally {
    await silent.stop();
  }
});
