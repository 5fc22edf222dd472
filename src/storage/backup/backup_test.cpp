// Backups, restores and the integrity check on SQLite (the PostgreSQL check when
// LINLI_TEST_PG_URL is set): a round trip keeps every row, a torn copy and a changed audit
// record are caught, a key ring that cannot read the data is refused by name, and the
// retention rule keeps what it promises.
#include "storage/backup/backup.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

#include "core/crypto/sm3_stream.hpp"
#include "storage/backup/check.hpp"
#include "storage/migrations.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::storage {
namespace {

namespace fs = std::filesystem;
using people::testing::kGridA1;
using people::testing::kGridB1;
using people::testing::MakeIdNumber;

int KnownSchemaVersion() {
  int known = 0;
  for (const auto& migration : EmbeddedMigrations()) known = std::max(known, migration.version);
  return known;
}

// A folder of its own, removed afterwards.
class Scratch {
 public:
  Scratch() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() / ("linli_backup_test_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(counter.fetch_add(1)));
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

bool Mentions(const std::vector<Problem>& problems, const std::string& text) {
  for (const auto& problem : problems) {
    if (problem.Line().find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Lines(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& problem : problems) out += problem.Line() + "\n";
  return out;
}

crypto::KeyRing Ring(const std::vector<crypto::MasterKey>& keys, const std::string& current,
                     const std::string& index) {
  return std::move(crypto::KeyRing::Create(keys, current, index)).value();
}

// Issue 16 item 3: `linli check` finds stored text the boundary would now refuse (written
// before the boundary checked text, or by hand), by table, column, count and first row, and
// never quotes it. `invalid_utf8` only where the engine stores it (SQLite; PostgreSQL refuses).
void ExpectStoredTextProblemsFound(people::testing::PeopleFixture& fixture, bool invalid_utf8) {
  CheckOptions options;
  options.keys = fixture.keys_.get();
  options.known_schema_version = KnownSchemaVersion();
  auto clean = CheckDatabase(fixture.db(), options);
  ASSERT_TRUE(clean.ok()) << clean.error().message;
  EXPECT_FALSE(Mentions(clean->problems, "boundary now refuses")) << Lines(clean->problems);
  bool noted = false;
  for (const auto& note : clean->notes) noted = noted || note.find("stored text: ") == 0;
  EXPECT_TRUE(noted);
  {
    auto connection = fixture.db().Acquire();
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE((*connection)
                    ->Query("UPDATE residents SET name = ? WHERE id = (SELECT MIN(id) FROM "
                            "residents)",
                            {std::string("王\x01秀英")})
                    .ok());
    if (invalid_utf8) {
      ASSERT_TRUE((*connection)
                      ->Query("UPDATE residents SET name = ? WHERE id = (SELECT MAX(id) FROM "
                              "residents)",
                              {std::string("张\xff华")})
                      .ok());
    }
  }
  auto report = CheckDatabase(fixture.db(), options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  const std::string expected = std::string("residents.name holds ") + (invalid_utf8 ? "2" : "1") +
                               " values the input boundary now refuses";
  EXPECT_TRUE(Mentions(report->problems, expected)) << Lines(report->problems);
  EXPECT_EQ(report->problems.size(), 1u) << Lines(report->problems);
  EXPECT_FALSE(Mentions(report->problems, "秀英")) << Lines(report->problems);
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = f_.Open(false);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    ASSERT_TRUE(f_.MakeResident("王秀英", MakeIdNumber("19560302", 12), kGridA1).ok());
    ASSERT_TRUE(f_.MakeResident("李明", MakeIdNumber("19800101", 11), kGridA1).ok());
    ASSERT_TRUE(f_.MakeResident("张华", MakeIdNumber("19900505", 13), kGridB1).ok());
  }

  BackupManifest Backup(const fs::path& out) {
    BackupOptions options;
    options.keys = f_.keys_.get();
    options.linli_version = "test";
    options.now_ms = 1'767'225'600'000;
    auto manifest = CreateBackup(f_.db(), out, options);
    EXPECT_TRUE(manifest.ok()) << manifest.error().message;
    return manifest.ok() ? *manifest : BackupManifest{};
  }

  core::Result<BackupManifest> Restore(const fs::path& in, const fs::path& target,
                                       const crypto::KeyRing* keys) {
    RestoreOptions options;
    options.database_url = "sqlite:" + target.string();
    options.keys = keys;
    options.known_schema_version = KnownSchemaVersion();
    return RestoreBackup(in, options);
  }

  CheckOptions Checking(const crypto::KeyRing* keys) {
    CheckOptions options;
    options.keys = keys;
    options.known_schema_version = KnownSchemaVersion();
    return options;
  }

  int64_t RowsOf(const BackupManifest& manifest, const std::string& table) {
    for (const auto& entry : manifest.tables) {
      if (entry.table == table) return entry.rows;
    }
    return -1;
  }

  people::testing::PeopleFixture f_;
  Scratch scratch_;
};

TEST_F(BackupTest, RoundTripKeepsEveryRowAndTheManifestDescribesTheFile) {
  const fs::path file = scratch_ / "linli.db";
  BackupManifest manifest = Backup(file);
  EXPECT_EQ(manifest.engine, "sqlite");
  EXPECT_EQ(manifest.file, "linli.db");
  EXPECT_EQ(manifest.schema_version, KnownSchemaVersion());
  EXPECT_EQ(manifest.key_ids, std::vector<std::string>{"test1"});
  EXPECT_EQ(manifest.index_key_id, "test1");
  ASSERT_EQ(manifest.key_samples.size(), 1u);
  EXPECT_EQ(manifest.key_samples[0].field, "id_number");
  EXPECT_FALSE(manifest.key_samples[0].blind_index.empty());
  EXPECT_EQ(RowsOf(manifest, "residents"), 3);
  EXPECT_GT(RowsOf(manifest, "audit_log"), 0);
  EXPECT_EQ(manifest.sm3, *crypto::Sm3HexOfFile(file));
  EXPECT_EQ(manifest.file_bytes, static_cast<int64_t>(fs::file_size(file)));
  EXPECT_FALSE(fs::exists(file.string() + ".part"));
  EXPECT_FALSE(fs::exists(file.string() + "-wal"));
  // The manifest on disk says the same.
  auto read = ReadManifest(file);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->sm3, manifest.sm3);
  EXPECT_EQ(read->tables.size(), manifest.tables.size());
  EXPECT_EQ(RowsOf(*read, "residents"), 3);

  auto checked = CheckBackup(file, Checking(f_.keys_.get()));
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_TRUE(checked->problems.empty()) << Lines(checked->problems);

  const fs::path target = scratch_ / "restored" / "linli.db";
  auto restored = Restore(file, target, f_.keys_.get());
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  auto database = OpenDatabase("sqlite:" + target.string());
  ASSERT_TRUE(database.ok());
  auto report = CheckDatabase(**database, Checking(f_.keys_.get()));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->problems.empty()) << Lines(report->problems);
  EXPECT_EQ(report->key_ids, manifest.key_ids);
  EXPECT_EQ(report->tables.size(), manifest.tables.size());
  for (size_t i = 0; i < report->tables.size() && i < manifest.tables.size(); ++i) {
    EXPECT_EQ(report->tables[i].table, manifest.tables[i].table);
    EXPECT_EQ(report->tables[i].rows, manifest.tables[i].rows) << manifest.tables[i].table;
  }
  EXPECT_GT(report->audit_records, 0);
  (*database)->Close();
}

TEST_F(BackupTest, NeverOverwritesAFileOrRestoresOverData) {
  const fs::path file = scratch_ / "linli.db";
  Backup(file);
  BackupOptions options;
  auto again = CreateBackup(f_.db(), file, options);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kAlreadyExists);

  const fs::path target = scratch_ / "target.db";
  ASSERT_TRUE(Restore(file, target, f_.keys_.get()).ok());
  auto twice = Restore(file, target, f_.keys_.get());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(twice.error().message.find("not empty"), std::string::npos) << twice.error().message;
}

TEST_F(BackupTest, RestoreRefusesAKeyRingThatCannotReadTheDataAndSaysWhy) {
  const fs::path file = scratch_ / "linli.db";
  Backup(file);
  const fs::path target = scratch_ / "target.db";

  const auto other = Ring({{"k9", std::string(32, '\x22')}}, "k9", "k9");
  auto missing = Restore(file, target, &other);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(missing.error().message.find("lacks key id test1"), std::string::npos)
      << missing.error().message;
  EXPECT_NE(missing.error().message.find("缺少数据所需的密钥 test1"), std::string::npos);
  EXPECT_FALSE(fs::exists(target));  // nothing written

  const auto impostor = Ring({{"test1", std::string(32, '\x22')}}, "test1", "test1");
  auto wrong = Restore(file, target, &impostor);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("key test1 does not decrypt"), std::string::npos)
      << wrong.error().message;

