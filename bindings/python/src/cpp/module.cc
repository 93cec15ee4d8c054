// The extension module mercato._mercato; the package `mercato` re-exports what users need.
#include <pybind11/pybind11.h>

#include "catalog_client.h"
#include "catalog_types.h"
#include "client.h"
#include "generated_methods.h"
#include "inventory_client.h"
#include "inventory_types.h"
#include "message_iterator.h"
#include "message_stream.h"
#include "message_view.h"
#include "status_error.h"
#include "user_types.h"

PYBIND11_MODULE(_mercato, m) {
  m.doc() = "pybind11 bindings over libmercato, the Mercato C++ SDK";
  mercato::python::RegisterStatusErrors();
  mercato::python::RegisterCatalogTypes(m);
  mercato::python::RegisterMessageView(m);
  mercato::python::RegisterMessageIterator(m);
  mercato::python::RegisterMessageStream(m);
  mercato::python::RegisterUserTypes(m);
  mercato::python::RegisterInventoryTypes(m);
  mercato::python::RegisterCatalogClient(m);
  mercato::python::RegisterInventoryClient(m);
  mercato::python::RegisterGeneratedClients(m);
  mercato::python::RegisterClient(m);
}
