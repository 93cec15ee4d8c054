"""Writes the layers that only forward a call, from the contract (a protoc descriptor set) and one
Jinja2 template per output kind (generator/templates). Generated files are committed; with --check it
writes nothing and fails when any committed file differs from what it would write (CI runs that).

    python generator/generate.py --descriptor-set contract.pb --root . [--check]

scripts/generate.sh makes the descriptor set and the generator's virtual environment first."""

import argparse
import keyword
import textwrap
import sys
from pathlib import Path

import jinja2

from contract import DURATION, PACKAGE, TIMESTAMP, read_contract

MONEY = f"{PACKAGE}.Money"

# Services whose client is generated, taking request messages, by accessor on mercato::Client.
REQUEST_CLIENTS = {"UserService": "users", "OrderService": "orders", "PaymentService": "payments",
                   "DeliveryService": "delivery", "AnalyticsService": "analytics"}
# What mercatod does not serve yet, by service: every RPC (ALL_RPCS: no handler class is generated)
# or the RPCs named. They answer UNIMPLEMENTED (RawService's default), and a generated test reaches
# each of them through the SDK.
ALL_RPCS = "every RPC"
NOT_SERVED_YET = {"AnalyticsService": ALL_RPCS}


def served(service, rpc):
    """Whether mercatod serves `rpc` of `service` (see NOT_SERVED_YET)."""
    if service.name not in NOT_SERVED_YET:
        return True
    unserved = NOT_SERVED_YET[service.name]
    return unserved != ALL_RPCS and rpc.name not in unserved
# The services whose SDK connection layers come from here (CatalogService's cache decorator and
# its client's convenience methods stay hand-written).
SDK_CONNECTIONS = {"CatalogService", "InventoryService", *REQUEST_CLIENTS}

# template -> output path, per service.
SDK_OUTPUTS = {
    "sdk/connection.h.j2": "sdk/include/mercato/{snake}_connection.h",
    "sdk/connection.cc.j2": "sdk/src/{snake}_connection.cc",
    "sdk/connection_impl.h.j2": "sdk/src/{snake}_connection_impl.h",
    "sdk/connection_impl.cc.j2": "sdk/src/{snake}_connection_impl.cc",
    "sdk/mock_connection.h.j2": "sdk/include/mercato/mocks/mock_{snake}_connection.h",
}
REQUEST_CLIENT_OUTPUTS = {"sdk/client.h.j2": "sdk/include/mercato/{snake}_client.h"}
# The services with a hand-written SDK decorator, which derives from a generated forwarding base:
# the catalog's cache, the users' session (Login and Logout set the Client's token).
DECORATED = {"CatalogService", "UserService"}
FORWARDING_OUTPUTS = {"sdk/forwarding_connection.h.j2": "sdk/src/forwarding_{snake}_connection.h"}
# The server's handler plumbing, for each service mercatod serves.
SERVER_OUTPUTS = {
    "server/grpc_service.h.j2": "server/api/{snake}_grpc_service.h",
    "server/grpc_service.cc.j2": "server/api/{snake}_grpc_service.cc",
}
# template -> output path, over the REQUEST_CLIENTS services at once (the bindings' generated clients).
BINDING_OUTPUTS = {
    "node/methods.cc.j2": "bindings/node/src/generated_methods.cc",
    "node/services.js.j2": "bindings/node/lib/services.js",
    "node/services.d.ts.j2": "bindings/node/services.d.ts",
    "python/methods.h.j2": "bindings/python/src/cpp/generated_methods.h",
    "python/methods.cc.j2": "bindings/python/src/cpp/generated_methods.cc",
    "python/services.pyi.j2": "bindings/python/src/mercato/_services.pyi",
    "python/services.py.j2": "bindings/python/src/mercato/_services.py",
}
UNSERVED_TEST = ("tests/unserved_services_test.cc.j2", "tests/server/service/unserved_services_test.cc")
CLIENTS_MOCK_TEST = ("tests/generated_clients_mock_test.cc.j2", "tests/sdk/generated_clients_mock_test.cc")


