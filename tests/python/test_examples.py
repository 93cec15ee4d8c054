"""The Python examples run to completion against a live, seeded mercatod."""

import os
import subprocess
import sys

from conftest import REPO


def test_browse_catalog_prints_tree_search_and_summary(seeded_mercatod):
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "browse_catalog.py")],
        env={**os.environ, "MERCATO_ENDPOINT": seeded_mercatod.address},
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    tree, search, summary = result.stdout.split("\n\n")
    assert "Dairy & Eggs\n  Milk\n" in tree
    assert "Whole Milk" in search and "GBP" in search
    assert "Milk" in summary and "mean_price" in summary
