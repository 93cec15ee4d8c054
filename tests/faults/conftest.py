"""Fixtures of the fault suite (see faults_support.py): a Redis and a PostgreSQL database of each
test's own, and for the tests that stop PostgreSQL or Kafka, a backend set of each test's own on a
PostgreSQL and a Kafka of the suite's own (private_services.py)."""

import shutil
import signal
import tempfile
from pathlib import Path

import pytest

# Their asserts report the values compared, as a test's own do.
pytest.register_assert_rewrite("event_log", "invariants", "writers")

from backend_set import BackendSet  # noqa: E402
from faults_support import (PrivateRedis, Shop, create_database, drop_database, required_env,  # noqa: E402
                            start_production_mercatod, stop_mercatod)
from private_services import PrivateServices  # noqa: E402


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path / "redis")
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGCONT)  # a test may leave it stopped (hanging)
    server.stop()


@pytest.fixture
def database():
    """A PostgreSQL database of the test's own, dropped afterwards."""
    server = required_env("MERCATO_TEST_POSTGRES")
    url = create_database(server)
    yield url
    drop_database(server, url)


@pytest.fixture
def shop(tmp_path, database, redis):
    """A Shop over mercatod on the test's own database and Redis (events stay in process)."""
    server = start_production_mercatod(tmp_path, database, redis.address)
    yield Shop(server)
    stop_mercatod(server)


# Where the suite lists its private services' directories while they run, so that scripts/test.sh
# stops them even when a crash of this process skipped the teardown below.
LEFTOVERS = Path(__file__).resolve().parents[2] / "build" / "fault-services.dirs"


@pytest.fixture(scope="session")
def private_services():
    """PostgreSQL and Kafka that only this suite uses, stopped and removed when it ends. Not under
    pytest's temporary directory: each pytest run makes that private again (chmod 700), and the
    postgres user must pass through to restart its server."""
    directory = Path(tempfile.mkdtemp(prefix="mercato-fault-services-"))
    LEFTOVERS.parent.mkdir(parents=True, exist_ok=True)
    with LEFTOVERS.open("a") as listed:
        listed.write(f"{directory}\n")
    try:
        services = PrivateServices(directory)
        yield services
        services.stop()
    finally:
        shutil.rmtree(directory)
        LEFTOVERS.write_text("".join(line for line in LEFTOVERS.read_text().splitlines(keepends=True)
                                     if line.strip() != str(directory)))


@pytest.fixture
def backends(private_services, redis, tmp_path):
    """A BackendSet of the test's own; afterwards its mercatod instances are killed, PostgreSQL and
    Kafka run again whatever the test stopped, and its database is dropped."""
    backend_set = BackendSet(private_services, redis, tmp_path)
    yield backend_set
    backend_set.close()
