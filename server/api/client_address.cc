#include "server/api/client_address.h"

#include <algorithm>

namespace mercato::api {
namespace {

std::string_view Trim(std::string_view text) {
  auto const first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool Trusted(std::string_view address, std::vector<std::string> const& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) != trusted_proxies.end();
}

}  // namespace

std::string PeerAddress(std::string const& peer) {
  std::string address = peer.substr(peer.find(':') + 1);  // drop "ipv4:" / "ipv6:" / "unix:"
  if (!address.empty() && address.front() == '[') return address.substr(1, address.find(']') - 1);
  auto const port = address.rfind(':');
  return port == std::string::npos ? address : address.substr(0, port);
}

std::string ClientAddress(std::string const& peer, std::string_view forwarded_for,
                          std::vector<std::string> const& trusted_proxies) {
  std::string client = PeerAddress(peer);
  // Each proxy appends the address it received from, so the list is read from the right; the
  // first hop no trusted proxy vouches for is the client (anything left of it is hearsay).
  while (Trusted(client, trusted_proxies) && !forwarded_for.empty()) {
    auto const comma = forwarded_for.rfind(',');
    auto const hop = Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (!hop.empty()) client = std::string(hop);
  }
  return client;
}

std::string ClientAddress(grpc::ServerContext const& context, std::vector<std::string> const& trusted_proxies) {
  auto const& metadata = context.client_metadata();
  auto const found = metadata.find("x-forwarded-for");
  std::string_view const forwarded_for =
      found == metadata.end() ? std::string_view() : std::string_view(found->second.data(), found->second.size());
  return ClientAddress(context.peer(), forwarded_for, trusted_proxies);
}

}  // namespace mercato::api
