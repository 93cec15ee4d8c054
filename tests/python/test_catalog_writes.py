"""Catalog writes and failures through the Python package against a live, seeded mercatod: creating,
updating and archiving products, categories, idempotency keys, and the exception tree with the
server's error details."""

import pickle
import time

import pytest

import mercato


def new_product(categories, name, sku, **fields):
    base = dict(
        category_id=categories["Milk"].id,
        name=name,
        slug=sku.lower(),
        brand="Python Dairy",
        description="Made by the Python suite.",
        attributes={"organic": "false"},
        status="ACTIVE",
        variants=[
            {"sku": f"{sku}-1L", "name": "1 l", "price": {"amount_minor": 135, "currency": "GBP"}, "unit": "MILLILITRE",
             "unit_quantity": 1000},
            {"sku": f"{sku}-2L", "name": "2 l", "price": mercato.Money(245, "GBP"), "unit": "millilitre",
             "unit_quantity": 2000, "attributes": {"size": "family"}},
        ],
    )
    base.update(fields)
    return base


def test_create_product_from_keywords_returns_what_the_server_stored(staff, catalog, categories):
    created = staff.create_product(**new_product(categories, "Python Oat Milk", "PY-OAT"))

    assert created.id and created.version >= 1
    assert created.status == "ACTIVE"
    assert [v.sku for v in created.variants] == ["PY-OAT-1L", "PY-OAT-2L"]
    assert created.variants[1].price == mercato.Money(245, "GBP")
    assert created.variants[1].attributes == {"size": "family"}
    assert catalog.get_product(created.id) == created
    assert catalog.get_product_by_sku("PY-OAT-2L")[0].id == created.id


def test_create_product_from_a_dict_and_update_it(staff, categories):
    created = staff.create_product(new_product(categories, "Python Goat Milk", "PY-GOAT"))

    updated = staff.update_product(created.id, created.version, name="Python Goat Milk (organic)",
                                   attributes={"organic": "true"})

    assert updated.name == "Python Goat Milk (organic)"
    assert updated.attributes == {"organic": "true"}
    assert updated.brand == created.brand
    assert updated.version > created.version


def test_a_product_set_back_to_draft_leaves_a_customers_cache(staff, catalog, categories):
    created = staff.create_product(new_product(categories, "Python Seasonal Kefir", "PY-KEFIR"))
    assert catalog.get_product(created.id).name == "Python Seasonal Kefir"
    assert catalog.get_product_by_sku("PY-KEFIR-1L")[0].id == created.id

    staff.update_product(created.id, created.version, status="DRAFT")

    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            catalog.get_product(created.id)
        except mercato.NotFoundError:
            break
        time.sleep(0.02)
    else:
        pytest.fail("the customer's cache still serves the draft after 2 s")
    with pytest.raises(mercato.NotFoundError):
        catalog.get_product_by_sku("PY-KEFIR-1L")


def test_update_variants_replaces_the_list_keeping_matched_ids(staff, categories):
    created = staff.create_product(new_product(categories, "Python Rice Drink", "PY-RICE"))
    kept = created.variants[0]

    updated = staff.update_product(
        created.id, created.version,
        variants=[kept, {"sku": "PY-RICE-500", "name": "500 ml", "price": {"amount_minor": 80, "currency_code": "GBP"},
                         "unit": "MILLILITRE", "unit_quantity": 500}])

    assert [v.sku for v in updated.variants] == ["PY-RICE-1L", "PY-RICE-500"]
    assert updated.variants[0].id == kept.id
    assert str(updated.variants[1].price) == "0.80 GBP"  # Money as a dict: "currency_code", the contract's name


def test_archive_product(staff, categories):
    created = staff.create_product(new_product(categories, "Python Soy Milk", "PY-SOY"))

    archived = staff.archive_product(created.id, created.version)

    assert archived.status == "ARCHIVED"
    assert archived.version > created.version


def test_the_same_request_id_creates_once(staff, categories):
    fields = new_product(categories, "Python Hemp Milk", "PY-HEMP")

    first = staff.create_product(fields, request_id="python-suite-create-hemp")
    again = staff.create_product(fields, request_id="python-suite-create-hemp")

    assert again.id == first.id


def test_categories_can_be_created_renamed_and_deleted(staff, catalog, categories):
    dairy = categories["Dairy & Eggs"]

    created = staff.create_category("Kefir", "kefir", parent_id=dairy.id, position=9)
    renamed = staff.update_category(created.id, created.version, name="Kefir & Cultured Milk")
    staff.delete_category(renamed.id, renamed.version)

    assert created.parent_id == dairy.id and created.ancestor_ids == [dairy.id]
    assert renamed.name == "Kefir & Cultured Milk"
    with pytest.raises(mercato.NotFound):
        catalog.get_category(created.id)


