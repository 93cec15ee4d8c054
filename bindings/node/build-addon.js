'use strict';
// The package's install step: builds the addon with cmake-js (arguments passed through, e.g.
// `build --parallel 2`). `npm install <checkout>/bindings/node` links the directory and installs
// none of its dependencies, so when cmake-js cannot be found from here this first installs the
// package's locked build dependencies (cmake-js, node-addon-api) into its own node_modules.

const { execFileSync } = require('node:child_process');

function findCmakeJs() {
  try {
    return require.resolve('cmake-js/bin/cmake-js', { paths: [__dirname] });
  } catch {
    return null;
  }
}

let cmakeJs = findCmakeJs();
if (cmakeJs === null) {
  // The npm running this script passes down where it installs (its project, or the global
  // prefix); this install belongs in the package's own directory.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_config_(prefix|global_prefix|local_prefix|global|globalconfig|location)$/i.test(name)),
  );
  execFileSync('npm', ['ci', '--prefix', __dirname, '--ignore-scripts', '--no-audit', '--no-fund'], { env, stdio: 'inherit' });
  cmakeJs = findCmakeJs();
}
execFileSync(process.execPath, [cmakeJs, ...process.argv.slice(2)], { cwd: __dirname, stdio: 'inherit' });
