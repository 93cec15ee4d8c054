// Builds the catalog connection stack (retrying impl, then the cache decorator and its watcher)
// over a given channel or stub; Client and the tests use these, users MakeCatalogConnection().
#pragma once

#include <memory>

#include <grpcpp/channel.h>

#include "mercato/catalog_connection.h"
#include "mercato/v1/catalog.grpc.pb.h"
#include "sdk/src/session_token.h"

namespace mercato::internal {

std::shared_ptr<CatalogConnection> MakeCatalogConnection(std::shared_ptr<v1::CatalogService::StubInterface> stub,
                                                         Options const& options);
std::shared_ptr<CatalogConnection> MakeCatalogConnection(std::shared_ptr<grpc::Channel> channel,
                                                         Options const& options);
// Every call reads its bearer token from `token` (a Client's shared, mutable session).
std::shared_ptr<CatalogConnection> MakeCatalogConnection(std::shared_ptr<grpc::Channel> channel,
                                                         Options const& options,
                                                         std::shared_ptr<SessionToken const> token);

}  // namespace mercato::internal
