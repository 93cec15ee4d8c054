// FastMethod: a method in CPython's own fast calling convention (METH_FASTCALL) in front of a
// pybind11 method, for the calls the local cache answers. pybind11's dispatch costs ~250 ns a call
// (argument casters, overload resolution), several times the work of a cache hit; this costs ~40.
// The fast method answers only what it can answer at once; every other call (a miss, keyword
// arguments, a wrong type, a closed client) goes to the pybind11 method, which does it all.
#pragma once

#include <Python.h>

#include <string>
#include <vector>

#include <pybind11/pybind11.h>

namespace mercato::python {

// `Method` names the method (kName), the pybind11 method it stands in front of (kGeneral, on the
// same class), and has `static PyObject* Answer(PyObject* self, PyObject* arg)`, which gets the
// one positional argument of a call and returns a new reference, or nullptr with no Python error
// set to pass the call on. It must not throw.
template <typename Method>
class FastMethod {
 public:
  // Puts the method on `cls` in place of the pybind11 method of the same name, which moves to
  // kGeneral (keeping its own name for its error messages), with `doc` (its first line is the
  // signature, as CPython reads it).
  static void Install(pybind11::handle cls, std::string doc) {
    cls.attr(Method::kGeneral) = cls.attr(Method::kName);
    static std::string const kDoc = std::move(doc);
    static PyMethodDef def{Method::kName, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&Call)),
                           METH_FASTCALL | METH_KEYWORDS, kDoc.c_str()};
    auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
    pybind11::object descriptor = pybind11::reinterpret_steal<pybind11::object>(PyDescr_NewMethod(type, &def));
    if (!descriptor) throw pybind11::error_already_set();
    cls.attr(Method::kName) = descriptor;
  }

 private:
  static PyObject* Call(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    if (nargs == 1 && kwnames == nullptr) {
      if (PyObject* answer = Method::Answer(self, args[0])) return answer;
      if (PyErr_Occurred()) return nullptr;
    }
    PyObject* general = PyObject_GetAttrString(reinterpret_cast<PyObject*>(Py_TYPE(self)), Method::kGeneral);
    if (general == nullptr) return nullptr;
    Py_ssize_t const keywords = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
    std::vector<PyObject*> with_self{self};
    with_self.insert(with_self.end(), args, args + nargs + keywords);
    PyObject* result = PyObject_Vectorcall(general, with_self.data(), static_cast<std::size_t>(nargs) + 1, kwnames);
    Py_DECREF(general);
    return result;
  }
};

}  // namespace mercato::python