  // The right key, but another blind-index key: searches by ID number would find nobody.
  const auto other_index =
      Ring({{"test1", std::string(32, '\x11')}, {"idx", std::string(32, '\x33')}}, "test1", "idx");
  auto index = Restore(file, target, &other_index);
  ASSERT_FALSE(index.ok());
  EXPECT_NE(index.error().message.find("blind-index key idx"), std::string::npos)
      << index.error().message;

  auto none = Restore(file, target, nullptr);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("needs key ids test1"), std::string::npos);
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(BackupTest, CheckCatchesATornCopy) {
  const fs::path file = scratch_ / "linli.db";
  BackupManifest manifest = Backup(file);
  const fs::path torn = scratch_ / "torn.db";
  fs::copy_file(file, torn);
  fs::copy_file(ManifestPathFor(file), ManifestPathFor(torn));
  // Overwrite the root page of the residents table with deterministic garbage, as a copy taken
  // while the page was being rewritten would hold. (A page of the schema itself would make the
  // file unopenable, a different failure that the tests below do not aim at.)
  int64_t root = 0;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(torn.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_master WHERE name = 'residents'",
                                 -1, &statement, nullptr),
              SQLITE_OK);
    if (sqlite3_step(statement) == SQLITE_ROW) root = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
  }
  const int64_t page = 4096;
  ASSERT_GT(root, 1);
  ASSERT_GE(static_cast<int64_t>(fs::file_size(torn)), root * page);
  {
    std::fstream out(torn, std::ios::in | std::ios::out | std::ios::binary);
    out.seekp((root - 1) * page);
    uint32_t state = 20260101;
    for (int64_t i = 0; i < page; ++i) {
      state = state * 1664525u + 1013904223u;
      out.put(static_cast<char>(state >> 24));
    }
  }
  auto checked = CheckBackup(torn, Checking(f_.keys_.get()));
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_TRUE(Mentions(checked->problems, "SM3 differs")) << Lines(checked->problems);
  EXPECT_TRUE(Mentions(checked->problems, "in the backup:")) << Lines(checked->problems);

  // Without a manifest, the database's own check finds the damage.
  auto database = OpenDatabase("sqlite:" + torn.string());
  ASSERT_TRUE(database.ok()) << database.error().message;
  auto report = CheckDatabase(**database, Checking(f_.keys_.get()));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->problems.empty());
  (*database)->Close();

  // Nor does a restore take it.
  auto restored = Restore(torn, scratch_ / "target.db", f_.keys_.get());
  ASSERT_FALSE(restored.ok());
  EXPECT_NE(restored.error().message.find("SM3"), std::string::npos);
}

