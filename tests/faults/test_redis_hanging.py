"""A hanging Redis costs a few timeouts, not one or two on every call: whether all of it hangs (it
accepts connections and never answers) or only its writes do (CLIENT PAUSE WRITE, as during a
failover: reads answer, writes wait). After three failures within 10 s mercatod's circuit for Redis
opens: calls skip Redis (listings read from PostgreSQL, rate limits kept in process, session lookups
UNAVAILABLE at once), /metrics and the health service say so, and a background write closes the
circuit once Redis takes writes again, with no restart. Before the breaker every call waited Redis's
250 ms timeout twice; with a breaker that any answered read reset, a write-paused Redis never opened it."""

import signal
import urllib.request

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from faults_support import Shop, free_port, start_production_mercatod, stop_mercatod, until



def metric(port, name):
    """The value of `name{backend="redis"}` in mercatod's /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
        for line in reply.read().decode().splitlines():
            if line.startswith(f'{name}{{backend="redis"}} '):
                return float(line.split()[-1])
    raise AssertionError(f"/metrics has no {name} for redis")


def health(shop, service):
    stub = health_pb2_grpc.HealthStub(shop.channel)
    return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status


@pytest.fixture
def watched_shop(tmp_path, database, redis):
    metrics_port = free_port()
    server = start_production_mercatod(tmp_path, database, redis.address,
                                       "--metrics-listen", f"127.0.0.1:{metrics_port}")
    yield Shop(server), metrics_port
    stop_mercatod(server)


HANGS = {
    "stopped": (lambda redis: redis.process.send_signal(signal.SIGSTOP),
                lambda redis: redis.process.send_signal(signal.SIGCONT)),
    "writes paused": (lambda redis: redis.cli("CLIENT", "PAUSE", "600000", "WRITE"),
                      lambda redis: redis.cli("CLIENT", "UNPAUSE")),
}


@pytest.mark.parametrize("how", HANGS)
def test_a_hanging_redis_is_skipped_until_it_answers_again(watched_shop, redis, how):
    hang, resume = HANGS[how]
    shop, metrics_port = watched_shop
    product = shop.new_product("Porridge oats")
    shopper = shop.sign_up()
    assert metric(metrics_port, "mercato_backend_circuit_open") == 0
    assert health(shop, "mercato.backend.redis") == health_pb2.HealthCheckResponse.SERVING

    hang(redis)
    # The first calls wait out Redis's timeout; their failures open the circuit.
    until(lambda: shop.customer_view(product) and metric(metrics_port, "mercato_backend_circuit_open") == 1,
          "the circuit opening")
    sent_unanswered = metric(metrics_port, "mercato_backend_calls_failed_total")
    skipped = metric(metrics_port, "mercato_backend_calls_skipped_total")

    for _ in range(20):
        assert shop.customer_view(product) == ("Porridge oats", ["Porridge oats"])
    with pytest.raises(grpc.RpcError) as refused:
        shop.call("UserService/GetMe", {}, metadata=shopper)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE

    # Nothing more was sent to the hanging Redis; every call answered without it.
    assert metric(metrics_port, "mercato_backend_calls_failed_total") == sent_unanswered
    assert metric(metrics_port, "mercato_backend_calls_skipped_total") >= skipped + 40
    assert health(shop, "mercato.backend.redis") == health_pb2.HealthCheckResponse.NOT_SERVING
    assert health(shop, "") == health_pb2.HealthCheckResponse.SERVING

    resume(redis)
    until(lambda: metric(metrics_port, "mercato_backend_circuit_open") == 0, "the circuit closing")
    assert shop.call("UserService/GetMe", {}, metadata=shopper).user.email.startswith("shopper-")
    assert health(shop, "mercato.backend.redis") == health_pb2.HealthCheckResponse.SERVING
    assert metric(metrics_port, "mercato_backend_circuit_opened_total") == 1
