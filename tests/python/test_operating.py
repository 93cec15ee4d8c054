"""Operating mercatod: a bad flag or an unreachable backend is one line naming the flag and the fix,
with a non-zero exit and never an abort; a second mercatod on a taken port or data directory refuses
to start instead of splitting the traffic or the data."""

import socket
import subprocess

import pytest

from conftest import MERCATOD, start_mercatod, stop_mercatod


def run_mercatod(tmp_path, *args, timeout=30):
    return subprocess.run(
        [str(MERCATOD), "--listen", "127.0.0.1:0", "--metrics-listen", "", "--data-dir", str(tmp_path / "data"),
         "--no-seed", "--log-format", "text", *args],
        capture_output=True, text=True, timeout=timeout,
    )


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("flag,value", [
    ("--redis", "localhost"),
    ("--redis", "localhost:http"),
    ("--listen", "127.0.0.1"),
    ("--listen", "127.0.0.1:70000"),
    ("--metrics-listen", "::1:9464"),
    ("--kafka", "127.0.0.1:9092,broker2"),
    ("--trusted-proxy", "lb.example.com"),
])
def test_a_malformed_address_is_refused_naming_the_flag(tmp_path, flag, value):
    result = run_mercatod(tmp_path, flag, value)
    assert result.returncode > 0, f"exit {result.returncode} (a negative code is a signal, e.g. an abort)"
    assert flag in result.stderr and value.split(",")[-1] in result.stderr, result.stderr
    assert "terminate called" not in result.stderr


@pytest.mark.parametrize("flag,problem", [
    ("--redis", "Redis does not answer"),
    ("--kafka", "no broker answers"),
])
def test_an_unreachable_backend_is_refused_at_start(tmp_path, flag, problem):
    address = f"127.0.0.1:{closed_port()}"
    result = run_mercatod(tmp_path, flag, address)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "could not start" in line]
    assert len(lines) == 1, result.stderr
    assert f"{flag} {address}" in lines[0] and problem in lines[0] and f"leave out {flag}" in lines[0]
    assert "listening on port" not in result.stdout


def test_a_second_mercatod_on_a_taken_port_refuses_to_start(tmp_path):
    first = start_mercatod(tmp_path / "first", "--no-seed", "--metrics-listen", "")
    try:
        port = first.address.rsplit(":", 1)[1]
        result = subprocess.run(
            [str(MERCATOD), "--listen", f"127.0.0.1:{port}", "--metrics-listen", "", "--no-seed",
             "--data-dir", str(tmp_path / "second"), "--log-format", "text"],
            capture_output=True, text=True, timeout=30,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"--listen 127.0.0.1:{port}" in result.stderr and "another process" in result.stderr
        assert first.process.poll() is None, "the first server keeps serving"
    finally:
        stop_mercatod(first)


def test_a_second_mercatod_on_a_data_dir_in_use_refuses_to_start(tmp_path):
    first = start_mercatod(tmp_path / "shared", "--no-seed", "--metrics-listen", "")
    try:
        result = subprocess.run(
            [str(MERCATOD), "--listen", "127.0.0.1:0", "--metrics-listen", "", "--no-seed",
             "--data-dir", str(tmp_path / "shared"), "--log-format", "text"],
            capture_output=True, text=True, timeout=30,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert "in use by another mercatod" in result.stderr
        assert f"pid {first.process.pid}" in result.stderr
    finally:
        stop_mercatod(first)
    # The lock dies with its holder, even when it was killed: the directory is usable again.
    again = start_mercatod(tmp_path / "shared", "--no-seed", "--metrics-listen", "")
    stop_mercatod(again)