TEST_F(BackupTest, CheckFindsAChangedAuditRecordAndMissingKeys) {
  auto clean = CheckDatabase(f_.db(), Checking(f_.keys_.get()));
  ASSERT_TRUE(clean.ok()) << clean.error().message;
  EXPECT_TRUE(clean->problems.empty()) << Lines(clean->problems);

  auto without_keys = CheckDatabase(f_.db(), Checking(nullptr));
  ASSERT_TRUE(without_keys.ok());
  EXPECT_TRUE(Mentions(without_keys->problems, "needs key ids test1"))
      << Lines(without_keys->problems);

  {
    auto connection = f_.db().Acquire();
    ASSERT_TRUE(connection.ok());
    // Someone with file access bypasses the append-only trigger.
    ASSERT_TRUE((*connection)->ExecScript("DROP TRIGGER audit_log_no_update").ok());
    ASSERT_TRUE((*connection)
                    ->ExecScript("UPDATE audit_log SET detail = '{}' WHERE sequence = "
                                 "(SELECT MIN(sequence) FROM audit_log)")
                    .ok());
  }
  auto tampered = CheckDatabase(f_.db(), Checking(f_.keys_.get()));
  ASSERT_TRUE(tampered.ok());
  EXPECT_TRUE(Mentions(tampered->problems, "audit chain is broken at record 1"))
      << Lines(tampered->problems);
}

