// ClientAddress: the peer is the client unless it is a trusted proxy; then the nearest
// x-forwarded-for hop that no trusted proxy stands for is.
#include "server/api/client_address.h"

#include <gtest/gtest.h>

namespace mercato::api {
namespace {

TEST(ClientAddress, AnUntrustedPeerIsTheClientWhateverItForwards) {
  EXPECT_EQ(ClientAddress("ipv4:198.51.100.9:4711", "203.0.113.7", {"10.0.0.2"}), "198.51.100.9");
  EXPECT_EQ(ClientAddress("ipv6:[2001:db8::1]:4711", "", {}), "2001:db8::1");
}

TEST(ClientAddress, BehindTrustedProxiesTheNearestUntrustedHopIsTheClient) {
  std::vector<std::string> const proxies = {"10.0.0.2", "10.0.0.3"};
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.2:4711", "203.0.113.7", proxies), "203.0.113.7");
  // A client that sends its own x-forwarded-for cannot hide behind a spoofed first hop.
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.2:4711", "1.2.3.4, 203.0.113.7, 10.0.0.3", proxies), "203.0.113.7");
  // No header: the proxy is all we know.
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.2:4711", "", proxies), "10.0.0.2");
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.2:4711", " , ", proxies), "10.0.0.2");
}

}  // namespace
}  // namespace mercato::api