def test_text_without_a_utf8_form_raises_value_error_naming_the_field(staff):
    with pytest.raises(ValueError, match="name: not valid text"):
        staff.create_category("Kefir \ud800", "kefir-lone")


def test_unknown_product_raises_not_found_with_the_servers_details(catalog):
    with pytest.raises(mercato.NotFound) as raised:
        catalog.get_product("no-such-product")

    error = raised.value
    assert isinstance(error, mercato.NotFoundError) and isinstance(error, mercato.MercatoError)
    assert error.code == "NOT_FOUND"
    assert error.reason == "NOT_FOUND"
    assert error.domain == "catalog"
    assert error.metadata == {"resource": "product/no-such-product"}
    assert "no-such-product" in error.message
    assert "NOT_FOUND" in str(error)


@pytest.mark.parametrize(
    "filters, field",
    [
        (dict(min_price=500, max_price=100, currency="GBP"), "min_price_minor"),
        (dict(page_size=-1), "page_size"),
        (dict(min_price=100), "currency_code"),
    ],
)
def test_bad_filters_raise_invalid_argument_naming_the_field(catalog, filters, field):
    products = catalog.list_products(**filters)  # lazy: nothing is asked before iteration

    with pytest.raises(mercato.InvalidArgument) as raised:
        next(products)

    assert raised.value.code == "INVALID_ARGUMENT"
    assert raised.value.metadata["field"] == field
    assert list(products) == []


def test_stale_expected_version_raises_conflict_with_the_current_version(staff, categories):
    created = staff.create_product(new_product(categories, "Python Cashew Drink", "PY-CASHEW"))
    current = staff.update_product(created.id, created.version, brand="Python Dairy II")

    with pytest.raises(mercato.Conflict) as raised:
        staff.update_product(created.id, created.version, brand="Python Dairy III")

    error = raised.value
    assert isinstance(error, mercato.ConflictError)
    assert error.code == "ABORTED"
    assert error.reason == "VERSION_MISMATCH"
    assert error.current_version == current.version


def test_taken_sku_raises_conflict_already_exists(staff, categories):
    staff.create_product(new_product(categories, "Python Pea Milk", "PY-PEA"))

    with pytest.raises(mercato.ConflictError) as raised:
        staff.create_product(new_product(categories, "Python Pea Milk Two", "PY-PEA2",
                                         variants=[{"sku": "PY-PEA-1L", "name": "1 l",
                                                    "price": {"amount_minor": 99, "currency": "GBP"}}]))

    assert raised.value.code == "ALREADY_EXISTS"
    assert raised.value.current_version is None


def test_anonymous_writes_are_told_to_sign_in(catalog, categories):
    product = next(catalog.list_products(page_size=1))

    with pytest.raises(mercato.UnauthenticatedError) as create:
        catalog.create_product(new_product(categories, "Python Anonymous Milk", "PY-ANON"))
    with pytest.raises(mercato.UnauthenticatedError) as update:
        catalog.update_product(product.id, product.version, name="anonymous rename")

    assert create.value.code == update.value.code == "UNAUTHENTICATED"
    assert create.value.reason == "SIGN_IN_REQUIRED"


def test_bad_arguments_fail_in_python_before_any_call(staff, categories):
    with pytest.raises(TypeError, match="unknown Product field 'colour'"):
        staff.create_product(new_product(categories, "x", "PY-X", colour="red"))
    with pytest.raises(ValueError, match="unknown status 'SOLD'"):
        staff.create_product(new_product(categories, "x", "PY-X", status="SOLD"))
    with pytest.raises(TypeError, match="amount_minor must be an int"):
        staff.create_product(new_product(categories, "x", "PY-X",
                                         variants=[{"sku": "PY-X", "price": {"amount_minor": 1.5, "currency": "GBP"}}]))
    with pytest.raises(TypeError):
        staff.create_product({"name": "x"}, name="y")
    with pytest.raises(ValueError, match="at least one field"):
        staff.update_product("any", 1)


def test_errors_pickle_with_their_details(catalog):
    with pytest.raises(mercato.NotFound) as raised:
        catalog.get_product("no-such-product")

    copy = pickle.loads(pickle.dumps(raised.value))

    assert type(copy) is mercato.NotFoundError
    assert (copy.code, copy.reason, copy.metadata, str(copy)) == (
        "NOT_FOUND", "NOT_FOUND", {"resource": "product/no-such-product"}, str(raised.value))
