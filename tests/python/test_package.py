"""The installed package: what it exports, that its type stubs describe the runtime classes, and
that the stubs ship with it."""

import ast
import importlib.resources
import inspect

import pytest

import mercato
from mercato import _mercato

PACKAGE = importlib.resources.files("mercato")


def stub_tree(name):
    return ast.parse(PACKAGE.joinpath(name).read_text())


def public_members(cls):
    return {name for name in dir(cls) if not name.startswith("_")}


def test_every_name_in_all_exists():
    missing = [name for name in mercato.__all__ if not hasattr(mercato, name)]
    assert missing == []


def test_init_stub_declares_exactly_the_exported_names():
    declared = set()
    for node in stub_tree("__init__.pyi").body:
        if isinstance(node, ast.ImportFrom):
            declared |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Assign):
            declared |= {target.id for target in node.targets}
    assert declared - {"__version__", "__all__"} == set(mercato.__all__)


def test_extension_stub_matches_the_runtime_classes():
    stubbed = {node.name: node for node in stub_tree("_mercato.pyi").body if isinstance(node, ast.ClassDef)}
    runtime = {name for name, value in vars(_mercato).items() if inspect.isclass(value)}
    assert set(stubbed) == runtime
    for name, node in stubbed.items():
        members = {item.name for item in node.body if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")}
        assert members == public_members(getattr(_mercato, name)), name


def test_stubs_and_marker_ship_in_the_package():
    for name in ("py.typed", "__init__.pyi", "_mercato.pyi"):
        assert PACKAGE.joinpath(name).is_file(), name


def test_short_error_names_are_the_same_classes():
    assert mercato.NotFound is mercato.NotFoundError
    assert mercato.InvalidArgument is mercato.InvalidArgumentError
    assert mercato.Conflict is mercato.ConflictError


@pytest.mark.parametrize("cls", [
    mercato.InvalidArgumentError, mercato.NotFoundError, mercato.ConflictError, mercato.PermissionDeniedError,
    mercato.UnauthenticatedError, mercato.RateLimitError, mercato.UnavailableError,
    mercato.FailedPreconditionError, mercato.DeadlineExceededError,
])
def test_every_error_is_a_mercato_error(cls):
    error = cls("text", code="X", reason="R", metadata={"current_version": "7"}, retry_after=1.5)
    assert isinstance(error, mercato.MercatoError)
    assert (error.code, error.reason, error.retry_after, str(error)) == ("X", "R", 1.5, "text")


def test_conflict_reads_current_version_from_metadata():
    assert mercato.ConflictError("t", metadata={"current_version": "7"}).current_version == 7
    assert mercato.ConflictError("t").current_version is None
