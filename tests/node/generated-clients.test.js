'use strict';
// The generated service clients (lib/services.js) against a live mercatod: UserService end to end
// (register, session, addresses, partial update, another customer's address answering NOT_FOUND),
// the services mercatod does not serve yet answering UNIMPLEMENTED, bad request keys rejecting
// with a TypeError, and calls after close(); plus the catalog's updateCategory and deleteCategory.

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { Client, MercatoError } = require('../../bindings/node');
const { startMercatod } = require('./support/mercatod');

const STAFF_EMAIL = 'ops@mercato.example';
const STAFF_PASSWORD = 'Staff-Passw0rd-for-tests';
const PASSWORD = 'Customer-Passw0rd-1';

let server;

before(async () => {
  server = await startMercatod({ args: ['--no-seed', '--bootstrap-staff', `${STAFF_EMAIL}:${STAFF_PASSWORD}`] });
});

after(async () => {
  await server?.stop();
});

function hasCode(code) {
  return (error) => error instanceof MercatoError && error.code === code;
}

async function collect(listing) {
  const items = [];
  for await (const item of listing) items.push(item);
  return items;
}

async function customer(name) {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  const email = `${name}-${process.pid}-${Date.now()}@example.com`;
  const user = await client.users.register({ email, password: PASSWORD, displayName: name });
  await client.login(email, PASSWORD);
  return { client, user };
}

const HOME = {
  label: 'Home',
  isDefault: true,
  address: { recipientName: 'Ada', line1: '1 Main St', city: 'London', postcode: 'N1 9GU', countryCode: 'GB' },
};

test('users: register, addresses and a partial update through the generated client', async () => {
  const { client, user } = await customer('ada');
  try {
    assert.equal(user.displayName, 'ada');
    assert.deepEqual(user.roles, ['CUSTOMER']);
    assert.ok(user.createdAt instanceof Date);

    const saved = await client.users.createAddress({ address: HOME });
    assert.equal(saved.userId, user.id);
    assert.equal(saved.address.postcode, 'N1 9GU');
    assert.equal(saved.isDefault, true);

    const listed = await collect(client.users.listAddresses({}));
    assert.deepEqual(listed.map((a) => a.id), [saved.id]);
    assert.deepEqual(await client.users.getAddress({ addressId: saved.id }), saved);

    const me = await client.users.getMe();
    const renamed = await client.users.updateMe({
      user: { displayName: 'Ada L.' },
      updateMask: { paths: ['display_name'] },
      expectedVersion: me.version,
    });
    assert.equal(renamed.displayName, 'Ada L.');
    assert.equal(renamed.version, me.version + 1);
    await assert.rejects(
      client.users.updateMe({ user: { displayName: 'stale' }, updateMask: { paths: ['display_name'] },
                              expectedVersion: me.version }),
      hasCode('ABORTED'));
  } finally {
    await client.close();
  }
});

test('a signature takes its fields as arguments before the call options', async () => {
  const { client } = await customer('mary');
  try {
    const saved = await client.users.createAddress({ address: HOME });
    assert.deepEqual(await client.users.getAddress(saved.id), saved);
    assert.deepEqual(await client.users.getAddress(saved.id, { timeoutMs: 5000 }), saved);
    await assert.rejects(client.users.getAddress(saved.id, {}, 'extra'),
                         (e) => e instanceof TypeError && /getAddress takes/.test(e.message));
    await assert.rejects(client.users.deleteAddress(saved.id), TypeError);
    await assert.rejects(client.users.deleteAddress(saved.id, saved.version + 1), hasCode('ABORTED'));
    assert.deepEqual(await client.users.getAddress(saved.id), saved);
    await client.users.deleteAddress(saved.id, saved.version);
    await assert.rejects(client.users.getAddress(saved.id), hasCode('NOT_FOUND'));
    await assert.rejects(client.delivery.getZone('zone-1'), hasCode('NOT_FOUND'));
  } finally {
    await client.close();
  }
});

test('text with a lone surrogate and a request that is no plain object are refused, not mangled', async () => {
  const { client } = await customer('lone');
  try {
    await assert.rejects(client.users.createAddress({ address: { ...HOME, label: 'home\ud800' } }),
                         (e) => e instanceof TypeError && /label: not well-formed text/.test(e.message));
    await assert.rejects(client.users.getAddress('\ud800'), (e) => e instanceof TypeError && /addressId/.test(e.message));
    await assert.rejects(client.catalog.getProduct('\udc00x'), (e) => e instanceof TypeError && /lone/.test(e.message));
    const saved = await client.users.createAddress({ address: { ...HOME, label: 'caf\u00e9 \ufffd \ud83d\ude00' } });
    assert.equal(saved.label, 'caf\u00e9 \ufffd \ud83d\ude00');
    for (const request of [new Date(), new Map([['addressId', saved.id]]), new Uint8Array(2)]) {
      await assert.rejects(client.users.getAddress(request), (e) => e instanceof TypeError && /plain object/.test(e.message));
    }
  } finally {
    await client.close();
  }
});

test('the generated login and logout change the client\'s session', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  const email = `session-${process.pid}-${Date.now()}@example.com`;
  try {
    await client.users.register({ email, password: PASSWORD, displayName: 'sam' });
    await client.users.login({ email, password: PASSWORD });
    assert.equal(client.loggedIn, true);
    assert.equal((await client.users.getMe()).email, email);
    await client.users.logout();
    assert.equal(client.loggedIn, false);
    await assert.rejects(client.users.getMe(), hasCode('UNAUTHENTICATED'));
  } finally {
    await client.close();
  }
});

