// Each method converts its arguments with the GIL held, releases the GIL around the SDK call, and
// builds the Python result (or raises the translated error) with the GIL held again. The reads the
// local cache serves look there first with the GIL held (CatalogConnection::Cached*): a hit is
// answered on the calling thread, without releasing the GIL, and hands Python the cached object.
#include "catalog_client.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "catalog_arguments.h"
#include "catalog_types.h"
#include "fast_method.h"
#include "generated_call.h"
#include "lazy_range.h"
#include "product_frame.h"
#include "sdk_call.h"
#include "status_error.h"

namespace mercato::python {
namespace py = pybind11;
using namespace pybind11::literals;
namespace {

struct ProductIterator {
  LazyRange<v1::Product> range;
};

struct CategoryIterator {
  LazyRange<v1::Category> range;
};

// A materialised list of products (batch_get_products, ProductIterator.to_list()).
struct ProductList {
  std::vector<v1::Product> products;
  std::vector<std::string> missing_ids;
};

py::object ProductAt(py::object self, py::ssize_t index) {
  auto const& list = self.cast<ProductList const&>();
  auto const size = static_cast<py::ssize_t>(list.products.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) throw py::index_error("ProductList index out of range");
  return py::cast(&list.products[static_cast<std::size_t>(index)], py::return_value_policy::reference_internal,
                  self);
}

// The Python classes Product and Category expose getters only, so the cached, shared value they
// wrap is never written through this pointer (pybind11's holders cannot hold a pointer to const).
template <typename T>
std::shared_ptr<T> HeldByPython(Shared<T> value) {
  return std::const_pointer_cast<T>(std::move(value));
}

// CatalogService.WatchChanges for generated_call.h's Stream.
struct CatalogWatchChanges {
  using Request = v1::WatchChangesRequest;
  static AsyncStream<v1::WatchChangesResponse> Open(Client const& client, Request const& request) {
    return client.catalog().WatchChanges(request);
  }
};

// The cached reads: the local cache's look, the blocking read, the Python object made of an answer,
// and the method's name, argument and docstring.
struct ProductRead {
  static constexpr auto kLook = &CatalogConnection::CachedProduct;
  static constexpr auto kRead = &CatalogClient::GetProduct;
  static py::object Wrap(Shared<v1::Product> const& product) { return py::cast(HeldByPython(product)); }
  static constexpr char kName[] = "get_product";
  static constexpr char kGeneral[] = "_get_product";
  static constexpr char kKey[] = "product_id";
  static constexpr char kDoc[] =
      "The Product (from the local cache when fresh, else one round trip). Raises NotFoundError for an "
      "unknown id and for a product a customer may not see (DRAFT, ARCHIVED).";
};

struct ProductBySkuRead {
  static constexpr auto kLook = &CatalogConnection::CachedProductBySku;
  static constexpr auto kRead = &CatalogClient::GetProductBySku;
  // (product, variant_id); the product is a view into the shared answer, which it keeps alive.
  static py::object Wrap(Shared<v1::GetProductBySkuResponse> const& found) {
    std::shared_ptr<v1::Product> product(HeldByPython(found), const_cast<v1::Product*>(&found->product()));
    return py::make_tuple(std::move(product), found->variant_id());
  }
  static constexpr char kName[] = "get_product_by_sku";
  static constexpr char kGeneral[] = "_get_product_by_sku";
  static constexpr char kKey[] = "sku";
  static constexpr char kDoc[] = "(Product, variant_id) of the variant with this SKU. Raises NotFoundError.";
};

struct CategoryRead {
  static constexpr auto kLook = &CatalogConnection::CachedCategory;
  static constexpr auto kRead = &CatalogClient::GetCategory;
  static py::object Wrap(Shared<v1::Category> const& category) { return py::cast(HeldByPython(category)); }
  static constexpr char kName[] = "get_category";
  static constexpr char kGeneral[] = "_get_category";
  static constexpr char kKey[] = "category_id";
  static constexpr char kDoc[] = "The Category (from the local cache when fresh). Raises NotFoundError.";
};

class CatalogClientHandle {
 public:
  explicit CatalogClientHandle(std::shared_ptr<ClientHandle> client) : client_(std::move(client)) {}

