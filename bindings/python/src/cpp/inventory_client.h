// mercato.InventoryClient: the SDK's InventoryClient for Python (stock, reservations, movements),
// with the lazy StockIterator / MovementIterator and their to_pandas().
#pragma once

#include <memory>

#include <pybind11/pybind11.h>

#include "client_handle.h"

namespace mercato::python {

void RegisterInventoryClient(pybind11::module_& m);

// The InventoryClient of a mercato.Client.
pybind11::object MakeInventoryClient(std::shared_ptr<ClientHandle> client);

}  // namespace mercato::python
