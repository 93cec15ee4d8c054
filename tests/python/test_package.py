"""The installed package: what it exports, that its type stubs describe the runtime classes, that
the stubs ship with it, and that `pip install <checkout>/bindings/python` builds it from a clean
checkout the way the README says."""

import ast
import importlib.resources
import inspect
import json
import os
import shutil
import subprocess
import sys

import pytest

import mercato
from conftest import REPO
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
    # The generated service clients are stubbed in _services.pyi, the rest by hand in _mercato.pyi.
    stubbed = {node.name: node for stub in ("_mercato.pyi", "_services.pyi") for node in stub_tree(stub).body
               if isinstance(node, ast.ClassDef)}
    runtime = {name for name, value in vars(_mercato).items() if inspect.isclass(value)}
    assert set(stubbed) == runtime
    for name, node in stubbed.items():
        members = {item.name for item in node.body if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")}
        assert members == public_members(getattr(_mercato, name)), name


def test_stubs_and_marker_ship_in_the_package():
    for name in ("py.typed", "__init__.pyi", "_mercato.pyi", "_services.pyi"):
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


INSTALLED_SDK = REPO / "build" / "install"


def clean_checkout(destination):
    """What a fresh clone holds once the working tree is committed: the files git tracks or would
    track (untracked, not ignored), nothing built."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a file deleted in the working tree is still in the index
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def build_env():
    """The SDK the package links: CMAKE_PREFIX_PATH when set, else build/install when it holds one (as
    scripts/test.sh leaves it), else the package builds the SDK from the checkout."""
    env = {**os.environ, "CMAKE_BUILD_PARALLEL_LEVEL": os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")}
    if not env.get("CMAKE_PREFIX_PATH") and (INSTALLED_SDK / "lib" / "cmake" / "mercato" / "mercatoConfig.cmake").is_file():
        env["CMAKE_PREFIX_PATH"] = str(INSTALLED_SDK)
    return env


CONSUMER = """
import json, sys
import mercato
with mercato.Client(sys.argv[1]) as client:
    names = [category.name for category in client.catalog.list_categories()]
print(json.dumps({"loaded_from": mercato.__file__, "names": names}))
"""


def test_pip_installs_the_package_from_a_clean_checkout(tmp_path, seeded_mercatod):
    checkout = clean_checkout(tmp_path / "checkout")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"

    installed = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                                str(checkout / "bindings" / "python")],
                               env=build_env(), capture_output=True, text=True, timeout=1800)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    used = subprocess.run([str(python), "-c", CONSUMER, seeded_mercatod.address],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert used.returncode == 0, used.stderr
    result = json.loads(used.stdout)
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    assert os.path.dirname(result["loaded_from"]) == os.path.join(site_packages, "mercato")
    assert "Dairy & Eggs" in result["names"]
