'use strict';
// A client reaches mercatod by a host name that gRPC must resolve through DNS (/etc/hosts and
// resolvers): not "localhost", which gRPC answers without resolving, and not an IP literal. Loaded
// the ordinary way, the addon's gRPC would resolve through Node's own c-ares and the call would
// wait out its deadline (see bindings/node/lib/native.js).

const assert = require('node:assert/strict');
const dns = require('node:dns/promises');
const net = require('node:net');
const os = require('node:os');
const { after, before, test } = require('node:test');
const { Client } = require('../../bindings/node');
const { startMercatod, STAFF_TOKEN } = require('./support/mercatod');

// MERCATO_TEST_HOSTNAME names another host name of this machine when its own does not resolve.
const HOST_NAME = process.env.MERCATO_TEST_HOSTNAME || os.hostname();

let server;

before(async () => {
  const { address } = await dns.lookup(HOST_NAME, { family: 4 }).catch((error) => {
    throw new Error(`${HOST_NAME} does not resolve (${error.code}); set MERCATO_TEST_HOSTNAME to a name of this machine`);
  });
  server = await startMercatod({ args: ['--no-seed'], host: address });
});

after(async () => {
  await server?.stop();
});

test('a client connects by host name and its calls succeed', { timeout: 30000 }, async () => {
  assert.equal(net.isIP(HOST_NAME), 0, `${HOST_NAME} is an IP address, not a name`);
  assert.notEqual(HOST_NAME.toLowerCase(), 'localhost');

  // One attempt of 5 s: a resolver that never answers fails the call with DEADLINE_EXCEEDED.
  const client = new Client({ endpoint: `${HOST_NAME}:${server.port}`, token: STAFF_TOKEN, cache: false, timeoutMs: 5000, retries: 0 });
  try {
    const created = await client.catalog.createCategory({ name: 'Reached by name', slug: 'reached-by-name' });
    const read = await client.catalog.getCategory(created.id);
    assert.equal(read.name, 'Reached by name');
  } finally {
    await client.close();
  }
});
