// The audit log on SQLite (a temporary file) and, when LINLI_TEST_PG_URL is set, PostgreSQL:
// appends, the append-only triggers, tampering by someone who dropped the triggers first, the
// keyed chain from its cut-over on (a rewrite by someone who can write the database, key
// rotation, a removed cut-over), the scoped audit view, and linear appends from several threads.
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

crypto::KeyRing Ring(const std::vector<std::string>& ids, const std::string& current) {
  std::vector<crypto::MasterKey> keys;
  for (const auto& id : ids) keys.push_back({id, std::string(32, id.back())});
  return crypto::KeyRing::Create(keys, current, ids.front()).value();
}

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
    log_ = MakeSqlAuditLog(db(), &keys_);
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
      ExecOrFail("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log");
    } else {
      ExecOrFail("DROP TRIGGER IF EXISTS audit_log_no_update");
      ExecOrFail("DROP TRIGGER IF EXISTS audit_log_no_delete");
    }
  }

  audit::VerifyReport Verify(const audit::VerifyAnchor& anchor = {}) {
    auto report = VerifyAuditChain(db(), &keys_, anchor);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : audit::VerifyReport{};
  }

  // The last record's sequence and hash (0 and genesis for an empty log).
  std::pair<int64_t, std::string> Last() {
    auto connection = db().Acquire();
    auto last = (*connection)
                    ->Query(
                        "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC "
                        "LIMIT 1");
    if (!last.ok() || last->rows.empty()) return {0, std::string(audit::kGenesisHash)};
    return {last->rows[0].Int(0), last->rows[0].Text(1)};
  }

  // Records `from`..`to` written as a release before migration 0015 wrote them (plain SM3,
  // no key id), and the cut-over moved past them as that migration would have recorded it.
  void AppendPlain(int from, int to) {
    for (int i = from; i <= to; ++i) {
      auto [sequence, previous] = Last();
      ++sequence;
      const AuditEntry entry = Entry(i);
      const std::string hash = *audit::ComputeAuditHash(previous, sequence, entry);
      auto connection = db().Acquire();
      auto inserted =
          (*connection)
              ->Query(
                  "INSERT INTO audit_log (sequence, at, actor_id, actor_name, action, "
                  "subject_type, "
                  "subject_id, division_code, detail, remote_address, request_id, previous_hash, "
                  "hash) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {sequence, entry.at, entry.actor_id, entry.actor_name,
                   std::string(audit::AuditActionName(entry.action)), entry.subject_type,
                   entry.subject_id, entry.division_code, entry.detail, entry.remote_address,
                   entry.request_id, previous, hash});
      ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    }
    ExecOrFail("UPDATE audit_chain SET keyed_from = " + std::to_string(Last().first + 1));
  }

  // What an attacker who can write the database (but has no key file) does to record
  // `sequence`: changes its detail and recomputes it and every later record as a plain SM3
  // chain, consistently, with or without clearing the key ids.
  void RewriteFrom(int64_t sequence, bool clear_key_ids) {
    DropTriggers();
    if (clear_key_ids) {
      ExecOrFail("UPDATE audit_log SET chain_key_id = '' WHERE sequence >= " +
                 std::to_string(sequence));
    }
    ExecOrFail("UPDATE audit_log SET detail = '{\"fields\":[]}' WHERE sequence = " +
               std::to_string(sequence));
    auto connection = db().Acquire();
    auto rows =
        (*connection)
            ->Query(
                "SELECT sequence, at, actor_id, actor_name, action, subject_type, subject_id, "
                "division_code, detail, remote_address, request_id, previous_hash FROM audit_log "
                "WHERE "
                "sequence >= ? ORDER BY sequence",
                {sequence});
    ASSERT_TRUE(rows.ok());
    std::string previous = rows->rows.front().Text(11);
    for (const auto& row : rows->rows) {
      AuditEntry entry;
      entry.at = row.Int(1);
      entry.actor_id = row.Int(2);
      entry.actor_name = row.Text(3);
      entry.action = *audit::ParseAuditAction(row.Text(4));
      entry.subject_type = row.Text(5);
      entry.subject_id = row.Text(6);
      entry.division_code = row.Text(7);
      entry.detail = row.Text(8);
      entry.remote_address = row.Text(9);
      entry.request_id = row.Text(10);
      const std::string hash = *audit::ComputeAuditHash(previous, row.Int(0), entry);
      ASSERT_TRUE((*connection)
                      ->Query("UPDATE audit_log SET previous_hash = ?, hash = ? WHERE sequence = ?",
                              {previous, hash, row.Int(0)})
                      .ok());
      previous = hash;
    }
  }

  crypto::KeyRing keys_ = Ring({"a1"}, "a1");
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
    TRY(AppendAuditIn(c, keys_, Entry(3)));
    return core::Error::Validation("the change failed");
  });
  EXPECT_FALSE(status.ok());
  ASSERT_TRUE(InTransaction(**connection, [&](Connection& c) -> core::Status {
                return AppendAuditIn(c, keys_, Entry(4));
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
  auto repository = MakeSqlAuditRepository(db(), &keys_);
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

TEST_P(AuditRepositoryTest, NewRecordsAreKeyedUnderTheCurrentKey) {
  AppendMany(3);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.keyed_from, 1);  // migration 0015 ran on an empty log
  EXPECT_EQ(report.chain_key_ids, std::vector<std::string>{"a1"});
  auto page = ListAudit(db(), core::Scope::Everything(), {}, {10, ""});
  ASSERT_TRUE(page.ok());
  for (const auto& record : page->items) {
    EXPECT_EQ(record.chain_key_id, "a1");
    EXPECT_EQ(record.hash, *audit::ComputeKeyedAuditHash(keys_, "a1", record.previous_hash,
                                                         record.sequence, record.entry));
    EXPECT_NE(record.hash,
              *audit::ComputeAuditHash(record.previous_hash, record.sequence, record.entry));
  }
  // Without a key ring nothing can be appended, and keyed records cannot be verified.
  auto keyless = MakeSqlAuditLog(db(), nullptr);
  auto refused = keyless->Append(Entry(4));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Last().first, 3);
  auto unverifiable = VerifyAuditChain(db(), nullptr);
  ASSERT_FALSE(unverifiable.ok());
  EXPECT_EQ(unverifiable.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(AuditRepositoryTest, PlainBeforeTheCutOverKeyedAfterAnchorsStayValid) {
  AppendPlain(1, 5);
  const auto old_anchor = Last();  // kept by an operator before the upgrade
  AppendMany(5);                   // 6..10, keyed
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 10);
  EXPECT_EQ(report.keyed_from, 6);
  EXPECT_TRUE(Verify({old_anchor.first, old_anchor.second}).intact);
  EXPECT_TRUE(Verify({report.last_sequence, report.last_hash}).intact);
}

TEST_P(AuditRepositoryTest, ConsistentPlainRewriteAfterTheCutOverFails) {
  AppendPlain(1, 5);
  AppendMany(5);  // 6..10, keyed
  const audit::VerifyReport before = Verify();
  // The rewritten record keeps its key id: its plain hash is not the keyed one.
  RewriteFrom(8, /*clear_key_ids=*/false);
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 8);  // 1..7, untouched, pass
  // Passed off as plain records: past the cut-over every record needs its key.
  RewriteFrom(8, /*clear_key_ids=*/true);
  report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 8);
  EXPECT_NE(report.problem.find("cut-over"), std::string::npos) << report.problem;
  // Rewriting every keyed record as plain and moving the cut-over past them (the whole log now
  // a consistent plain chain) is what only an anchor kept outside the database reveals: its
  // keyed hash cannot be recomputed.
  RewriteFrom(6, /*clear_key_ids=*/true);
  ExecOrFail("UPDATE audit_chain SET keyed_from = 11");
  EXPECT_TRUE(Verify().intact);
  report = Verify({before.last_sequence, before.last_hash});
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 10);
}

