"""Fixtures that run a real mercatod process on a free loopback port for the Python suites."""

import os
import re
import subprocess
from pathlib import Path

import grpc
import pytest

REPO = Path(__file__).resolve().parents[2]
MERCATOD = Path(os.environ.get("MERCATOD", REPO / "build" / "cmake" / "server" / "app" / "mercatod"))


class RunningServer:
    """A mercatod child process; `address` is where it listens."""

    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.address = f"127.0.0.1:{port}"

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
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    match = re.match(r"mercatod listening on port (\d+)", line)
    if not match:
        process.kill()
        process.wait()
        raise AssertionError(f"mercatod did not start; first line was {line!r}")
    return RunningServer(process, int(match.group(1)))


@pytest.fixture
def mercatod(tmp_path):
    server = start_mercatod(tmp_path / "data", "--no-seed")
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()