def value_type(rpc):
    """The C++ type of a call's value: Shared<T> (mercato/cache.h) for a cacheable read, whose hit is
    the cached object itself, else the message."""
    return f"Shared<v1::{rpc.result}>" if rpc.cache_key else f"v1::{rpc.result}"


_CPP_SCALARS = {"string": "std::string const&", "bool": "bool", "int32": "std::int32_t", "int64": "std::int64_t",
                "double": "double"}


def cpp_parameters(rpc):
    """The C++ parameters of an RPC's signature form: "std::string const& address_id, std::int64_t ..."."""
    def cpp_type(f):
        if f.kind == "enum":
            return "v1::" + f.type_name.removeprefix(PACKAGE + ".").replace(".", "::")
        return _CPP_SCALARS[f.kind]
    return ", ".join(f"{cpp_type(f)} {f.name}" for f in rpc.signature)


def cpp_sample(field):
    """A C++ value for `field` in a generated test, other than its default."""
    if field.kind == "enum":
        return f"static_cast<v1::{field.type_name.removeprefix(PACKAGE + '.').replace('.', '::')}>(1)"
    return {"string": f'"{field.name}-value"', "bool": "true", "int32": "7", "int64": "7", "double": "1.5"}[field.kind]


def blocking_result(rpc):
    """What a blocking call returns: a lazy range of items for a list, else StatusOr of the value."""
    if rpc.list_item:
        return f"PaginationRange<v1::{rpc.list_item}>"
    return f"StatusOr<{value_type(rpc)}>"


_TS_SCALARS = {"string": "string", "bytes": "Buffer", "bool": "boolean", "int32": "number", "int64": "number",
               "double": "number"}


def ts_value(field):
    """The TypeScript type of one value of `field` (an element, for a repeated field)."""
    if field.kind in ("enum", "message"):
        return "Date" if field.type_name == TIMESTAMP else field.type_name.rsplit(".", 1)[-1]
    return _TS_SCALARS[field.kind]


def ts_type(field):
    """The TypeScript type of `field` in a result, as proto_js.cc converts it."""
    if field.map_key:
        return f"Record<string, {ts_value(field.map_value)}>"
    if field.repeated:
        return f"{ts_value(field)}[]"
    return f"{ts_value(field)} | null" if field.kind == "message" else ts_value(field)


_PY_SCALARS = {"string": "str", "bytes": "bytes", "bool": "bool", "int32": "int", "int64": "int", "double": "float"}
_PY_MESSAGES = {TIMESTAMP: "datetime.datetime", DURATION: "datetime.timedelta", MONEY: "Money"}


def py_value(field, contract, result):
    """The Python type of one value of `field`, in a result or (result=False) a request."""
    if field.kind == "enum":
        return "Literal[" + ", ".join(repr(v) for v in contract.enums[field.type_name].values[1:]) + "]"
    if field.kind == "message":
        if field.type_name in _PY_MESSAGES:
            native = _PY_MESSAGES[field.type_name]
            return native if result or field.type_name != MONEY else "Union[Money, Mapping[str, Any]]"
        return "Message" if result else "Union[Message, Mapping[str, Any]]"
    return _PY_SCALARS[field.kind]


def py_type(field, contract, result):
    """The Python type of `field`, as message_view.h reads it or message_from_python.h takes it."""
    if field.map_key:
        return f"dict[{py_value(field.map_key, contract, result)}, {py_value(field.map_value, contract, result)}]"
    if field.repeated:
        return f"{'list' if result else 'Sequence'}[{py_value(field, contract, result)}]"
    return py_value(field, contract, result)


