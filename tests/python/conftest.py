"""Fixtures that run a real mercatod process on a free loopback port for the Python suites."""

import uuid

import pytest

from mercatod_process import MERCATOD, REPO, RunningServer, start_mercatod, stop_mercatod  # noqa: F401


@pytest.fixture
def mercatod(tmp_path):
    server = start_mercatod(tmp_path / "data", "--no-seed")
    yield server
    stop_mercatod(server)


# The staff token of the seeded servers below (mercatod --service-token).
SERVICE_TOKEN = "python-suite-staff-token"


@pytest.fixture(scope="module")
def seeded_mercatod(tmp_path_factory):
    """One mercatod per test module, seeded with the demo catalog, with SERVICE_TOKEN as staff."""
    server = start_mercatod(tmp_path_factory.mktemp("mercatod"), "--service-token", SERVICE_TOKEN)
    yield server
    stop_mercatod(server)


@pytest.fixture(scope="module")
def catalog(seeded_mercatod):
    """An anonymous (customer) catalog client of the module's seeded server."""
    import mercato

    with mercato.Client(seeded_mercatod.address) as client:
        yield client.catalog


@pytest.fixture(scope="module")
def staff(seeded_mercatod):
    """A catalog client of the module's seeded server with the staff token."""
    import mercato

    with mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN) as client:
        yield client.catalog


@pytest.fixture(scope="module")
def categories(catalog):
    """The seeded category tree by name (names are unique in the demo catalog)."""
    return {category.name: category for category in catalog.list_categories()}


@pytest.fixture(scope="module")
def staff_inventory(seeded_mercatod):
    """An inventory client of the module's seeded server with the staff token (stock changes and
    reservations are staff-only)."""
    import mercato

    with mercato.Client(seeded_mercatod.address, token=SERVICE_TOKEN) as client:
        yield client.inventory


def signed_in_customer(address, name="customer"):
    """A new mercato.Client of `address` signed in as a newly registered customer."""
    import mercato

    client = mercato.Client(address, cache=False)
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
    client.users.register(email=email, password="Customer-Passw0rd-42")
    client.users.login(email=email, password="Customer-Passw0rd-42")
    return client
