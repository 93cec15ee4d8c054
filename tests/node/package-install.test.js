'use strict';
// The package installs the way the README says: in a project of one's own, `npm install
// <checkout>/bindings/node` from a clean checkout (no node_modules, no build) builds the addon, and
// the project's require('mercato') talks to a real mercatod. The checkout is a copy of the files a
// fresh clone holds once the working tree is committed (git ls-files: tracked and untracked, not
// ignored). The addon links the SDK in build/install when it is there (as scripts/test.sh leaves
// it), else builds it from the checkout; CMAKE_PREFIX_PATH, when set, names another.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { after, before, test } = require('node:test');
const { REPO, startMercatod } = require('./support/mercatod');

const run = promisify(execFile);
const INSTALLED_SDK = path.join(REPO, 'build', 'install');

let work;

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mercato-npm-install-'));
});

after(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

async function cleanCheckout(destination) {
  const { stdout } = await run('git', ['-C', REPO, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    maxBuffer: 16 << 20,
  });
  for (const name of stdout.split('\0').filter(Boolean)) {
    const source = path.join(REPO, name);
    if (!fs.existsSync(source)) continue; // deleted in the working tree, still in the index
    fs.mkdirSync(path.dirname(path.join(destination, name)), { recursive: true });
    fs.copyFileSync(source, path.join(destination, name));
  }
  return destination;
}

function buildEnv() {
  const env = { ...process.env };
  if (!env.CMAKE_PREFIX_PATH && fs.existsSync(path.join(INSTALLED_SDK, 'lib', 'cmake', 'mercato', 'mercatoConfig.cmake'))) {
    env.CMAKE_PREFIX_PATH = INSTALLED_SDK;
  }
  return env;
}

const CONSUMER = `
const { Client } = require('mercato');
(async () => {
  const client = new Client({ endpoint: process.argv[2], cache: false });
  const names = [];
  for await (const category of client.catalog.listCategories()) names.push(category.name);
  await client.close();
  console.log(JSON.stringify({ loadedFrom: require.resolve('mercato'), names }));
})();
`;

test('npm install <checkout>/bindings/node from a clean checkout gives a working package', { timeout: 30 * 60 * 1000 }, async () => {
  const checkout = await cleanCheckout(path.join(work, 'checkout'));
  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'mercato-consumer', version: '1.0.0', private: true }));
  fs.writeFileSync(path.join(project, 'consumer.js'), CONSUMER);

  const packageDir = path.join(checkout, 'bindings', 'node');
  await run('npm', ['install', '--no-audit', '--no-fund', packageDir], { cwd: project, env: buildEnv(), maxBuffer: 64 << 20 });
  assert.ok(fs.existsSync(path.join(packageDir, 'build', 'Release', 'mercato_native.node')), 'the addon was not built');

  const server = await startMercatod();
  try {
    const { stdout } = await run(process.execPath, ['consumer.js', server.endpoint], { cwd: project, timeout: 60000 });
    const { loadedFrom, names } = JSON.parse(stdout);
    assert.equal(path.relative(fs.realpathSync(packageDir), fs.realpathSync(loadedFrom)), path.join('lib', 'index.js'));
    assert.ok(names.includes('Dairy & Eggs'), `categories: ${names}`);
  } finally {
    await server.stop();
  }
});