def python_doc(contract, service, rpc):
    """The docstring of a generated Python method: what it does, its arguments, result and errors
    (pybind11 puts the signature line above it)."""
    request = contract.messages[f"{PACKAGE}.{rpc.request}"]
    fill = lambda text, indent="": textwrap.fill(text, 96, initial_indent=indent, subsequent_indent=indent + "    ")
    parts = [fill(rpc.comment), fill(f"Arguments: the fields of {rpc.request}, as keywords or in a dict "
                                     "(None leaves a field unset):")]
    if rpc.signature:
        names = ", ".join(f.name for f in rpc.signature)
        parts.insert(1, fill(f"Call as {rpc.snake}(request=None, /, **fields) or {rpc.snake}({names}, /, **fields)."))
    parts[-1] += "".join("\n" + fill(f"{f.name} ({py_type(f, contract, result=False)}): {f.comment}", "  ")
                         for f in request.fields)
    if rpc in service.streams:
        parts.append(fill(f"Returns: a MessageStream of {rpc.response} (a server stream, read as iteration reaches "
                          "each message; close() cancels it)."))
    elif rpc.list_item:
        parts.append(fill(f"Returns: a MessageIterator of {rpc.list_item} (fetches a page as iteration reaches "
                          "it; to_list(), to_pandas())."))
    else:
        parts.append(fill(f"Returns: {rpc.result}" + ("." if rpc.result == "Money" else " (a mercato.Message).")))
    parts.append(fill("Raises: mercato.MercatoError by status (InvalidArgumentError, NotFoundError, "
                      "PermissionDeniedError, UnauthenticatedError, ConflictError, FailedPreconditionError, "
                      "UnavailableError, ...); TypeError or ValueError for a request that does not fit the "
                      "contract."))
    text = "\n\n".join(parts)
    if ")doc" in text:
        raise ValueError(f"{service.name}.{rpc.name}: a comment holds ')doc', which ends the C++ raw string")
    return text


def comment(text, indent=""):
    """`text` as C++ line comments of at most 110 columns, each line starting with `indent`."""
    return "\n".join(textwrap.wrap(text, 110, initial_indent=indent + "// ", subsequent_indent=indent + "// "))


def render_all(descriptor_set):
    """{relative path: text} of every generated file."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.globals["blocking_result"] = blocking_result
    environment.globals["value_type"] = value_type
    environment.globals["cpp_parameters"] = cpp_parameters
    environment.filters["cpp_sample"] = cpp_sample
    environment.globals["accessor"] = lambda service: REQUEST_CLIENTS[service.name]
    environment.globals["ts_type"] = ts_type
    environment.globals["ts_value"] = ts_value
    contract = read_contract(descriptor_set)
    environment.globals["python_doc"] = lambda service, rpc: python_doc(contract, service, rpc)
    environment.globals["py_type"] = lambda field, result: py_type(field, contract, result)
    environment.globals["contract"] = contract
    environment.tests["python_keyword"] = keyword.iskeyword
    environment.filters["comment"] = comment
    environment.tests["served"] = lambda rpc, service: served(service, rpc)
    environment.filters["attr_accessor"] = lambda service: REQUEST_CLIENTS[service.name]
    services = contract.services
    outputs = {}
    for service in services:
        templates = {**(SDK_OUTPUTS if service.name in SDK_CONNECTIONS else {}),
                     **(REQUEST_CLIENT_OUTPUTS if service.name in REQUEST_CLIENTS else {}),
                     **(SERVER_OUTPUTS if NOT_SERVED_YET.get(service.name) != ALL_RPCS else {}),
                     **(FORWARDING_OUTPUTS if service.name in DECORATED else {})}
        for template, path in templates.items():
            outputs[path.format(snake=service.snake)] = environment.get_template(template).render(s=service)
    generated = [service for service in services if service.name in REQUEST_CLIENTS]
    # Types for every call of the generated clients, and for the server streams of the others (their
    # clients are hand-written, but a stream's messages come to JS as generated).
    messages, enums = contract.reachable([rpc for service in generated for rpc in service.rpcs + service.streams] +
                                         [rpc for service in services if service.name not in REQUEST_CLIENTS
                                          for rpc in service.streams])
    for template, path in BINDING_OUTPUTS.items():
        outputs[path] = environment.get_template(template).render(services=generated, messages=messages, enums=enums)
    for (template, path), names in ((UNSERVED_TEST, NOT_SERVED_YET), (CLIENTS_MOCK_TEST, REQUEST_CLIENTS)):
        chosen = [service for service in services if service.name in names]
        outputs[path] = environment.get_template(template).render(services=chosen)
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
