"""mercatod as operators and clients see it: health, reflection, UNIMPLEMENTED stubs, flags, SIGTERM."""

import json
import subprocess

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from conftest import MERCATOD

SERVICES = [
    "mercato.v1.CatalogService",
    "mercato.v1.UserService",
    "mercato.v1.OrderService",
    "mercato.v1.PaymentService",
    "mercato.v1.InventoryService",
    "mercato.v1.DeliveryService",
    "mercato.v1.AnalyticsService",
]


def test_health_check_reports_serving(mercatod):
    with mercatod.channel() as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lists_every_service(mercatod):
    with mercatod.channel() as channel:
        services = set(ProtoReflectionDescriptorDatabase(channel).get_services())
    assert set(SERVICES) <= services
    assert "grpc.health.v1.Health" in services


def test_reflection_serves_method_descriptors(mercatod):
    with mercatod.channel() as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        file = database.FindFileContainingSymbol("mercato.v1.CatalogService")
    assert file.package == "mercato.v1"
    catalog = next(s for s in file.service if s.name == "CatalogService")
    assert "GetProduct" in [m.name for m in catalog.method]


def test_unbuilt_rpc_answers_unimplemented(mercatod):
    with mercatod.channel() as channel:
        call = channel.unary_unary("/mercato.v1.AnalyticsService/GetSalesReport")
        with pytest.raises(grpc.RpcError) as error:
            call(b"", timeout=5)
    assert error.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_sigterm_exits_zero(mercatod):
    with mercatod.channel() as channel:
        grpc.channel_ready_future(channel).result(timeout=5)
    assert mercatod.stop() == 0


def test_help_describes_flags():
    result = subprocess.run([str(MERCATOD), "--help"], capture_output=True, text=True, timeout=10)
    assert result.returncode == 0
    for flag in ("--listen", "--data-dir", "--shutdown-grace", "--log-level"):
        assert flag in result.stdout


def test_bad_flag_value_is_refused_with_a_message():
    result = subprocess.run([str(MERCATOD), "--log-level", "loud"], capture_output=True, text=True, timeout=10)
    assert result.returncode == 2, "a usage error exits 2"
    assert "log-level" in result.stderr


def test_a_short_service_token_is_refused():
    result = subprocess.run([str(MERCATOD), "--service-token", "short"], capture_output=True, text=True, timeout=10)
    assert result.returncode == 2
    assert "--service-token" in result.stderr and "at least 16" in result.stderr, result.stderr


def test_a_bad_bootstrap_staff_password_names_its_flag(tmp_path):
    result = subprocess.run([str(MERCATOD), "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path), "--no-seed",
                             "--bootstrap-staff", "ops@example.com:short"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "--bootstrap-staff: password must be" in result.stderr, result.stderr


def test_logs_are_json_lines_carrying_the_request_id(tmp_path):
    process = subprocess.Popen(
        [str(MERCATOD), "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path), "--no-seed", "--log-level", "debug"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = next(int(line.split()[-1]) for line in process.stdout if line.startswith("mercatod listening on port"))
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            call = channel.unary_unary("/mercato.v1.CatalogService/GetProduct")
            with pytest.raises(grpc.RpcError):
                call(b"", timeout=5, metadata=[("x-request-id", "py-log-check-7")])
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert all({"ts", "level", "msg"} <= line.keys() for line in lines)
    tagged = [line for line in lines if line.get("request_id") == "py-log-check-7"]
    assert tagged and "GetProduct" in tagged[0]["msg"]
