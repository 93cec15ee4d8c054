"""Every RPC of the contract, as a running mercatod serves it (its reflection lists every service,
the ones it answers UNIMPLEMENTED included), is a method in all three languages: in C++ a member
of mercato::<Service>Client with the RPC's name (checked by compiling a using-declaration per RPC
against the installed SDK), in Python client.<service>.<snake_case>, in Node
client.<service>.<camelCase>. A new RPC or service that one language lacks fails here."""

import json
import os
import re
import subprocess

import grpc
import pytest
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from google.protobuf import descriptor_pool

import mercato
from conftest import REPO, start_mercatod, stop_mercatod

# The attribute of mercato.Client (Python and Node) that holds each service's client.
ATTRIBUTES = {"CatalogService": "catalog", "InventoryService": "inventory", "UserService": "users",
              "OrderService": "orders", "PaymentService": "payments", "DeliveryService": "delivery",
              "AnalyticsService": "analytics"}
INSTALL = REPO / "build" / "install"


def snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def camel(name):
    return name[0].lower() + name[1:]


@pytest.fixture(scope="module")
def contract(tmp_path_factory):
    """{service name: [method names]} of every mercato.v1 service the server's reflection lists."""
    server = start_mercatod(tmp_path_factory.mktemp("mercatod"), "--no-seed")
    try:
        with grpc.insecure_channel(server.address) as channel:
            database = ProtoReflectionDescriptorDatabase(channel)
            pool = descriptor_pool.DescriptorPool(database)
            services = {}
            for full_name in database.get_services():
                if full_name.startswith("mercato.v1."):
                    service = pool.FindServiceByName(full_name)
                    services[service.name] = [method.name for method in service.methods]
        return services
    finally:
        stop_mercatod(server)


def test_the_server_lists_all_seven_services(contract):
    assert set(contract) == set(ATTRIBUTES)
    assert sum(len(methods) for methods in contract.values()) >= 80


def test_every_rpc_is_a_python_method(contract):
    with mercato.Client("127.0.0.1:1") as client:  # no call is made
        missing = [f"{service}.{method}" for service, methods in contract.items() for method in methods
                   if not callable(getattr(getattr(client, ATTRIBUTES[service]), snake(method), None))]
    assert missing == []


def test_every_rpc_is_a_node_method(contract):
    addon = REPO / "bindings" / "node" / "build" / "Release" / "mercato_native.node"
    assert addon.is_file(), "build the Node addon first (bash scripts/node-env.sh)"
    script = """
      const { Client } = require(process.argv[1]);
      const client = new Client({ endpoint: '127.0.0.1:1' });
      const methods = {};
      for (const attribute of JSON.parse(process.argv[2])) {
        const service = client[attribute];
        methods[attribute] = service ? Object.getOwnPropertyNames(Object.getPrototypeOf(service))
          .filter((name) => typeof service[name] === 'function') : [];
      }
      client.close().then(() => console.log(JSON.stringify(methods)));
    """
    output = subprocess.run(["node", "-e", script, str(REPO / "bindings" / "node"), json.dumps(list(ATTRIBUTES.values()))],
                            check=True, capture_output=True, text=True, timeout=60).stdout
    methods = json.loads(output)
    missing = [f"{service}.{method}" for service, names in contract.items() for method in names
               if camel(method) not in methods[ATTRIBUTES[service]]]
    assert missing == []


def test_every_rpc_is_a_cpp_client_member(contract, tmp_path):
    assert (INSTALL / "lib" / "pkgconfig" / "mercato.pc").is_file(), "install the SDK first (scripts/python-env.sh)"
    lines = ['#include "mercato/client.h"', ""]
    for service, methods in contract.items():
        client = f"mercato::{service.removesuffix('Service')}Client"
        lines.append(f"struct Probe{service} : {client} {{")
        lines += [f"  using {client}::{method};" for method in methods]
        lines.append("};")
    source = tmp_path / "every_rpc.cc"
    source.write_text("\n".join(lines) + "\n")
    flags = subprocess.run(["pkg-config", "--cflags", "mercato"], check=True, capture_output=True, text=True,
                           env={**os.environ, "PKG_CONFIG_PATH": str(INSTALL / "lib" / "pkgconfig")}).stdout.split()
    compiled = subprocess.run(["c++", "-fsyntax-only", *flags, str(source)], capture_output=True, text=True,
                              timeout=300)
    missing = re.findall(r"[‘'](\w+)[’'] has not been declared", compiled.stderr)
    assert compiled.returncode == 0, f"C++ clients lack RPCs {missing}:\n{compiled.stderr[:3000]}"
