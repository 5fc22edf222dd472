// The same tests run against SQLite (a temporary file) and, when LINLI_TEST_PG_URL is set,
// PostgreSQL (a fresh schema per test).
#include "storage/db.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/scope.hpp"
#include "storage/bulk_write.hpp"
#include "storage/internal/migration_runner.hpp"
#include "storage/keyset.hpp"
#include "storage/migrations.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::storage {
namespace {

using core::ErrorCode;

// Both engines are always instantiated (so that ctest, which lists tests at build time, knows
// the PostgreSQL cases); they skip when LINLI_TEST_PG_URL is unset.
std::vector<std::string> Engines() { return {"sqlite", "postgres"}; }

// Opens a fresh, empty database for one test (storage/testing/test_database.hpp): a temp SQLite
// file, or a new PostgreSQL schema selected through the URL's options (every pooled connection
// then uses it).
class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const bool postgres = GetParam() == "postgres";
    auto opened = OpenTestDatabase(postgres, TestDatabaseOptions{false, Options()});
    if (!opened.ok() && postgres && opened.error().code == ErrorCode::kUnavailable) {
      GTEST_SKIP() << opened.error().message;
    }
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    test_database_ = std::move(opened).value();
    database_ = &test_database_->database();
  }

  virtual OpenOptions Options() const { return OpenOptions{}; }

  ConnectionHandle Connect() {
    auto connection = database_->Acquire();
    EXPECT_TRUE(connection.ok()) << connection.error().message;
    return std::move(connection).value();
  }

  // Runs SQL that must succeed.
  QueryResult Must(Connection& connection, const std::string& sql,
                   const std::vector<Value>& params = {}) {
    auto result = connection.Query(sql, params);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error().message;
    return result.ok() ? std::move(result).value() : QueryResult{};
  }

  void MustScript(Connection& connection, const std::string& sql) {
    auto substituted = SubstituteDialectTokens(sql, connection.dialect());
    ASSERT_TRUE(substituted.ok()) << substituted.error().message;
    auto status = connection.ExecScript(*substituted);
    ASSERT_TRUE(status.ok()) << sql << ": " << status.error().message;
  }

  int64_t Count(Connection& connection, const std::string& table) {
    return Must(connection, "SELECT COUNT(*) FROM " + table).rows.at(0).Int(0);
  }

  std::unique_ptr<TestDatabase> test_database_;
  Database* database_ = nullptr;
};

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  ConnectionHandle c = Connect();
  MustScript(*c,
             "CREATE TABLE cells (id {{pk}}, i BIGINT, d DOUBLE PRECISION, t TEXT, b {{blob}})");
  constexpr char kBytes[] = "\x00\x01\xff\xfe binary \x00 end";
  const std::string bytes(kBytes, sizeof kBytes - 1);
  const std::vector<std::vector<Value>> inputs = {
      {int64_t{9223372036854775807}, 3.25, std::string("扬州市广陵区东关街道"), Blob{bytes}},
      {int64_t{-9223372036854775807 - 1}, -0.5, std::string(""), Blob{""}},
      {Null{}, Null{}, Null{}, Null{}},
  };
  for (const auto& input : inputs) {
    QueryResult inserted = Must(*c, "INSERT INTO cells (i, d, t, b) VALUES (?, ?, ?, ?)", input);
    EXPECT_EQ(inserted.affected_rows, 1);
  }
  QueryResult result = Must(*c, "SELECT id, i, d, t, b FROM cells ORDER BY id");
  ASSERT_EQ(result.rows.size(), 3u);
  ASSERT_EQ(result.columns, (std::vector<std::string>{"id", "i", "d", "t", "b"}));
  const Row& first = result.rows[0];
  EXPECT_EQ(std::get<int64_t>(first.At(1)), 9223372036854775807);
  EXPECT_EQ(std::get<double>(first.At(2)), 3.25);
  EXPECT_EQ(std::get<std::string>(first.At(3)), "扬州市广陵区东关街道");
  EXPECT_EQ(std::get<Blob>(first.At(4)).bytes, bytes);
  const Row& second = result.rows[1];
  EXPECT_EQ(second.Int(1), -9223372036854775807 - 1);
  EXPECT_EQ(second.Double(2), -0.5);
  EXPECT_EQ(second.Text(3), "");
  EXPECT_FALSE(second.IsNull(3));
  EXPECT_EQ(std::get<Blob>(second.At(4)).bytes, "");
  const Row& third = result.rows[2];
  for (size_t i = 1; i <= 4; ++i) EXPECT_TRUE(third.IsNull(i)) << i;
  EXPECT_EQ(third.Text(3), "");
  EXPECT_EQ(third.Int(1), 0);
  EXPECT_GT(first.Int(0), 0);  // the {{pk}} column numbers rows
  EXPECT_LT(first.Int(0), second.Int(0));
}

TEST_P(DatabaseTest, ComparisonsReadAsIntegersOnBothEngines) {
  ConnectionHandle c = Connect();
  QueryResult result = Must(*c, "SELECT 1 = 1, 1 = 2, COUNT(*), 7.5 FROM (SELECT 1 AS x) AS s");
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].Int(0), 1);
  EXPECT_EQ(result.rows[0].Int(1), 0);
  EXPECT_EQ(result.rows[0].Int(2), 1);
  EXPECT_EQ(result.rows[0].Double(3), 7.5);
}

