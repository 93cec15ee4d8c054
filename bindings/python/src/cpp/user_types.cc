// Binds User. Roles and status are their proto names without the type prefix ("STAFF", "ACTIVE").
#include "user_types.h"

#include <string>
#include <string_view>

#include <google/protobuf/util/message_differencer.h>
#include <pybind11/stl.h>

#include "enum_names.h"

#include "mercato/v1/users.pb.h"

namespace mercato::python {
namespace py = pybind11;
namespace {

py::list Roles(v1::User const& user) {
  py::list result;
  for (int role : user.roles()) result.append(py::str(WithoutPrefix(v1::Role_Name(static_cast<v1::Role>(role)), "ROLE_")));
  return result;
}

std::string StatusName(v1::User const& user) { return WithoutPrefix(v1::UserStatus_Name(user.status()), "USER_STATUS_"); }

py::dict UserDict(v1::User const& u) {
  py::dict d;
  d["id"] = u.id();
  d["email"] = u.email();
  d["display_name"] = u.display_name();
  d["phone"] = u.phone();
  d["roles"] = Roles(u);
  d["status"] = StatusName(u);
  return d;
}

}  // namespace

void RegisterUserTypes(py::module_& m) {
  py::class_<v1::User> user(m, "User", "An account, as read from mercatod (Client.me()).");
  user.def_property_readonly("id", [](v1::User const& x) { return x.id(); });
  user.def_property_readonly("email", [](v1::User const& x) { return x.email(); });
  user.def_property_readonly("display_name", [](v1::User const& x) { return x.display_name(); });
  user.def_property_readonly("phone", [](v1::User const& x) { return x.phone(); });
  user.def_property_readonly("roles", &Roles);
  user.def_property_readonly("status", &StatusName);
  user.def("to_dict", &UserDict);
  user.def("__eq__", [](v1::User const& a, py::handle b) {
    return py::isinstance<v1::User>(b) &&
           google::protobuf::util::MessageDifferencer::Equals(a, b.cast<v1::User const&>());
  });
  user.attr("__hash__") = py::none();
  user.def("__repr__", [](v1::User const& x) {
    return "User(id=" + py::repr(py::str(x.id())).cast<std::string>() +
           ", email=" + py::repr(py::str(x.email())).cast<std::string>() +
           ", roles=" + py::repr(Roles(x)).cast<std::string>() + ")";
  });
}

}  // namespace mercato::python
