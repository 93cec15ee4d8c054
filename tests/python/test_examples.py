"""The Python examples run to completion against a live, seeded mercatod."""

import os
import subprocess
import sys

from conftest import REPO, SERVICE_TOKEN


def readme_python_blocks():
    """The README's Python code blocks that call a server."""
    text = (REPO / "README.md").read_text()
    blocks = [block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith("python\n")]
    return [block for block in blocks if "mercato.Client(" in block]


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


def test_book_delivery_slot_finds_the_zone_holds_a_slot_and_books_it(seeded_mercatod):
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "book_delivery_slot.py")],
        env={**os.environ, "MERCATO_ENDPOINT": seeded_mercatod.address, "MERCATO_SERVICE_TOKEN": SERVICE_TOKEN},
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("SW1A 2HQ is in Central London: delivery 3.99 GBP, minimum order 25.00 GBP"), lines[0]
    assert sum(" left" in line for line in lines[1:6]) == 5, "five open slots listed"
    assert any(line.startswith("held ") for line in lines)
    booked = next(line for line in lines if line.startswith("booked for order-"))
    booking_id = booked.split("booking ", 1)[1].split(",", 1)[0]
    assert f"released booking {booking_id}: the example's order is not real" in lines, "its unit given back"
    assert "utilisation" in result.stdout, "the per-day table from to_pandas()"


def test_the_readmes_python_example_runs_as_written_against_the_demo(seeded_mercatod):
    [example] = readme_python_blocks()
    program = "\n".join([
        "import mercato",
        f"service_token = {SERVICE_TOKEN!r}",
        example.replace('"localhost:50051"', repr(seeded_mercatod.address)),
        "print('ledger rows', len(moves))",
    ])
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = int(result.stdout.rsplit("ledger rows ", 1)[1])
    assert rows >= 1, "the demo's oats were received through the inventory ledger"


def test_place_order_checks_out_and_the_shop_delivers_the_order(seeded_mercatod):
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "place_order.py")],
        env={**os.environ, "MERCATO_ENDPOINT": seeded_mercatod.address, "MERCATO_SERVICE_TOKEN": SERVICE_TOKEN},
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    placed = next(line for line in lines if ": PENDING, total " in line)
    assert placed.startswith("order M-"), placed
    assert "retried with the same request_id: same order, charged once" in lines
    captured = next(line for line in lines if line.startswith("captured "))
    picked, authorized = (float(part.split()[0]) for part in captured.removeprefix("captured ").split(" of "))
    assert round((authorized - picked) * 100) == 40, "the lighter pick captured 0.40 less"
    assert any(line.startswith("order M-") and line.endswith(": DELIVERED") for line in lines)
    moves = [line.split("->")[1].split()[0] for line in lines if " -> " in line]
    assert moves == ["PENDING", "CONFIRMED", "PAID", "PACKED", "SHIPPED", "DELIVERED"]
