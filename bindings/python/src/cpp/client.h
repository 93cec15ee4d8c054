// mercato.Client: one connection to mercatod (ClientHandle) with its session, handing out one
// client object per service (catalog, inventory).
#pragma once

#include <pybind11/pybind11.h>

namespace mercato::python {

void RegisterClient(pybind11::module_& m);

}  // namespace mercato::python
