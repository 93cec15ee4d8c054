"""Clients that keep writing while a backend or mercatod fails, and remember what every call answered.

Each writer thread owns one product and renames it again and again, each time with a request id of
its own and the version it last saw, and reads it after each rename (through the other instance
when there are two), noting a read older than a rename acknowledged before it. Every tenth rename is
doomed: sent with a version that cannot match, it must fail ABORTED and leave no trace. After a
rename failed, the writer's renames are doomed ones until a read tells it the product's version, so
that while a backend is away both reads and writes keep asking.

A call that failed UNAVAILABLE may or may not have committed (the connection broke around the
commit, or mercatod died): `settle` sends it again with its request id once the backends are back,
and the answer (the first one replayed, or the call run now) is its outcome."""

import collections
import itertools
import threading
import time
import uuid
from dataclasses import dataclass, field

import grpc

from faults_support import RENAME, rename_fields

UNSETTLED = grpc.StatusCode.UNAVAILABLE
# The errors (what, code) a client may see while a backend or mercatod is away: UNAVAILABLE, and
# the ABORTED that doomed writes get whenever they reach the database.
WHILE_AWAY = {("write", "UNAVAILABLE"), ("doomed write", "UNAVAILABLE"), ("read", "UNAVAILABLE"),
              ("doomed write", "ABORTED")}


@dataclass
class Call:
    request: dict
    product_id: str
    doomed: bool
    codes: list = field(default_factory=list)  # the answer of each sending, in order
    acknowledged_version: int | None = None

    @property
    def request_id(self):
        return self.request["requestId"]


class Writers:
    def __init__(self, shops, products, pace=0.02):
        """One writer per product; writer i writes through shops[i % len(shops)] and reads through
        the next one. `shops` may be changed while they run (a restarted mercatod)."""
        self.shops = shops
        self.products = products
        self.pace = pace
        self.calls = []
        self.stale_reads = []  # (product id, acknowledged version, version read)
        self.answers = collections.Counter()  # (what, code) of every call: "write", "doomed write", "read"
        self.condition = threading.Condition()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(i,), daemon=True) for i in range(len(products))]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            if thread.is_alive():
                thread.join()

    def wait_for(self, what, code, more, seconds=60):
        """Waits until `more` further calls of `what` answered `code`."""
        with self.condition:
            target = self.answers[(what, code)] + more
            reached = self.condition.wait_for(lambda: self.answers[(what, code)] >= target, seconds)
        assert reached, f"{more} more {what} calls did not answer {code.name} within {seconds}s: {self.answers}"

    def errors(self):
        """{(what, code name)} of every call that did not answer OK."""
        with self.condition:
            return {(what, code.name) for what, code in self.answers if code != grpc.StatusCode.OK}

    def note(self, what, code):
        with self.condition:
            self.answers[(what, code)] += 1
            self.condition.notify_all()

    def send(self, shop, what, method, fields):
        """(response, code) of one call, noted in `answers`."""
        try:
            response, code = shop.staff(method, fields), grpc.StatusCode.OK
        except grpc.RpcError as error:
            response, code = None, error.code()
        self.note(what, code)
        return response, code

    def write(self, index):
        product = self.products[index]
        version = acknowledged = product.version
        fresh = True  # `version` is the product's current one
        for n in itertools.count(1):
            if self.stopping.is_set():
                return
            shop, reader = self.shops[index % len(self.shops)], self.shops[(index + 1) % len(self.shops)]
            doomed = not fresh or n % 10 == 0
            call = Call(rename_fields(product.id, version + 1000 if doomed else version, f"{product.name} {n}",
                                      uuid.uuid4().hex), product.id, doomed)
            self.calls.append(call)
            renamed, code = self.send(shop, "doomed write" if doomed else "write", RENAME, call.request)
            call.codes.append(code)
            if renamed:
                call.acknowledged_version = version = acknowledged = renamed.product.version
            elif not doomed:
                fresh = False
            read, _ = self.send(reader, "read", "CatalogService/GetProduct", {"productId": product.id})
            if read:
                if read.product.version < acknowledged:
                    self.stale_reads.append((product.id, acknowledged, read.product.version))
                if not fresh:
                    version, fresh = read.product.version, True
            time.sleep(self.pace)

    def settle(self):
        """Sends each call that failed UNAVAILABLE again, with its request id, through the writer's
        shop; its outcome is then the answer. Call once the writers stopped and the backends are back."""
        for call in self.calls:
            if call.codes[-1] == UNSETTLED:
                index = next(i for i, p in enumerate(self.products) if p.id == call.product_id)
                renamed, code = self.send(self.shops[index % len(self.shops)], "settling write", RENAME, call.request)
                call.codes.append(code)
                if renamed:
                    call.acknowledged_version = renamed.product.version
        unsettled = [call.request_id for call in self.calls if call.codes[-1] == UNSETTLED]
        assert not unsettled, f"still UNAVAILABLE after the backends came back: {unsettled}"

    def latest(self):
        """{product id: (name, version)} of each product's last acknowledged rename."""
        latest = {p.id: (p.name, p.version) for p in self.products}
        for call in self.calls:
            if call.acknowledged_version is not None and call.acknowledged_version > latest[call.product_id][1]:
                latest[call.product_id] = (call.request["product"]["name"], call.acknowledged_version)
        return latest
