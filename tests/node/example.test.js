'use strict';
// The typed example: `tsc` (strict, against the hand-written index.d.ts) compiles it without a
// diagnostic, and the compiled program browses a seeded mercatod and exits 0.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { promisify } = require('node:util');
const { startMercatod, REPO } = require('./support/mercatod');

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