// Decision 0015: keyed audit records name their key, which the ring needs as much as the
// ciphertexts' keys; values of the old format bound to no row are counted until rotated.
TEST_F(BackupTest, CheckCountsAuditKeysAndUnboundValues) {
  const auto rotated = Ring(
      {{"test1", std::string(32, '\x11')}, {"test2", std::string(32, '\x22')}}, "test2", "test1");
  audit::AuditEntry entry;
  entry.at = 1'767'225'600'000;
  entry.actor_name = "system";
  entry.subject_type = "resident";
  entry.subject_id = "1";
  ASSERT_TRUE(MakeSqlAuditLog(f_.db(), &rotated)->Append(entry).ok());

  auto both = CheckDatabase(f_.db(), Checking(&rotated));
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_TRUE(both->problems.empty()) << Lines(both->problems);
  EXPECT_EQ(both->key_ids, (std::vector<std::string>{"test1", "test2"}));

  // The ring of before the rotation cannot vouch for the newest audit record.
  auto old_ring = CheckDatabase(f_.db(), Checking(f_.keys_.get()));
  ASSERT_TRUE(old_ring.ok());
  EXPECT_TRUE(Mentions(old_ring->problems, "lacks key id test2")) << Lines(old_ring->problems);
  EXPECT_TRUE(Mentions(old_ring->problems, "audit chain could not be verified"))
      << Lines(old_ring->problems);
  // And a backup's manifest lists the key, so a restore with that ring is refused.
  const fs::path file = scratch_ / "rotated.db";
  BackupOptions options;
  options.keys = &rotated;
  options.linli_version = "test";
  options.now_ms = 1'767'225'600'000;
  auto manifest = CreateBackup(f_.db(), file, options);
  ASSERT_TRUE(manifest.ok()) << manifest.error().message;
  EXPECT_EQ(manifest->key_ids, (std::vector<std::string>{"test1", "test2"}));
  auto refused = Restore(file, scratch_ / "refused.db", f_.keys_.get());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("test2"), std::string::npos) << refused.error().message;

  // A value written by a release before version 2 is noted, and gone after `keys rotate`.
  auto noted = [&](const CheckReport& report) {
    for (const auto& note : report.notes) {
      if (note.find("bound to no row") != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_FALSE(noted(*both));
  {
    auto connection = f_.db().Acquire();
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE(
        (*connection)
            ->Query(
                "UPDATE residents SET id_number_cipher = ? WHERE id = "
                "(SELECT MIN(id) FROM residents)",
                {crypto::EncryptUnboundForTesting(rotated, MakeIdNumber("19560302", 12)).value()})
            .ok());
  }
  auto unbound = CheckDatabase(f_.db(), Checking(&rotated));
  ASSERT_TRUE(unbound.ok());
  EXPECT_TRUE(unbound->problems.empty()) << Lines(unbound->problems);
  EXPECT_TRUE(noted(*unbound));
  ASSERT_TRUE(ReencryptPersonalData(f_.db(), rotated, f_.clock_).ok());
  auto rebound = CheckDatabase(f_.db(), Checking(&rotated));
  ASSERT_TRUE(rebound.ok());
  EXPECT_TRUE(rebound->problems.empty()) << Lines(rebound->problems);
  EXPECT_FALSE(noted(*rebound));
}

TEST(BackupManifestTest, JsonRoundTripAndRefusals) {
  BackupManifest manifest;
  manifest.engine = "postgresql";
  manifest.file = "linli-20260101T000000Z.dump";
  manifest.file_bytes = 1234;
  manifest.sm3 = std::string(64, 'a');
  manifest.schema_version = 11;
  manifest.created_at_ms = 1'767'225'600'000;
  manifest.linli_version = "0.1.0";
  manifest.key_ids = {"k1", "k2"};
  manifest.index_key_id = "k1";
  manifest.key_samples = {{"k1", "id_number", "AQJrMQ==", "abcd", "residents", 42},
                          {"k2", "phone", "AQJrMg==", ""}};
  manifest.tables = {{"audit_log", 5}, {"residents", 3}};
  auto parsed = ManifestFromJson(ManifestToJson(manifest));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->engine, manifest.engine);
  EXPECT_EQ(parsed->file, manifest.file);
  EXPECT_EQ(parsed->file_bytes, 1234);
  EXPECT_EQ(parsed->sm3, manifest.sm3);
  EXPECT_EQ(parsed->schema_version, 11);
  EXPECT_EQ(parsed->created_at_ms, manifest.created_at_ms);
  EXPECT_EQ(parsed->key_ids, manifest.key_ids);
  EXPECT_EQ(parsed->index_key_id, "k1");
  ASSERT_EQ(parsed->key_samples.size(), 2u);
  EXPECT_EQ(parsed->key_samples[1].field, "phone");
  EXPECT_EQ(parsed->key_samples[0].table, "residents");  // the place of a bound sample
  EXPECT_EQ(parsed->key_samples[0].row_id, 42);
  ASSERT_EQ(parsed->tables.size(), 2u);
  EXPECT_EQ(parsed->tables[1].table, "residents");
  EXPECT_EQ(parsed->tables[1].rows, 3);

  EXPECT_FALSE(ManifestFromJson("[]").ok());
  EXPECT_FALSE(ManifestFromJson("{\"format\": 1}").ok());
  std::string future = ManifestToJson(manifest);
  future.replace(future.find("\"format\":1"), 10, "\"format\":9");
  EXPECT_FALSE(ManifestFromJson(future).ok());
}

TEST(BackupRetentionTest, KeepsTheNewestAndTheRecentOnly) {
  const int64_t day = 24LL * 3600 * 1000;
  const int64_t now = 100 * day;
  std::vector<StoredBackup> backups;
  for (int age = 0; age < 10; ++age) {
    backups.push_back({"linli-" + std::to_string(age) + ".db", now - age * day});
  }
  const auto names = [](const std::vector<StoredBackup>& removed) {
    std::vector<std::string> out;
    for (const auto& backup : removed) out.push_back(backup.file.string());
    return out;
  };
  struct Case {
    RetentionRule rule;
    std::vector<std::string> removed;
  };
  const std::vector<Case> cases = {
      {{3, 0},
       {"linli-3.db", "linli-4.db", "linli-5.db", "linli-6.db", "linli-7.db", "linli-8.db",
        "linli-9.db"}},
      {{2, 5}, {"linli-6.db", "linli-7.db", "linli-8.db", "linli-9.db"}},  // 5 days: ages 0..5
      {{8, 1}, {"linli-8.db", "linli-9.db"}},
      {{0, 0},
       {"linli-1.db", "linli-2.db", "linli-3.db", "linli-4.db", "linli-5.db", "linli-6.db",
        "linli-7.db", "linli-8.db", "linli-9.db"}},  // the newest is always kept
      {{20, 0}, {}},
  };
  for (const auto& test_case : cases) {
    EXPECT_EQ(names(BackupsToRemove(backups, test_case.rule, now)), test_case.removed)
        << "keep_last " << test_case.rule.keep_last << " keep_days " << test_case.rule.keep_days;
  }
  // Order of the input does not matter.
  std::reverse(backups.begin(), backups.end());
  EXPECT_EQ(names(BackupsToRemove(backups, {3, 0}, now)), cases[0].removed);
}

TEST(BackupRetentionTest, ListsOnlyBackupsWithAManifest) {
  Scratch scratch;
  BackupManifest manifest;
  manifest.engine = "sqlite";
  manifest.created_at_ms = 42;
  for (const char* name : {"linli-a.db", "linli-b.dump", "other.db", "linli-c.txt"}) {
    std::ofstream(scratch / name) << "x";
    std::ofstream(ManifestPathFor(scratch / name)) << ManifestToJson(manifest);
  }
  std::ofstream(scratch / "linli-d.db") << "no manifest";
  auto listed = ListBackups(scratch.path());
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> names;
  for (const auto& backup : *listed) {
    names.push_back(backup.file.filename().string());
    EXPECT_EQ(backup.created_at_ms, 42);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"linli-a.db", "linli-b.dump"}));
}

