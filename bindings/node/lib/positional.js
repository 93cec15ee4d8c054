'use strict';
// The arguments of a generated method whose RPC has a signature (option (signature) in the
// contract): `(request, callOptions)` as for every method, or the signature's field values in
// order followed by the call options, e.g. `getAddress('addr-1')`,
// `deleteAddress('addr-1', 3, { deadlineMs: 500 })`.

/**
 * @param {unknown[]} args what the method was called with
 * @param {string[]} names the signature's fields, camelCase, in order
 * @param {string} method the method's name, for error messages
 * @returns {[object | undefined, object | undefined]} the request and the call options
 * @throws {TypeError} when field values are given but not exactly one per signature field
 */
function positional(args, names, method) {
  const [first] = args;
  if (first === undefined || first === null || typeof first === 'object') return [first, args[1]];
  if (args.length < names.length || args.length > names.length + 1) {
    throw new TypeError(`${method} takes (request, callOptions?) or (${names.join(', ')}, callOptions?); ` +
                        `${args.length} argument(s) given`);
  }
  const request = {};
  names.forEach((name, i) => { request[name] = args[i]; });
  return [request, args[names.length]];
}

module.exports = { positional };
