// UserService end to end over gRPC, on SQLite + in-process sessions and on PostgreSQL + Redis
// sessions: accounts, sessions and their revocation, throttled login, addresses only for their
// owner, the method table, argon2id rehashing, and no password or token anywhere in clear.
#include <absl/strings/escaping.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>
#include <sodium.h>

#include <algorithm>
#include <set>

#include "tests/server/identity/user_service_harness.h"

namespace mercato::identity_test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr char kPassword[] = "Plenty-of-Letters-42";
constexpr char kOtherPassword[] = "Another good phrase 7";

class UserServiceTest : public IdentityServiceTest {
 protected:
  Reply GetMe(std::string const& token, v1::User* user = nullptr) {
    v1::GetMeResponse response;
    auto context = As(token);
    auto status = stub().GetMe(context.get(), {}, &response);
    if (user) *user = response.user();
    return ReplyOf(status, *context);
  }
  Reply Login(std::string const& email, std::string const& password, v1::LoginResponse* out = nullptr,
              grpc::ClientContext** keep = nullptr) {
    v1::LoginRequest request;
    request.set_email(email);
    request.set_password(password);
    v1::LoginResponse response;
    auto context = As("");
    auto status = stub().Login(context.get(), request, &response);
    if (out) *out = response;
    auto reply = ReplyOf(status, *context);
    if (keep) *keep = context.release();
    return reply;
  }
  v1::UserAddress CreateAddress(std::string const& token, std::string const& label, bool is_default = false) {
    v1::CreateAddressRequest request;
    request.set_request_id("create-" + label);
    auto& address = *request.mutable_address();
    address.set_label(label);
    address.set_is_default(is_default);
    address.mutable_address()->set_recipient_name("Jane Doe");
    address.mutable_address()->set_line1("1 High Street");
    address.mutable_address()->set_city("London");
    address.mutable_address()->set_postcode("sw1a 1aa");
    address.mutable_address()->set_country_code("GB");
    v1::CreateAddressResponse response;
    auto context = As(token);
    auto status = stub().CreateAddress(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << ReplyOf(status, *context);
    clock().Advance(std::chrono::milliseconds(5));
    return response.address();
  }
  Reply GetAddress(std::string const& token, std::string const& id) {
    v1::GetAddressRequest request;
    request.set_address_id(id);
    v1::GetAddressResponse response;
    auto context = As(token);
    return ReplyOf(stub().GetAddress(context.get(), request, &response), *context);
  }
  Reply UpdateAddressLabel(std::string const& token, std::string const& id, std::int64_t version,
                           std::string const& label) {
    v1::UpdateAddressRequest request;
    request.mutable_address()->set_id(id);
    request.mutable_address()->set_label(label);
    request.mutable_update_mask()->add_paths("label");
    request.set_expected_version(version);
    v1::UpdateAddressResponse response;
    auto context = As(token);
    return ReplyOf(stub().UpdateAddress(context.get(), request, &response), *context);
  }
  Reply DeleteAddress(std::string const& token, std::string const& id, std::int64_t version,
                      std::string const& request_id = "") {
    v1::DeleteAddressRequest request;
    request.set_request_id(request_id);
    request.set_address_id(id);
    request.set_expected_version(version);
    v1::DeleteAddressResponse response;
    auto context = As(token);
    return ReplyOf(stub().DeleteAddress(context.get(), request, &response), *context);
  }
  // Every cell of a table, joined, for the leak checks; a cell that is base64 (saved responses,
  // envelope_proto) also decoded, since protobuf bytes keep strings as they are.
  std::string TableText(std::string const& table) {
    auto rows =
        adapters::InRead(db(), [&](adapters::SqlSession& session) { return session.Exec("SELECT * FROM " + table); });
    EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().message);
    std::string text;
    if (!rows) return text;
    for (auto const& row : rows->rows) {
      for (auto const& cell : row) {
        text += cell.value_or("NULL") + "|";
        if (std::string bytes; cell && absl::Base64Unescape(*cell, &bytes)) text += bytes + "|";
      }
      text += "\n";
    }
    return text;
  }
  std::vector<std::string> OutboxEventTypes(std::string const& user_id) {
    auto rows = adapters::InRead(db(), [&](adapters::SqlSession& session) {
      return session.Exec("SELECT event_type FROM outbox WHERE aggregate_id = $1 ORDER BY id", {user_id});
    });
    std::vector<std::string> types;
    if (rows) {
      for (auto const& row : rows->rows) types.push_back(row[0].value_or(""));
    }
    return types;
  }
  std::string StoredHash(std::string const& email) {
    auto rows = adapters::InRead(db(), [&](adapters::SqlSession& session) {
      return session.Exec("SELECT password_hash FROM users WHERE email = $1", {email});
    });
    return rows && !rows->empty() ? rows->rows[0][0].value_or("") : "";
  }
};

