"""Catalog reads through the Python package against a live, seeded mercatod: value objects, SKU and
batch lookups, the category tree, lazy paging, and DataFrames built in C++."""

import datetime
import itertools
import re

import pytest

import mercato


@pytest.fixture(scope="module")
def dairy(categories):
    """The "Dairy & Eggs" department: a category with sub-categories and dozens of products."""
    return categories["Dairy & Eggs"]


def test_product_is_a_read_only_value_with_variants_prices_and_status(catalog):
    listed = next(p for p in catalog.list_products(query="Whole Milk") if "Whole Milk" in p.name)
    product = catalog.get_product(listed.id)

    assert isinstance(product, mercato.Product)
    assert product == listed
    assert product.status == "ACTIVE"
    assert product.version >= 1
    assert isinstance(product.created_at, datetime.datetime)
    assert product.created_at.tzinfo == datetime.timezone.utc
    variant = product.variants[0]
    assert isinstance(variant, mercato.Variant)
    assert variant.unit == "MILLILITRE"
    assert isinstance(variant.price.amount_minor, int) and variant.price.amount_minor > 0
    assert variant.price.currency == "GBP"
    with pytest.raises(AttributeError):
        product.name = "changed"  # type: ignore[misc]
    assert repr(product).startswith("Product(id=") and product.name in repr(product)


def test_to_dict_carries_every_field_as_plain_python(catalog):
    product = next(catalog.list_products(page_size=1))
    as_dict = product.to_dict()

    assert as_dict["id"] == product.id
    assert as_dict["status"] == "ACTIVE"
    assert as_dict["attributes"] == product.attributes
    assert len(as_dict["variants"]) == len(product.variants)
    first = as_dict["variants"][0]
    assert first["sku"] == product.variants[0].sku
    assert first["price"] == {"amount_minor": product.variants[0].price.amount_minor, "currency": "GBP"}
    assert as_dict["created_at"] == product.created_at


def test_nested_values_outlive_their_product(catalog):
    variant = next(catalog.list_products(page_size=1)).variants[0]
    price = variant.price  # the product itself is gone now; the views keep it alive
    assert price == mercato.Money(price.amount_minor, "GBP")
    assert re.fullmatch(r"(MC|GA|HF)-[A-Z0-9]+(-[A-Z0-9]+)*", variant.sku), variant.sku


def test_get_product_by_sku_returns_the_owner_and_the_matching_variant(catalog):
    product = next(catalog.list_products(query="Free Range Eggs"))
    wanted = product.variants[-1]

    owner, variant_id = catalog.get_product_by_sku(wanted.sku)

    assert owner.id == product.id
    assert variant_id == wanted.id


def test_batch_get_products_keeps_order_and_reports_missing_ids(catalog):
    ids = [p.id for p in itertools.islice(catalog.list_products(page_size=5), 3)]

    batch = catalog.batch_get_products([ids[2], "no-such-product", ids[0]])

    assert [p.id for p in batch] == [ids[2], ids[0]]
    assert len(batch) == 2 and batch[-1].id == ids[0]
    assert batch.missing_ids == ["no-such-product"]
    with pytest.raises(IndexError):
        batch[2]


def test_category_tree_lists_roots_children_and_ancestors(catalog, categories, dairy):
    roots = catalog.list_categories("").to_list()
    children = list(catalog.list_categories(dairy.id))

    assert "Dairy & Eggs" in [c.name for c in roots]
    assert all(c.parent_id is None for c in roots)
    assert {c.name for c in children} == {"Milk", "Cheese", "Yogurt", "Eggs", "Butter & Spreads"}
    milk = catalog.get_category(categories["Milk"].id)
    assert milk.parent_id == dairy.id
    assert milk.ancestor_ids == [dairy.id]
    assert milk.to_dict()["name"] == "Milk"


def test_list_products_pages_lazily_and_yields_every_product_once(catalog, staff, dairy):
    expected = [p.id for p in catalog.list_products(category_id=dairy.id, sort="NAME", page_size=100)]
    assert len(expected) > 3 * 7

    products = catalog.list_products(category_id=dairy.id, sort="NAME", page_size=7)
    first = next(products)  # fetches the first page only
    # Change a product on the page already fetched and one on the last page: the iterator sees the
    # second change only if it fetches the last page after this point, i.e. lazily.
    on_first_page, on_last_page = staff.get_product(expected[1]), staff.get_product(expected[-1])
    staff.update_product(on_first_page.id, on_first_page.version, brand="Lazy Paging Co (first page)")
    staff.update_product(on_last_page.id, on_last_page.version, brand="Lazy Paging Co (last page)")
    rest = list(products)

    assert [first.id] + [p.id for p in rest] == expected
    assert rest[0].brand == on_first_page.brand
    assert rest[-1].brand == "Lazy Paging Co (last page)"
    assert list(products) == []


def test_list_products_filters_by_query_price_and_stock(catalog):
    cheap = catalog.list_products(max_price=100, currency="GBP", sort="PRICE_ASC").to_list()
    milk = catalog.list_products(query="milk", in_stock_only=True).to_list()

    assert len(cheap) > 0
    assert all(min(v.price.amount_minor for v in p.variants) <= 100 for p in cheap)
    prices = [min(v.price.amount_minor for v in p.variants) for p in cheap]
    assert prices == sorted(prices)
    assert any("Milk" in p.name for p in milk)
    assert all(any(v.in_stock for v in p.variants) for p in milk)


def test_to_pandas_builds_typed_columns_matching_the_iteration(catalog, dairy):
    iterated = list(catalog.list_products(category_id=dairy.id, page_size=10))
    frame = catalog.list_products(category_id=dairy.id, page_size=10).to_pandas()

    assert list(frame.columns) == [
        "id", "name", "slug", "brand", "category_id", "status", "min_price_minor", "currency", "in_stock",
        "available_quantity", "variants_count", "version", "created_at", "updated_at",
    ]
    assert len(frame) == len(iterated)
    assert str(frame["min_price_minor"].dtype) == "int64"
    assert str(frame["in_stock"].dtype) == "bool"
    assert str(frame["version"].dtype) == "int64"
    assert str(frame["created_at"].dtype) == "datetime64[ns]"
    row = frame.set_index("id").loc[iterated[0].id]
    assert row["name"] == iterated[0].name
    assert row["min_price_minor"] == min(v.price.amount_minor for v in iterated[0].variants)
    assert row["variants_count"] == len(iterated[0].variants)
    assert bool(row["in_stock"]) == any(v.in_stock for v in iterated[0].variants)
    assert set(frame["currency"]) == {"GBP"}


def test_to_pandas_of_a_partly_consumed_iterator_and_of_a_batch(catalog, dairy):
    products = catalog.list_products(category_id=dairy.id, page_size=4)
    consumed = [next(products).id for _ in range(5)]
    rest = products.to_pandas()
    batch = catalog.batch_get_products(consumed[:2] + ["missing"])

    assert not set(consumed) & set(rest["id"])
    assert list(batch.to_pandas()["id"]) == consumed[:2]
