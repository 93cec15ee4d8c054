'use strict';
// Starts a real mercatod child process on a free loopback port for the Node suites (and the
// benchmark): `--listen 127.0.0.1:0` (or another local address), a fresh data directory, then waits
// for its "mercatod listening on port N" line. MERCATOD names the binary (default: the CMake build's).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const REPO = path.resolve(__dirname, '..', '..', '..');
const MERCATOD = process.env.MERCATOD || path.join(REPO, 'build', 'cmake', 'server', 'app', 'mercatod');
const STAFF_TOKEN = 'node-suite-staff-token';
// gRPC core's HPACK parser tracer logs each received header, e.g.
// "HTTP:1:HDR:SVR: :path: /mercato.v1.CatalogService/ListProducts".
const REQUEST_TRACE = { GRPC_TRACE: 'chttp2_hpack_parser', GRPC_VERBOSITY: 'debug' };

class RunningServer {
  constructor(child, host, port, dataDir, output) {
    this.child = child;
    this.port = port;
    this.endpoint = `${host}:${port}`;
    this.dataDir = dataDir;
    this.output = output;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  // Everything mercatod wrote to stderr so far.
  stderr() {
    return this.output.stderr.join('');
  }

  // How many CatalogService `method` calls the server has received so far, from its own log of
  // each request's :path header (needs startMercatod({traceRequests: true})).
  requestCount(method) {
    const needle = `:path: /mercato.v1.CatalogService/${method}\n`;
    return this.stderr().split(needle).length - 1;
  }

  // SIGTERM, then waits for the exit (SIGKILL after 15 s); removes the data directory.
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15000);
      await this.exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * @param {object} [options]
 * @param {string[]} [options.args] extra flags, e.g. ['--no-seed']
 * @param {Record<string, string>} [options.env] extra environment variables
 * @param {boolean} [options.traceRequests] have gRPC log every request's headers (see requestCount)
 * @param {string} [options.host] the IPv4 address to listen on (default 127.0.0.1)
 * @returns {Promise<RunningServer>}
 */
async function startMercatod({ args = [], env = {}, traceRequests = false, host = '127.0.0.1' } = {}) {
  if (!fs.existsSync(MERCATOD)) throw new Error(`${MERCATOD} is missing: build first (scripts/build.sh)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mercato-node-'));
  const child = spawn(MERCATOD, ['--listen', `${host}:0`, '--data-dir', dataDir, '--service-token', STAFF_TOKEN, ...args], {
    env: { ...process.env, ...(traceRequests ? REQUEST_TRACE : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: [], stderr: [] };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => output.stderr.push(chunk));
  const port = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output.stdout.push(line);
      const match = /^mercatod listening on port (\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`mercatod exited (${code}) before listening:\n${output.stdout.join('\n')}\n${output.stderr.join('')}`)),
    );
    child.once('error', reject);
  });
  child.unref();
  return new RunningServer(child, host, port, dataDir, output);
}

module.exports = { startMercatod, STAFF_TOKEN, REPO, MERCATOD };