  ClientHandle& handle() { return *client_; }

  // A cached read (`Read`: ProductRead, ProductBySkuRead, CategoryRead): the local cache's answer
  // with the GIL held, the same Python object for every hit on the same value; else the blocking
  // call without the GIL.
  template <typename Read>
  py::object CachedRead(std::string const& key) {
    auto catalog = client_->Catalog();
    if (auto hit = Hit<Read>(*catalog.connection(), key)) return hit;
    return Read::Wrap(ValueOrThrow(WithoutGil([&] { return (catalog.*Read::kRead)(key, CallOptions{}); })));
  }

  std::unique_ptr<ProductIterator> ListProducts(ProductFilter const& filter) {
    auto request = ListProductsRequestFrom(filter);
    auto catalog = client_->Get().catalog();
    return std::unique_ptr<ProductIterator>(new ProductIterator{
        {WithoutGil([&] { return catalog.ListProducts(std::move(request)); }), filter.page_size, client_}});
  }

  ProductList BatchGetProducts(std::vector<std::string> ids) {
    auto catalog = client_->Get().catalog();
    auto found = ValueOrThrow(WithoutGil([&] { return catalog.BatchGetProducts(std::move(ids)); }));
    ProductList list;
    list.products.assign(std::make_move_iterator(found.mutable_products()->begin()),
                         std::make_move_iterator(found.mutable_products()->end()));
    list.missing_ids.assign(found.missing_ids().begin(), found.missing_ids().end());
    return list;
  }

  v1::Product CreateProduct(py::object fields, std::optional<std::string> request_id, py::kwargs const& kwargs) {
    if (!fields.is_none() && !kwargs.empty()) {
      throw py::type_error("create_product takes a dict (or Product) or keyword arguments, not both");
    }
    v1::Product product = ProductFromPython(fields.is_none() ? py::object(kwargs) : fields);
    auto catalog = client_->Get().catalog();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(WithoutGil([&] { return catalog.CreateProduct(std::move(product), std::move(opts)); }));
  }

  v1::Product UpdateProduct(std::string id, std::int64_t expected_version, std::optional<std::string> request_id,
                            py::kwargs const& fields) {
    auto [product, paths] = ProductUpdateFromPython(std::move(id), fields);
    auto catalog = client_->Get().catalog();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(WithoutGil([&] {
      return catalog.UpdateProduct(std::move(product), std::move(paths), expected_version, std::move(opts));
    }));
  }

  v1::Product ArchiveProduct(std::string id, std::int64_t expected_version, std::optional<std::string> request_id) {
    auto catalog = client_->Get().catalog();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(
        WithoutGil([&] { return catalog.ArchiveProduct(std::move(id), expected_version, std::move(opts)); }));
  }

  // A FastMethod's answer (fast_method.h): the hit's object for the str argument, or null with no
  // Python error set to pass the call on to the general method (CachedRead).
  template <typename Read>
  static PyObject* AnswerFromCache(PyObject* self, PyObject* arg) noexcept {
    try {
      if (!PyUnicode_Check(arg)) return nullptr;
      Py_ssize_t size = 0;
      char const* utf8 = PyUnicode_AsUTF8AndSize(arg, &size);
      if (utf8 == nullptr) {
        PyErr_Clear();
        return nullptr;
      }
      auto& handle = py::handle(self).cast<CatalogClientHandle&>();
      auto* connection = handle.client_->catalog_connection();
      if (connection == nullptr) return nullptr;  // closed: the general method raises
      return handle.Hit<Read>(*connection, std::string_view(utf8, static_cast<std::size_t>(size))).release().ptr();
    } catch (...) {
      PyErr_Clear();
      return nullptr;
    }
  }

  std::unique_ptr<CategoryIterator> ListCategories(std::optional<std::string> parent_id, int page_size) {
    v1::ListCategoriesRequest request;
    if (parent_id) request.set_parent_id(std::move(*parent_id));
    request.set_page_size(page_size);
    auto catalog = client_->Get().catalog();
    return std::unique_ptr<CategoryIterator>(new CategoryIterator{
        {WithoutGil([&] { return catalog.ListCategories(std::move(request)); }), page_size, client_}});
  }

