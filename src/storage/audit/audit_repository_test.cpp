// The audit log on SQLite (a temporary file) and, when LINLI_TEST_PG_URL is set, PostgreSQL:
// appends, the append-only triggers, tampering by someone who dropped the triggers first, the
// scoped audit view, and linear appends from several threads.
#include "storage/audit/audit_repository.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/migrations.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::storage {
namespace {

using audit::AuditAction;
using audit::AuditEntry;

AuditEntry Entry(int i, std::string division = "321002001001") {
  AuditEntry entry;
  entry.at = 1'700'000'000'000 + i * 1000;
  entry.actor_id = 1 + i % 3;
  entry.actor_name = "社区工作者" + std::to_string(i % 3);
  entry.action = i % 4 == 0 ? AuditAction::kExport : AuditAction::kRead;
  entry.subject_type = "resident";
  entry.subject_id = std::to_string(i);
  entry.division_code = std::move(division);
  entry.detail = R"({"fields":["id_number"]})";
  entry.remote_address = "192.0.2.1";
  entry.request_id = "r-" + std::to_string(i);
  return entry;
}

class AuditRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(database_, GetParam() == Engine::kPostgres);
    log_ = MakeSqlAuditLog(db());
  }

  Database& db() { return database_->database(); }
  bool postgres() const { return GetParam() == Engine::kPostgres; }

  void AppendMany(int count) {
    for (int i = 1; i <= count; ++i) {
      auto status = log_->Append(Entry(i));
      ASSERT_TRUE(status.ok()) << status.error().message;
    }
  }

  core::Status Exec(const std::string& sql) {
    ASSIGN_OR_RETURN(ConnectionHandle connection, db().Acquire());
    ASSIGN_OR_RETURN(QueryResult ignored, connection->Query(sql));
    return core::Ok();
  }

  void ExecOrFail(const std::string& sql) {
    auto status = Exec(sql);
    ASSERT_TRUE(status.ok()) << sql << ": " << status.error().message;
  }

  // What a tamperer does first.
  void DropTriggers() {
    if (postgres()) {
      ExecOrFail("DROP TRIGGER audit_log_no_change ON audit_log");
    } else {
      ExecOrFail("DROP TRIGGER audit_log_no_update");
      ExecOrFail("DROP TRIGGER audit_log_no_delete");
    }
  }

  audit::VerifyReport Verify(const audit::VerifyAnchor& anchor = {}) {
    auto report = VerifyAuditChain(db(), anchor);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : audit::VerifyReport{};
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<audit::AuditLog> log_;
};

TEST_P(AuditRepositoryTest, ThousandAppendsVerify) {
  AppendMany(1000);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 1000);
  EXPECT_EQ(report.last_sequence, 1000);
  EXPECT_EQ(report.last_hash.size(), 64u);
  EXPECT_TRUE(Verify({1000, report.last_hash}).intact);

  // The stored first record links to the genesis hash and its hash is reproducible.
  auto page = ListAudit(db(), core::Scope::Everything(), {}, {200, ""});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.front().sequence, 1000);
  EXPECT_EQ(page->items.front().hash, report.last_hash);
}

TEST_P(AuditRepositoryTest, EmptyLogIsIntact) {
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.entries, 0);
  EXPECT_EQ(report.last_hash, audit::kGenesisHash);
}

TEST_P(AuditRepositoryTest, TriggersRefuseUpdateAndDelete) {
  AppendMany(3);
  EXPECT_FALSE(Exec("UPDATE audit_log SET detail = '{}' WHERE sequence = 2").ok());
  EXPECT_FALSE(Exec("DELETE FROM audit_log WHERE sequence = 3").ok());
  if (postgres()) {
    EXPECT_FALSE(Exec("TRUNCATE audit_log").ok());
  }
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 3);
}

