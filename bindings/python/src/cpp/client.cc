// Session calls release the GIL around the SDK; the service clients are made once per Client and
// refuse to be handed out after close().
#include "client.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/stl.h>

#include "catalog_client.h"
#include "client_handle.h"
#include "generated_methods.h"
#include "inventory_client.h"
#include "sdk_call.h"
#include "status_error.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

class ClientObject {
 public:
  explicit ClientObject(Options options)
      : handle_(WithoutGil([&] { return std::make_shared<ClientHandle>(std::move(options)); })),
        catalog_(MakeCatalogClient(handle_)),
        inventory_(MakeInventoryClient(handle_)) {
    for (auto const& service : kGeneratedServices) services_[service.attribute] = service.make(handle_);
  }

  // `service` after checking the client is still open.
  py::object Service(py::object const& service) {
    handle_->Get();
    return service;
  }
  py::object catalog() { return Service(catalog_); }
  py::object inventory() { return Service(inventory_); }
  py::object service(char const* attribute) { return Service(services_[attribute]); }
  ClientHandle& handle() { return *handle_; }

  void Login(std::string email, std::string password) {
    auto client = handle_->Get();
    ThrowIfError(WithoutGil([&] { return client.Login(std::move(email), std::move(password)); }));
  }

  void Logout() {
    auto client = handle_->Get();
    ThrowIfError(WithoutGil([&] { return client.Logout(); }));
  }

  bool LoggedIn() { return handle_->Get().logged_in(); }

  v1::User Me() {
    auto client = handle_->Get();
    return ValueOrThrow(WithoutGil([&] { return client.Me(); }));
  }

 private:
  std::shared_ptr<ClientHandle> handle_;
  py::object catalog_;
  py::object inventory_;
  py::dict services_;  // the generated service clients by attribute (kGeneratedServices)
};

Options MakeOptions(std::string endpoint, std::optional<std::string> token, double timeout, bool cache,
                    double cache_ttl, int retries) {
  if (retries < 0) throw py::value_error("retries must not be negative");
  Options options;
  options.endpoint = std::move(endpoint);
  if (token) options.bearer_token = std::move(*token);
  if (!IsHeaderSafeToken(options.bearer_token)) {
    throw py::value_error("token holds a character an HTTP header cannot carry (a space, a newline, a non-ASCII "
                          "character); pass the token without it");
  }
  options.default_deadline = Seconds(timeout, "timeout");
  options.cache.enabled = cache;
  options.cache.ttl = Seconds(cache_ttl, "cache_ttl");
  options.retry.max_attempts = retries + 1;
  return options;
}

}  // namespace

void RegisterClient(py::module_& m) {
  py::class_<ClientObject> client(m, "Client", "A connection to mercatod with its local cache; close() it when done.");
  for (auto const& service : kGeneratedServices) {
    client.def_property_readonly(
        service.attribute, [attribute = service.attribute](ClientObject& self) { return self.service(attribute); },
        service.doc);
  }
  client
      .def(py::init([](std::string endpoint, std::optional<std::string> token, double timeout, bool cache,
                       double cache_ttl, int retries) {
             return std::make_unique<ClientObject>(
                 MakeOptions(std::move(endpoint), std::move(token), timeout, cache, cache_ttl, retries));
           }),
           py::arg("endpoint") = "localhost:50051", py::kw_only(), py::arg("token") = py::none(),
           py::arg("timeout") = 10.0, py::arg("cache") = true, py::arg("cache_ttl") = 300.0, py::arg("retries") = 3,
           "A client of the mercatod at endpoint (host:port, plaintext gRPC); no I/O until the first call. token: "
           "a bearer token sent on every call (staff and service accounts). timeout: seconds per attempt of a call. "
           "cache: the local read cache of products and categories, kept fresh by the server's change stream; "
           "cache_ttl: the most seconds an entry is served. retries: retries after the first attempt on "
           "UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED (0 disables). Raises ValueError for a "
           "non-positive timeout or cache_ttl, negative retries, or a token no HTTP header can carry.")
      .def_property_readonly("catalog", &ClientObject::catalog)
      .def_property_readonly("inventory", &ClientObject::inventory)
      .def("login", &ClientObject::Login, py::arg("email"), py::arg("password"),
           "Logs in; every later call (catalog included) carries the session. Wrong credentials raise "
           "UnauthenticatedError.")
      .def("logout", &ClientObject::Logout, "Ends the session (if any) and forgets its token.")
      .def_property_readonly("logged_in", &ClientObject::LoggedIn)
      .def("me", &ClientObject::Me, "The account of the current session (a User). Raises UnauthenticatedError.")
      .def_property_readonly("endpoint", [](ClientObject& self) { return self.handle().endpoint(); })
      .def_property_readonly("closed", [](ClientObject& self) { return self.handle().closed(); })
      .def(
          "close", [](ClientObject& self) { self.handle().Close(); },
          "Releases the connection and the cache (calls in flight finish first); harmless twice. Later calls "
          "raise ValueError.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](ClientObject& self, py::args const&) { self.handle().Close(); })
      .def("__repr__", [](ClientObject& self) {
        return "mercato.Client(" + py::repr(py::str(self.handle().endpoint())).cast<std::string>() +
               (self.handle().closed() ? ", closed" : "") + ")";
      });
}

}  // namespace mercato::python
