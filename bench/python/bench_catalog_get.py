"""GetProduct from Python against one running mercatod and one product, each case side by side
with its peer: (a) mercato's get_product answered by the SDK's local cache vs (d) dict.get of the
same key, called the same way (100x the iterations); (b) get_product with the cache off (a gRPC
round trip through the SDK) vs (c) a plain grpcio stub generated from proto/ at bench time.
Prints ns per call and the ratios a/d and b/c. The cases of a pair take turns over several rounds
and each reports its median round, so that a busy machine skews them alike. Run it with
bench/python/run.sh.
"""

import argparse
import importlib.resources
import statistics
import subprocess
import sys
import time
from pathlib import Path

import grpc

import mercato

REPO = Path(__file__).resolve().parents[2]
HIT_FACTOR = 100
STUBS = REPO / "build" / "bench-python"


def generate_stubs():
    """Python messages and stubs for proto/mercato/v1 in build/bench-python (never committed)."""
    protos = sorted((REPO / "proto").glob("mercato/v1/*.proto"))
    STUBS.mkdir(parents=True, exist_ok=True)
    well_known = importlib.resources.files("grpc_tools") / "_proto"
    # protoc runs in a child process: grpcio-tools carries its own protobuf runtime, and running it
    # in this process breaks the system libprotobuf that mercato's extension loads afterwards.
    args = [sys.executable, "-m", "grpc_tools.protoc", f"-I{REPO / 'proto'}", f"-I{well_known}",
            f"--python_out={STUBS}", f"--grpc_python_out={STUBS}"]
    if subprocess.run(args + [str(p.relative_to(REPO / "proto")) for p in protos]).returncode != 0:
        sys.exit("protoc failed")
    # The generated modules live in package mercato.v1, next to the installed mercato package:
    # let that package find them too.
    mercato.__path__.append(str(STUBS / "mercato"))
    from mercato.v1 import catalog_pb2, catalog_pb2_grpc

    return catalog_pb2, catalog_pb2_grpc


def ns_per_call(call, iterations):
    start = time.perf_counter_ns()
    for _ in range(iterations):
        call()
    return (time.perf_counter_ns() - start) / iterations


def median_ns_per_call(cases, iterations, warmup, rounds):
    """{name: median over `rounds` of ns per call}, the cases interleaved round by round."""
    for call in cases.values():
        for _ in range(warmup):
            call()
    per_round = max(iterations // rounds, 1)
    samples = {name: [] for name in cases}
    for _ in range(rounds):
        for name, call in cases.items():
            samples[name].append(ns_per_call(call, per_round))
    return {name: statistics.median(values) for name, values in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("iterations", type=int, nargs="?", default=5000, help="timed calls per case")
    parser.add_argument("--warmup", type=int, default=200, help="untimed calls per case first")
    parser.add_argument("--rounds", type=int, default=5, help="rounds the timed calls are split into")
    parser.add_argument("--endpoint", default="localhost:50051")
    args = parser.parse_args()
    catalog_pb2, catalog_pb2_grpc = generate_stubs()

    with mercato.Client(args.endpoint) as cached, mercato.Client(args.endpoint, cache=False) as uncached, \
            grpc.insecure_channel(args.endpoint) as channel:
        product_id = next(cached.catalog.list_products(page_size=1)).id
        stub = catalog_pb2_grpc.CatalogServiceStub(channel)
        request = catalog_pb2.GetProductRequest(product_id=product_id)

        by_id = {product_id: cached.catalog.get_product(product_id)}
        hits_before = cached.catalog.cache_stats()["hits"]
        hit = median_ns_per_call(
            {
                "(a) mercato get_product, cache hit": lambda: cached.catalog.get_product(product_id),
                "(d) dict.get of the same key": lambda: by_id.get(product_id),
            },
            args.iterations * HIT_FACTOR, args.warmup, args.rounds)
        hits = cached.catalog.cache_stats()["hits"] - hits_before
        trip = median_ns_per_call(
            {
                "(b) mercato get_product, cache off": lambda: uncached.catalog.get_product(product_id),
                "(c) grpcio stub GetProduct": lambda: stub.GetProduct(request, timeout=10),
            },
            args.iterations, args.warmup, args.rounds)

    print(f"GetProduct {product_id} at {args.endpoint}: {args.iterations} calls per case ({HIT_FACTOR}x for a "
          f"and d) after {args.warmup} warm-up, median of {args.rounds} interleaved rounds")
    print(f"{'case':<38} {'ns/op':>12} {'ratio':>12}")
    (a, d), (b, c) = hit.values(), trip.values()
    for (name, ns), ratio in zip([*hit.items(), *trip.items()], [f"a/d {a / d:.2f}", "", f"b/c {b / c:.3f}", ""]):
        print(f"{name:<38} {ns:>12,.0f} {ratio:>12}")
    calls = max(args.iterations * HIT_FACTOR // args.rounds, 1) * args.rounds + args.warmup
    print(f"(a) answered from the cache: {hits} of {calls} calls")
    # The cache empties itself once when its change stream comes up, which may fall in the run.
    if hits < 0.99 * calls:
        sys.exit(f"(a) was not served by the cache ({hits} hits of {calls})")


if __name__ == "__main__":
    main()