TEST_F(BackupTest, CheckFindsStoredTextTheBoundaryRefuses) {
  ExpectStoredTextProblemsFound(f_, true);
}

// The checks on PostgreSQL (LINLI_TEST_PG_URL; amcheck when installed, else a read of every
// row), on a registry of one resident.
class BackupPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LINLI_OPEN_PEOPLE_FIXTURE_OR_SKIP(fixture_, true);
    ASSERT_TRUE(fixture_.MakeResident("王秀英", MakeIdNumber("19560302", 12), kGridA1).ok());
  }
  people::testing::PeopleFixture fixture_;
};

TEST_F(BackupPostgresTest, CheckFindsStoredTextTheBoundaryRefuses) {
  ExpectStoredTextProblemsFound(fixture_, false);
}

TEST_F(BackupPostgresTest, CheckDatabaseFindsNothingWrongInAFreshRegistry) {
  CheckOptions options;
  options.keys = fixture_.keys_.get();
  options.known_schema_version = KnownSchemaVersion();
  auto report = CheckDatabase(fixture_.db(), options);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->problems.empty()) << Lines(report->problems);
  EXPECT_EQ(report->key_ids, std::vector<std::string>{"test1"});
  EXPECT_GT(report->audit_records, 0);
  bool residents_counted = false;
  for (const auto& table : report->tables) {
    if (table.table == "residents") residents_counted = table.rows == 1;
  }
  EXPECT_TRUE(residents_counted);
}

}  // namespace
}  // namespace linli::storage
