"""Calls mercatod the way any grpcio client of the contract would, with message classes built from
the server's own reflection (no generated Python code to keep in step with proto/)."""

import threading

import grpc
from google.protobuf import descriptor_pool, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase


class Contract:
    """The mercato.v1 messages and methods as served by one mercatod."""

    def __init__(self, channel: grpc.Channel):
        self._pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        # The pool fills itself from the server on first use of a name, and protobuf's pool is not
        # safe to fill from several threads at once (the fault suite's writers crashed the process
        # in it): every lookup takes this lock, and methods are built once.
        self._lock = threading.Lock()
        self._methods = {}

    def message(self, name: str):
        with self._lock:
            return message_factory.GetMessageClass(self._pool.FindMessageTypeByName(f"mercato.v1.{name}"))

    def service(self, name: str):
        """The descriptor of service `name` ("CatalogService")."""
        with self._lock:
            return self._pool.FindServiceByName(f"mercato.v1.{name}")

    def method(self, channel: grpc.Channel, service: str, name: str):
        """A callable for unary `name` of `service` on `channel`; its request class is `.request`."""
        with self._lock:
            if (service, name) not in self._methods:
                descriptor = self._pool.FindServiceByName(f"mercato.v1.{service}").FindMethodByName(name)
                self._methods[service, name] = (message_factory.GetMessageClass(descriptor.input_type),
                                                message_factory.GetMessageClass(descriptor.output_type))
            request, response = self._methods[service, name]
        call = channel.unary_unary(
            f"/mercato.v1.{service}/{name}",
            request_serializer=request.SerializeToString,
            response_deserializer=response.FromString,
        )
        call.request = request
        return call
