'use strict';
// What the Node suites share about customers: a client signed in as a newly registered one, and
// the matcher a rejection from the server is checked with.

const { randomUUID } = require('node:crypto');
const { Client, MercatoError } = require('../../../bindings/node');

// A new Client of `endpoint`, signed in as a new customer whose email starts with `name`.
async function signedInCustomer(endpoint, name = 'customer') {
  const client = new Client({ endpoint, cache: false });
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  await client.users.register({ email, password: 'Customer-Passw0rd-42' });
  await client.login(email, 'Customer-Passw0rd-42');
  return client;
}

// Matches a MercatoError with `code` (and `reason`, when given), for assert.rejects.
function hasCode(code, reason) {
  return (error) => error instanceof MercatoError && error.code === code && (!reason || error.reason === reason);
}

module.exports = { hasCode, signedInCustomer };