TEST_P(AuditRepositoryTest, EditOfAnyFieldIsFoundAtItsRow) {
  AppendMany(20);
  DropTriggers();
  const std::vector<std::string> text_columns = {
      "actor_name", "action",         "subject_type", "subject_id",    "division_code",
      "detail",     "remote_address", "request_id",   "previous_hash", "hash"};
  for (const auto& column : text_columns) {
    ExecOrFail("UPDATE audit_log SET " + column + " = " + column + " || 'x' WHERE sequence = 7");
    audit::VerifyReport report = Verify();
    EXPECT_FALSE(report.intact) << column;
    EXPECT_EQ(report.first_bad_sequence, 7) << column;
    ExecOrFail("UPDATE audit_log SET " + column + " = SUBSTR(" + column + ", 1, LENGTH(" + column +
               ") - 1) WHERE sequence = 7");
    EXPECT_TRUE(Verify().intact) << column << " restored";
  }
  for (const std::string column : {"at", "actor_id"}) {
    ExecOrFail("UPDATE audit_log SET " + column + " = " + column + " + 1 WHERE sequence = 7");
    audit::VerifyReport report = Verify();
    EXPECT_FALSE(report.intact) << column;
    EXPECT_EQ(report.first_bad_sequence, 7) << column;
    ExecOrFail("UPDATE audit_log SET " + column + " = " + column + " - 1 WHERE sequence = 7");
  }
  // A different but valid action name.
  ExecOrFail("UPDATE audit_log SET action = 'delete' WHERE sequence = 9");
  EXPECT_EQ(Verify().first_bad_sequence, 9);
}

TEST_P(AuditRepositoryTest, DeletedMiddleRowIsNamed) {
  AppendMany(30);
  DropTriggers();
  ExecOrFail("DELETE FROM audit_log WHERE sequence = 15");
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 15);
  EXPECT_EQ(report.entries, 29);
}

TEST_P(AuditRepositoryTest, DeletedTailNeedsTheAnchor) {
  AppendMany(10);
  const audit::VerifyReport before = Verify();
  DropTriggers();
  ExecOrFail("DELETE FROM audit_log WHERE sequence = 10");
  EXPECT_TRUE(Verify().intact);  // documented: invisible without an external anchor
  audit::VerifyReport report = Verify({before.last_sequence, before.last_hash});
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 10);
}

TEST_P(AuditRepositoryTest, SwappedRowsAreFound) {
  AppendMany(20);
  DropTriggers();
  ExecOrFail("UPDATE audit_log SET sequence = 1000 WHERE sequence = 10");
  ExecOrFail("UPDATE audit_log SET sequence = 10 WHERE sequence = 11");
  ExecOrFail("UPDATE audit_log SET sequence = 11 WHERE sequence = 1000");
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 10);
}

TEST_P(AuditRepositoryTest, AppendInCallersTransactionRollsBackWithIt) {
  AppendMany(2);
  auto connection = db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto status = InTransaction(**connection, [&](Connection& c) -> core::Status {
    TRY(AppendAuditIn(c, Entry(3)));
    return core::Error::Validation("the change failed");
  });
  EXPECT_FALSE(status.ok());
  ASSERT_TRUE(InTransaction(**connection, [&](Connection& c) -> core::Status {
                return AppendAuditIn(c, Entry(4));
              }).ok());
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 3);
  EXPECT_EQ(report.last_sequence, 3);  // dense: the rolled-back record left no gap
}

TEST_P(AuditRepositoryTest, ConcurrentAppendsStayLinear) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!log_->Append(Entry(t * 1000 + i)).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, kThreads * kEach);
  EXPECT_EQ(report.last_sequence, kThreads * kEach);
}