TEST_P(AuditRepositoryTest, ConsistentRewriteBeforeTheCutOverBreaksTheKeyedLink) {
  AppendPlain(1, 5);
  AppendMany(3);                            // 6..8, keyed
  RewriteFrom(3, /*clear_key_ids=*/false);  // 3..8 recomputed as plain
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 6);  // the first keyed record no longer matches
}

TEST_P(AuditRepositoryTest, MovedOrMissingCutOverIsFound) {
  AppendPlain(1, 3);
  AppendMany(3);                                        // 4..6, keyed
  ExecOrFail("UPDATE audit_chain SET keyed_from = 5");  // a keyed record before the cut-over
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 4);
  ExecOrFail("UPDATE audit_chain SET keyed_from = 3");  // a plain record after it
  report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 3);
  ExecOrFail("DELETE FROM audit_chain");
  report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 1);
  ExecOrFail("INSERT INTO audit_chain (keyed_from) VALUES (4)");
  EXPECT_TRUE(Verify().intact);
}

TEST_P(AuditRepositoryTest, RotationKeepsOldRecordsVerifiable) {
  AppendMany(3);  // under a1
  keys_ = Ring({"a1", "a2"}, "a2");
  log_ = MakeSqlAuditLog(db(), &keys_);
  for (int i = 4; i <= 6; ++i) ASSERT_TRUE(log_->Append(Entry(i)).ok());
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.chain_key_ids, (std::vector<std::string>{"a1", "a2"}));
  // A ring that dropped a1 cannot vouch for records 1..3: an error, not a pass.
  const crypto::KeyRing without_a1 = Ring({"a2"}, "a2");
  auto verified = VerifyAuditChain(db(), &without_a1);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(verified.error().message.find("a1"), std::string::npos);
  // Other material under the same id: the chain breaks at the first record.
  const crypto::KeyRing impostor = *crypto::KeyRing::Create(
      {{"a1", std::string(32, 'x')}, {"a2", std::string(32, '2')}}, "a2", "a1");
  auto forged = VerifyAuditChain(db(), &impostor);
  ASSERT_TRUE(forged.ok());
  EXPECT_FALSE(forged->intact);
  EXPECT_EQ(forged->first_bad_sequence, 1);
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
