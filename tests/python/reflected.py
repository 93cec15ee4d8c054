"""Calls mercatod the way any grpcio client of the contract would, with message classes built from
the server's own reflection (no generated Python code to keep in step with proto/)."""

import grpc
from google.protobuf import descriptor_pool, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase


class Contract:
    """The mercato.v1 messages and methods as served by one mercatod."""

    def __init__(self, channel: grpc.Channel):
        self._pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))

    def message(self, name: str):
        return message_factory.GetMessageClass(self._pool.FindMessageTypeByName(f"mercato.v1.{name}"))

    def service(self, name: str):
        """The descriptor of service `name` ("CatalogService")."""
        return self._pool.FindServiceByName(f"mercato.v1.{name}")

    def method(self, channel: grpc.Channel, service: str, name: str):
        """A callable for unary `name` of `service` on `channel`; its request class is `.request`."""
        descriptor = self._pool.FindServiceByName(f"mercato.v1.{service}").FindMethodByName(name)
        request = message_factory.GetMessageClass(descriptor.input_type)
        response = message_factory.GetMessageClass(descriptor.output_type)
        call = channel.unary_unary(
            f"/mercato.v1.{service}/{name}",
            request_serializer=request.SerializeToString,
            response_deserializer=response.FromString,
        )
        call.request = request
        return call
