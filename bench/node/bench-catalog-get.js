'use strict';
// GetProduct from Node, three ways, against one seeded mercatod, same product id, sequential awaits:
//   (a) mercato, served by the SDK's local cache;
//   (b) mercato with the cache off: the SDK over gRPC;
//   (c) a plain @grpc/grpc-js client, the proto loaded by @grpc/proto-loader.
// After a warm-up, the three take turns in BENCH_ROUNDS rounds (default 5) of
// BENCH_ITERATIONS / rounds calls each, so that a busy machine slows all three alike; prints the
// median round's ns/op of each and the ratios a/c and b/c. BENCH_ITERATIONS (default 10000) and
// BENCH_WARMUP (default 1000) set the counts. Start it with `bash bench/node/run.sh`.

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { Client } = require('mercato');
const { startMercatod, REPO } = require('../../tests/node/support/mercatod');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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
async function timeCalls(call, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await call();
  return Number(process.hrtime.bigint() - start) / iterations;
}

// The median ns/op of each named call over the rounds, after WARMUP calls of each.
async function measure(calls) {
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  for (const call of Object.values(calls)) for (let i = 0; i < WARMUP; i++) await call();
  const rounds = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(calls)) rounds[name].push(await timeCalls(call, perRound));
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { perRound, ns: Object.fromEntries(Object.entries(rounds).map(([name, xs]) => [name, median(xs)])) };
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

    const before = cached.catalog.cacheStats();
    const { perRound, ns } = await measure({
      a: () => cached.catalog.getProduct(id),
      b: () => uncached.catalog.getProduct(id),
      c: () => plain.getProduct(id),
    });
    const after = cached.catalog.cacheStats();

    const calls = WARMUP + perRound * ROUNDS;
    const hits = after.hits - before.hits;
    console.log(`GetProduct ${id}: ${WARMUP} warm-up calls, then ${ROUNDS} rounds of ${perRound} sequential calls each`);
    console.log(`  (a) mercato, local cache hit   ${fmt(ns.a)} ns/op   (cache hits: ${hits} of ${calls})`);
    console.log(`  (b) mercato, cache off (gRPC)  ${fmt(ns.b)} ns/op`);
    console.log(`  (c) @grpc/grpc-js plain client ${fmt(ns.c)} ns/op`);
    console.log(`  a/c = ${(ns.a / ns.c).toFixed(3)}   b/c = ${(ns.b / ns.c).toFixed(3)}   (median round of each)`);
    if (hits !== calls) throw new Error(`(a) was not served by the cache every time (${hits} hits of ${calls})`);
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
