'use strict';
// Loads the compiled addon (built into build/Release by `npm install`, i.e. cmake-js).

const path = require('node:path');

module.exports = require(path.join(__dirname, '..', 'build', 'Release', 'mercato_native.node'));
