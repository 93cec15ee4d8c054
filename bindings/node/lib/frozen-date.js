'use strict';
// freezeDate: how a frozen result's Dates are frozen (a cache hit is one object shared by every
// caller). Object.freeze does not stop a Date's setters, so each date gets its own setters, which
// throw: no caller can move a date that another caller reads. They are not enumerable, so the
// date still equals a plain Date of the same time (assert.deepStrictEqual) and is a Date. Copy it
// to change it: new Date(date).

const THROWING_SETTERS = Object.fromEntries(
  Object.getOwnPropertyNames(Date.prototype)
    .filter((name) => name.startsWith('set'))
    .map((name) => [
      name,
      {
        value() {
          throw new TypeError(`Date.${name}: this date belongs to a frozen result shared by every caller; copy it first (new Date(date))`);
        },
      },
    ]),
);

function freezeDate(date) {
  Object.defineProperties(date, THROWING_SETTERS);
  return Object.freeze(date);
}

module.exports = { freezeDate };
