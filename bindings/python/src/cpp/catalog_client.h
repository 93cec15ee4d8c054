// mercato.CatalogClient: the SDK's CatalogClient for Python, with the lazy ProductIterator /
// CategoryIterator and the ProductList results.
#pragma once

#include <memory>

#include <pybind11/pybind11.h>

#include "client_handle.h"

namespace mercato::python {

void RegisterCatalogClient(pybind11::module_& m);

// The CatalogClient of a mercato.Client.
pybind11::object MakeCatalogClient(std::shared_ptr<ClientHandle> client);

}  // namespace mercato::python
