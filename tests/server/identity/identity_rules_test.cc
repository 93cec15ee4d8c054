// Identity rules without a server: email normalisation, the password policy, address and profile
// validation. Each rule is shown refusing what it should, and accepting its near miss.
#include <gtest/gtest.h>

#include "server/domain/identity/address_rules.h"
#include "server/domain/identity/email_address.h"
#include "server/domain/identity/password_policy.h"
#include "server/domain/identity/roles.h"
#include "server/domain/identity/user_rules.h"

namespace mercato::domain {
namespace {

template <typename T>
std::string FailedField(Result<T> const& result) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return {};
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
  return result.error().metadata.at("field");
}

TEST(NormalizeEmail, TrimsAndLowerCases) {
  auto email = NormalizeEmail("  Jane.Doe+Shop@Example.CO.UK \t");
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(*email, "jane.doe+shop@example.co.uk");
  EXPECT_EQ(CanonicalEmail(" A@B "), "a@b");
}

TEST(NormalizeEmail, RefusesMalformedAddresses) {
  for (char const* bad : {"", "   ", "jane", "jane@", "@example.com", "jane@example", "jane@@example.com",
                          "ja ne@example.com", ".jane@example.com", "jane.@example.com", "ja..ne@example.com",
                          "jane@-example.com", "jane@example-.com", "jane@exa_mple.com", "jane@example..com",
                          "\"jane\"@example.com", "jané@example.com", "jane@[127.0.0.1]"}) {
    EXPECT_EQ(FailedField(NormalizeEmail(bad)), "email") << bad;
  }
  EXPECT_EQ(FailedField(NormalizeEmail(std::string(65, 'a') + "@example.com")), "email");
  EXPECT_TRUE(NormalizeEmail(std::string(64, 'a') + "@example.com").ok());
  EXPECT_EQ(FailedField(NormalizeEmail("a@" + std::string(250, 'b') + ".com")), "email");
  EXPECT_EQ(FailedField(NormalizeEmail("x", "user.email")), "user.email");
}

TEST(PasswordPolicy, AcceptsAReasonablePassword) {
  EXPECT_TRUE(CheckPasswordPolicy("correct horse battery", "jane@example.com").ok());
  EXPECT_TRUE(CheckPasswordPolicy("Tr0ub4dor&3xyz", "jane@example.com").ok());
  EXPECT_TRUE(CheckPasswordPolicy("pässwörter-sind-lang", "jane@example.com").ok());
}

TEST(PasswordPolicy, RefusesEachBrokenRule) {
  std::string const email = "jane.doe@example.com";
  EXPECT_EQ(FailedField(CheckPasswordPolicy("Short1!", email)), "password");                    // too short
  EXPECT_EQ(FailedField(CheckPasswordPolicy(std::string(129, 'a') + "1", email)), "password");  // too long
  EXPECT_EQ(FailedField(CheckPasswordPolicy("onlylowercaseletters", email)), "password");       // one class
  EXPECT_EQ(FailedField(CheckPasswordPolicy("123456789012345", email)), "password");            // one class
  EXPECT_EQ(FailedField(CheckPasswordPolicy("aaaaaaaaaaaa1", email)), "password");              // 2 distinct
  EXPECT_EQ(FailedField(CheckPasswordPolicy("tab\there-and-more", email)), "password");         // control char
  EXPECT_EQ(FailedField(CheckPasswordPolicy("My-JANE.DOE-2024!", email)), "password");          // local part
  EXPECT_EQ(FailedField(CheckPasswordPolicy("x", email, "new_password")), "new_password");
}

TEST(PasswordPolicy, CountsCharactersNotBytesAndIgnoresShortLocalParts) {
  // 12 code points in 16 bytes: long enough.
  EXPECT_TRUE(CheckPasswordPolicy("ääääbbbbcc12", "x@example.com").ok());
  // 11 code points in 21 bytes: too short, although longer than 12 bytes.
  EXPECT_FALSE(CheckPasswordPolicy("äöüßéèêëïî1", "x@example.com").ok());
  // A two-letter local part would refuse half the dictionary; it is not checked.
  EXPECT_TRUE(CheckPasswordPolicy("jo-likes-long-walks", "jo@example.com").ok());
}

v1::UserAddress ValidAddress() {
  v1::UserAddress saved;
  saved.set_label(" Home ");
  auto& address = *saved.mutable_address();
  address.set_recipient_name(" Jane Doe ");
  address.set_line1("1 High Street");
  address.set_city("London");
  address.set_postcode(" sw1a 1aa ");
  address.set_country_code("gb");
  address.set_phone("+447700900123");
  return saved;
}

TEST(NormalizeAddress, TrimsAndUpperCasesCodes) {
  auto saved = ValidAddress();
  ASSERT_TRUE(NormalizeAddress(saved).ok());
  EXPECT_EQ(saved.label(), "Home");
  EXPECT_EQ(saved.address().recipient_name(), "Jane Doe");
  EXPECT_EQ(saved.address().postcode(), "SW1A 1AA");
  EXPECT_EQ(saved.address().country_code(), "GB");

  auto leading_zero = ValidAddress();
  leading_zero.mutable_address()->set_postcode("01001");
  leading_zero.mutable_address()->set_country_code("US");
  leading_zero.mutable_address()->clear_phone();  // optional
  ASSERT_TRUE(NormalizeAddress(leading_zero).ok());
  EXPECT_EQ(leading_zero.address().postcode(), "01001");
}

TEST(NormalizeAddress, RefusesEachBrokenRuleNamingTheField) {
  auto const broken = [](auto change) {
    auto saved = ValidAddress();
    change(*saved.mutable_address());
    return FailedField(Result<Done>(NormalizeAddress(saved)));
  };
  EXPECT_EQ(broken([](v1::Address& a) { a.set_recipient_name("  "); }), "address.address.recipient_name");
  EXPECT_EQ(broken([](v1::Address& a) { a.clear_line1(); }), "address.address.line1");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_line2(std::string(201, 'x')); }), "address.address.line2");
  EXPECT_EQ(broken([](v1::Address& a) { a.clear_city(); }), "address.address.city");
  EXPECT_EQ(broken([](v1::Address& a) { a.clear_postcode(); }), "address.address.postcode");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_postcode("SW1A_1AA"); }), "address.address.postcode");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_postcode(" - "); }), "address.address.postcode");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_postcode(std::string(17, '1')); }), "address.address.postcode");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_country_code("UK"); }), "address.address.country_code");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_country_code("GBR"); }), "address.address.country_code");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_phone("07700 900123"); }), "address.address.phone");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_phone("+0447700900"); }), "address.address.phone");
  EXPECT_EQ(broken([](v1::Address& a) { a.mutable_location()->set_latitude(91); }), "address.address.location");
  EXPECT_EQ(broken([](v1::Address& a) { a.set_city("Lon\ndon"); }), "address.address.city");

  auto long_label = ValidAddress();
  long_label.set_label(std::string(51, 'x'));
  EXPECT_EQ(FailedField(Result<Done>(NormalizeAddress(long_label))), "address.label");
}

