"""Client.login / logout / me against a live mercatod with a bootstrapped staff account: the session
is client state that the catalog calls carry once logged in and lose on logout."""

import pytest

import mercato
from conftest import start_mercatod, stop_mercatod

STAFF_EMAIL = "ops@mercato.example"
STAFF_PASSWORD = "Staff-Passw0rd-for-tests"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_mercatod(tmp_path_factory.mktemp("mercatod"), "--no-seed",
                            "--bootstrap-staff", f"{STAFF_EMAIL}:{STAFF_PASSWORD}")
    yield server
    stop_mercatod(server)


def test_login_authenticates_catalog_calls_and_logout_forgets_the_session(server):
    with mercato.Client(server.address, cache=False) as client:
        catalog = client.catalog
        assert not client.logged_in
        with pytest.raises(mercato.UnauthenticatedError):
            catalog.create_category("Before login", "before-login")

        client.login(STAFF_EMAIL, STAFF_PASSWORD)
        assert client.logged_in
        created = catalog.create_category("After login", "after-login")
        assert created.name == "After login"

        me = client.me()
        assert isinstance(me, mercato.User)
        assert me.email == STAFF_EMAIL
        assert "STAFF" in me.roles
        assert me.id and me.to_dict()["email"] == STAFF_EMAIL

        client.logout()
        assert not client.logged_in
        with pytest.raises(mercato.UnauthenticatedError):
            catalog.create_category("After logout", "after-logout")
        with pytest.raises(mercato.UnauthenticatedError):
            client.me()


def test_wrong_password_raises_and_leaves_the_client_logged_out(server):
    with mercato.Client(server.address, cache=False) as client:
        with pytest.raises(mercato.UnauthenticatedError):
            client.login(STAFF_EMAIL, "not-the-password")
        assert not client.logged_in
        with pytest.raises(mercato.UnauthenticatedError):
            client.catalog.create_category("Still anonymous", "still-anonymous")


def test_login_on_a_closed_client_raises(server):
    client = mercato.Client(server.address, cache=False)
    client.close()
    with pytest.raises(ValueError):
        client.login(STAFF_EMAIL, STAFF_PASSWORD)


def test_logout_forgets_what_the_staff_session_cached(server):
    with mercato.Client(server.address) as client:
        client.login(STAFF_EMAIL, STAFF_PASSWORD)
        catalog = client.catalog
        shelf = catalog.create_category("Back room", "back-room")
        draft = catalog.create_product(
            category_id=shelf.id, name="Unreleased cider", slug="unreleased-cider", brand="X", status="DRAFT",
            variants=[{"sku": "UNRELEASED-1", "name": "1 l", "price": {"amount_minor": 300, "currency": "GBP"},
                       "unit": "MILLILITRE", "unit_quantity": 1000}])
        # Staff may read a draft: the reads fill the cache, and repeated ones are hits.
        hits = catalog.cache_stats()["hits"]
        for _ in range(3):
            assert catalog.get_product(draft.id).status == "DRAFT"
            assert catalog.get_product_by_sku("UNRELEASED-1")[0].id == draft.id
        assert catalog.cache_stats()["hits"] > hits

        client.logout()

        # Anonymous now: the draft answers as a missing product does, cached or not.
        with pytest.raises(mercato.NotFoundError):
            catalog.get_product(draft.id)
        with pytest.raises(mercato.NotFoundError):
            catalog.get_product_by_sku("UNRELEASED-1")
        with pytest.raises(mercato.NotFoundError):
            catalog.get_product(product_id=draft.id)
