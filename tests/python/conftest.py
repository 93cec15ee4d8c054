"""Fixtures that run a real mercatod process on a free loopback port for the Python suites."""

import collections
import os
import re
import subprocess
import threading
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


@pytest.fixture
def mercatod(tmp_path):
    server = start_mercatod(tmp_path / "data", "--no-seed")
    yield server
    stop_mercatod(server)


# The staff token of the seeded servers below (mercatod --service-token).
SERVICE_TOKEN = "python-suite-staff-token"


@pytest.fixture(scope="module")
def seeded_mercatod(tmp_path_factory):
    """One mercatod per test module, seeded with the demo catalog, with SERVICE_TOKEN as staff."""
    server = start_mercatod(tmp_path_factory.mktemp("mercatod"), "--service-token", SERVICE_TOKEN)
    yield server
    stop_mercatod(server)


@pytest.fixture(scope="module")
def catalog(seeded_mercatod):
    """An anonymous (customer) catalog client of the module's seeded server."""
    import mercato

    with mercato.Client(seeded_mercatod.address) as client:
        yield client.catalog


@pytest.fixture(scope="module")
def staff(seeded_mercatod):
    """A catalog client of the module's seeded server with the staff token."""
    import mercato

    with mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN) as client:
        yield client.catalog


@pytest.fixture(scope="module")
def categories(catalog):
    """The seeded category tree by name (names are unique in the demo catalog)."""
    return {category.name: category for category in catalog.list_categories()}


@pytest.fixture(scope="module")
def staff_inventory(seeded_mercatod):
    """An inventory client of the module's seeded server with the staff token (stock changes and
    reservations are staff-only)."""
    import mercato

    with mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN) as client:
        yield client.inventory
