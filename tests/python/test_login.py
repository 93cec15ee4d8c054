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
