"""Stripe as the crash proof needs it, in front of stripe-mock (MERCATO_TEST_STRIPE): stripe-mock
checks every request against Stripe's OpenAPI and answers with its fixtures, but keeps no state;
this front adds what the proof counts on and counts what the provider did.

- Idempotency as Stripe documents it (https://docs.stripe.com/api/idempotent_requests): a key
  seen again with the same parameters answers the first answer and does nothing; with other
  parameters, 400 idempotency_error; while its first request is still in flight, 409.
- Lost answers: for `lost_percent` of keys (chosen by the key's hash, so a run is reproducible) the
  first request acts and its connection is closed with no answer. Answers are HTTP/1.0, one
  connection per request, so that no client re-sends a request on a reused connection by itself.
- A ledger of intents: each create that acted gets an id of its own (stripe-mock hands out one id
  for all), with its mercato_payment_id and amount; cancels and captures mark it.
"""

import hashlib
import http.client
import http.server
import itertools
import json
import threading
import urllib.parse
from dataclasses import dataclass


@dataclass
class Intent:
    payment_id: str
    amount: int
    canceled: bool = False
    captured: int = 0


class StripeFront:
    def __init__(self, stripe_mock_url, lost_percent=0):
        target = urllib.parse.urlsplit(stripe_mock_url)
        self.target = (target.hostname, target.port)
        self.lost_percent = lost_percent
        self.lock = threading.Lock()
        self.answers = {}  # Idempotency-Key -> (method, path, body, (status, answer) or None while in flight)
        self.intents = {}  # our intent id -> Intent
        self.lost = 0
        self.ids = itertools.count(1)
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = front.handle(self.path, body, self.headers)
                if answer is not None:
                    self.send(*answer)

            def send(self, status, answer):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, path, body, headers):
        """(status, answer) to send, or None to close the connection unanswered."""
        key = headers.get("Idempotency-Key")
        if not key:
            return self.forward("POST", path, body, headers)
        with self.lock:
            seen = self.answers.get(key)
            if seen is None:
                self.answers[key] = ("POST", path, body, None)
            elif seen[:3] != ("POST", path, body):
                return 400, error("idempotency_error", "Keys for idempotent requests can only be used with the "
                                                       "same parameters they were first used with.")
            elif seen[3] is None:
                return 409, error("idempotency_error", "A request with this key is still in flight.")
            else:
                return seen[3]
        answer = self.act(path, body, headers)
        with self.lock:
            self.answers[key] = ("POST", path, body, answer)
            if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 100 < self.lost_percent:
                self.lost += 1
                return None
        return answer

    def act(self, path, body, headers):
        """Forwards to stripe-mock and keeps the ledger of what succeeded."""
        fields = urllib.parse.parse_qs(body.decode())
        parts = path.strip("/").split("/")  # v1 payment_intents [id [capture|cancel]]
        ours = parts[2] if len(parts) == 4 and parts[1] == "payment_intents" else None
        forwarded = path if ours is None else f"/v1/payment_intents/pi_stripe_mock/{parts[3]}"
        status, answer = self.forward("POST", forwarded, body, headers)
        if status // 100 != 2 or parts[1] != "payment_intents":
            return status, answer
        document = json.loads(answer)
        with self.lock:
            if ours is None:
                ours = f"pi_front_{next(self.ids)}"
                self.intents[ours] = Intent(fields["metadata[mercato_payment_id]"][0], int(fields["amount"][0]))
            elif ours not in self.intents:
                return 404, error("resource_missing", f"No such payment_intent: '{ours}'")
            elif parts[3] == "cancel":
                self.intents[ours].canceled = True
            else:
                self.intents[ours].captured = int(fields.get("amount_to_capture", [self.intents[ours].amount])[0])
        document["id"] = ours
        return status, json.dumps(document).encode()

    def forward(self, method, path, body, headers):
        connection = http.client.HTTPConnection(*self.target, timeout=30)
        try:
            connection.request(method, path, body, {name: headers[name] for name in
                                                     ("Authorization", "Content-Type") if name in headers})
            reply = connection.getresponse()
            return reply.status, reply.read()
        finally:
            connection.close()

    def live_intents(self):
        """Intents that hold money (not canceled), as {id: Intent}."""
        with self.lock:
            return {ours: intent for ours, intent in self.intents.items() if not intent.canceled}


def error(kind, message):
    return json.dumps({"error": {"type": kind, "message": message}}).encode()
