"""The contract as the generator sees it: services and their RPCs, read from a protoc descriptor set,
each RPC with the shape that decides its forwarding code. Shapes follow the API conventions of
proto/mercato/v1/common.proto (AIP style), so they need no option of their own:

- a list: the response has `next_page_token` and one repeated message field, the items;
- a mutation: the request has `request_id` (an idempotency key, filled before the retry loop);
- unwrapped: the response holds exactly one field, a singular message (GetStockResponse.stock_item),
  which the SDK returns in its place.
"""

from dataclasses import dataclass

from google.protobuf import descriptor_pb2

PACKAGE = "mercato.v1"
REPEATED = descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED
MESSAGE = descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE


@dataclass
class Rpc:
    name: str
    request: str  # message name in mercato.v1
    response: str
    mutation: bool
    list_item: str | None  # the item type of a list
    list_field: str | None  # the repeated field holding a page's items
    unwrap_field: str | None  # the single field returned in the response's place
    unwrap_type: str | None

    @property
    def result(self):
        """The C++ type a blocking call returns its value as (inside StatusOr or a range)."""
        return self.list_item or self.unwrap_type or self.response


@dataclass
class Service:
    name: str  # "InventoryService"
    proto_file: str  # "mercato/v1/inventory.proto"
    rpcs: list
    streams: list  # names of server-streaming RPCs, hand-written where they are served

    @property
    def stem(self):
        """"InventoryService" -> "Inventory"."""
        return self.name.removesuffix("Service")

    @property
    def snake(self):
        return "".join("_" + c.lower() if c.isupper() else c for c in self.stem).lstrip("_")


def _short(type_name):
    prefix = f".{PACKAGE}."
    if not type_name.startswith(prefix):
        raise ValueError(f"{type_name} is not a {PACKAGE} message")
    return type_name[len(prefix):]


def _rpc(method, messages):
    request, response = messages[_short(method.input_type)], messages[_short(method.output_type)]
    fields = {f.name: f for f in response.field}
    repeated = [f for f in response.field if f.label == REPEATED and f.type == MESSAGE]
    is_list = "next_page_token" in fields and len(repeated) == 1
    single = response.field[0] if len(response.field) == 1 else None
    unwrap = single if single and single.label != REPEATED and single.type == MESSAGE and not is_list else None
    return Rpc(
        name=method.name,
        request=request.name,
        response=response.name,
        mutation=any(f.name == "request_id" for f in request.field),
        list_item=_short(repeated[0].type_name) if is_list else None,
        list_field=repeated[0].name if is_list else None,
        unwrap_field=unwrap.name if unwrap else None,
        unwrap_type=_short(unwrap.type_name) if unwrap else None,
    )


def read_services(descriptor_set_path):
    """Every service of the contract's package, in file order."""
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as source:
        files.ParseFromString(source.read())
    contract = [f for f in files.file if f.package == PACKAGE]
    messages = {m.name: m for f in contract for m in f.message_type}
    services = []
    for file in contract:
        for service in file.service:
            unary = [m for m in service.method if not m.server_streaming and not m.client_streaming]
            streams = [m.name for m in service.method if m.server_streaming or m.client_streaming]
            services.append(Service(service.name, file.name, [_rpc(m, messages) for m in unary], streams))
    return services
