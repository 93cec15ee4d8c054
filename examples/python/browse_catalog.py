"""Browses a Mercato catalog: the category tree, the first page of a "milk" search with prices, and
(when pandas is installed) product counts and mean prices per category.

    MERCATO_ENDPOINT=localhost:50051 python examples/python/browse_catalog.py
"""

import os

import mercato


def price_text(money: mercato.Money) -> str:
    # The demo catalog prices in GBP, whose minor unit is a hundredth.
    return f"{money.amount_minor / 100:.2f} {money.currency}"


def print_tree(categories: list) -> None:
    for category in categories:  # depth-first, in position order
        print("  " * len(category.ancestor_ids) + category.name)


def print_search(catalog: mercato.CatalogClient, query: str, page_size: int) -> None:
    products = catalog.list_products(query=query, page_size=page_size)
    for _, product in zip(range(page_size), products):
        cheapest = min(product.variants, key=lambda v: v.price.amount_minor)
        stock = "" if any(v.in_stock for v in product.variants) else "  (out of stock)"
        print(f"  {product.name:<40} from {price_text(cheapest.price)} ({cheapest.name}){stock}")


def print_summary(catalog: mercato.CatalogClient, categories: list) -> None:
    try:
        import pandas  # noqa: F401  (only to know whether to_pandas() can work)
    except ImportError:
        print("(install pandas for the per-category summary)")
        return
    frame = catalog.list_products(page_size=200).to_pandas()
    names = {c.id: c.name for c in categories}
    frame["category"] = frame["category_id"].map(names)
    summary = frame.groupby("category").agg(products=("id", "count"), mean_price_minor=("min_price_minor", "mean"))
    summary["mean_price"] = (summary.pop("mean_price_minor") / 100).round(2)
    print(summary.sort_values("products", ascending=False).to_string())


def main() -> None:
    endpoint = os.environ.get("MERCATO_ENDPOINT", "localhost:50051")
    with mercato.Client(endpoint) as client:
        catalog = client.catalog
        categories = catalog.list_categories().to_list()
        print(f"Categories at {endpoint}:")
        print_tree(categories)
        print('\nFirst page of "milk":')
        print_search(catalog, "milk", page_size=10)
        print("\nProducts per category (cheapest variant, GBP):")
        print_summary(catalog, categories)


if __name__ == "__main__":
    main()
