// mercato.MessageStream (see message_stream.h).
#include "message_stream.h"

#include <chrono>

#include "message_view.h"
#include "status_error.h"

namespace mercato::python {
namespace py = pybind11;

py::object MessageStream::Next() {
  if (!source_->open()) throw py::stop_iteration();
  // The state below changes only with the GIL held; the wait itself releases it.
  if (reading_) throw py::value_error("another thread is reading this MessageStream; read a stream from one thread");
  if (!pending_) {
    auto promise = std::make_shared<std::promise<StatusOr<Message>>>();
    pending_ = promise->get_future().share();
    source_->Next([promise](StatusOr<Message> message) { promise->set_value(std::move(message)); });
  }
  std::shared_future<StatusOr<Message>> const pending = *pending_;
  reading_ = true;
  struct Done {
    bool& reading;
    ~Done() { reading = false; }
  } const done{reading_};
  // Python runs signal handlers on the main thread only, so only it wakes up to look for Ctrl-C.
  // Another thread must not take the GIL back while it waits: a daemon thread that does so during
  // interpreter shutdown is ended inside this frame, and the C++ runtime aborts the process.
  static unsigned long const main_ident =
      py::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
  bool const main_thread = PyThread_get_thread_ident() == main_ident;
  {
    py::gil_scoped_release release;
    if (!main_thread) {
      pending.wait();
    } else {
      while (pending.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      }
    }
  }
  if (!source_->open()) throw py::stop_iteration();  // closed while this thread waited
  StatusOr<Message> message = pending.get();
  pending_.reset();
  if (!message || !*message) source_->Cancel();  // ended: its error is raised once, then StopIteration
  Message value = ValueOrThrow(std::move(message));
  if (!value) throw py::stop_iteration();
  return MessageToPython(std::move(value));
}

void RegisterMessageStream(py::module_& m) {
  py::class_<MessageStream>(m, "MessageStream",
                            "The messages of a server stream, read as iteration reaches them; close() cancels it.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &MessageStream::Next)
      .def("close", &MessageStream::Close, "Cancels the stream; iteration ends.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](MessageStream& self, py::args const&) { self.Close(); });
}

}  // namespace mercato::python
