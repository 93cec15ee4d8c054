"""Cross-instance freshness: how long after a catalog write through instance A is acknowledged its
event arrives on a WatchChanges stream of instance B (another mercatod on the same PostgreSQL),
side by side with a stream on A itself, the floor. Prints p50, p90, p99 and max in ms and the
ratios B / A. Run it with bench/freshness/run.sh."""

import argparse
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "python"))
from reflected import Contract  # noqa: E402

WATCH = "/mercato.v1.CatalogService/WatchChanges"


class Arrivals:
    """Reads one stream on its own thread and notes when each awaited category id arrives."""

    def __init__(self, endpoint, metadata):
        self.channel = grpc.insecure_channel(endpoint)
        self.stream = self.channel.unary_stream(WATCH)(b"", metadata=metadata)
        self.stream.initial_metadata()
        self.seen = {}
        self.awaited = set()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        try:
            for message in self.stream:
                now = time.perf_counter()
                with self.lock:
                    for name in [n for n in self.awaited if n.encode() in message]:
                        self.seen[name] = now
                        self.awaited.discard(name)
        except grpc.RpcError:
            pass  # cancelled at the end

    def expect(self, name):
        with self.lock:
            self.awaited.add(name)

    def arrival(self, name, deadline):
        while time.perf_counter() < deadline:
            with self.lock:
                if name in self.seen:
                    return self.seen[name]
            time.sleep(0.0005)
        raise SystemExit(f"the change {name} did not arrive within the deadline")


def percentiles(values):
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p90": pick(0.90), "p99": pick(0.99), "max": ordered[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writer", required=True)
    parser.add_argument("--other", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    metadata = [("authorization", f"Bearer {args.token}")]

    channel = grpc.insecure_channel(args.writer)
    create = Contract(channel).method(channel, "CatalogService", "CreateCategory")
    streams = {"stream on A (the writer)": Arrivals(args.writer, metadata),
               "stream on B (other instance)": Arrivals(args.other, metadata)}
    delays = {label: [] for label in streams}
    for _ in range(args.changes):
        name = f"Aisle {uuid.uuid4().hex}"
        for stream in streams.values():
            stream.expect(name)
        request = create.request()
        request.category.name = name
        create(request, timeout=30, metadata=metadata)
        acknowledged = time.perf_counter()
        for label, stream in streams.items():
            # An event may arrive before the write's reply is read: that counts as no delay.
            delays[label].append(max(0.0, stream.arrival(name, acknowledged + 30) - acknowledged) * 1000)
        time.sleep(0.01)  # writes spread out, as a shop's are, rather than one burst
    for stream in streams.values():
        stream.stream.cancel()

    rows = {label: percentiles(values) for label, values in delays.items()}
    floor, other = rows.values()
    print(f"{args.changes} catalog writes through A; ms from A's acknowledgement to the event on a stream")
    print(f"| {'stream':<30} | {'p50':>6} | {'p90':>6} | {'p99':>6} | {'max':>6} |")
    print(f"|{'-' * 32}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for label, row in rows.items():
        print(f"| {label:<30} | " + " | ".join(f"{row[k]:6.2f}" for k in ("p50", "p90", "p99", "max")) + " |")
    print(f"B / A: p50 {other['p50'] / max(floor['p50'], 1e-3):.2f}x, p99 {other['p99'] / max(floor['p99'], 1e-3):.2f}x")


if __name__ == "__main__":
    main()