TEST_P(UserServiceTest, RegisterThenLoginThenGetMe) {
  auto const user = RegisterUser("  Jane.Doe@Example.COM ", kPassword);
  EXPECT_FALSE(user.id().empty());
  EXPECT_EQ(user.email(), "jane.doe@example.com");
  EXPECT_EQ(user.roles().size(), 1);
  EXPECT_EQ(user.roles(0), v1::ROLE_CUSTOMER);
  EXPECT_EQ(user.status(), v1::USER_STATUS_ACTIVE);
  EXPECT_EQ(user.version(), 1);

  v1::LoginResponse login;
  ASSERT_EQ(Login("JANE.doe@example.com", kPassword, &login).code, grpc::StatusCode::OK);
  EXPECT_EQ(login.session_token().size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(login.user().id(), user.id());
  auto const expires = std::chrono::system_clock::time_point(
      std::chrono::microseconds(google::protobuf::util::TimeUtil::TimestampToMicroseconds(login.expires_at())));
  EXPECT_EQ(std::chrono::round<seconds>(expires - clock().Now()).count(), 24 * 3600);

  v1::User me;
  ASSERT_EQ(GetMe(login.session_token(), &me).code, grpc::StatusCode::OK);
  EXPECT_EQ(me.id(), user.id());
  EXPECT_EQ(me.email(), "jane.doe@example.com");
  EXPECT_EQ(OutboxEventTypes(user.id()), std::vector<std::string>{"user.registered"});
  EXPECT_TRUE(limiter().keys().contains("login:account:jane.doe@example.com"));
  EXPECT_TRUE(limiter().keys().contains("login:ip:127.0.0.1"));
}

TEST_P(UserServiceTest, WrongPasswordAndUnknownEmailGetTheSameReply) {
  RegisterUser("known@example.com", kPassword);
  auto const wrong_password = Login("known@example.com", "Wrong-password-123");
  auto const unknown_email = Login("nobody@example.com", kPassword);
  EXPECT_EQ(wrong_password.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong_password.info.reason(), "INVALID_CREDENTIALS");
  EXPECT_EQ(wrong_password, unknown_email);
}

TEST_P(UserServiceTest, TakenEmailIsAlreadyExistsAndARetryReturnsTheFirstAccount) {
  v1::RegisterRequest request;
  request.set_request_id("register-once");
  request.set_email("taken@example.com");
  request.set_password(kPassword);
  v1::RegisterResponse first;
  v1::RegisterResponse retry;
  auto context = As("");
  ASSERT_TRUE(stub().Register(context.get(), request, &first).ok());
  context = As("");
  auto const status = stub().Register(context.get(), request, &retry);
  ASSERT_TRUE(status.ok()) << ReplyOf(status, *context);
  EXPECT_EQ(retry.user().id(), first.user().id());

  request.set_request_id("register-again");
  request.set_email("Taken@Example.com");
  v1::RegisterResponse duplicate;
  context = As("");
  auto const reply = ReplyOf(stub().Register(context.get(), request, &duplicate), *context);
  EXPECT_EQ(reply.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reply.info.reason(), "DUPLICATE");
  EXPECT_EQ(reply.info.metadata().at("field"), "email");
}

TEST_P(UserServiceTest, RegisterRefusesAWeakPassword) {
  v1::RegisterRequest request;
  request.set_email("weak@example.com");
  request.set_password("weak@example.com1");  // contains the local part
  v1::RegisterResponse response;
  auto context = As("");
  auto const reply = ReplyOf(stub().Register(context.get(), request, &response), *context);
  EXPECT_EQ(reply.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(reply.info.metadata().at("field"), "password");
}

TEST_P(UserServiceTest, LogoutRevokesTheSession) {
  RegisterUser("leaving@example.com", kPassword);
  auto const token = LoginToken("leaving@example.com", kPassword);
  auto const other = LoginToken("leaving@example.com", kPassword);
  ASSERT_EQ(GetMe(token).code, grpc::StatusCode::OK);
  v1::LogoutResponse response;
  auto context = As(token);
  ASSERT_TRUE(stub().Logout(context.get(), {}, &response).ok());
  auto const after = GetMe(token);
  EXPECT_EQ(after.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(after.info.reason(), "SESSION_INVALID");
  EXPECT_EQ(GetMe(other).code, grpc::StatusCode::OK);  // only the session the call came with
}

TEST_P(UserServiceTest, ChangePasswordRevokesTheOtherSessions) {
  RegisterUser("mover@example.com", kPassword);
  auto const current = LoginToken("mover@example.com", kPassword);
  auto const elsewhere = LoginToken("mover@example.com", kPassword);
  v1::ChangePasswordRequest request;
  request.set_current_password(kPassword);
  request.set_new_password(kOtherPassword);
  v1::ChangePasswordResponse response;
  auto context = As(current);
  auto status = stub().ChangePassword(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << ReplyOf(status, *context);

  EXPECT_EQ(GetMe(current).code, grpc::StatusCode::OK);
  EXPECT_EQ(GetMe(elsewhere).code, grpc::StatusCode::UNAUTHENTICATED);
  context = As(current);
  EXPECT_TRUE(stub().ChangePassword(context.get(), request, &response).ok());  // a retry is harmless
  clock().Advance(seconds(60));  // password checks share the account's login budget
  EXPECT_EQ(Login("mover@example.com", kPassword).code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Login("mover@example.com", kOtherPassword).code, grpc::StatusCode::OK);

  request.set_current_password("Not-the-password-9");
  request.set_new_password("Yet another phrase 8");
  context = As(current);
  auto const wrong = ReplyOf(stub().ChangePassword(context.get(), request, &response), *context);
  EXPECT_EQ(wrong.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetMe(current).code, grpc::StatusCode::OK);
}

TEST_P(UserServiceTest, ExpiredRandomAndGarbageTokensGetTheSameReply) {
  RegisterUser("late@example.com", kPassword);
  auto const token = LoginToken("late@example.com", kPassword);
  clock().Advance(hours(24) - seconds(1));
  ASSERT_EQ(GetMe(token).code, grpc::StatusCode::OK);
  clock().Advance(seconds(1));
  auto const expired = GetMe(token);
  EXPECT_EQ(expired.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(expired.info.reason(), "SESSION_INVALID");
  adapters::SodiumSessionTokens tokens;
  EXPECT_EQ(GetMe(tokens.NewToken()), expired);
  EXPECT_EQ(GetMe("not-a-token"), expired);
  EXPECT_EQ(GetMe(token.substr(0, 42) + (token.back() == 'A' ? "B" : "A")), expired);
}

TEST_P(UserServiceTest, AnotherUsersAddressIsAnsweredExactlyLikeAMissingOne) {
  RegisterUser("owner@example.com", kPassword);
  RegisterUser("snoop@example.com", kPassword);
  auto const owner = LoginToken("owner@example.com", kPassword);
  auto const snoop = LoginToken("snoop@example.com", kPassword);
  auto const address = CreateAddress(owner, "Home");
  ASSERT_FALSE(address.id().empty());
  ASSERT_EQ(GetAddress(owner, address.id()).code, grpc::StatusCode::OK);

  auto const foreign_get = GetAddress(snoop, address.id());
  auto const foreign_update = UpdateAddressLabel(snoop, address.id(), address.version(), "Mine now");
  auto const foreign_delete = DeleteAddress(snoop, address.id(), address.version());
  auto const foreign_delete_keyed = DeleteAddress(snoop, address.id(), address.version(), "snoop-delete");
  EXPECT_EQ(foreign_get.code, grpc::StatusCode::NOT_FOUND);
  // The address is untouched.
  v1::GetAddressResponse still;
  auto context = As(owner);
  v1::GetAddressRequest get;
  get.set_address_id(address.id());
  ASSERT_TRUE(stub().GetAddress(context.get(), get, &still).ok());
  EXPECT_EQ(still.address().label(), "Home");
  EXPECT_EQ(still.address().version(), address.version());

  ASSERT_EQ(DeleteAddress(owner, address.id(), address.version()).code, grpc::StatusCode::OK);
  auto const missing_get = GetAddress(snoop, address.id());
  EXPECT_EQ(foreign_get, missing_get);
  EXPECT_EQ(foreign_update, UpdateAddressLabel(snoop, address.id(), address.version(), "Mine now"));
  EXPECT_EQ(foreign_delete, DeleteAddress(snoop, address.id(), address.version()));
  EXPECT_EQ(foreign_delete_keyed, DeleteAddress(snoop, address.id(), address.version(), "snoop-delete-2"));
  EXPECT_EQ(foreign_delete_keyed, foreign_delete);

  // Listing another user's addresses: not-found for the user, as for an id that never existed.
  v1::ListAddressesRequest list;
  list.set_user_id(address.user_id());
  v1::ListAddressesResponse listed;
  context = As(snoop);
  auto const foreign_list = ReplyOf(stub().ListAddresses(context.get(), list, &listed), *context);
  EXPECT_EQ(foreign_list.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(foreign_list.info.reason(), "NOT_FOUND");
  EXPECT_EQ(foreign_list.info.metadata().at("resource"), "user/" + address.user_id());
}

// What keeps another user's address answering like a missing one in time too: a customer's lookup
// asks the store for the address of that customer, so the other's row is never read.
TEST_P(UserServiceTest, ACustomersAddressLookupNeverReadsAnotherUsersRow) {
  RegisterUser("keeper@example.com", kPassword);
  auto const other = RegisterUser("peeker@example.com", kPassword);
  auto const address = CreateAddress(LoginToken("keeper@example.com", kPassword), "Home");
  ASSERT_FALSE(address.id().empty());

  auto const as_owner = users().FindAddress(address.id(), address.user_id());
  ASSERT_TRUE(as_owner.ok());
  ASSERT_TRUE(as_owner->has_value());
  EXPECT_EQ((*as_owner)->label(), "Home");
  auto const as_other = users().FindAddress(address.id(), other.id());
  ASSERT_TRUE(as_other.ok());
  EXPECT_FALSE(as_other->has_value());
  auto const as_staff = users().FindAddress(address.id(), std::nullopt);
  ASSERT_TRUE(as_staff.ok());
  EXPECT_TRUE(as_staff->has_value());
}

TEST_P(UserServiceTest, AddressesListDefaultFirstAndStaffMayReadThem) {
  RegisterUser("homes@example.com", kPassword);
  auto const token = LoginToken("homes@example.com", kPassword);
  auto const first = CreateAddress(token, "First", true);
  auto const second = CreateAddress(token, "Second");
  auto const third = CreateAddress(token, "Third", true);  // takes the default from First
  EXPECT_EQ(first.address().postcode(), "SW1A 1AA");

  v1::ListAddressesRequest request;
  request.set_page_size(2);
  v1::ListAddressesResponse page;
  auto context = As(token);
  auto status = stub().ListAddresses(context.get(), request, &page);
  ASSERT_TRUE(status.ok()) << ReplyOf(status, *context);
  ASSERT_EQ(page.addresses_size(), 2);
  EXPECT_EQ(page.addresses(0).id(), third.id());
  EXPECT_TRUE(page.addresses(0).is_default());
  EXPECT_EQ(page.addresses(1).id(), second.id());
  ASSERT_FALSE(page.next_page_token().empty());
  request.set_page_token(page.next_page_token());
  context = As(token);
  status = stub().ListAddresses(context.get(), request, &page);
  ASSERT_TRUE(status.ok()) << ReplyOf(status, *context) << " token " << request.page_token();
  ASSERT_EQ(page.addresses_size(), 1);
  EXPECT_EQ(page.addresses(0).id(), first.id());
  EXPECT_FALSE(page.addresses(0).is_default());
  EXPECT_EQ(page.addresses(0).version(), 2);  // losing the default is a change
  EXPECT_TRUE(page.next_page_token().empty());

  EXPECT_EQ(UpdateAddressLabel(token, second.id(), second.version() + 5, "Stale").code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(UpdateAddressLabel(token, second.id(), second.version(), "Work").code, grpc::StatusCode::OK);

  auto const staff = StaffToken("clerk@example.com", kOtherPassword);
  EXPECT_EQ(GetAddress(staff, second.id()).code, grpc::StatusCode::OK);
}

// Concurrent "make this my default" calls take turns: each succeeds and one default remains
// (on PostgreSQL they used to meet the one-default constraint and fail with its raw name).
TEST_P(UserServiceTest, ConcurrentNewDefaultsEachSucceedAndOneRemains) {
  RegisterUser("movers@example.com", kPassword);
  auto const token = LoginToken("movers@example.com", kPassword);
  std::vector<grpc::StatusCode> codes(8);
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    callers.emplace_back([&, i] {
      v1::CreateAddressRequest request;
      request.set_request_id("default-" + std::to_string(i));
      auto& address = *request.mutable_address();
      address.set_label("Home " + std::to_string(i));
      address.set_is_default(true);
      address.mutable_address()->set_recipient_name("Jane Doe");
      address.mutable_address()->set_line1("1 High Street");
      address.mutable_address()->set_city("London");
      address.mutable_address()->set_postcode("SW1A 1AA");
      address.mutable_address()->set_country_code("GB");
      v1::CreateAddressResponse response;
      auto context = As(token);
      codes[i] = stub().CreateAddress(context.get(), request, &response).error_code();
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(codes, std::vector<grpc::StatusCode>(codes.size(), grpc::StatusCode::OK));

  v1::ListAddressesRequest request;
  v1::ListAddressesResponse listed;
  auto context = As(token);
  ASSERT_TRUE(stub().ListAddresses(context.get(), request, &listed).ok());
  ASSERT_EQ(listed.addresses_size(), 8);
  int defaults = 0;
  for (auto const& address : listed.addresses()) defaults += address.is_default() ? 1 : 0;
  EXPECT_EQ(defaults, 1);
}

TEST_P(UserServiceTest, CustomersAreRefusedTheBackOfficeByTheMethodTable) {
  RegisterUser("customer@example.com", kPassword);
  auto const customer = LoginToken("customer@example.com", kPassword);
  v1::ListUsersResponse users;
  auto context = As(customer);
  auto const refused = ReplyOf(stub().ListUsers(context.get(), {}, &users), *context);
  EXPECT_EQ(refused.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(refused.info.domain(), "api");  // the table refused it, not the use case

  context = As("");
  EXPECT_EQ(ReplyOf(stub().ListUsers(context.get(), {}, &users), *context).code,
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetMe("").code, grpc::StatusCode::UNAUTHENTICATED);

  auto const staff = StaffToken("boss@example.com", kOtherPassword);
  v1::ListUsersRequest request;
  request.set_query("CUSTOMER@");
  context = As(staff);
  ASSERT_TRUE(stub().ListUsers(context.get(), request, &users).ok());
  ASSERT_EQ(users.users_size(), 1);
  EXPECT_EQ(users.users(0).email(), "customer@example.com");
}

TEST_P(UserServiceTest, ListUsersPagesNewestFirstWithFilters) {
  for (auto const* name : {"ann", "bob", "cat"}) RegisterUser(std::string(name) + "@example.com", kPassword);
  auto const staff = StaffToken("admin@example.com", kOtherPassword);
  v1::ListUsersRequest request;
  request.set_page_size(2);
  request.set_role(v1::ROLE_CUSTOMER);
  std::vector<std::string> emails;
  for (int page = 0; page < 3; ++page) {
    v1::ListUsersResponse response;
    auto context = As(staff);
    auto const status = stub().ListUsers(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << ReplyOf(status, *context);
    for (auto const& user : response.users()) emails.push_back(user.email());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(emails, (std::vector<std::string>{"cat@example.com", "bob@example.com", "ann@example.com"}));
}

TEST_P(UserServiceTest, BruteForceLoginIsThrottledPerAccountAndPerAddress) {
  RegisterUser("target@example.com", kPassword);
  for (int attempt = 0; attempt < 5; ++attempt) {
    ASSERT_EQ(Login("target@example.com", "Guess-number-" + std::to_string(attempt)).code,
              grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext* raw = nullptr;
  auto const throttled = Login("target@example.com", kPassword, nullptr, &raw);
  std::unique_ptr<grpc::ClientContext> context(raw);
  EXPECT_EQ(throttled.code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(throttled.info.reason(), "RATE_LIMITED");
  EXPECT_EQ(throttled.info.metadata().at("retry_after_ms"), "10000");
  EXPECT_TRUE(context->GetServerTrailingMetadata().contains("mercato-retry-info-bin"));

  clock().Advance(seconds(10));  // one attempt refilled
  EXPECT_EQ(Login("target@example.com", kPassword).code, grpc::StatusCode::OK);

  // Many accounts from one address: the per-IP budget (20 at once) runs out too.
  clock().Advance(hours(1));
  int refused_at = 0;
  for (int attempt = 1; attempt <= 21 && refused_at == 0; ++attempt) {
    if (Login("nobody" + std::to_string(attempt) + "@example.com", kPassword).code ==
        grpc::StatusCode::RESOURCE_EXHAUSTED) {
      refused_at = attempt;
    }
  }
  EXPECT_EQ(refused_at, 21);
}

TEST_P(UserServiceTest, DisablingAnAccountEndsItsSessionsAndRefusesLogin) {
  auto const customer = RegisterUser("banned@example.com", kPassword);
  auto const token = LoginToken("banned@example.com", kPassword);
  auto const staff = StaffToken("mod@example.com", kOtherPassword);
  v1::SetUserStatusRequest request;
  request.set_user_id(customer.id());
  request.set_status(v1::USER_STATUS_DISABLED);
  request.set_expected_version(customer.version());
  v1::SetUserStatusResponse response;
  auto context = As(staff);
  auto status = stub().SetUserStatus(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << ReplyOf(status, *context);
  EXPECT_EQ(response.user().status(), v1::USER_STATUS_DISABLED);
  EXPECT_EQ(GetMe(token).code, grpc::StatusCode::UNAUTHENTICATED);
  auto const refused = Login("banned@example.com", kPassword);
  EXPECT_EQ(refused.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(refused.info.reason(), "ACCOUNT_DISABLED");
  EXPECT_EQ(Login("banned@example.com", "Wrong-password-123"), Login("nobody@example.com", "Wrong-password-123"));
  EXPECT_EQ(OutboxEventTypes(customer.id()), (std::vector<std::string>{"user.registered", "user.updated"}));
}

TEST_P(UserServiceTest, NewRolesApplyAtOnceBecauseTheSessionsAreRevoked) {
  auto const user = RegisterUser("promoted@example.com", kPassword);
  auto const before = LoginToken("promoted@example.com", kPassword);
  auto const staff = StaffToken("chief@example.com", kOtherPassword);
  v1::SetUserRolesRequest request;
  request.set_user_id(user.id());
  request.add_roles(v1::ROLE_CUSTOMER);
  request.add_roles(v1::ROLE_SERVICE);
  request.set_expected_version(user.version());
  v1::SetUserRolesResponse response;
  auto context = As(staff);
  ASSERT_TRUE(stub().SetUserRoles(context.get(), request, &response).ok());
  EXPECT_EQ(GetMe(before).code, grpc::StatusCode::UNAUTHENTICATED);
  auto const after = LoginToken("promoted@example.com", kPassword);
  v1::GetUserRequest get;
  get.set_user_id(user.id());
  v1::GetUserResponse got;
  context = As(after);
  EXPECT_TRUE(stub().GetUser(context.get(), get, &got).ok());  // service accounts read the back office

  // A customer's token cannot change roles; staff cannot demote themselves.
  context = As(after);
  EXPECT_EQ(ReplyOf(stub().SetUserRoles(context.get(), request, &response), *context).code,
            grpc::StatusCode::PERMISSION_DENIED);
  v1::User me;
  ASSERT_EQ(GetMe(staff, &me).code, grpc::StatusCode::OK);
  request.set_user_id(me.id());
  request.set_expected_version(me.version());
  context = As(staff);
  auto const demote = ReplyOf(stub().SetUserRoles(context.get(), request, &response), *context);
  EXPECT_EQ(demote.code, grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_P(UserServiceTest, UpdateMeChecksVersionAndAllowedFields) {
  auto const user = RegisterUser("editor@example.com", kPassword);
  auto const token = LoginToken("editor@example.com", kPassword);
  v1::UpdateMeRequest request;
  request.set_request_id("rename-1");
  request.mutable_user()->set_display_name("  Ed  ");
  request.mutable_user()->set_phone("+447700900123");
  request.mutable_update_mask()->add_paths("display_name");
  request.mutable_update_mask()->add_paths("phone");
  request.set_expected_version(user.version());
  v1::UpdateMeResponse response;
  auto context = As(token);
  ASSERT_TRUE(stub().UpdateMe(context.get(), request, &response).ok());
  EXPECT_EQ(response.user().display_name(), "Ed");
  EXPECT_EQ(response.user().version(), user.version() + 1);

  request.set_request_id("rename-2");
  context = As(token);
  EXPECT_EQ(ReplyOf(stub().UpdateMe(context.get(), request, &response), *context).code, grpc::StatusCode::ABORTED);
  request.set_request_id("rename-3");
  request.set_expected_version(user.version() + 1);
  request.mutable_update_mask()->add_paths("roles");
  context = As(token);
  EXPECT_EQ(ReplyOf(stub().UpdateMe(context.get(), request, &response), *context).code,
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(OutboxEventTypes(user.id()), (std::vector<std::string>{"user.registered", "user.updated"}));
}

TEST_P(UserServiceTest, StaffBootstrapTakesOverAPreRegisteredAccountAndIsIdempotent) {
  RegisterUser("ops@example.com", kPassword);  // someone registered the operators' address first
  auto const squatter = LoginToken("ops@example.com", kPassword);
  auto staff = accounts().EnsureStaffAccount("OPS@example.com", kOtherPassword);
  ASSERT_TRUE(staff.ok()) << staff.error().message;
  EXPECT_NE(std::find(staff->roles().begin(), staff->roles().end(), v1::ROLE_STAFF), staff->roles().end());
  EXPECT_EQ(GetMe(squatter).code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Login("ops@example.com", kPassword).code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Login("ops@example.com", kOtherPassword).code, grpc::StatusCode::OK);

  auto again = accounts().EnsureStaffAccount("ops@example.com", kOtherPassword);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version(), staff->version());

  auto fresh = accounts().EnsureStaffAccount("root@example.com", kOtherPassword);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->roles_size(), 1);
  EXPECT_EQ(fresh->roles(0), v1::ROLE_STAFF);
}

TEST_P(UserServiceTest, LoginRehashesWhenTheLimitsRose) {
  RegisterUser("rehash@example.com", kPassword);
  auto const original = StoredHash("rehash@example.com");
  ASSERT_TRUE(original.starts_with("$argon2id$")) << original;
  ASSERT_EQ(Login("rehash@example.com", kPassword).code, grpc::StatusCode::OK);
  EXPECT_EQ(StoredHash("rehash@example.com"), original);  // same limits: left alone

  adapters::SodiumPasswordHasher::Limits stronger;
  stronger.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE + 1;
  Restart(stronger);
  ASSERT_EQ(Login("rehash@example.com", kPassword).code, grpc::StatusCode::OK);
  auto const upgraded = StoredHash("rehash@example.com");
  EXPECT_NE(upgraded, original);
  EXPECT_NE(upgraded.find("t=" + std::to_string(crypto_pwhash_OPSLIMIT_INTERACTIVE + 1)), std::string::npos)
      << upgraded;
  EXPECT_EQ(Login("rehash@example.com", kPassword).code, grpc::StatusCode::OK);
  EXPECT_EQ(StoredHash("rehash@example.com"), upgraded);
}

TEST_P(UserServiceTest, NoPasswordOrTokenIsKeptInClear) {
  std::vector<std::string> secrets = {kPassword, kOtherPassword};
  auto const user = RegisterUser("secretive@example.com", kPassword);
  auto const first = LoginToken("secretive@example.com", kPassword);
  auto const second = LoginToken("secretive@example.com", kPassword);
  secrets.push_back(first);
  secrets.push_back(second);
  CreateAddress(first, "Home", true);
  v1::ChangePasswordRequest change;
  change.set_request_id("change-1");
  change.set_current_password(kPassword);
  change.set_new_password(kOtherPassword);
  v1::ChangePasswordResponse changed;
  auto context = As(first);
  ASSERT_TRUE(stub().ChangePassword(context.get(), change, &changed).ok());
  secrets.push_back(LoginToken("secretive@example.com", kOtherPassword));
  Login("secretive@example.com", "Wrong-but-secret-99");
  secrets.push_back("Wrong-but-secret-99");

  std::string stored;
  for (auto const* table : {"users", "addresses", "idempotency_keys", "outbox"}) stored += TableText(table);
  ASSERT_NE(stored.find("secretive@example.com"), std::string::npos);  // the scan sees the rows
  ASSERT_NE(stored.find("$argon2id$"), std::string::npos);

  std::string redis_text;
  if (redis()) {
    auto keys = redis()->Command({"KEYS", redis_prefix() + "*"});
    ASSERT_TRUE(keys.has_value());
    ASSERT_FALSE(keys->elements.empty());
    for (auto const& key : keys->elements) {
      redis_text += key.text + "=";
      auto const type = redis()->Command({"TYPE", key.text});
      auto const value = type && type->text == "set" ? redis()->Command({"SMEMBERS", key.text})
                                                     : redis()->Command({"GET", key.text});
      ASSERT_TRUE(value.has_value());
      redis_text += value->text;
      for (auto const& member : value->elements) redis_text += member.text + ",";
      redis_text += "\n";
    }
    ASSERT_NE(redis_text.find(user.id()), std::string::npos);  // the scan sees the sessions
  }
  auto const logs = CapturedLogs();
  ASSERT_NE(logs.find("logged in"), std::string::npos);  // the log capture works

  for (auto const& secret : secrets) {
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(stored.find(secret), std::string::npos) << "a secret is stored in the database";
    EXPECT_EQ(redis_text.find(secret), std::string::npos) << "a secret is stored in Redis";
    EXPECT_EQ(logs.find(secret), std::string::npos) << "a secret is in the logs";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, UserServiceTest,
                         ::testing::Values(Backend::kSqliteInProcess, Backend::kPostgresRedis), BackendName);

TEST(UserServiceTable, NamesEveryMethodOfTheService) {
  auto const table = UserServiceTable();
  auto const* service = v1::UserService::service_full_name();
  auto const* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  ASSERT_NE(descriptor, nullptr);
  std::set<std::string> methods;
  for (int i = 0; i < descriptor->method_count(); ++i) {
    methods.insert("/" + std::string(service) + "/" + std::string(descriptor->method(i)->name()));
  }
  std::set<std::string> rows;
  for (auto const& [method, audience] : table) rows.insert(method);
  EXPECT_EQ(rows, methods);
}

}  // namespace
}  // namespace mercato::identity_test
