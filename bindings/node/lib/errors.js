'use strict';
// MercatoError: what every failed call rejects with. The same fields as the Python package's
// MercatoError, in camelCase; branch on `code` (gRPC's name) or `reason` (the server's stable
// UPPER_SNAKE identifier, e.g. 'VERSION_MISMATCH').

class MercatoError extends Error {
  /**
   * @param {string} message what the server (or the SDK) said
   * @param {object} fields code, grpcCode, reason, domain, metadata, requestId, retryAfterMs
   */
  constructor(message, fields) {
    super(`${fields.code}: ${message}`);
    this.name = 'MercatoError';
    this.code = fields.code;
    this.grpcCode = fields.grpcCode;
    this.reason = fields.reason;
    this.domain = fields.domain;
    this.metadata = fields.metadata;
    this.requestId = fields.requestId;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

module.exports = { MercatoError };
