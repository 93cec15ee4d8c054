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

std::string ForwardedFor(grpc::ServerContextBase const& context) {
  // HTTP allows a header to arrive as several lines; they are one list in order (RFC 9110 5.3),
  // so a client cannot hide a proxy's hop by sending a line of its own first.
  std::string joined;
  auto const [first, last] = context.client_metadata().equal_range("x-forwarded-for");
  for (auto line = first; line != last; ++line) {
    if (!joined.empty()) joined += ", ";
    joined.append(line->second.data(), line->second.size());
  }
  return joined;
}

std::string ClientAddress(grpc::ServerContextBase const& context, std::vector<std::string> const& trusted_proxies) {
  return ClientAddress(context.peer(), ForwardedFor(context), trusted_proxies);
}

}  // namespace mercato::api
