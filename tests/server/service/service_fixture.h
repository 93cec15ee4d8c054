// Starts a real mercatod in-process for each test, on the embedded adapters or on PostgreSQL +
// Redis + Kafka (a fresh database, key prefix and topic prefix per test, so tests never share
// state), and gives the test a channel, a staff context and the server's backend.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "mercato/v1/catalog.pb.h"
#include "mercato/v1/common.pb.h"
#include "mercato/v1/errors.pb.h"
#include "server/app/mercato_server.h"
#include "tests/server/sql/sql_test_database.h"

namespace mercato::testing {

enum class BackendKind { kEmbedded, kProduction };

std::string BackendName(::testing::TestParamInfo<BackendKind> const& info);

inline constexpr char kStaffToken[] = "service-test-staff-token";
// The staff account a suite gets by calling UseBootstrapStaff from its Configure.
inline constexpr char kStaffEmail[] = "ops@mercato.example";
inline constexpr char kStaffPassword[] = "Staff-Passw0rd-for-tests";

inline void UseBootstrapStaff(server::Config& config) {
  config.bootstrap_staff = std::string(kStaffEmail) + ":" + kStaffPassword;
}

class ServiceTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Lets a suite adjust the configuration before the server starts.
  virtual void Configure(server::Config&) {}

  server::MercatoServer& server() { return *server_; }
  server::Config const& config() const { return config_; }
  // host:port of the running server, for the SDK's Options::endpoint.
  std::string Endpoint() const;
  std::shared_ptr<grpc::Channel> Channel();
  std::unique_ptr<grpc::ClientContext> StaffContext();

  // A customer registered and signed in through UserService.
  struct SignedInCustomer {
    std::string user_id;
    std::string token;  // the bearer session token
  };
  SignedInCustomer SignUpCustomer(std::string const& email);
  // A context that calls with `token` as its bearer session.
  static std::unique_ptr<grpc::ClientContext> As(std::string const& token);

  // Starts a second mercatod on the same backend (another instance behind a load balancer).
  std::unique_ptr<server::MercatoServer> StartAnotherInstance();

 private:
  server::Config config_;
  std::filesystem::path data_dir_;
  std::unique_ptr<sql_test::PostgresScratchDatabase> postgres_;
  std::unique_ptr<server::MercatoServer> server_;
};

// The ErrorInfo the server attached to a failed call's trailers (empty when none).
v1::ErrorInfo ErrorInfoOf(grpc::ClientContext const& context);

// CreateProduct's request for a DRAFT product of `category_id` with one "1 l" variant `sku` at
// `minor` units of `currency`.
inline v1::CreateProductRequest OneVariantProduct(std::string const& name, std::string const& category_id,
                                                  std::string const& sku, std::int64_t minor,
                                                  std::string const& currency = "GBP") {
  v1::CreateProductRequest request;
  auto& product = *request.mutable_product();
  product.set_name(name);
  product.set_category_id(category_id);
  auto& variant = *product.add_variants();
  variant.set_sku(sku);
  variant.set_name("1 l");
  variant.mutable_price()->set_amount_minor(minor);
  variant.mutable_price()->set_currency_code(currency);
  return request;
}

// A location in degrees (WGS 84).
inline v1::GeoPoint Point(double latitude, double longitude) {
  v1::GeoPoint point;
  point.set_latitude(latitude);
  point.set_longitude(longitude);
  return point;
}

}  // namespace mercato::testing