TEST_P(DatabaseTest, QuestionMarksInsideLiteralsAreNotPlaceholders) {
  ConnectionHandle c = Connect();
  MustScript(*c, "CREATE TABLE notes (id {{pk}}, body TEXT, tag TEXT)");
  Must(*c, "INSERT INTO notes (body, tag) VALUES ('为什么?', ?) -- really?", {std::string("x")});
  Must(*c, "INSERT INTO notes (body, tag) VALUES (? /* what? */, 'it''s ?')",
       {std::string("问号?")});
  QueryResult result = Must(*c, "SELECT body, tag FROM notes WHERE body <> '?' ORDER BY id");
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0].Text(0), "为什么?");
  EXPECT_EQ(result.rows[0].Text(1), "x");
  EXPECT_EQ(result.rows[1].Text(0), "问号?");
  EXPECT_EQ(result.rows[1].Text(1), "it's ?");
}

TEST_P(DatabaseTest, WrongParameterCountIsAnError) {
  ConnectionHandle c = Connect();
  auto result = c->Query("SELECT 1 WHERE 1 = ?", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(c->Ping());  // the connection is still fine
}

TEST_P(DatabaseTest, ConstraintViolationsMapToErrorCodes) {
  ConnectionHandle c = Connect();
  MustScript(*c,
             "CREATE TABLE parents (id {{pk}}, name TEXT NOT NULL UNIQUE);"
             "CREATE TABLE children (id {{pk}}, parent_id BIGINT NOT NULL REFERENCES parents (id),"
             " age INTEGER CHECK (age >= 0))");
  Must(*c, "INSERT INTO parents (name) VALUES (?)", {std::string("甲")});
  auto duplicate = c->Query("INSERT INTO parents (name) VALUES (?)", {std::string("甲")});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().field, "name");

  auto orphan = c->Query("INSERT INTO children (parent_id, age) VALUES (?, 1)", {int64_t{999}});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kValidationFailed);
  auto missing = c->Query("INSERT INTO parents (name) VALUES (?)", {Null{}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kValidationFailed);
  auto negative = c->Query("INSERT INTO children (parent_id, age) VALUES (1, ?)", {int64_t{-1}});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kValidationFailed);
  auto syntax = c->Query("SELEKT 1");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count(*c, "parents"), 1);
}

TEST_P(DatabaseTest, InTransactionCommitsOrRollsBack) {
  ConnectionHandle c = Connect();
  MustScript(*c, "CREATE TABLE items (id {{pk}}, name TEXT NOT NULL)");

  core::Status committed = InTransaction(*c, [&](Connection& tx) -> core::Status {
    TRY(tx.Query("INSERT INTO items (name) VALUES ('kept')"));
    return core::Ok();
  });
  ASSERT_TRUE(committed.ok()) << committed.error().message;

  core::Status failed = InTransaction(*c, [&](Connection& tx) -> core::Status {
    TRY(tx.Query("INSERT INTO items (name) VALUES ('lost')"));
    return core::Error::Validation("不行", "name");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(failed.error().field, "name");

  core::Status thrown = InTransaction(*c, [&](Connection& tx) -> core::Status {
    TRY(tx.Query("INSERT INTO items (name) VALUES ('lost too')"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);

  core::Result<int64_t> value =
      InTransaction<int64_t>(*c, [&](Connection& tx) -> core::Result<int64_t> {
        ASSIGN_OR_RETURN(QueryResult r, tx.Query("INSERT INTO items (name) VALUES ('x') "
                                                 "RETURNING id"));
        return r.rows.at(0).Int(0);
      });
  ASSERT_TRUE(value.ok());
  EXPECT_GT(*value, 0);

  QueryResult rows = Must(*c, "SELECT name FROM items ORDER BY id");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].Text(0), "kept");
  EXPECT_EQ(rows.rows[1].Text(0), "x");

  // Another connection sees the committed rows.
  ConnectionHandle other = Connect();
  EXPECT_EQ(Count(*other, "items"), 2);
}

TEST_P(DatabaseTest, NestedTransactionsUseSavepoints) {
  ConnectionHandle c = Connect();
  MustScript(*c, "CREATE TABLE items (id {{pk}}, name TEXT NOT NULL)");
  core::Status outer = InTransaction(*c, [&](Connection& tx) -> core::Status {
    TRY(tx.Query("INSERT INTO items (name) VALUES ('outer')"));
    core::Status inner = InTransaction(tx, [&](Connection& tx2) -> core::Status {
      TRY(tx2.Query("INSERT INTO items (name) VALUES ('inner')"));
      return core::Error::FailedPrecondition("inner fails");
    });
    EXPECT_FALSE(inner.ok());
    return InTransaction(tx, [&](Connection& tx2) -> core::Status {
      TRY(tx2.Query("INSERT INTO items (name) VALUES ('inner kept')"));
      return core::Ok();
    });
  });
  ASSERT_TRUE(outer.ok()) << outer.error().message;
  QueryResult rows = Must(*c, "SELECT name FROM items ORDER BY id");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].Text(0), "outer");
  EXPECT_EQ(rows.rows[1].Text(0), "inner kept");
}

TEST_P(DatabaseTest, TransactionLeftOpenIsRolledBackOnRelease) {
  {
    ConnectionHandle c = Connect();
    MustScript(*c, "CREATE TABLE items (id {{pk}}, name TEXT NOT NULL)");
    ASSERT_TRUE(c->Begin().ok());
    Must(*c, "INSERT INTO items (name) VALUES ('abandoned')");
  }  // back to the pool with an open transaction
  ConnectionHandle c = Connect();
  EXPECT_EQ(Count(*c, "items"), 0);
  EXPECT_TRUE(c->Begin().ok());  // no "transaction within a transaction"
  EXPECT_TRUE(c->Rollback().ok());
}

class SmallPoolTest : public DatabaseTest {
 protected:
  OpenOptions Options() const override {
    OpenOptions options;
    options.pool_size = 2;
    options.acquire_timeout_ms = 300;
    return options;
  }
};

TEST_P(SmallPoolTest, ExhaustedPoolTimesOutWithUnavailable) {
  auto first = database_->Acquire();
  auto second = database_->Acquire();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(database_->Stats().in_use, 2);
  EXPECT_EQ(database_->Stats().size, 2);

  const auto start = std::chrono::steady_clock::now();
  auto third = database_->Acquire();
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_EQ(database_->Stats().waits, 1);

  // A connection released while someone waits is handed over.
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ConnectionHandle released = std::move(first).value();
  });
  auto fourth = database_->Acquire();
  releaser.join();
  ASSERT_TRUE(fourth.ok()) << fourth.error().message;
  EXPECT_TRUE((*fourth)->Ping());
  EXPECT_EQ(database_->Stats().size, 2);
}

