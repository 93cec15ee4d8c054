'use strict';
// GetProduct from Node against one seeded mercatod, same product id, each case side by side with
// its peer in the same run:
//   (a) mercato, served by the SDK's local cache,  vs  (d) Map.get of the same key, awaited alike
//       (BENCH_ITERATIONS x 100 sequential awaits each);
//   (b) mercato with the cache off (the SDK over gRPC)  vs  (c) a plain @grpc/grpc-js client, the
//       proto loaded by @grpc/proto-loader: sequential awaits (BENCH_ITERATIONS), then throughput
//       with 64 calls in flight (BENCH_ITERATIONS calls, at least 256).
// After a warm-up, the contenders take turns in BENCH_ROUNDS rounds (default 5), so that a busy
// machine slows all alike; prints the median round of each and the ratios. BENCH_ITERATIONS
// (default 10000) and BENCH_WARMUP (default 1000) set the counts. Start it with
// `bash bench/node/run.sh`.

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { Client } = require('mercato');
const { startMercatod, REPO } = require('../../tests/node/support/mercatod');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const HIT_FACTOR = 100;
const IN_FLIGHT = 64;

function plainGrpcGetProduct(endpoint) {
  const definition = protoLoader.loadSync('mercato/v1/catalog.proto', {
    includeDirs: [path.join(REPO, 'proto')],
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
  });
  const { CatalogService } = grpc.loadPackageDefinition(definition).mercato.v1;
  const stub = new CatalogService(endpoint, grpc.credentials.createInsecure());
  const getProduct = (productId) =>
    new Promise((resolve, reject) =>
      stub.GetProduct({ productId }, (error, response) => (error ? reject(error) : resolve(response.product))),
    );
  return { getProduct, close: () => stub.close() };
}

// Mean ns per call of `iterations` sequential awaits of `call`.
async function timeSequential(call, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await call();
  return Number(process.hrtime.bigint() - start) / iterations;
}

// Mean ns per call of `total` calls made by IN_FLIGHT concurrent callers (1e9 / ns = calls/s).
async function timeInFlight(call, total) {
  let started = 0;
  const caller = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, caller));
  return Number(process.hrtime.bigint() - start) / total;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

// The median ns/op of each named call over the rounds of `time(call)`, after WARMUP calls of each.
async function measure(calls, time) {
  for (const call of Object.values(calls)) for (let i = 0; i < WARMUP; i++) await call();
  const rounds = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(calls)) rounds[name].push(await time(call));
  }
  return Object.fromEntries(Object.entries(rounds).map(([name, xs]) => [name, median(xs)]));
}

async function main() {
  // The benchmark measures the call path, not the limiter: one client makes every call, so its
  // budget must outlast the run (the default anonymous burst is 100 calls).
  const server = await startMercatod({ args: ['--anonymous-rate-burst', '1000000', '--metrics-listen', ''] });
  const cached = new Client({ endpoint: server.endpoint });
  const uncached = new Client({ endpoint: server.endpoint, cache: false });
  const plain = plainGrpcGetProduct(server.endpoint);
  try {
    const [{ id }] = await firstPage(uncached.catalog.listProducts({ query: 'milk', pageSize: 1 }));
    for (const get of [(x) => cached.catalog.getProduct(x), (x) => uncached.catalog.getProduct(x), plain.getProduct]) {
      const product = await get(id);
      if (product.id !== id) throw new Error(`GetProduct returned ${product.id}, not ${id}`);
    }
    const map = new Map([[id, await plain.getProduct(id)]]);

    const perRound = Math.ceil(ITERATIONS / ROUNDS);
    const before = cached.catalog.cacheStats();
    const hit = await measure(
      { a: () => cached.catalog.getProduct(id), d: () => map.get(id) },
      (call) => timeSequential(call, perRound * HIT_FACTOR),
    );
    const after = cached.catalog.cacheStats();
    const sequential = await measure(
      { b: () => uncached.catalog.getProduct(id), c: () => plain.getProduct(id) },
      (call) => timeSequential(call, perRound),
    );
    const inFlight = await measure(
      { b: () => uncached.catalog.getProduct(id), c: () => plain.getProduct(id) },
      (call) => timeInFlight(call, Math.max(perRound, 4 * IN_FLIGHT)),
    );

    const hitCalls = WARMUP + perRound * HIT_FACTOR * ROUNDS;
    const hits = after.hits - before.hits;
    const perSecond = (ns) => Math.round(1e9 / ns).toLocaleString('en-GB').padStart(9);
    console.log(`GetProduct ${id}: ${WARMUP} warm-up calls of each, then ${ROUNDS} rounds; median round of each`);
    console.log(`  (a) mercato, local cache hit      ${fmt(hit.a)} ns/op   (cache hits: ${hits} of ${hitCalls})`);
    console.log(`  (d) Map.get of the same key       ${fmt(hit.d)} ns/op   a/d = ${(hit.a / hit.d).toFixed(2)}`);
    console.log(`  (b) mercato, cache off (gRPC)     ${fmt(sequential.b)} ns/op`);
    console.log(`  (c) @grpc/grpc-js plain client    ${fmt(sequential.c)} ns/op   b/c = ${(sequential.b / sequential.c).toFixed(3)}`);
    console.log(`  ${IN_FLIGHT} in flight: (b) ${perSecond(inFlight.b)} calls/s, (c) ${perSecond(inFlight.c)} calls/s, ` +
      `throughput b/c = ${(inFlight.c / inFlight.b).toFixed(2)}`);
    // The cache empties itself once when its change stream comes up, which may fall in the run.
    if (hits < 0.99 * hitCalls) throw new Error(`(a) was not served by the cache (${hits} hits of ${hitCalls})`);
  } finally {
    plain.close();
    await Promise.all([cached.close(), uncached.close()]);
    await server.stop();
  }
}

async function firstPage(listing) {
  for await (const page of listing.pages()) return page;
  throw new Error('the listing is empty');
}

function fmt(ns) {
  return Math.round(ns).toLocaleString('en-GB').padStart(9);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
