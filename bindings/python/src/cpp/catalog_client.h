// mercato.Client and mercato.CatalogClient: the SDK's Client and CatalogClient for Python, with
// the lazy ProductIterator / CategoryIterator and the ProductList results.
#pragma once

#include <pybind11/pybind11.h>

namespace mercato::python {

void RegisterCatalogClient(pybind11::module_& m);

}  // namespace mercato::python