  v1::Category CreateCategory(py::dict const& fields, std::optional<std::string> request_id) {
    v1::Category category = CategoryFromPython(fields);
    auto catalog = client_->Get().catalog();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(WithoutGil([&] { return catalog.CreateCategory(std::move(category), std::move(opts)); }));
  }

  v1::Category UpdateCategory(std::string id, std::int64_t expected_version, std::optional<std::string> request_id,
                              py::kwargs const& fields) {
    if (fields.empty()) throw py::value_error("update_category needs at least one field to change");
    v1::Category category = CategoryFromPython(fields);
    category.set_id(std::move(id));
    std::vector<std::string> paths;
    for (auto const& item : fields) paths.push_back(item.first.cast<std::string>());
    auto catalog = client_->Get().catalog();
    auto opts = MutationOptions(std::move(request_id));
    return ValueOrThrow(WithoutGil([&] {
      return catalog.UpdateCategory(std::move(category), std::move(paths), expected_version, std::move(opts));
    }));
  }

  void DeleteCategory(std::string id, std::int64_t expected_version, std::optional<std::string> request_id) {
    auto catalog = client_->Get().catalog();
    auto opts = MutationOptions(std::move(request_id));
    ThrowIfError(WithoutGil([&] { return catalog.DeleteCategory(std::move(id), expected_version, std::move(opts)); }));
  }

  py::dict CacheStats() {
    auto const stats = client_->Get().catalog().cache_stats();
    py::dict result;
    result["hits"] = stats.hits;
    result["misses"] = stats.misses;
    result["evictions"] = stats.evictions;
    result["expirations"] = stats.expirations;
    result["size"] = stats.size;
    return result;
  }

 private:
  // The cache's answer as Read::Wrap makes it, or a null object.
  template <typename Read>
  py::object Hit(CatalogConnection& connection, std::string_view key) {
    auto hit = (connection.*Read::kLook)(key);
    return hit ? View(hit, &Read::Wrap) : py::object();
  }

  // The Python object for a cache hit: the one made for an earlier hit on the same value (an
  // unchanged entry), else `wrap(hit)`'s. Kept so that a hit wraps nothing, as Node keeps its
  // frozen views; all dropped at once when kMaxViews are held. Needs the GIL.
  template <typename T>
  py::object View(Shared<T> const& value, py::object (*wrap)(Shared<T> const&)) {
    auto it = views_.find(value.get());
    if (it != views_.end()) return it->second.object;
    if (views_.size() >= kMaxViews) views_.clear();
    py::object object = wrap(value);
    views_.emplace(value.get(), CachedView{value, object});
    return object;
  }

  // The SDK cache's default size (Options.cache.max_entries).
  static constexpr std::size_t kMaxViews = 10000;
  struct CachedView {
    // Held so that the address, the key, cannot be reused by another value meanwhile.
    std::shared_ptr<void const> value;
    py::object object;
  };

