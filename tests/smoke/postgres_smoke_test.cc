// PostgreSQL through libpq: create a table, insert, select back.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "tests/support/test_env.h"

namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

Result Exec(PGconn* conn, std::string const& sql) {
  return Result(PQexec(conn, sql.c_str()), &PQclear);
}

TEST(PostgresSmoke, CreateInsertSelect) {
  Connection conn(PQconnectdb(mercato::testing::RequiredEnv("MERCATO_TEST_POSTGRES").c_str()),
                  &PQfinish);
  ASSERT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());

  std::string const table = mercato::testing::UniqueName("smoke");
  auto created = Exec(conn.get(), "CREATE TEMP TABLE " + table +
                                      " (id serial PRIMARY KEY, name text NOT NULL, qty int)");
  ASSERT_EQ(PQresultStatus(created.get()), PGRES_COMMAND_OK) << PQerrorMessage(conn.get());

  char const* params[] = {"bananas", "12"};
  Result inserted(PQexecParams(conn.get(), ("INSERT INTO " + table + " (name, qty) VALUES ($1, $2)").c_str(),
                               2, nullptr, params, nullptr, nullptr, 0),
                  &PQclear);
  ASSERT_EQ(PQresultStatus(inserted.get()), PGRES_COMMAND_OK) << PQerrorMessage(conn.get());

  auto selected = Exec(conn.get(), "SELECT name, qty FROM " + table);
  ASSERT_EQ(PQresultStatus(selected.get()), PGRES_TUPLES_OK) << PQerrorMessage(conn.get());
  ASSERT_EQ(PQntuples(selected.get()), 1);
  EXPECT_STREQ(PQgetvalue(selected.get(), 0, 0), "bananas");
  EXPECT_STREQ(PQgetvalue(selected.get(), 0, 1), "12");
}

}  // namespace
