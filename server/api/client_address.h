// Where a call came from, for per-IP rate limits and login throttling. Behind a load balancer
// every peer is the balancer; when the peer is one of the configured trusted proxies, the client
// is the nearest address in its x-forwarded-for that is not itself a trusted proxy. A peer that
// is not trusted cannot pick its address by sending the header.
#pragma once

#include <grpcpp/server_context.h>

#include <string>
#include <string_view>
#include <vector>

namespace mercato::api {

// "ipv4:127.0.0.1:5000" -> "127.0.0.1", "ipv6:[::1]:5000" -> "::1".
std::string PeerAddress(std::string const& peer);

// `forwarded_for` is the x-forwarded-for value ("client, proxy1, proxy2"), empty when absent;
// `trusted_proxies` are exact addresses.
std::string ClientAddress(std::string const& peer, std::string_view forwarded_for,
                          std::vector<std::string> const& trusted_proxies);
std::string ClientAddress(grpc::ServerContextBase const& context, std::vector<std::string> const& trusted_proxies);

// Every x-forwarded-for line of the call joined into one comma-separated list, in arrival order.
std::string ForwardedFor(grpc::ServerContextBase const& context);

}  // namespace mercato::api
