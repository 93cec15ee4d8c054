// The Python class for an account (mercato.User): a read-only view of a copy of the SDK's
// v1::User, with __repr__, __eq__ and to_dict().
#pragma once

#include <pybind11/pybind11.h>

namespace mercato::python {

void RegisterUserTypes(pybind11::module_& m);

}  // namespace mercato::python
