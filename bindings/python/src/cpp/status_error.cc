// The one translator from mercato::Status to the mercato.MercatoError tree (see mercato/_errors.py).
#include "status_error.h"

#include <sstream>
#include <string>

namespace mercato::python {
namespace py = pybind11;
namespace {

// The Python classes, looked up once; never released, since the translator may run until the
// interpreter is gone.
struct ErrorClasses {
  py::object base, invalid_argument, not_found, conflict, permission_denied, unauthenticated, rate_limit,
      unavailable, failed_precondition, deadline_exceeded;
};

ErrorClasses* classes = nullptr;

py::object const& ClassFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange: return classes->invalid_argument;
    case StatusCode::kNotFound: return classes->not_found;
    case StatusCode::kAborted:
    case StatusCode::kAlreadyExists: return classes->conflict;
    case StatusCode::kPermissionDenied: return classes->permission_denied;
    case StatusCode::kUnauthenticated: return classes->unauthenticated;
    case StatusCode::kResourceExhausted: return classes->rate_limit;
    case StatusCode::kUnavailable: return classes->unavailable;
    case StatusCode::kFailedPrecondition: return classes->failed_precondition;
    case StatusCode::kDeadlineExceeded: return classes->deadline_exceeded;
    default: return classes->base;
  }
}

void Raise(Status const& status) {
  py::dict metadata;
  for (auto const& [key, value] : status.metadata()) metadata[py::str(key)] = py::str(value);
  py::object retry_after = py::none();
  if (auto const delay = status.retry_after()) retry_after = py::float_(static_cast<double>(delay->count()) / 1000.0);
  std::ostringstream text;
  text << status;
  py::object const& cls = ClassFor(status.code());
  py::object error = cls(text.str(), py::arg("message") = status.message(),
                         py::arg("code") = StatusCodeToString(status.code()), py::arg("reason") = status.reason(),
                         py::arg("domain") = status.domain(), py::arg("metadata") = metadata,
                         py::arg("request_id") = status.request_id(), py::arg("retry_after") = retry_after);
  PyErr_SetObject(cls.ptr(), error.ptr());
}

}  // namespace

void RegisterStatusErrors() {
  py::module_ errors = py::module_::import("mercato._errors");
  classes = new ErrorClasses{errors.attr("MercatoError"),
                             errors.attr("InvalidArgumentError"),
                             errors.attr("NotFoundError"),
                             errors.attr("ConflictError"),
                             errors.attr("PermissionDeniedError"),
                             errors.attr("UnauthenticatedError"),
                             errors.attr("RateLimitError"),
                             errors.attr("UnavailableError"),
                             errors.attr("FailedPreconditionError"),
                             errors.attr("DeadlineExceededError")};
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (StatusError const& e) {
      Raise(e.status());
    }
  });
}

}  // namespace mercato::python