TEST(ApplyAddressMask, CopiesNamedFieldsOnly) {
  auto current = ValidAddress();
  v1::UserAddress changes;
  changes.mutable_address()->set_postcode("EC1A 1BB");
  changes.mutable_address()->set_city("Elsewhere");
  changes.set_is_default(true);
  google::protobuf::FieldMask mask;
  mask.add_paths("address.postcode");
  mask.add_paths("is_default");
  auto updated = ApplyAddressMask(current, changes, mask);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->address().postcode(), "EC1A 1BB");
  EXPECT_EQ(updated->address().city(), "London");
  EXPECT_TRUE(updated->is_default());

  mask.add_paths("user_id");
  EXPECT_EQ(FailedField(ApplyAddressMask(current, changes, mask)), "update_mask");
  EXPECT_EQ(FailedField(ApplyAddressMask(current, changes, {})), "update_mask");
}

TEST(ProfileRules, ChecksPhoneNameAndAllowedPaths) {
  v1::User user;
  user.set_email(" Jane@Example.com ");
  user.set_display_name("  Jane  ");
  user.set_phone("+447700900123");
  ASSERT_TRUE(NormalizeProfile(user).ok());
  EXPECT_EQ(user.email(), "jane@example.com");
  EXPECT_EQ(user.display_name(), "Jane");

  auto bad_phone = user;
  bad_phone.set_phone("12345");
  EXPECT_EQ(FailedField(Result<Done>(NormalizeProfile(bad_phone))), "user.phone");
  auto long_name = user;
  long_name.set_display_name(std::string(101, 'n'));
  EXPECT_EQ(FailedField(Result<Done>(NormalizeProfile(long_name))), "user.display_name");

  google::protobuf::FieldMask roles;
  roles.add_paths("roles");
  EXPECT_EQ(FailedField(ApplyProfileMask(user, user, roles)), "update_mask");
}

TEST(RoleSet, RefusesEmptyAndUnspecifiedAndDeduplicates) {
  google::protobuf::RepeatedField<int> roles;
  EXPECT_EQ(FailedField(CheckRoleSet(roles, "roles")), "roles");
  roles.Add(v1::ROLE_UNSPECIFIED);
  EXPECT_EQ(FailedField(CheckRoleSet(roles, "roles")), "roles");
  roles.Clear();
  roles.Add(v1::ROLE_STAFF);
  roles.Add(v1::ROLE_CUSTOMER);
  roles.Add(v1::ROLE_STAFF);
  auto checked = CheckRoleSet(roles, "roles");
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(*checked, (std::vector<v1::Role>{v1::ROLE_CUSTOMER, v1::ROLE_STAFF}));
}

}  // namespace
}  // namespace mercato::domain
