"""The contract as the generator sees it: services and their RPCs, read from a protoc descriptor set,
each RPC with the shape that decides its forwarding code. Shapes follow the API conventions of
proto/mercato/v1/common.proto (AIP style), so they need no option of their own:

- a list: the response has `next_page_token` and one repeated message field, the items;
- a mutation: the request has `request_id` (an idempotency key, filled before the retry loop);
- unwrapped: the response holds exactly one field, a singular message (GetStockResponse.stock_item),
  which the SDK returns in its place.

What the conventions cannot say comes from options.proto: `cacheable` (a read the local cache answers)
and `signature` (the fields a caller may give as arguments).
"""

from dataclasses import dataclass, field

from google.protobuf import descriptor_pb2, unknown_fields

PACKAGE = "mercato.v1"
FDP = descriptor_pb2.FieldDescriptorProto
REPEATED = FDP.LABEL_REPEATED
MESSAGE = FDP.TYPE_MESSAGE
# Source-info path numbers (descriptor.proto): FileDescriptorProto.message_type / enum_type /
# service, DescriptorProto.field, ServiceDescriptorProto.method, EnumDescriptorProto.value.
_MESSAGES, _ENUMS, _SERVICES, _FIELDS, _METHODS, _VALUES = 4, 5, 6, 2, 2, 2
# Well-known types the bindings map to a native value of their language.
TIMESTAMP = "google.protobuf.Timestamp"
DURATION = "google.protobuf.Duration"
# options.proto's field number of `cacheable` (a MethodOptions extension, unknown to descriptor_pb2).
_CACHEABLE = 50102
_SIGNATURE = 50103


@dataclass
class Field:
    name: str  # proto name, snake_case
    json_name: str  # camelCase
    kind: str  # "string" "bytes" "bool" "int32" "int64" "double" "enum" "message"
    type_name: str | None  # full name of an enum or message type, without the leading dot
    repeated: bool
    map_key: "Field | None" = None  # for a map field, its key and value
    map_value: "Field | None" = None
    comment: str = ""


@dataclass
class Message:
    name: str  # full name without the leading dot: "mercato.v1.Cart"
    fields: list
    comment: str = ""

    @property
    def short(self):
        return self.name.rsplit(".", 1)[-1]


@dataclass
class Enum:
    name: str  # full name
    values: list  # short names ("ACTIVE" for PRODUCT_STATUS_ACTIVE), in number order
    comment: str = ""

    @property
    def short(self):
        return self.name.rsplit(".", 1)[-1]


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
    cache_key: str | None = None  # the request's one field, for a cacheable read
    signature: list = field(default_factory=list)  # request Fields a caller may give as arguments
    comment: str = ""

    @property
    def snake(self):
        """"GetOrderStatusHistory" -> "get_order_status_history" (Python's method name)."""
        return _snake(self.name)

    @property
    def camel(self):
        """"GetOrderStatusHistory" -> "getOrderStatusHistory" (Node's method name)."""
        return self.name[0].lower() + self.name[1:]

    @property
    def cached_name(self):
        """"GetProductBySku" -> "ProductBySku": a cacheable read's connection look-up is Cached<this>."""
        return self.name.removeprefix("Get")

    @property
    def result(self):
        """The C++ type a blocking call returns its value as (inside StatusOr or a range)."""
        return self.list_item or self.unwrap_type or self.response


@dataclass
class Service:
    name: str  # "InventoryService"
    proto_file: str  # "mercato/v1/inventory.proto"
    rpcs: list
    streams: list  # server-streaming RPCs (Rpc, with no list or unwrap shape)
    comment: str = ""

    @property
    def cached(self):
        """The cacheable reads (served by the SDK's caching decorator)."""
        return [rpc for rpc in self.rpcs if rpc.cache_key]

    @property
    def stem(self):
        """"InventoryService" -> "Inventory"."""
        return self.name.removesuffix("Service")

    @property
    def snake(self):
        return _snake(self.stem)


@dataclass
class Contract:
    services: list
    messages: dict  # full name -> Message, every message of every file (imports included)
    enums: dict  # full name -> Enum

    def reachable(self, rpcs):
        """The messages and enums the requests and results of `rpcs` use, in a stable order."""
        messages, enums = {}, {}

        def visit(name):
            if name in messages or name not in self.messages:
                return
            message = self.messages[name]
            messages[name] = message
            for f in message.fields:
                for part in (f, f.map_key, f.map_value):
                    if part is None:
                        continue
                    if part.kind == "message":
                        visit(part.type_name)
                    elif part.kind == "enum":
                        enums[part.type_name] = self.enums[part.type_name]

        for rpc in rpcs:
            visit(f"{PACKAGE}.{rpc.request}")
            visit(f"{PACKAGE}.{rpc.response}")
        return list(messages.values()), list(enums.values())


def _snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _comments(file):
    """{source path tuple: the first paragraph of its leading comment, on one line} of one file
    (protoc --include_source_info)."""
    found = {}
    for location in file.source_code_info.location:
        paragraph = location.leading_comments.strip().split("\n\n")[0]
        if paragraph:
            found[tuple(location.path)] = " ".join(line.strip() for line in paragraph.splitlines())
    return found


