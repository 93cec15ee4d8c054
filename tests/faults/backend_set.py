"""One backend set of a test's own: a new database on the suite's private PostgreSQL, the test's
Redis, and topics of its own (a prefix of its own) on the suite's private Kafka; and the mercatod
instances the test runs on it, each killed when the test ends."""

import uuid

from faults_support import Shop, create_database, drop_database, start_production_mercatod, stop_mercatod


class BackendSet:
    def __init__(self, services, redis, tmp_path):
        self.services = services
        self.redis = redis
        self.tmp_path = tmp_path
        self.database = create_database(services.postgres)
        self.topic_prefix = f"faults{uuid.uuid4().hex[:8]}."
        self.servers = []

    def start_mercatod(self, *args):
        """A Shop over a new mercatod on this set, its events going to Kafka. The writers are one
        caller (the service token) that calls far faster than the default rate limit lets one."""
        server = start_production_mercatod(
            self.tmp_path, self.database, self.redis.address, "--kafka", self.services.kafka,
            "--kafka-topic-prefix", self.topic_prefix, "--metrics-listen", "", "--user-rate-burst", "1000000", *args)
        self.servers.append(server)
        return Shop(server)

    @staticmethod
    def kill(shop):
        """SIGKILL, as a crash: nothing in flight is finished, nothing is flushed."""
        stop_mercatod(shop.server)  # SIGKILL

    def close(self):
        for server in self.servers:
            stop_mercatod(server)
        self.services.start()  # whatever the test stopped
        drop_database(self.services.postgres, self.database)
