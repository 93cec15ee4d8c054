"""A real mercatod child process on a free loopback port, for the Python and fault suites."""

import collections
import ctypes
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

# grpcio's fork handlers abort the test process, now and then, when it forks a server while grpcio
# calls are in flight (gdb: cygrpc's postfork-parent handler, from the fork() a preexec_fn needs).
# The suites' children never use gRPC, so the handlers have nothing to do: switch them off before
# grpc is first imported.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "false")

import grpc  # noqa: E402

_PR_SET_PDEATHSIG = 1


def die_with_parent():
    """Popen preexec_fn: the child gets SIGKILL when the test process dies, however it dies (a crash
    runs no fixture teardown), so that no server outlives the run. Linux ties this to the thread that
    started the child: start servers from the test's own thread, not from a worker that ends first."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


REPO = Path(__file__).resolve().parents[2]
MERCATOD = Path(os.environ.get("MERCATOD", REPO / "build" / "cmake" / "server" / "app" / "mercatod"))


class RunningServer:
    """A mercatod child process; `address` is where it listens."""

    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.address = f"127.0.0.1:{port}"

    def threads(self) -> int:
        """The server process's thread count, from /proc."""
        return len(os.listdir(f"/proc/{self.process.pid}/task"))

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(self.address)

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout=timeout)


def start_mercatod(data_dir: Path, *args: str) -> RunningServer:
    assert MERCATOD.exists(), f"{MERCATOD} is missing: build first (scripts/build.sh)"
    process = subprocess.Popen(
        [str(MERCATOD), "--listen", "127.0.0.1:0", "--data-dir", str(data_dir), *args],
        preexec_fn=die_with_parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    # Log lines may come first (seeding); keep draining stdout afterwards so the server never
    # blocks on a full pipe.
    seen = []
    for line in process.stdout:
        match = re.match(r"mercatod listening on port (\d+)", line)
        if match:
            threading.Thread(target=collections.deque, args=(process.stdout, 0), daemon=True).start()
            return RunningServer(process, int(match.group(1)))
        seen.append(line)
    process.kill()
    process.wait()
    raise AssertionError(f"mercatod did not start; it printed {''.join(seen)!r}")


def stop_mercatod(server: RunningServer) -> None:
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()
