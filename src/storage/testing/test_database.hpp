// Test helper (tests only): a migrated database of its own for one test. SQLite: a temporary
// file, deleted afterwards. PostgreSQL (LINLI_TEST_PG_URL): a schema of its own on the test
// cluster, selected through the connection's search_path and dropped afterwards, so tests
// running in parallel processes never see each other's rows. Tests run on both engines with
// Engine as their parameter (BothEngines, EngineName); PostgreSQL is skipped when
// LINLI_TEST_PG_URL is unset.
// Thread-safety: as storage::Database.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/db.hpp"
#include "storage/migrations.hpp"

namespace linli::storage {

class TestDatabase {
 public:
  TestDatabase(std::unique_ptr<Database> database, std::string base_url, std::string schema,
               std::filesystem::path file)
      : database_(std::move(database)),
        base_url_(std::move(base_url)),
        schema_(std::move(schema)),
        file_(std::move(file)) {}
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() {
    database_->Close();
    database_.reset();
    if (!schema_.empty()) {
      if (auto admin = OpenDatabase(base_url_, OpenOptions{1, 5000, 5000}); admin.ok()) {
        if (auto connection = (*admin)->Acquire(); connection.ok()) {
          (void)(*connection)->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        }
        (*admin)->Close();
      }
    }
    if (!file_.empty()) {
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(file_.string() + suffix, ignored);
      }
    }
  }
  Database& database() { return *database_; }
  // PostgreSQL: the cluster's URL (LINLI_TEST_PG_URL) and this database's schema; else "".
  const std::string& base_url() const { return base_url_; }
  const std::string& schema() const { return schema_; }
  // SQLite: the database file; else empty.
  const std::filesystem::path& file() const { return file_; }

 private:
  std::unique_ptr<Database> database_;
  std::string base_url_;
  std::string schema_;
  std::filesystem::path file_;
};

struct TestDatabaseOptions {
  bool migrate = true;                 // false: an empty database (tests of migrations)
  OpenOptions open = {4, 5000, 5000};  // pool size, acquire and busy timeouts
};

// kUnavailable when postgres is requested and LINLI_TEST_PG_URL is not set.
inline core::Result<std::unique_ptr<TestDatabase>> OpenTestDatabase(
    bool postgres, const TestDatabaseOptions& options = {}) {
  static std::atomic<int> counter{0};
  const std::string unique =
      std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1));
  std::unique_ptr<TestDatabase> test_database;
  if (postgres) {
    const char* base = std::getenv("LINLI_TEST_PG_URL");
    if (base == nullptr || *base == '\0') {
      return core::Error::Unavailable("LINLI_TEST_PG_URL is not set");
    }
    const std::string base_url = base;
    const std::string schema = "test_" + unique;
    {
      ASSIGN_OR_RETURN(auto admin, OpenDatabase(base_url, OpenOptions{1, 5000, 5000}));
      ASSIGN_OR_RETURN(auto connection, admin->Acquire());
      TRY(connection->ExecScript("CREATE SCHEMA " + schema));
    }
    const std::string url = base_url + (base_url.find('?') == std::string::npos ? "?" : "&") +
                            "options=-csearch_path%3D" + schema;
    auto database = OpenDatabase(url, options.open);
    if (!database.ok()) return std::move(database).error();
    test_database = std::make_unique<TestDatabase>(std::move(database).value(), base_url, schema,
                                                   std::filesystem::path());
  } else {
    const auto file = std::filesystem::temp_directory_path() / ("linli_test_" + unique + ".db");
    ASSIGN_OR_RETURN(auto database, OpenDatabase("sqlite:" + file.string(), options.open));
    test_database =
        std::make_unique<TestDatabase>(std::move(database), std::string(), std::string(), file);
  }
  if (options.migrate) TRY(Migrate(test_database->database()));
  return test_database;
}

// A second connection pool to a test database: another server (or `linli jobs run`) on the same
// data, for tests of what two processes racing for one row do.
inline core::Result<std::unique_ptr<Database>> OpenAgain(const TestDatabase& test_database) {
  std::string url;
  if (test_database.schema().empty()) {
    url = "sqlite:" + test_database.file().string();
  } else {
    const std::string& base = test_database.base_url();
    url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
          test_database.schema();
  }
  return OpenDatabase(url, OpenOptions{4, 5000, 5000});
}

// The parameter of tests run on both engines.
enum class Engine { kSqlite, kPostgres };

inline auto BothEngines() { return ::testing::Values(Engine::kSqlite, Engine::kPostgres); }

// Test names end in /Sqlite and /Postgres.
inline std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

// What a list answers for a page after a malformed cursor: InvalidArgument on "cursor" (a 400),
// not an exception and not an empty page.
template <typename T>
void ExpectCursorRefused(const core::Result<T>& result, const std::string& cursor) {
  ASSERT_FALSE(result.ok()) << "cursor " << ::testing::PrintToString(cursor);
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument) << result.error().message;
  EXPECT_EQ(result.error().field, "cursor");
}

}  // namespace linli::storage

// In a test fixture's SetUp(): `opened` is the core::Status of opening a test database (or a
// fixture over one). The PostgreSQL variant is skipped when LINLI_TEST_PG_URL is unset; any
// other failure fails the test.
#define LINLI_OPENED_OR_SKIP(opened, postgres)                                                 \
  do {                                                                                         \
    auto linli_status = (opened);                                                              \
    if (!linli_status.ok()) {                                                                  \
      if ((postgres) && linli_status.error().code == ::linli::core::ErrorCode::kUnavailable) { \
        GTEST_SKIP() << linli_status.error().message;                                          \
      }                                                                                        \
      FAIL() << linli_status.error().message;                                                  \
    }                                                                                          \
  } while (false)

// In a test fixture's SetUp(): opens a migrated test database into `target`. The PostgreSQL
// variant is skipped when LINLI_TEST_PG_URL is unset; any other failure fails the test.
#define LINLI_OPEN_TEST_DATABASE_OR_SKIP(target, postgres)                                     \
  do {                                                                                         \
    auto linli_opened = ::linli::storage::OpenTestDatabase(postgres);                          \
    if (!linli_opened.ok()) {                                                                  \
      if ((postgres) && linli_opened.error().code == ::linli::core::ErrorCode::kUnavailable) { \
        GTEST_SKIP() << linli_opened.error().message;                                          \
      }                                                                                        \
      FAIL() << linli_opened.error().message;                                                  \
    }                                                                                          \
    (target) = std::move(linli_opened).value();                                                \
  } while (false)