TEST_P(AuditRepositoryTest, ListIsScopedFilteredAndPaged) {
  for (int i = 1; i <= 12; ++i) {
    ASSERT_TRUE(log_->Append(Entry(i, i <= 8 ? "321002001001" : "321003002001")).ok());
  }
  AuditEntry citywide = Entry(13, "");
  citywide.subject_type = "export";
  ASSERT_TRUE(log_->Append(citywide).ok());

  auto sequences = [&](const core::Scope& scope, const audit::AuditQuery& query) {
    std::vector<int64_t> out;
    core::PageRequest page{5, ""};
    for (int guard = 0; guard < 10; ++guard) {
      auto result = ListAudit(db(), scope, query, page);
      EXPECT_TRUE(result.ok()) << result.error().message;
      if (!result.ok()) break;
      for (const auto& item : result->items) out.push_back(item.sequence);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    return out;
  };
  EXPECT_EQ(sequences(core::Scope::Everything(), {}).size(), 13u);
  EXPECT_EQ(sequences(core::Scope::Of({"321003"}), {}), (std::vector<int64_t>{12, 11, 10, 9}));
  EXPECT_TRUE(sequences(core::Scope::Of({"321004"}), {}).empty());

  audit::AuditQuery by_subject;
  by_subject.subject_type = "resident";
  by_subject.subject_id = "5";
  EXPECT_EQ(sequences(core::Scope::Everything(), by_subject), (std::vector<int64_t>{5}));
  EXPECT_TRUE(sequences(core::Scope::Of({"321003"}), by_subject).empty());  // out of scope

  audit::AuditQuery by_actor;
  by_actor.actor_id = 1;  // i % 3 == 0
  EXPECT_EQ(sequences(core::Scope::Everything(), by_actor), (std::vector<int64_t>{12, 9, 6, 3}));

  audit::AuditQuery exports;
  exports.action = AuditAction::kExport;
  EXPECT_EQ(sequences(core::Scope::Of({"3210"}), exports), (std::vector<int64_t>{12, 8, 4}));

  audit::AuditQuery window;
  window.from_at = Entry(3).at;
  window.until_at = Entry(6).at;
  EXPECT_EQ(sequences(core::Scope::Everything(), window), (std::vector<int64_t>{5, 4, 3}));

  auto items = ListAudit(db(), core::Scope::Everything(), by_subject, {50, ""});
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->items.size(), 1u);
  const auto& record = items->items[0];
  EXPECT_EQ(record.entry.actor_name, Entry(5).actor_name);
  EXPECT_EQ(record.entry.detail, Entry(5).detail);
  EXPECT_EQ(record.entry.at, Entry(5).at);
}

TEST_P(AuditRepositoryTest, ServiceListsAndVerifiesThroughTheRepository) {
  AppendMany(3);
  auto repository = MakeSqlAuditRepository(db());
  audit::AuditService service(*repository);
  auto page = service.List(core::Scope::Everything(), {}, {2, ""});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(page->next_cursor.has_value());
  auto report = service.Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact);
  EXPECT_EQ(report->entries, 3);
}

TEST_P(AuditRepositoryTest, MalformedCursorIsInvalidArgument) {
  AppendMany(3);
  for (const char* after : {"abc", "12abc", "-1", "1e3"}) {
    ExpectCursorRefused(
        ListAudit(db(), core::Scope::Everything(), audit::AuditQuery{}, {10, after}), after);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditRepositoryTest, BothEngines(), EngineName);

TEST(AuditAppendOnlyTokenTest, SubstitutesPerDialect) {
  auto sqlite = SubstituteDialectTokens("{{audit_append_only}}", Dialect::kSqlite);
  ASSERT_TRUE(sqlite.ok());
  EXPECT_NE(sqlite->find("RAISE(ABORT"), std::string::npos);
  auto postgres = SubstituteDialectTokens("{{audit_append_only}}", Dialect::kPostgres);
  ASSERT_TRUE(postgres.ok());
  EXPECT_NE(postgres->find("plpgsql"), std::string::npos);
  EXPECT_NE(postgres->find("TRUNCATE"), std::string::npos);
}

}  // namespace
}  // namespace linli::storage
