'use strict';
// What a careless or hostile caller does must not crash the process: a worker thread ended with
// a call pending, a token no HTTP header can carry, a getter that closes the client while the
// arguments are read, and a sparse array as long as an array can be. Each case runs in a child
// process so that a crash shows as its exit status instead of ending the test runner.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');
const { startMercatod } = require('./support/mercatod');

const PACKAGE = path.resolve(__dirname, '../../bindings/node');

// Runs `source` in a fresh node process; returns {status, signal, stdout, stderr}.
function runChild(source) {
  const child = spawnSync(process.execPath, ['-e', source], {
    env: { ...process.env, MERCATO_PACKAGE: PACKAGE },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}

// A silent server (accepts, never answers) listening on 127.0.0.1, as JS source for a child.
const SILENT_SERVER = `
  const net = require('node:net');
  const silent = net.createServer((socket) => socket.on('error', () => {}));
  const listening = new Promise((resolve) => silent.listen(0, '127.0.0.1', () => resolve(silent.address().port)));
`;

test('a worker terminated while its call is pending leaves the process running', () => {
  const child = runChild(`
    const { Worker } = require('node:worker_threads');
    ${SILENT_SERVER}
    listening.then(async (port) => {
      const worker = new Worker(\`
        const { Client } = require(process.env.MERCATO_PACKAGE);
        const client = new Client({ endpoint: '127.0.0.1:${'${port}'}', cache: false });
        client.catalog.getProduct('p-1', { timeoutMs: 500 }).catch(() => {});
        require('node:worker_threads').parentPort.postMessage('calling');
      \`, { eval: true });
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      // The call's deadline passes after its worker is gone.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      silent.close();
      console.log('survived');
    });
  `);
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /survived/);
});

test('workers terminated while their answers arrive leave the process running', async () => {
  // The answers reach the worker's environment while it is being torn down, where every JS call
  // fails: the completions must be dropped, not thrown out of the native callback (an abort).
  const server = await startMercatod();
  try {
    const child = runChild(`
      const { Worker } = require('node:worker_threads');
      (async () => {
        for (let round = 0; round < 10; round++) {
          const worker = new Worker(\`
            const { Client } = require(process.env.MERCATO_PACKAGE);
            const client = new Client({ endpoint: '${server.endpoint}' });
            for (let i = 0; i < 100; i++) client.catalog.getProduct('p-' + i, { bypassCache: true }).catch(() => {});
            require('node:worker_threads').parentPort.postMessage('calling');
          \`, { eval: true });
          await new Promise((resolve) => worker.once('message', resolve));
          await worker.terminate();
        }
        console.log('survived');
      })();
    `);
    assert.equal(child.signal, null, child.stderr);
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /survived/);
  } finally {
    await server.stop();
  }
});

test('a token with a character no header can carry is a TypeError, not an abort', () => {
  const child = runChild(`
    const { Client } = require(process.env.MERCATO_PACKAGE);
    for (const token of ['service-token\\n', 'with space', 'caf\\u00e9', 'nul\\u0000']) {
      try {
        new Client({ endpoint: '127.0.0.1:1', token });
        console.log('accepted ' + JSON.stringify(token));
      } catch (error) {
        console.log(error instanceof TypeError ? 'TypeError' : 'other: ' + error);
      }
    }
  `);
  assert.equal(child.signal, null, child.stderr);
  assert.deepEqual(child.stdout.trim().split('\n'), ['TypeError', 'TypeError', 'TypeError', 'TypeError']);
});

test('a getter that closes the client while the arguments are read does not crash', () => {
  const child = runChild(`
    const { Client } = require(process.env.MERCATO_PACKAGE);
    ${SILENT_SERVER}
    listening.then(async (port) => {
      const client = new Client({ endpoint: '127.0.0.1:' + port, cache: false });
      const fields = { get name() { client.close(); return 'x'; } };
      const outcome = await client.catalog
        .updateProduct('p-1', 1, fields, { timeoutMs: 300 })
        .then(() => 'resolved', (error) => 'rejected ' + error.code);
      const other = new Client({ endpoint: '127.0.0.1:' + port, cache: false });
      const listing = other.inventory.listStock({ get locationId() { other.close(); return 'dc1'; } });
      console.log(outcome, typeof listing);
      silent.close();
    });
  `);
  assert.equal(child.signal, null, child.stderr);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /rejected/);
});

test('a sparse array as long as an array can be is a TypeError, not an allocation', () => {
  const child = runChild(`
    const { Client } = require(process.env.MERCATO_PACKAGE);
    const client = new Client({ endpoint: '127.0.0.1:1', cache: false });
    (async () => {
      for (const call of [() => client.inventory.batchGetStock(new Array(2 ** 32 - 1)),
                          () => client.catalog.batchGetProducts(new Array(2 ** 32 - 1))]) {
        try {
          await call();
          console.log('accepted');
        } catch (error) {
          console.log(error instanceof TypeError ? 'TypeError' : 'other: ' + error);
        }
      }
      client.close();
    })();
  `);
  assert.equal(child.signal, null, child.stderr);
  assert.deepEqual(child.stdout.trim().split('\n'), ['TypeError', 'TypeError']);
});
