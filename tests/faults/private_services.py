"""A PostgreSQL and a Kafka of the fault suite's own, which its tests stop and start again: started
by scripts/services.sh in a directory of their own, never the ones other suites share
(MERCATO_TEST_POSTGRES and MERCATO_TEST_KAFKA are hidden from the script so that it starts its own).
PostgreSQL commits wait for the WAL on disk (MERCATO_POSTGRES_DURABLE=1), as in production: without
that, an immediate stop would lose acknowledged commits whatever mercatod did."""

import os
import re
import subprocess
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"


class PrivateServices:
    def __init__(self, directory: Path):
        self.env = {name: value for name, value in os.environ.items()
                    if name not in ("MERCATO_TEST_POSTGRES", "MERCATO_TEST_KAFKA")}
        self.env.update(MERCATO_SERVICES_DIR=str(directory), MERCATO_POSTGRES_DURABLE="1")
        try:
            self.run("start", "postgres", "kafka")
        except BaseException:
            self.stop()
            raise
        addresses = dict(re.findall(r"^export (\w+)=(\S+)$", (directory / "env.sh").read_text(), re.M))
        self.postgres = addresses["MERCATO_TEST_POSTGRES"]
        self.kafka = addresses["MERCATO_TEST_KAFKA"]

    def run(self, *args, **env):
        subprocess.run(["bash", str(SERVICES), *args], env={**self.env, **env}, check=True)

    def stop_postgres(self, mode="fast"):
        """pg_ctl stop -m fast (sessions cut off, a checkpoint) or -m immediate (as a crash)."""
        self.run("stop", "postgres", MERCATO_POSTGRES_STOP_MODE=mode)

    def stop_kafka(self):
        self.run("stop", "kafka")

    def start(self):
        """Starts whatever of the two is stopped, on its port and with its data."""
        self.run("start", "postgres", "kafka")

    def stop(self):
        self.run("stop")
