// mercato.MessageIterator: the result of a generated list method. It walks the SDK's lazy
// PaginationRange one item at a time (__next__, fetching a page only when the previous one is used
// up) or all at once (to_list, to_pandas), handing out each item as a mercato.Message view.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include <google/protobuf/message.h>
#include <pybind11/pybind11.h>

#include "lazy_range.h"
#include "message_view.h"
#include "mercato/pagination.h"

namespace mercato::python {

class MessageIterator {
 public:
  // `page_size`: the request's page size (how many items to_list takes between Ctrl-C checks).
  template <typename T>
  MessageIterator(PaginationRange<T> range, int page_size, std::shared_ptr<ClientHandle const> client)
      : item_type_(T::descriptor()) {
    auto lazy = std::make_shared<LazyRange<T>>(std::move(range), page_size, std::move(client));
    next_ = [lazy]() -> pybind11::object {
      auto item = lazy->Next();
      if (!item) return pybind11::object();
      return MessageToPython(std::make_shared<T const>(std::move(*item)));
    };
    drain_ = [lazy] {
      pybind11::list items;
      for (auto& item : lazy->Drain()) items.append(MessageToPython(std::make_shared<T const>(std::move(item))));
      return items;
    };
  }

  // The next item; StopIteration at the end, the page's error when a page fails.
  pybind11::object Next();
  pybind11::list ToList() { return drain_(); }
  // The items not consumed yet as a DataFrame (message_frame.h).
  pybind11::object ToPandas();

 private:
  google::protobuf::Descriptor const* item_type_;
  std::function<pybind11::object()> next_;
  std::function<pybind11::list()> drain_;
};

void RegisterMessageIterator(pybind11::module_& m);

}  // namespace mercato::python
