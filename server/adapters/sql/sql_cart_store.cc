#include "server/adapters/sql/sql_cart_store.h"

#include <google/protobuf/util/time_util.h>

#include "server/adapters/sql/idempotent_write.h"
#include "server/adapters/sql/proto_json.h"
#include "server/adapters/sql/sql_values.h"

namespace mercato::adapters {
namespace {

using domain::Result;

Result<v1::Cart> CartFromRow(SqlRows const& rows, std::size_t i) {
  auto document = GetText(rows, i, "document");
  if (!document) return document.error();
  return ParseJson<v1::Cart>(*document);
}

Result<std::optional<v1::Cart>> ReadCart(SqlSession& session, std::string const& id, bool lock) {
  return FirstRow(session.Exec("SELECT document FROM carts WHERE id = $1" +
                                   (lock ? RowLock(session, "FOR UPDATE") : std::string()),
                               {id}),
                  &CartFromRow);
}

}  // namespace

Result<v1::Cart> LockCartInSession(SqlSession& session, std::string const& id, std::string const& user_id,
                                   std::optional<std::int64_t> expected_version) {
  auto found = ReadCart(session, id, true);
  if (!found) return found.error();
  if (!*found || (*found)->user_id() != user_id) return domain::NotFound("cart", id);
  if (expected_version && (*found)->version() != *expected_version) {
    return domain::VersionMismatch("cart", id, *expected_version, (*found)->version());
  }
  return **std::move(found);
}

Result<v1::Cart> SaveCartInSession(SqlSession& session, v1::Cart cart, std::int64_t now_us) {
  cart.set_version(cart.version() + 1);
  *cart.mutable_updated_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(now_us);
  auto document = ToJson(cart);
  if (!document) return document.error();
  auto updated = session.Exec("UPDATE carts SET version = CAST($2 AS BIGINT), document = $3 WHERE id = $1",
                              {cart.id(), std::to_string(cart.version()), *document});
  if (!updated) return updated.error();
  return cart;
}

Result<std::optional<v1::Cart>> SqlCartStore::FindCart(std::string const& id) {
  return InRead(db_, [&](SqlSession& session) { return ReadCart(session, id, false); });
}

Result<v1::Cart> SqlCartStore::InsertCart(v1::Cart const& cart, domain::IdempotencyKey const& idempotency,
                                          int max_per_user) {
  auto const now_us = clock_.NowMicros();
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Cart>(session, idempotency, now_us, [&]() -> Result<v1::Cart> {
      auto counted = session.Exec("SELECT COUNT(*) AS carts FROM carts WHERE user_id = $1", {cart.user_id()});
      if (!counted) return counted.error();
      SqlRowReader row(*counted, 0);
      auto const carts = row.Int64("carts");
      if (row.error()) return *row.error();
      if (carts >= max_per_user) {
        return domain::Error{domain::ErrorKind::kResourceExhausted, "TOO_MANY_CARTS",
                             "an account keeps at most " + std::to_string(max_per_user) +
                                 " carts; use one of them (ClearCart empties it)",
                             {}};
      }
      auto document = ToJson(cart);
      if (!document) return document.error();
      auto inserted = session.Exec(
          "INSERT INTO carts (id, user_id, currency_code, version, created_at_us, document) "
          "VALUES ($1, $2, $3, CAST($4 AS BIGINT), CAST($5 AS BIGINT), $6)",
          {cart.id(), cart.user_id(), cart.currency_code(), std::to_string(cart.version()), Micros(cart.created_at()),
           *document});
      if (!inserted) return inserted.error();
      return cart;
    });
  });
}

Result<v1::Cart> SqlCartStore::ChangeCart(std::string const& id, std::string const& user_id,
                                          std::int64_t expected_version, domain::IdempotencyKey const& idempotency,
                                          std::int64_t now_us, CartEdit const& edit) {
  return InTransaction(db_, [&](SqlSession& session) {
    return IdempotentWrite<v1::Cart>(session, idempotency, now_us, [&]() -> Result<v1::Cart> {
      auto cart = LockCartInSession(session, id, user_id, expected_version);
      if (!cart) return cart.error();
      if (auto edited = edit(*cart); !edited) return edited.error();
      return SaveCartInSession(session, *std::move(cart), now_us);
    });
  });
}

}  // namespace mercato::adapters
