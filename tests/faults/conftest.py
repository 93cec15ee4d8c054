"""Fixtures of the fault suite (see faults_support.py): a Redis and a PostgreSQL database of each
test's own."""

import signal
import subprocess
import uuid
from urllib.parse import urlparse

import pytest

from faults_support import PrivateRedis, Shop, required_env, start_production_mercatod, stop_mercatod


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
    url = urlparse(required_env("MERCATO_TEST_POSTGRES"))
    name = f"faults_{uuid.uuid4().hex[:12]}"
    psql = ["psql", "-h", url.hostname, "-p", str(url.port), "-U", url.username, "-d", "postgres", "-qtAc"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    yield url._replace(path=f"/{name}").geturl()
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


@pytest.fixture
def shop(tmp_path, database, redis):
    """A Shop over mercatod on the test's own database and Redis (events stay in process)."""
    server = start_production_mercatod(tmp_path, database, redis.address)
    yield Shop(server)
    stop_mercatod(server)