TEST_P(SmallPoolTest, ManyThreadsShareThePool) {
  {
    ConnectionHandle c = Connect();
    MustScript(*c, "CREATE TABLE hits (id {{pk}}, worker INTEGER NOT NULL)");
  }
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) {
        auto c = database_->Acquire();
        if (!c.ok()) {
          ++failures;
          continue;
        }
        auto status = InTransaction(**c, [&](Connection& tx) -> core::Status {
          TRY(tx.Query("INSERT INTO hits (worker) VALUES (?)", {int64_t{w}}));
          return core::Ok();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(failures.load(), 0);
  ConnectionHandle c = Connect();
  EXPECT_EQ(Count(*c, "hits"), 40);
  EXPECT_LE(database_->Stats().size, 2);
}

TEST_P(DatabaseTest, ScopeClauseFiltersRows) {
  ConnectionHandle c = Connect();
  MustScript(*c, "CREATE TABLE places (code TEXT NOT NULL PRIMARY KEY)");
  for (const char* code : {"321002001001", "321002002001", "321003001001", "321003002001",
                           "321012001001", "320100001001"}) {
    Must(*c, "INSERT INTO places (code) VALUES (?)", {std::string(code)});
  }
  auto codes_in = [&](const core::Scope& scope) {
    std::vector<Value> params;
    const std::string sql =
        "SELECT code FROM places WHERE " + ScopeClause(scope, "code", params) + " ORDER BY code";
    std::vector<std::string> codes;
    for (const Row& row : Must(*c, sql, params).rows) codes.push_back(row.Text(0));
    return codes;
  };
  EXPECT_EQ(codes_in(core::Scope::Everything()).size(), 6u);
  EXPECT_TRUE(codes_in(core::Scope::Nothing()).empty());
  EXPECT_EQ(codes_in(core::Scope::Of({"321002", "321003001"})),
            (std::vector<std::string>{"321002001001", "321002002001", "321003001001"}));
  EXPECT_EQ(codes_in(core::Scope::Of({"3210"})).size(), 5u);
  EXPECT_TRUE(codes_in(core::Scope::Of({"3211"})).empty());
  // A wildcard can never widen a scope.
  core::Scope hostile;
  hostile.prefixes = {"32100_"};
  EXPECT_TRUE(codes_in(hostile).empty());
}

// The SQLite adapter runs prefix LIKEs as ranges (no re-prepare per value); every other
// pattern as written. Both must select what LIKE selects, value after value on one statement.
TEST_P(DatabaseTest, LikePatternsSelectTheSameRowsWhateverTheirShape) {
  ConnectionHandle c = Connect();
  MustScript(*c,
             "CREATE TABLE coded (code TEXT NOT NULL, tag TEXT);"
             "CREATE INDEX coded_code ON coded (code);");
  for (const char* code : {"3210", "321002001", "3210029", "32100_x", "3211", "321", "32103",
                           "a_b.c", "axb.c", "a_b.cd", "A_B.C"}) {
    Must(*c, "INSERT INTO coded (code, tag) VALUES (?, ?)", {std::string(code), Value(Null{})});
  }
  const std::string sql = "SELECT code FROM coded WHERE tag IS NULL AND code LIKE ? ORDER BY code";
  auto codes = [&](const std::string& pattern) {
    std::vector<std::string> out;
    for (const Row& row : Must(*c, sql, {pattern}).rows) out.push_back(row.Text(0));
    return out;
  };
  using Codes = std::vector<std::string>;
  EXPECT_EQ(codes("3210%"), (Codes{"3210", "321002001", "3210029", "32100_x", "32103"}));
  EXPECT_EQ(codes("32100%"), (Codes{"321002001", "3210029", "32100_x"}));
  EXPECT_EQ(codes("321002%"), (Codes{"321002001", "3210029"}));
  EXPECT_EQ(codes("3219%"), Codes{});
  EXPECT_EQ(codes("32100_%"), (Codes{"321002001", "3210029", "32100_x"}));  // _ is a wildcard
  EXPECT_EQ(codes("%03"), (Codes{"32103"}));
  EXPECT_EQ(codes("3211"), (Codes{"3211"}));
  EXPECT_EQ(codes("a_b.c%"), (Codes{"a_b.c", "a_b.cd", "axb.c"}));  // case-sensitive
  EXPECT_EQ(codes("a%"), (Codes{"a_b.c", "a_b.cd", "axb.c"}));
  EXPECT_EQ(codes("3210%"), (Codes{"3210", "321002001", "3210029", "32100_x", "32103"}));
  // NOT LIKE and two LIKEs in one statement.
  std::vector<std::string> out;
  for (const Row& row : Must(*c,
                             "SELECT code FROM coded WHERE (code LIKE ? OR code LIKE ?) AND "
                             "code NOT LIKE ? ORDER BY code",
                             {std::string("3211%"), std::string("a%"), std::string("a_b.c%")})
                            .rows) {
    out.push_back(row.Text(0));
  }
  EXPECT_EQ(out, (Codes{"3211"}));  // axb.c matches a_b.c% too
  // A scope and a narrower place filter on one column (kept as LIKEs on SQLite, so that the
  // narrower range drives the index).
  out.clear();
  for (const Row& row : Must(*c,
                             "SELECT code FROM coded WHERE code LIKE ? AND code LIKE ? ORDER BY "
                             "code",
                             {std::string("3210%"), std::string("32100%")})
                            .rows) {
    out.push_back(row.Text(0));
  }
  EXPECT_EQ(out, (Codes{"321002001", "3210029", "32100_x"}));
}

// LikeClause (storage/sql_text.hpp) matches what it is given literally, its wildcards and the
// escape character included, on both engines.
TEST_P(DatabaseTest, LikeClauseMatchesTextLiterally) {
  ConnectionHandle c = Connect();
  MustScript(*c, "CREATE TABLE named (name TEXT NOT NULL)");
  for (const char* name : {"100%纯", "1000纯", "a_b", "axb", "C:\\dir", "C:dir", "王小明", "小王",
                           "x%", "x\\%", "xy"}) {
    Must(*c, "INSERT INTO named (name) VALUES (?)", {std::string(name)});
  }
  auto names = [&](std::string_view text, LikeMatch match) {
    std::vector<Value> params;
    const std::string sql =
        "SELECT name FROM named WHERE " + LikeClause("name", text, match, params);
    std::vector<std::string> out;
    for (const Row& row : Must(*c, sql, params).rows) out.push_back(row.Text(0));
    std::sort(out.begin(), out.end());
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names("0%", LikeMatch::kContains), Names{"100%纯"});
  EXPECT_EQ(names("_", LikeMatch::kContains), Names{"a_b"});
  EXPECT_EQ(names("\\", LikeMatch::kContains), (Names{"C:\\dir", "x\\%"}));
  EXPECT_EQ(names("王", LikeMatch::kContains), (Names{"小王", "王小明"}));
  EXPECT_EQ(names("x%", LikeMatch::kPrefix), Names{"x%"});
  EXPECT_EQ(names("x", LikeMatch::kPrefix), (Names{"x%", "x\\%", "xy"}));
  EXPECT_EQ(names("%", LikeMatch::kPrefix), Names{});
  EXPECT_EQ(names("", LikeMatch::kContains).size(), 11u);
}

// KeysetPage (storage/keyset.hpp) walks a list page by page, each row once, in each shape of
// order; FindRowInScope (storage/scope_sql.hpp) finds a row only inside the scope.
TEST_P(DatabaseTest, KeysetPagesWalkEveryRowOnceAndFindsStayInScope) {
  ConnectionHandle c = Connect();
  MustScript(*c, "CREATE TABLE items (id {{pk}}, code TEXT NOT NULL, name TEXT NOT NULL)");
  const std::vector<std::string> names = {"乙", "甲", "乙", "丙", "甲", "乙", "甲"};
  for (size_t i = 0; i < names.size(); ++i) {
    Must(*c, "INSERT INTO items (code, name) VALUES (?, ?)",
         {"3210020010" + std::to_string(10 + i), names[i]});
  }
  struct Item {
    int64_t id;
    std::string code;
    std::string name;
  };
  auto from_row = [](const Row& row) { return Item{row.Int(0), row.Text(1), row.Text(2)}; };
  auto walk = [&](const Keyset& keyset, auto key_of) {
    std::vector<int64_t> ids;
    core::PageRequest page{3, ""};
    for (int guard = 0; guard < 10; ++guard) {
      auto result = KeysetPage(*c, "SELECT id, code, name FROM items WHERE 1=1", {}, keyset, page,
                               from_row, key_of);
      EXPECT_TRUE(result.ok()) << result.error().message;
      if (!result.ok()) break;
      EXPECT_LE(result->items.size(), 3u);
      for (const Item& item : result->items) ids.push_back(item.id);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    return ids;
  };
  using Ids = std::vector<int64_t>;
  auto by_id = [](const Item& item) { return item.id; };
  EXPECT_EQ(walk(Keyset::ById("id"), by_id), (Ids{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(walk(Keyset::ById("id", SortOrder::kDescending), by_id), (Ids{7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(walk(Keyset::ByText("code"), [](const Item& item) { return item.code; }),
            (Ids{1, 2, 3, 4, 5, 6, 7}));
  // 丙 < 乙 < 甲 in UTF-8 byte order (U+4E19, U+4E59, U+7532).
  auto by_name = [](const Item& item) { return core::TextIdKey{item.name, item.id}; };
  EXPECT_EQ(walk(Keyset::ByTextThenId("name", SortOrder::kAscending, "id"), by_name),
            (Ids{4, 1, 3, 6, 2, 5, 7}));
  EXPECT_EQ(walk(Keyset::ByTextThenId("name", SortOrder::kDescending, "id"), by_name),
            (Ids{2, 5, 7, 1, 3, 6, 4}));

  auto find = [&](int64_t id, const core::Scope& scope) -> std::optional<int64_t> {
    auto row = FindRowInScope(*c, "SELECT id FROM items WHERE id = ?", {id}, scope, "code");
    EXPECT_TRUE(row.ok()) << row.error().message;
    if (!row.ok() || !*row) return std::nullopt;
    return (*row)->Int(0);
  };
  EXPECT_EQ(find(3, core::Scope::Of({"321002001"})), 3);
  EXPECT_EQ(find(3, core::Scope::Everything()), 3);
  EXPECT_EQ(find(3, core::Scope::Of({"321003"})), std::nullopt);
  EXPECT_EQ(find(3, core::Scope::Nothing()), std::nullopt);
  EXPECT_EQ(find(99, core::Scope::Everything()), std::nullopt);
}

TEST_P(DatabaseTest, MigrationsApplyOnceAndFailuresLeaveNothing) {
  auto version = SchemaVersion(*database_);
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(*version, 0);

  const std::vector<Migration> good = {
      {1, "0001_first.sql",
       "CREATE TABLE m1 (id {{pk}}, data {{blob}}, created_at BIGINT NOT NULL DEFAULT "
       "{{now_ms}});\nINSERT INTO m1 (data) VALUES (NULL);"},
      {2, "0002_second.sql", "CREATE TABLE m2 (id {{pk}}, name TEXT);"},
  };
  auto status = internal::ApplyMigrations(*database_, good);
  ASSERT_TRUE(status.ok()) << status.error().message;
  status = internal::ApplyMigrations(*database_, good);  // no-op
  ASSERT_TRUE(status.ok()) << status.error().message;
  version = SchemaVersion(*database_);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 2);

  ConnectionHandle c = Connect();
  EXPECT_EQ(Count(*c, "m1"), 1);  // the INSERT ran once
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  QueryResult applied =
      Must(*c, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_EQ(applied.rows.size(), 2u);
  EXPECT_EQ(applied.rows[1].Text(1), "0002_second.sql");
  EXPECT_NEAR(static_cast<double>(applied.rows[0].Int(2)), static_cast<double>(now_ms), 60000.0);
  EXPECT_NEAR(static_cast<double>(Must(*c, "SELECT created_at FROM m1").rows.at(0).Int(0)),
              static_cast<double>(now_ms), 60000.0);

  std::vector<Migration> failing = good;
  failing.push_back({3, "0003_broken.sql",
                     "CREATE TABLE m3 (id {{pk}});\nINSERT INTO m3 (id) VALUES (1);\n"
                     "INSERT INTO no_such_table VALUES (1);"});
  status = internal::ApplyMigrations(*database_, failing);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("0003_broken.sql"), std::string::npos)
      << status.error().message;
  version = SchemaVersion(*database_);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 2);
  EXPECT_FALSE(c->Query("SELECT COUNT(*) FROM m3").ok());  // the table was rolled back

  std::vector<Migration> unknown_token = good;
  unknown_token.push_back({3, "0003_token.sql", "CREATE TABLE m3 (x {{json}});"});
  status = internal::ApplyMigrations(*database_, unknown_token);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("{{json}}"), std::string::npos);

  // A schema newer than the binary is refused.
  Must(*c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9, 'future', 0)");
  status = internal::ApplyMigrations(*database_, good);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(DatabaseTest, EmbeddedMigrationsApplyTwice) {
  auto status = Migrate(*database_);
  ASSERT_TRUE(status.ok()) << status.error().message;
  status = Migrate(*database_);
  ASSERT_TRUE(status.ok()) << status.error().message;
  auto version = SchemaVersion(*database_);
  ASSERT_TRUE(version.ok());
  const int newest = EmbeddedMigrations().empty() ? 0 : EmbeddedMigrations().back().version;
  EXPECT_EQ(*version, newest);
}

// Migration 0011 (SQLite: the name grams become a WITHOUT ROWID table keyed as their index)
// keeps every gram of a registry migrated from version 10; PostgreSQL keeps its heap table.
TEST_P(DatabaseTest, NameGramsKeepTheirRowsThroughMigration11) {
  std::vector<Migration> up_to_10;
  for (const auto& migration : EmbeddedMigrations()) {
    if (migration.version <= 10) up_to_10.push_back(migration);
  }
  ASSERT_TRUE(internal::ApplyMigrations(*database_, up_to_10).ok());
  auto c = Connect();
  Must(*c,
       "INSERT INTO resident_name_grams (gram, name, resident_id, place_code) VALUES "
       "('王', '王芳', 2, '321002001001'), ('芳', '王芳', 2, '321002001001'), "
       "('王芳', '王芳', 2, '321002001001'), ('王', '王伟', 1, '321002001001')");
  auto migrated = Migrate(*database_);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  c = Connect();
  auto rows = Must(*c,
                   "SELECT gram, name, resident_id FROM resident_name_grams ORDER BY gram, name, "
                   "resident_id");
  ASSERT_EQ(rows.rows.size(), 4u);
  EXPECT_EQ(rows.rows[0].Text(1), "王伟");
  EXPECT_EQ(rows.rows[3].Text(0), "芳");
  if (GetParam() == "sqlite") {
    auto schema = Must(*c, "SELECT sql FROM sqlite_master WHERE name = 'resident_name_grams'");
    EXPECT_NE(schema.rows.at(0).Text(0).find("WITHOUT ROWID"), std::string::npos);
    // The key is the old index's: a gram written twice for one resident is refused.
    auto twice = c->Query(
        "INSERT INTO resident_name_grams (gram, name, resident_id, place_code) VALUES "
        "('王', '王伟', 1, '321002001001')");
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  } else {
    EXPECT_EQ(Count(*c,
                    "pg_indexes WHERE indexname = 'resident_name_grams_gram' AND "
                    "schemaname = current_schema()"),
              1);
  }
}

// Bulk writes: rows filled chunk by chunk, reserved ids, and secondary indexes deferred and
// rebuilt from their recorded definitions (unique ones report duplicates on rebuild).
TEST_P(DatabaseTest, BulkWritesDeferAndRebuildIndexes) {
  ASSERT_TRUE(Migrate(*database_).ok());
  auto connection = Connect();
  MustScript(*connection,
             "CREATE TABLE bulk (id {{pk}}, code TEXT NOT NULL, name TEXT NOT NULL);"
             "CREATE UNIQUE INDEX bulk_code ON bulk (code);"
             "CREATE INDEX bulk_name ON bulk (name, id);");
  EXPECT_FALSE(WorthDeferring(kMinimumDeferredRows - 1, 0));
  EXPECT_TRUE(WorthDeferring(kMinimumDeferredRows, 0));
  EXPECT_FALSE(WorthDeferring(kMinimumDeferredRows, int64_t(kMinimumDeferredRows) + 1));

  const size_t rows = kRowsPerInsert * 2 + 7;  // two full chunks and a short one
  auto ids = ReserveIds(*connection, "bulk", rows);
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_EQ(ids->size(), rows);
  auto deferred = DeferIndexes(*connection, {"bulk"});
  ASSERT_TRUE(deferred.ok()) << deferred.error().message;
  EXPECT_EQ(*deferred, (std::vector<std::string>{"bulk_code", "bulk_name"}));
  EXPECT_TRUE(*HasDeferredIndexes(*connection, "bulk"));
  auto inserted = InsertRows(*connection, "bulk (id, code, name)", 3, rows,
                             [&](size_t i, std::vector<Value>& out) {
                               out.emplace_back((*ids)[i]);
                               out.emplace_back("c" + std::to_string(i % (rows - 1)));
                               out.emplace_back("n" + std::to_string(i));
                             });
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(*inserted, int64_t(rows));
  // The last row repeats the first code: the unique index cannot come back.
  auto rebuilt = RebuildDeferredIndexes(*connection);
  ASSERT_FALSE(rebuilt.ok());
  EXPECT_EQ(rebuilt.error().code, ErrorCode::kAlreadyExists);
  Must(*connection, "DELETE FROM bulk WHERE id = ?", {ids->back()});
  ASSERT_TRUE(RebuildDeferredIndexes(*connection).ok());
  EXPECT_FALSE(*HasDeferredIndexes(*connection, "bulk"));
  EXPECT_EQ(Count(*connection, "deferred_indexes"), 0);
  auto duplicate = connection->Query("INSERT INTO bulk (code, name) VALUES ('c0', 'x')");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);

  // Every value type survives the bulk path (COPY's text escapes on PostgreSQL).
  MustScript(*connection,
             "CREATE TABLE bulk_values (id {{pk}}, t TEXT, d DOUBLE PRECISION, n BIGINT, "
             "b {{blob}})");
  const std::vector<std::string> texts = {"tab\there", "line\nbreak\r", "back\\slash \\N",
                                          "扬州市 邗江区", ""};
  auto values = InsertRows(*connection, "bulk_values (id, t, d, n, b)", 5, texts.size(),
                           [&](size_t i, std::vector<Value>& out) {
                             out.emplace_back(int64_t(i + 1));
                             out.emplace_back(texts[i]);
                             out.emplace_back(i == 0 ? Value(Null{}) : Value(0.1 * double(i)));
                             out.emplace_back(int64_t{-9'007'199'254'740'993} + int64_t(i));
                             out.emplace_back(Blob{std::string("\0\x01\xff\t", 4)});
                           });
  ASSERT_TRUE(values.ok()) << values.error().message;
  auto back = Must(*connection, "SELECT t, d, n, b FROM bulk_values ORDER BY id");
  ASSERT_EQ(back.rows.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(back.rows[i].Text(0), texts[i]);
    if (i == 0) {
      EXPECT_TRUE(back.rows[i].IsNull(1));
    } else {
      EXPECT_DOUBLE_EQ(back.rows[i].Double(1), 0.1 * double(i));
    }
    EXPECT_EQ(back.rows[i].Int(2), int64_t{-9'007'199'254'740'993} + int64_t(i));
    ASSERT_TRUE(std::holds_alternative<Blob>(back.rows[i].At(3)));
    EXPECT_EQ(std::get<Blob>(back.rows[i].At(3)).bytes, std::string("\0\x01\xff\t", 4));
  }

  // A filler that gives the wrong number of values is an internal error, not a bad row.
  auto wrong = InsertRows(*connection, "bulk (id, code, name)", 3, 1,
                          [](size_t, std::vector<Value>& out) { out.emplace_back("only one"); });
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInternal);
}

// PostgreSQL defers a table's foreign keys with its indexes (SQLite keeps them: it cannot drop
// one); recreating the key checks every row.
TEST_P(DatabaseTest, BulkWritesDeferForeignKeysOnPostgres) {
  ASSERT_TRUE(Migrate(*database_).ok());
  auto connection = Connect();
  MustScript(*connection,
             "CREATE TABLE bulk_parent (id {{pk}}, name TEXT NOT NULL);"
             "CREATE TABLE bulk_child (id {{pk}}, parent_id BIGINT NOT NULL REFERENCES "
             "bulk_parent (id), name TEXT NOT NULL);"
             "CREATE INDEX bulk_child_parent ON bulk_child (parent_id);"
             "INSERT INTO bulk_parent (id, name) VALUES (1, 'p');");
  const bool postgres = connection->dialect() == Dialect::kPostgres;
  auto deferred = DeferIndexes(*connection, {"bulk_child"});
  ASSERT_TRUE(deferred.ok()) << deferred.error().message;
  if (!postgres) {
    EXPECT_EQ(*deferred, std::vector<std::string>{"bulk_child_parent"});
    ASSERT_TRUE(RebuildDeferredIndexes(*connection).ok());
    return;
  }
  EXPECT_EQ(*deferred,
            (std::vector<std::string>{"bulk_child_parent", "bulk_child_parent_id_fkey"}));
  // Without its key, a row pointing nowhere goes in; recreating the key refuses it.
  Must(*connection, "INSERT INTO bulk_child (id, parent_id, name) VALUES (1, 1, 'a'), (2, 7, 'b')");
  auto rebuilt = RebuildDeferredIndexes(*connection);
  ASSERT_FALSE(rebuilt.ok());
  EXPECT_EQ(rebuilt.error().code, ErrorCode::kValidationFailed);
  Must(*connection, "DELETE FROM bulk_child WHERE id = 2");
  ASSERT_TRUE(RebuildDeferredIndexes(*connection).ok());
  EXPECT_EQ(Count(*connection, "deferred_indexes"), 0);
  auto orphan =
      connection->Query("INSERT INTO bulk_child (id, parent_id, name) VALUES (3, 9, 'c')");
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(Must(*connection,
                 "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'bulk_child_parent' AND "
                 "schemaname = current_schema()")
                .rows.at(0)
                .Int(0),
            1);
}

// Writers reserving ids at the same time each get one contiguous range (the seeder's parallel
// writers on PostgreSQL; SQLite serialises them by its write lock).
TEST_P(DatabaseTest, ConcurrentReservationsGetContiguousRanges) {
  ASSERT_TRUE(Migrate(*database_).ok());
  {
    auto connection = Connect();
    MustScript(*connection, "CREATE TABLE bulk_ids (id {{pk}}, name TEXT NOT NULL)");
  }
  constexpr int kWriters = 3;
  constexpr int kRounds = 8;
  constexpr size_t kCount = 3000;
  std::vector<std::vector<std::vector<int64_t>>> ranges(kWriters);
  std::vector<std::string> errors(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto connection = database_->Acquire();
      if (!connection.ok()) {
        errors[w] = connection.error().message;
        return;
      }
      for (int round = 0; round < kRounds; ++round) {
        auto status = InTransaction(**connection, [&](Connection& c) -> core::Status {
          ASSIGN_OR_RETURN(auto ids, ReserveIds(c, "bulk_ids", kCount));
          // Rows take the ids, as a batch does (on SQLite the next reservation starts above).
          TRY(InsertRows(c, "bulk_ids (id, name)", 2, ids.size(),
                         [&](size_t i, std::vector<Value>& out) {
                           out.emplace_back(ids[i]);
                           out.emplace_back("w" + std::to_string(w));
                         }));
          ranges[w].push_back(std::move(ids));
          return core::Ok();
        });
        if (!status.ok()) {
          errors[w] = status.error().message;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<int64_t> all;
  for (int w = 0; w < kWriters; ++w) {
    ASSERT_EQ(errors[w], "") << "writer " << w;
    ASSERT_EQ(ranges[w].size(), size_t(kRounds));
    for (const auto& range : ranges[w]) {
      ASSERT_EQ(range.size(), kCount);
      EXPECT_EQ(range.back() - range.front() + 1, int64_t(kCount)) << "writer " << w;
      all.insert(all.end(), range.begin(), range.end());
    }
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  auto connection = Connect();
  EXPECT_EQ(Count(*connection, "bulk_ids"), int64_t(kWriters * kRounds * kCount));
}

TEST_P(DatabaseTest, SqliteRunsInWalModeWithForeignKeys) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "SQLite only";
  ConnectionHandle c = Connect();
  EXPECT_EQ(Must(*c, "PRAGMA journal_mode").rows.at(0).Text(0), "wal");
  EXPECT_EQ(Must(*c, "PRAGMA foreign_keys").rows.at(0).Int(0), 1);
  EXPECT_EQ(Must(*c, "PRAGMA synchronous").rows.at(0).Int(0), 1);  // NORMAL
  EXPECT_TRUE(std::filesystem::exists(test_database_->file()));

  // Prefix LIKEs from ScopeClause can use a plain index (case_sensitive_like is on).
  MustScript(*c,
             "CREATE TABLE people (id {{pk}}, code TEXT NOT NULL, name TEXT);"
             "CREATE INDEX people_code ON people (code);");
  std::vector<Value> params;
  const std::string where = ScopeClause(core::Scope::Of({"321002"}), "code", params);
  std::string plan;
  for (const Row& row :
       Must(*c, "EXPLAIN QUERY PLAN SELECT name FROM people WHERE " + where, params).rows) {
    plan += row.Text(row.size() - 1) + "\n";
  }
  EXPECT_NE(plan.find("USING INDEX people_code"), std::string::npos) << plan;
}

TEST_P(DatabaseTest, PostgresSessionIsUtf8AndUtc) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL only";
  ConnectionHandle c = Connect();
  EXPECT_EQ(Must(*c, "SHOW client_encoding").rows.at(0).Text(0), "UTF8");
  EXPECT_EQ(Must(*c, "SHOW TimeZone").rows.at(0).Text(0), "UTC");
  EXPECT_EQ(Must(*c, "SELECT current_schema()").rows.at(0).Text(0), test_database_->schema());
}

TEST_P(DatabaseTest, PostgresBrokenConnectionIsReplaced) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL only";
  {
    ConnectionHandle victim = Connect();
    const int64_t pid = Must(*victim, "SELECT pg_backend_pid()").rows.at(0).Int(0);
    {
      auto admin = OpenDatabase(test_database_->base_url());
      ASSERT_TRUE(admin.ok());
      auto killer = (*admin)->Acquire();
      ASSERT_TRUE(killer.ok());
      ASSERT_TRUE((*killer)->Query("SELECT pg_terminate_backend(CAST(? AS INTEGER))", {pid}).ok());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto result = victim->Query("SELECT 1");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  }
  EXPECT_EQ(database_->Stats().size, 0);  // dropped, not pooled
  ConnectionHandle fresh = Connect();
  EXPECT_EQ(Must(*fresh, "SELECT 1").rows.at(0).Int(0), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Engines, SmallPoolTest, ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param; });

TEST(OpenDatabaseTest, InMemorySqliteIsSharedWithinOneDatabaseOnly) {
  auto first = OpenDatabase("sqlite::memory:");
  auto second = OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(second.ok());
  {
    auto a = (*first)->Acquire();
    auto b = (*first)->Acquire();  // a second pooled connection
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_TRUE((*a)->ExecScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);").ok());
    auto seen = (*b)->Query("SELECT x FROM t");
    ASSERT_TRUE(seen.ok()) << seen.error().message;
    EXPECT_EQ(seen->rows.at(0).Int(0), 7);
  }
  auto c = (*second)->Acquire();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE((*c)->Query("SELECT x FROM t").ok());
}

TEST(OpenDatabaseTest, UnreachablePostgresIsUnavailable) {
  auto database = OpenDatabase("postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=2");
  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(database.error().message.find("数据库无法连接"), std::string::npos);
}

TEST(DialectTokensTest, BlocksKeepTheirTextOnTheirEngineOnly) {
  const std::string sql =
      "CREATE TABLE t (id {{pk}});\n{{sqlite}}CREATE INDEX a ON t (id) -- {{now_ms}}\n{{end}}"
      "{{postgres}}CREATE INDEX b ON t (id);{{end}}SELECT 1;";
  auto sqlite = SubstituteDialectTokens(sql, Dialect::kSqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().message;
  EXPECT_EQ(*sqlite,
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\nCREATE INDEX a ON t (id) -- "
            "(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))\nSELECT 1;");
  auto postgres = SubstituteDialectTokens(sql, Dialect::kPostgres);
  ASSERT_TRUE(postgres.ok()) << postgres.error().message;
  EXPECT_EQ(*postgres,
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\nCREATE "
            "INDEX b ON t (id);SELECT 1;");
  for (const char* bad : {"{{sqlite}}SELECT 1;", "SELECT 1;{{end}}",
                          "{{sqlite}}{{postgres}}SELECT 1;{{end}}{{end}}", "{{pk"}) {
    for (Dialect dialect : {Dialect::kSqlite, Dialect::kPostgres}) {
      auto refused = SubstituteDialectTokens(bad, dialect);
      ASSERT_FALSE(refused.ok()) << bad;
      EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << bad;
    }
  }
}

TEST(OpenDatabaseTest, UnknownSchemeIsInvalid) {
  auto database = OpenDatabase("mysql://localhost/x");
  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.error().code, ErrorCode::kInvalidArgument);
}

TEST(OpenDatabaseTest, CreatesParentFolderAndClosesIdempotently) {
  const auto folder =
      std::filesystem::temp_directory_path() / ("linli_storage_parent_" + std::to_string(getpid()));
  std::filesystem::remove_all(folder);
  auto database = OpenDatabase("sqlite:" + (folder / "a" / "b.db").string());
  ASSERT_TRUE(database.ok()) << database.error().message;
  EXPECT_TRUE(std::filesystem::exists(folder / "a" / "b.db"));
  (*database)->Close();
  (*database)->Close();
  auto after = (*database)->Acquire();
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, ErrorCode::kUnavailable);
  std::filesystem::remove_all(folder);
}

TEST(RowTest, ConversionsAreLenient) {
  Row row({Value{std::string("42")}, Value{std::string(" 2.5 ")}, Value{int64_t{7}}, Value{3.6},
           Value{std::string("t")}, Value{Null{}}, Value{std::string("abc")}, Value{Blob{"xyz"}}});
  EXPECT_EQ(row.Int(0), 42);
  EXPECT_EQ(row.Double(0), 42.0);
  EXPECT_EQ(row.Double(1), 2.5);
  EXPECT_EQ(row.Int(1), 3);  // rounded
  EXPECT_EQ(row.Text(2), "7");
  EXPECT_EQ(row.Double(2), 7.0);
  EXPECT_EQ(row.Int(3), 4);
  EXPECT_EQ(row.Text(3), "3.6");
  EXPECT_EQ(row.Int(4), 1);
  EXPECT_EQ(row.Int(5), 0);
  EXPECT_EQ(row.Text(5), "");
  EXPECT_EQ(row.Int(6), 0);
  EXPECT_EQ(row.Text(7), "xyz");
}

TEST(ScopeClauseTest, ShapesTheFragment) {
  std::vector<Value> params;
  EXPECT_EQ(ScopeClause(core::Scope::Everything(), "c", params), "1=1");
  EXPECT_EQ(ScopeClause(core::Scope::Nothing(), "c", params), "1=0");
  EXPECT_TRUE(params.empty());
  core::Scope scope;
  scope.prefixes = {"321002", "321003"};
  EXPECT_EQ(ScopeClause(scope, "r.code", params), "(r.code LIKE ? OR r.code LIKE ?)");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(params[0]), "321002%");
  EXPECT_EQ(std::get<std::string>(params[1]), "321003%");
}

}  // namespace
}  // namespace linli::storage
