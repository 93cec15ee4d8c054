'use strict';
// MessageStream: the result of a server-streaming call. `for await (const message of stream)`
// reads each message as the server sends it and cancels the call when the loop ends early;
// `await stream.next()` reads one (null once the stream has ended); close() cancels the call.
// A stream is read once: it is not restarted by a second loop.

class MessageStream {
  #cursor;

  /** @param {{next(): Promise<object | null>, close(): void}} cursor the native StreamCursor */
  constructor(cursor) {
    this.#cursor = cursor;
  }

  async next() {
    return this.#cursor.next();
  }

  close() {
    this.#cursor.close();
  }

  async *[Symbol.asyncIterator]() {
    try {
      for (;;) {
        const message = await this.#cursor.next();
        if (message === null) return;
        yield message;
      }
    } finally {
      this.#cursor.close();
    }
  }
}

module.exports = { MessageStream };
