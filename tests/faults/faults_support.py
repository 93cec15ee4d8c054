"""The fault suite's parts: mercatod on the production backends, a Redis of a test's own that the
test may kill, hang, fill or roll back without disturbing anyone, and databases of a test's own.
The Redis tests use the PostgreSQL that scripts/services.sh started (MERCATO_TEST_POSTGRES); the
tests that stop PostgreSQL or Kafka use private ones (private_services.py)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import grpc
import pytest
from google.protobuf import json_format

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from mercatod_process import die_with_parent, start_mercatod, stop_mercatod  # noqa: E402,F401
from reflected import Contract  # noqa: E402

STAFF_TOKEN = "fault-suite-staff-token"
STAFF = [("authorization", f"Bearer {STAFF_TOKEN}")]
PASSWORD = "correct horse battery staple"
LOGIN_RETRYABLE = {grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAVAILABLE}


def required_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run `bash scripts/services.sh start` and source build/services/env.sh")
    return value


def until(condition, what, seconds=30, pause=0.05):
    """Asks `condition()` again every `pause` seconds until it is true; fails naming `what` when
    `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(pause)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(database_url, sql):
    """The rows `sql` returns, each a list of its columns as text."""
    done = subprocess.run(["psql", database_url, "-qtAX", "-F", "\t", "-c", sql],
                          capture_output=True, text=True, check=True)
    return [line.split("\t") for line in done.stdout.splitlines()]


def create_database(server_url):
    """The URL of a new, empty database on the PostgreSQL of `server_url`."""
    name = f"faults_{uuid.uuid4().hex[:12]}"
    psql(server_url, f"CREATE DATABASE {name}")
    return re.sub(r"/[^/]*$", f"/{name}", server_url)


def drop_database(server_url, database_url):
    psql(server_url, f"DROP DATABASE IF EXISTS {database_url.rsplit('/', 1)[1]} WITH (FORCE)")


class PrivateRedis:
    """A redis-server on a free loopback port, appending to an AOF in `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process = None
        self.start()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, preexec_fn=die_with_parent,
        )
        for _ in range(100):
            if self.cli("PING") == "PONG":
                return
            time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def cli(self, *args):
        done = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return done.stdout.strip()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Shop:
    """Calls one mercatod as any grpcio client of the contract would: `staff` with the service token."""

    def __init__(self, server):
        self.server = server
        self.channel = server.channel()
        self.contract = Contract(self.channel)

    def call(self, service_method, fields, metadata=(), timeout=10):
        """Calls "Service/Method" with `fields` (the request as a dict, JSON names)."""
        service, name = service_method.split("/")
        rpc = self.contract.method(self.channel, service, name)
        return rpc(json_format.ParseDict(fields, rpc.request()), timeout=timeout, metadata=metadata)

    def staff(self, service_method, fields):
        return self.call(service_method, fields, metadata=STAFF)

    def new_product(self, name="Porridge oats"):
        category = self.staff("CatalogService/CreateCategory", {"category": {"name": f"Aisle {uuid.uuid4().hex[:6]}"}})
        variant = {"sku": f"OATS-{uuid.uuid4().hex[:8].upper()}", "name": "1 kg",
                   "price": {"amountMinor": "250", "currencyCode": "GBP"}}
        product = {"name": name, "categoryId": category.category.id, "variants": [variant],
                   "status": "PRODUCT_STATUS_ACTIVE"}
        return self.staff("CatalogService/CreateProduct", {"product": product}).product

    def rename(self, product, name):
        """Staff renames `product`; returns it as acknowledged."""
        return self.staff(RENAME, rename_fields(product.id, product.version, name)).product

    def sign_up(self):
        """Registers and signs in a new customer; returns the metadata that carries the session.
        A login refused for now is sent again a second later, as a client would, for up to 60 s:
        beyond the per-address limit (20 in 3 s: RESOURCE_EXHAUSTED) or while Redis, which holds
        sessions, is slow to answer (UNAVAILABLE, "retry later": the suite's Redis fsyncs each
        write, on a disk that PostgreSQL and Kafka share)."""
        email = f"shopper-{uuid.uuid4().hex[:8]}@example.com"
        self.call("UserService/Register", {"email": email, "password": PASSWORD})
        give_up = time.monotonic() + 60
        while True:
            try:
                token = self.call("UserService/Login", {"email": email, "password": PASSWORD}).session_token
                return [("authorization", f"Bearer {token}")]
            except grpc.RpcError as error:
                if error.code() not in LOGIN_RETRYABLE or time.monotonic() > give_up:
                    raise
                time.sleep(1)

    def customer_view(self, product):
        """The name a customer reads through GetProduct and through the listing of its category."""
        got = self.call("CatalogService/GetProduct", {"productId": product.id}).product.name
        listed = self.call("CatalogService/ListProducts", {"categoryId": product.category_id}).products
        return got, [p.name for p in listed if p.id == product.id]


RENAME = "CatalogService/UpdateProduct"


def rename_fields(product_id, expected_version, name, request_id=""):
    """The UpdateProduct request that renames a product."""
    return {"requestId": request_id, "product": {"id": product_id, "name": name}, "updateMask": "name",
            "expectedVersion": str(expected_version)}


def start_production_mercatod(tmp_path, database, redis_address, *args):
    return start_mercatod(
        tmp_path / "data", "--no-seed", "--service-token", STAFF_TOKEN,
        "--postgres", database, "--redis", redis_address, *args,
    )
