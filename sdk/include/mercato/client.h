// mercato::Client: the entry point. Built from Options, it owns the channel to mercatod, the
// retry policy and the local cache, and hands out one typed client per service.
#pragma once

#include <memory>

#include "mercato/catalog_client.h"
#include "mercato/options.h"

namespace mercato {

// Copies share one channel and one cache; the last copy to go stops the cache's watcher.
class Client {
 public:
  explicit Client(Options options = {});

  CatalogClient catalog() const;
  Options const& options() const;

 private:
  struct State;
  std::shared_ptr<State const> state_;
};

}  // namespace mercato