  std::shared_ptr<ClientHandle> client_;
  std::unordered_map<void const*, CachedView> views_;
};

// A cached read as a FastMethod (fast_method.h) in front of its pybind11 method.
template <typename Read>
struct FastRead : Read {
  static PyObject* Answer(PyObject* self, PyObject* arg) {
    return CatalogClientHandle::AnswerFromCache<Read>(self, arg);
  }
};

// Defines the cached read as a method of CatalogClient, with a FastMethod in front.
template <typename Read, typename Class>
void DefineCachedRead(Class& catalog) {
  catalog.def(Read::kName, &CatalogClientHandle::CachedRead<Read>, py::arg(Read::kKey), Read::kDoc);
  // The first line is the signature CPython's inspect and help() read.
  FastMethod<FastRead<Read>>::Install(
      catalog, std::string(Read::kName) + "($self, " + Read::kKey + ")\n--\n\n" + Read::kDoc);
}

}  // namespace

py::object MakeCatalogClient(std::shared_ptr<ClientHandle> client) {
  return py::cast(std::make_shared<CatalogClientHandle>(std::move(client)));
}

void RegisterCatalogClient(py::module_& m) {
  py::class_<ProductList>(m, "ProductList", "Products already fetched; index, iterate or convert with to_pandas().")
      .def("__len__", [](ProductList const& self) { return self.products.size(); })
      .def("__getitem__", &ProductAt, py::arg("index"))
      .def(
          "__iter__",
          [](ProductList const& self) { return py::make_iterator(self.products.begin(), self.products.end()); },
          py::keep_alive<0, 1>())
      .def_property_readonly("missing_ids", [](ProductList const& self) { return self.missing_ids; })
      .def(
          "to_pandas", [](ProductList const& self) { return ProductsToPandas(self.products); },
          "A DataFrame, one product per row: id, name, slug, brand, category_id, status, min_price_minor (the "
                "cheapest variant, minor units), currency, in_stock, available_quantity, variants_count, version, "
                "created_at, updated_at (UTC). Needs pandas.")
      .def("__repr__", [](ProductList const& self) {
        return "ProductList(" + std::to_string(self.products.size()) + " products)";
      });

  py::class_<ProductIterator>(m, "ProductIterator",
                              "Products matching a list_products() call, fetched one page at a time as you iterate.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__",
           [](ProductIterator& self) {
             auto next = self.range.Next();
             if (!next) throw py::stop_iteration();
             return *std::move(next);
           })
      .def("to_list", [](ProductIterator& self) { return ProductList{self.range.Drain(), {}}; })
      .def(
          "to_pandas", [](ProductIterator& self) { return ProductsToPandas(self.range.Drain()); },
          "A DataFrame, one product per row: id, name, slug, brand, category_id, status, min_price_minor (the "
                "cheapest variant, minor units), currency, in_stock, available_quantity, variants_count, version, "
                "created_at, updated_at (UTC). Needs pandas.");

  py::class_<CategoryIterator>(m, "CategoryIterator", "Categories of a list_categories() call, fetched lazily.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__",
           [](CategoryIterator& self) {
             auto next = self.range.Next();
             if (!next) throw py::stop_iteration();
             return *std::move(next);
           })
      .def("to_list", [](CategoryIterator& self) { return self.range.Drain(); });

  py::class_<CatalogClientHandle, std::shared_ptr<CatalogClientHandle>> catalog(
      m, "CatalogClient", "Catalog calls: categories, products, SKUs. Get it from Client.catalog.");
  catalog
      .def(
          "list_products",
          [](CatalogClientHandle& self, std::optional<std::string> category_id, std::optional<std::string> query,
             std::optional<std::int64_t> min_price, std::optional<std::int64_t> max_price,
             std::optional<std::string> currency, bool in_stock_only, std::optional<std::string> status,
             std::optional<std::string> sort, int page_size, bool include_descendants) {
            return self.ListProducts(ProductFilter{std::move(category_id), std::move(query), min_price, max_price,
                                                   std::move(currency), in_stock_only, std::move(status),
                                                   std::move(sort), page_size, include_descendants});
          },
          py::kw_only(), py::arg("category_id") = py::none(), py::arg("query") = py::none(),
          py::arg("min_price") = py::none(), py::arg("max_price") = py::none(), py::arg("currency") = py::none(),
          py::arg("in_stock_only") = false, py::arg("status") = py::none(), py::arg("sort") = py::none(),
          py::arg("page_size") = 50, py::arg("include_descendants") = true,
          "Products, lazily, page_size per request (1..1000): in a category (and its descendants unless "
          "include_descendants=False), matching query, priced between min_price and max_price (integer minor "
          "units of currency, e.g. 150 GBP = 1.50), in stock, by status (customers see ACTIVE only), sorted by "
          "sort (RELEVANCE, PRICE_ASC, PRICE_DESC, NAME, NEWEST). Returns a ProductIterator; its to_pandas() has "
          "the columns id, name, slug, brand, category_id, status, min_price_minor (the cheapest variant, minor "
          "units), currency, in_stock, available_quantity (units over all variants), variants_count, version, "
          "created_at, updated_at (UTC). Raises InvalidArgumentError for a bad filter (naming it).")
      .def("batch_get_products", &CatalogClientHandle::BatchGetProducts, py::arg("product_ids"),
           "Up to 100 products by id as a ProductList (in order; ids not found in missing_ids). Raises "
           "InvalidArgumentError beyond 100.")
      .def("create_product", &CatalogClientHandle::CreateProduct, py::arg("fields") = py::none(), py::kw_only(),
           py::arg("request_id") = py::none(),
           "Creates a product (staff) from a dict or keywords: name, category_id, variants (each with sku and a "
           "price as Money or {amount_minor, currency}), ... Returns the Product. Raises InvalidArgumentError "
           "naming the field, ConflictError for a taken SKU or slug, PermissionDeniedError without staff.")
      .def("update_product", &CatalogClientHandle::UpdateProduct, py::arg("product_id"), py::arg("expected_version"),
           py::kw_only(), py::arg("request_id") = py::none(),
           "Changes exactly the keyword fields given (staff) at expected_version. Returns the Product. Raises "
           "ConflictError (current_version) when it changed, InvalidArgumentError naming a field, NotFoundError.")
      .def("archive_product", &CatalogClientHandle::ArchiveProduct, py::arg("product_id"),
           py::arg("expected_version"), py::kw_only(), py::arg("request_id") = py::none(),
           "Takes a product off sale (staff); it stays readable to staff. Raises ConflictError, NotFoundError.")
      .def("list_categories", &CatalogClientHandle::ListCategories, py::arg("parent_id") = py::none(),
           py::kw_only(), py::arg("page_size") = 100,
           "Categories, lazily: the roots, or the children of parent_id, by position. Returns a "
           "CategoryIterator (to_list()). Raises NotFoundError for an unknown parent.")
      .def(
          "create_category",
          [](CatalogClientHandle& self, py::object name, py::object slug, py::object parent_id, py::object position,
             std::optional<std::string> request_id) {
            py::dict fields("name"_a = name, "slug"_a = slug, "parent_id"_a = parent_id, "position"_a = position);
            return self.CreateCategory(fields, std::move(request_id));
          },
          py::arg("name"), py::arg("slug"), py::arg("parent_id") = py::none(), py::arg("position") = 0, py::kw_only(),
          py::arg("request_id") = py::none(),
          "Creates a category (staff) under parent_id (None: a root). Raises ConflictError for a taken slug, "
          "InvalidArgumentError naming a field, PermissionDeniedError without staff.")
      .def("update_category", &CatalogClientHandle::UpdateCategory, py::arg("category_id"),
           py::arg("expected_version"), py::kw_only(), py::arg("request_id") = py::none(),
           "Renames, moves (parent_id) or reorders (position) a category (staff), changing exactly the keyword "
           "fields given. Raises ConflictError when it changed, InvalidArgumentError for a move under a descendant.")
      .def("delete_category", &CatalogClientHandle::DeleteCategory, py::arg("category_id"),
           py::arg("expected_version"), py::kw_only(), py::arg("request_id") = py::none(),
           "Deletes an empty category (staff). Raises FailedPreconditionError (CATEGORY_NOT_EMPTY) while it has "
           "children or products, ConflictError when it changed.")
      .def("watch_changes", &Stream<CatalogWatchChanges, CatalogClientHandle>, py::arg("request") = py::none(),
           py::pos_only(),
           "watch_changes(request=None, /, **fields): the catalog's change events as a MessageStream of "
           "WatchChangesResponse. Fields: after_position (int, resume after this outbox position; unset: from "
           "now), aggregate_types (list of 'product', 'category'). The local cache follows this stream itself; "
           "call it to follow changes yourself. Raises MercatoError (code OUT_OF_RANGE) when the "
           "position is older than the server keeps.")
      .def("cache_stats", &CatalogClientHandle::CacheStats,
           "Counters of the local cache: hits, misses, evictions, expirations, size (entries).");
  DefineCachedRead<ProductRead>(catalog);
  DefineCachedRead<ProductBySkuRead>(catalog);
  DefineCachedRead<CategoryRead>(catalog);
}

}  // namespace mercato::python