test("another customer's address answers exactly like a missing one", async () => {
  const ada = await customer('owner');
  const eve = await customer('eve');
  try {
    const saved = await ada.client.users.createAddress({ address: HOME });
    const theirs = await eve.client.users.getAddress({ addressId: saved.id }).catch((e) => e);
    const missing = await eve.client.users.getAddress({ addressId: 'no-such-address' }).catch((e) => e);
    assert.ok(hasCode('NOT_FOUND')(theirs), String(theirs));
    assert.ok(hasCode('NOT_FOUND')(missing), String(missing));
    assert.deepEqual(await collect(eve.client.users.listAddresses()), []);
    await assert.rejects(eve.client.users.listUsers().pages().next(), hasCode('PERMISSION_DENIED'));
  } finally {
    await ada.client.close();
    await eve.client.close();
  }
});

test('services mercatod does not serve yet answer UNIMPLEMENTED', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await assert.rejects(client.analytics.getSalesReport({ granularity: 'DAY' }), hasCode('UNIMPLEMENTED'));
    await assert.rejects(client.analytics.getInventoryForecast({ locationId: 'dc1', horizonDays: 7 }),
      hasCode('UNIMPLEMENTED'));
  } finally {
    await client.close();
  }
});

test('a request with an unknown key or a value of the wrong type rejects with a TypeError naming it', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await assert.rejects(client.users.getAddress({ adressId: 'x' }), (e) => e instanceof TypeError && /adressId/.test(e.message));
    await assert.rejects(client.users.getAddress({ addressId: 7 }), TypeError);
    await assert.rejects(client.analytics.getSalesReport({ granularity: 'FORTNIGHT' }), TypeError);
    assert.throws(() => client.users.listAddresses({ pageSize: 'ten' }), TypeError);
  } finally {
    await client.close();
  }
});

test('after close(), generated unary calls reject and list calls throw', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  await client.close();
  await assert.rejects(client.users.getMe(), MercatoError);
  assert.throws(() => client.users.listAddresses(), MercatoError);
});

test('catalog: updateCategory changes exactly the given fields; deleteCategory removes it', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await client.login(STAFF_EMAIL, STAFF_PASSWORD);
    const created = await client.catalog.createCategory({ name: 'Dairy', slug: `dairy-${Date.now()}`, position: 3 });
    const renamed = await client.catalog.updateCategory(created.id, created.version, { name: 'Dairy & Eggs' });
    assert.equal(renamed.name, 'Dairy & Eggs');
    assert.equal(renamed.slug, created.slug);
    assert.equal(renamed.position, 3);
    await assert.rejects(client.catalog.deleteCategory(created.id, created.version), hasCode('ABORTED'));
    await client.catalog.deleteCategory(created.id, renamed.version);
    await assert.rejects(client.catalog.getCategory(created.id), hasCode('NOT_FOUND'));
  } finally {
    await client.close();
  }
});

test('server streams: for await reads the catalog changes, an early break cancels, unserved streams reject', async () => {
  const staff = new Client({ endpoint: server.endpoint, cache: false });
  const reader = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await staff.login(STAFF_EMAIL, STAFF_PASSWORD);
    const created = await staff.catalog.createCategory({ name: 'Bakery', slug: `bakery-${Date.now()}` });
    let seen = null;
    for await (const change of reader.catalog.watchChanges({ afterPosition: 0, aggregateTypes: ['category'] })) {
      if (change.event.aggregateId === created.id) {
        seen = change.event;
        break;  // ends the loop: the stream is cancelled
      }
    }
    assert.equal(seen?.aggregateType, 'category');

    const stream = reader.analytics.exportOrders({});
    await assert.rejects(stream.next(), hasCode('UNIMPLEMENTED'));
    assert.equal(await stream.next(), null);

    const open = reader.catalog.watchChanges();
    open.close();
    assert.equal(await open.next(), null);
    await reader.close();
    assert.throws(() => reader.catalog.watchChanges(), MercatoError);  // as list calls do after close()
  } finally {
    await staff.close();
    await reader.close();
  }
});

test("the client's close() ends its open streams: a pending read rejects with CANCELLED", async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  const stream = client.catalog.watchChanges();  // from now on: nothing arrives
  const pending = stream.next();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await client.close();
  await assert.rejects(pending, hasCode('CANCELLED'));
  assert.equal(await stream.next().catch((e) => e.code), 'FAILED_PRECONDITION');
});

test('enums are names in any case, never numbers; a Date or Map is no message', async () => {
  const client = new Client({ endpoint: server.endpoint, cache: false });
  try {
    await assert.rejects(client.analytics.getSalesReport({ granularity: 'day' }), hasCode('UNIMPLEMENTED'));
    for (const granularity of [1, 1.7, NaN]) {
      await assert.rejects(client.analytics.getSalesReport({ granularity }), TypeError);
    }
    for (const address of [new Date(), new Map([['label', 'x']]), new Set()]) {
      await assert.rejects(client.users.createAddress({ address }), (e) => e instanceof TypeError && /address/.test(e.message));
    }
  } finally {
    await client.close();
  }
});
