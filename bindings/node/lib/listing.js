'use strict';
// Listing: the result of a list call. `for await (const item of listing)` walks every item and
// `for await (const page of listing.pages())` every page; either fetches a page only when the
// previous one is used up. Each iteration starts from the first page.

class Listing {
  #open;
  #cursor;

  /** @param {() => {next(): Promise<object[]>}} open starts a native cursor (checks the filter) */
  constructor(open) {
    this.#open = open;
    this.#cursor = open();
  }

  async *pages() {
    const cursor = this.#cursor ?? this.#open();
    this.#cursor = undefined;
    for (;;) {
      const page = await cursor.next();
      if (page.length === 0) return;
      yield page;
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page;
  }
}

module.exports = { Listing };
