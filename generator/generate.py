"""Writes the layers that only forward a call, from the contract (a protoc descriptor set) and one
Jinja2 template per output kind (generator/templates). Generated files are committed; with --check it
writes nothing and fails when any committed file differs from what it would write (CI runs that).

    python generator/generate.py --descriptor-set contract.pb --root . [--check]

scripts/generate.sh makes the descriptor set and the generator's virtual environment first."""

import argparse
import sys
from pathlib import Path

import jinja2

from contract import read_services

# Services with no hand-written client, which mercatod does not serve yet: the generator writes
# their whole SDK surface (a client taking request messages) and a test that reaches every RPC.
# The name is the accessor on mercato::Client.
NEW_SERVICES = {"OrderService": "orders", "PaymentService": "payments", "DeliveryService": "delivery",
                "AnalyticsService": "analytics"}
# The services whose SDK connection layers come from here. The others still have hand-written ones
# and join as those are replaced (CatalogService keeps its cache decorator and WatchChanges by hand).
SDK_CONNECTIONS = {"InventoryService", *NEW_SERVICES}

# template -> output path, per service.
SDK_OUTPUTS = {
    "sdk/connection.h.j2": "sdk/include/mercato/{snake}_connection.h",
    "sdk/connection.cc.j2": "sdk/src/{snake}_connection.cc",
    "sdk/connection_impl.h.j2": "sdk/src/{snake}_connection_impl.h",
    "sdk/connection_impl.cc.j2": "sdk/src/{snake}_connection_impl.cc",
    "sdk/mock_connection.h.j2": "sdk/include/mercato/mocks/mock_{snake}_connection.h",
}
NEW_SERVICE_OUTPUTS = {"sdk/client.h.j2": "sdk/include/mercato/{snake}_client.h"}
# Tests over every new service at once.
NEW_SERVICE_TESTS = {"tests/unserved_services_test.cc.j2": "tests/server/service/unserved_services_test.cc",
                     "tests/new_clients_mock_test.cc.j2": "tests/sdk/new_clients_mock_test.cc"}


def blocking_result(rpc):
    """What a blocking call returns: a lazy range of items for a list, else StatusOr of the value."""
    if rpc.list_item:
        return f"PaginationRange<v1::{rpc.list_item}>"
    return f"StatusOr<v1::{rpc.result}>"


def render_all(descriptor_set):
    """{relative path: text} of every generated file."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.globals["blocking_result"] = blocking_result
    environment.globals["accessor"] = lambda service: NEW_SERVICES[service.name]
    services = read_services(descriptor_set)
    outputs = {}
    for service in services:
        templates = {**(SDK_OUTPUTS if service.name in SDK_CONNECTIONS else {}),
                     **(NEW_SERVICE_OUTPUTS if service.name in NEW_SERVICES else {})}
        for template, path in templates.items():
            outputs[path.format(snake=service.snake)] = environment.get_template(template).render(s=service)
    new = [service for service in services if service.name in NEW_SERVICES]
    for template, path in NEW_SERVICE_TESTS.items():
        outputs[path] = environment.get_template(template).render(services=new)
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descriptor-set", required=True, type=Path)
    parser.add_argument("--root", required=True, type=Path, help="the repository")
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a file would change")
    args = parser.parse_args()
    stale = []
    for path, text in render_all(args.descriptor_set).items():
        target = args.root / path
        if target.exists() and target.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    if args.check and stale:
        print("generated files differ from the contract; run bash scripts/generate.sh and commit:", file=sys.stderr)
        for path in stale:
            print(f"  {path}", file=sys.stderr)
        sys.exit(1)
    for path in stale:
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
