'use strict';
// Loads the compiled addon (built into build/Release by `npm install`, i.e. cmake-js).
//
// Node's official builds carry their own c-ares, OpenSSL and zlib and export them from the
// executable, which the dynamic linker searches first: loaded the ordinary way, the system
// libgrpc under the addon would call Node's c-ares 1.34 as if it were the c-ares it was built
// against, and resolve no host name but "localhost" (which gRPC answers itself). RTLD_DEEPBIND
// makes the addon and the libraries it brings (libgrpc, libcares, libssl, ...) look up symbols
// among themselves before the executable, so gRPC runs on the libraries it was linked with.
// One consequence: deep-bound code must not write to std::cout or std::cerr, whose constructed
// copies live in the node executable.

const os = require('node:os');
const path = require('node:path');

const { RTLD_LAZY, RTLD_DEEPBIND } = os.constants.dlopen;
const flags = RTLD_DEEPBIND === undefined ? RTLD_LAZY : RTLD_LAZY | RTLD_DEEPBIND;

const addon = { exports: {} };
process.dlopen(addon, path.join(__dirname, '..', 'build', 'Release', 'mercato_native.node'), flags);
module.exports = addon.exports;