_KINDS = {
    FDP.TYPE_STRING: "string", FDP.TYPE_BYTES: "bytes", FDP.TYPE_BOOL: "bool",
    FDP.TYPE_INT32: "int32", FDP.TYPE_SINT32: "int32", FDP.TYPE_SFIXED32: "int32",
    FDP.TYPE_UINT32: "int32", FDP.TYPE_FIXED32: "int32",
    FDP.TYPE_INT64: "int64", FDP.TYPE_SINT64: "int64", FDP.TYPE_SFIXED64: "int64",
    FDP.TYPE_UINT64: "int64", FDP.TYPE_FIXED64: "int64",
    FDP.TYPE_DOUBLE: "double", FDP.TYPE_FLOAT: "double",
    FDP.TYPE_ENUM: "enum", FDP.TYPE_MESSAGE: "message",
}


def _field(proto, nested, comment=""):
    type_name = proto.type_name.lstrip(".") or None
    entry = nested.get(type_name)
    is_map = entry is not None and entry.options.map_entry
    return Field(
        name=proto.name,
        json_name=proto.json_name,
        kind=_KINDS[proto.type],
        type_name=type_name,
        repeated=proto.label == REPEATED and not is_map,
        map_key=_field(entry.field[0], nested) if is_map else None,
        map_value=_field(entry.field[1], nested) if is_map else None,
        comment=comment,
    )


def _enum_prefix(name):
    """"ProductStatus" -> "PRODUCT_STATUS_", the prefix buf's lint puts on every value."""
    return _snake(name).upper() + "_"


def _read_types(file, messages, enums):
    comments = _comments(file)
    prefix = f"{file.package}." if file.package else ""
    nested = {}
    for m in file.message_type:
        for n in m.nested_type:
            nested[f"{prefix}{m.name}.{n.name}"] = n
    for mi, m in enumerate(file.message_type):
        fields = [_field(f, nested, comments.get((_MESSAGES, mi, _FIELDS, fi), ""))
                  for fi, f in enumerate(m.field)]
        messages[prefix + m.name] = Message(prefix + m.name, fields, comments.get((_MESSAGES, mi), ""))
    for ei, e in enumerate(file.enum_type):
        strip = _enum_prefix(e.name)
        values = [v.name.removeprefix(strip) for v in sorted(e.value, key=lambda v: v.number)]
        enums[prefix + e.name] = Enum(prefix + e.name, values, comments.get((_ENUMS, ei), ""))


def _short(type_name):
    prefix = f".{PACKAGE}."
    if not type_name.startswith(prefix):
        raise ValueError(f"{type_name} is not a {PACKAGE} message")
    return type_name[len(prefix):]


def _option(method, number):
    """The value of the custom method option `number` (options.proto), or None when unset."""
    values = [f.data for f in unknown_fields.UnknownFieldSet(method.options) if f.field_number == number]
    return values[-1] if values else None


def _signature(method, request, fields):
    """The request Fields named by `option (signature)`, in its order ([] when unset)."""
    text = _option(method, _SIGNATURE)
    if not text:
        return []
    by_name = {f.name: f for f in fields}
    signature = []
    for name in text.decode().split(","):
        f = by_name.get(name.strip())
        if f is None or f.repeated or f.map_key or f.kind in ("message", "bytes") or f.name == "request_id":
            raise ValueError(f"{method.name}: signature names {name.strip()!r}, which is not a singular scalar or "
                             f"enum field of {request.name} (request_id is filled by the SDK)")
        signature.append(f)
    return signature


def _cache_key(method, request):
    """The cache key of a read marked `option (cacheable) = true`, else None."""
    marked = bool(_option(method, _CACHEABLE))
    if not marked:
        return None
    if len(request.field) != 1 or request.field[0].type != FDP.TYPE_STRING or request.field[0].label == REPEATED:
        raise ValueError(f"{method.name}: a cacheable read's request is one string field, its cache key")
    return request.field[0].name


def _rpc(method, messages, comment, types):
    """`types`: every Message of the contract by full name (for the signature's fields)."""
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
        cache_key=_cache_key(method, request),
        signature=_signature(method, request, types[f"{PACKAGE}.{request.name}"].fields),
        comment=comment,
    )


def read_contract(descriptor_set_path):
    """Every service of the contract's package, in file order, with every message and enum."""
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as source:
        files.ParseFromString(source.read())
    messages, enums = {}, {}
    for file in files.file:
        _read_types(file, messages, enums)
    contract = [f for f in files.file if f.package == PACKAGE]
    protos = {m.name: m for f in contract for m in f.message_type}
    services = []
    for file in contract:
        comments = _comments(file)
        for si, service in enumerate(file.service):
            rpcs, streams = [], []
            for mi, m in enumerate(service.method):
                rpc = _rpc(m, protos, comments.get((_SERVICES, si, _METHODS, mi), ""), messages)
                if m.client_streaming:
                    raise ValueError(f"{service.name}.{m.name}: client streams have no generated shape yet")
                if m.server_streaming:
                    rpc.list_item = rpc.list_field = rpc.unwrap_field = rpc.unwrap_type = None
                    streams.append(rpc)
                else:
                    rpcs.append(rpc)
            services.append(Service(service.name, file.name, rpcs, streams, comments.get((_SERVICES, si), "")))
    return Contract(services, messages, enums)
