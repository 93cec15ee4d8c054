'use strict';
// Client.login / logout / loggedIn / me against a live mercatod with a bootstrapped staff account:
// the session is client state that catalog calls carry once logged in and lose on logout; a wrong
// password rejects with UNAUTHENTICATED and leaves the client logged out.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');
const { startMercatod } = require('./support/mercatod');

const STAFF_EMAIL = 'ops@mercato.example';
const STAFF_PASSWORD = 'Staff-Passw0rd-for-tests';

let server;

before(async () => {
  server = await startMercatod({ args: ['--no-seed', '--bootstrap-staff', `${STAFF_EMAIL}:${STAFF_PASSWORD}`] });
});

after(async () => {
  await server?.stop();
});

function unauthenticated(error) {
  return error instanceof MercatoError && error.code === 'UNAUTHENTICATED';
}

test('login authenticates catalog calls, me() names the account, logout forgets the session', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  try {
    assert.equal(client.loggedIn, false);
    await assert.rejects(client.catalog.createCategory({ name: 'Before login', slug: 'before-login' }), unauthenticated);

    await client.login(STAFF_EMAIL, STAFF_PASSWORD);
    assert.equal(client.loggedIn, true);
    const created = await client.catalog.createCategory({ name: 'After login', slug: 'after-login' });
    assert.equal(created.name, 'After login');

    const me = await client.me();
    assert.equal(me.email, STAFF_EMAIL);
    assert.ok(me.id);
    assert.ok(me.roles.includes('STAFF'), `roles: ${me.roles}`);

    await client.logout();
    assert.equal(client.loggedIn, false);
    await assert.rejects(client.catalog.createCategory({ name: 'After logout', slug: 'after-logout' }), unauthenticated);
    await assert.rejects(client.me(), unauthenticated);
  } finally {
    await client.close();
  }
});

test('a wrong password rejects with UNAUTHENTICATED and leaves the client logged out', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await assert.rejects(client.login(STAFF_EMAIL, 'not-the-password'), unauthenticated);
    assert.equal(client.loggedIn, false);
    await assert.rejects(client.catalog.createCategory({ name: 'Anonymous', slug: 'anonymous' }), unauthenticated);
  } finally {
    await client.close();
  }
});
