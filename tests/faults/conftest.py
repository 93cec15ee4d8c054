"""Fixtures of the fault suite (see faults_support.py): a Redis and a PostgreSQL database of each
test's own."""

import signal

import pytest

from faults_support import (PrivateRedis, Shop, create_database, drop_database, required_env,
                            start_production_mercatod, stop_mercatod)


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
