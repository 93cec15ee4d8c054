// mercato::Client: one channel, one connection stack per service, shared by every copy.
#include "mercato/client.h"

#include <grpcpp/channel.h>

#include "sdk/src/catalog_connection_factory.h"
#include "sdk/src/channel.h"

namespace mercato {

struct Client::State {
  Options options;
  std::shared_ptr<grpc::Channel> channel;
  std::shared_ptr<CatalogConnection> catalog;
};

Client::Client(Options options) {
  auto state = std::make_shared<State>();
  state->channel = internal::MakeChannel(options);
  state->catalog = internal::MakeCatalogConnection(state->channel, options);
  state->options = std::move(options);
  state_ = std::move(state);
}

CatalogClient Client::catalog() const { return CatalogClient(state_->catalog); }

Options const& Client::options() const { return state_->options; }

}  // namespace mercato
