// SQLite file databases checkpoint their WAL on a background thread (WalCheckpointer in
// sqlite/sqlite_database.cpp): commits past 1,000 WAL pages reach the database file while every
// connection stays open, and nothing is lost across a reopen.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "storage/db.hpp"

namespace linli::storage {
namespace {

TEST(SqliteWalTest, CommitsPastAThousandPagesReachTheDatabaseFileInTheBackground) {
  const auto folder =
      std::filesystem::temp_directory_path() / ("linli-wal-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  const auto file = folder / "wal.db";
  {
    auto database = OpenDatabase("sqlite:" + file.string());
    ASSERT_TRUE(database.ok()) << database.error().message;
    auto connection = (*database)->Acquire();
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE(
        (*connection)->Query("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)").ok());
    const auto empty_size = std::filesystem::file_size(file);
    // 1,500 commits of one 4 KiB row: about 3,000 WAL pages, over the 1,000 that start a
    // checkpoint. SQLite's own automatic checkpoint is replaced, so only the thread copies them.
    const std::string text(4000, 'x');
    for (int i = 0; i < 1500; ++i) {
      ASSERT_TRUE((*connection)->Query("INSERT INTO filler (text) VALUES (?)", {text}).ok());
    }
    auto grown = [&] { return std::filesystem::file_size(file) > empty_size + (4u << 20); };
    for (int wait = 0; wait < 100 && !grown(); ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(grown()) << "database file still " << std::filesystem::file_size(file)
                         << " bytes: the WAL was not checkpointed";
  }
  {
    auto reopened = OpenDatabase("sqlite:" + file.string());
    ASSERT_TRUE(reopened.ok());
    auto connection = (*reopened)->Acquire();
    ASSERT_TRUE(connection.ok());
    auto count = (*connection)->Query("SELECT COUNT(*) FROM filler");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->rows.at(0).Int(0), 1500);
  }
  std::filesystem::remove_all(folder);
}

// A file that is not a database (or one whose schema pages are torn) is reported as damaged, with
// SQLite's reason as the detail, so `linli check` can say so instead of "database error".
TEST(SqliteWalTest, AFileThatIsNotADatabaseIsReportedAsDamaged) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("linli-not-a-db-" + std::to_string(::getpid()) + ".db");
  {
    std::ofstream out(file, std::ios::binary);
    out << std::string(8192, 'z');
  }
  auto failed = [&]() -> core::Result<size_t> {
    auto database = OpenDatabase("sqlite:" + file.string());
    if (!database.ok()) return database.error();
    auto connection = (*database)->Acquire();
    if (!connection.ok()) return connection.error();
    auto rows = (*connection)->Query("SELECT COUNT(*) FROM sqlite_schema");
    if (!rows.ok()) return rows.error();
    return rows->rows.size();
  }();
  std::filesystem::remove(file);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "数据库文件已损坏");
  EXPECT_NE(failed.error().detail.find("not a database"), std::string::npos)
      << failed.error().detail;
}

}  // namespace
}  // namespace linli::storage
