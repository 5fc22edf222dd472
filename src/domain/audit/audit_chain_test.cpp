// The hash chain without a database: canonical form, hashing, and the verifier's verdicts on
// edited, deleted, reordered and truncated chains, plain and keyed from a cut-over.
#include "domain/audit/audit_chain.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/audit/audit_service.hpp"

namespace linli::audit {
namespace {

AuditEntry Entry(int i) {
  AuditEntry entry;
  entry.at = 1'700'000'000'000 + i;
  entry.actor_id = 7;
  entry.actor_name = "网格员" + std::to_string(i % 3);
  entry.action = i % 2 == 0 ? AuditAction::kRead : AuditAction::kUpdate;
  entry.subject_type = "resident";
  entry.subject_id = std::to_string(100 + i);
  entry.division_code = "321002001001";
  entry.detail = R"({"fields":["phone"]})";
  entry.remote_address = "10.0.0.1";
  entry.request_id = "r-" + std::to_string(i);
  return entry;
}

std::vector<StoredAuditEntry> Chain(int count) {
  std::vector<StoredAuditEntry> chain;
  std::string previous(kGenesisHash);
  for (int i = 1; i <= count; ++i) {
    StoredAuditEntry record{i, Entry(i), previous, "", ""};
    auto hash = ComputeAuditHash(previous, i, record.entry);
    EXPECT_TRUE(hash.ok());
    record.hash = *hash;
    previous = record.hash;
    chain.push_back(record);
  }
  return chain;
}

VerifyReport Verify(const std::vector<StoredAuditEntry>& chain, VerifyAnchor anchor = {}) {
  ChainVerifier verifier(std::move(anchor));
  for (const auto& record : chain) EXPECT_TRUE(verifier.Feed(record).ok());
  return verifier.Finish();
}

// Records 1..count, plain before `keyed_from` and keyed under `key_id` from it on.
std::vector<StoredAuditEntry> KeyedChain(int count, int64_t keyed_from, const crypto::KeyRing& keys,
                                         const std::string& key_id) {
  std::vector<StoredAuditEntry> chain;
  std::string previous(kGenesisHash);
  for (int i = 1; i <= count; ++i) {
    StoredAuditEntry record{i, Entry(i), previous, "", i >= keyed_from ? key_id : ""};
    record.hash = i >= keyed_from ? *ComputeKeyedAuditHash(keys, key_id, previous, i, record.entry)
                                  : *ComputeAuditHash(previous, i, record.entry);
    previous = record.hash;
    chain.push_back(record);
  }
  return chain;
}

TEST(AuditChainTest, KeyedFromTheCutOver) {
  const crypto::KeyRing keys =
      *crypto::KeyRing::Create({{"k1", std::string(32, '\x01')}}, "k1", "k1");
  auto chain = KeyedChain(6, 4, keys, "k1");
  auto verify = [&](const std::vector<StoredAuditEntry>& records, int64_t keyed_from,
                    const crypto::KeyRing* ring) {
    ChainVerifier verifier({}, {keyed_from, ring});
    for (const auto& record : records) EXPECT_TRUE(verifier.Feed(record).ok());
    return verifier.Finish();
  };
  VerifyReport report = verify(chain, 4, &keys);
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.keyed_from, 4);
  EXPECT_EQ(report.chain_key_ids, std::vector<std::string>{"k1"});
  // The keyed hash is not the plain one: a record recomputed without the key fails.
  auto forged = chain;
  forged[4].entry.detail = "{}";
  forged[4].hash = *ComputeAuditHash(forged[4].previous_hash, 5, forged[4].entry);
  forged[5].previous_hash = forged[4].hash;
  forged[5].hash = *ComputeAuditHash(forged[5].previous_hash, 6, forged[5].entry);
  EXPECT_EQ(verify(forged, 4, &keys).first_bad_sequence, 5);
  for (auto* record : {&forged[4], &forged[5]}) record->chain_key_id.clear();
  EXPECT_EQ(verify(forged, 4, &keys).first_bad_sequence, 5);
  // A cut-over moved later or earlier than the records say.
  EXPECT_EQ(verify(chain, 5, &keys).first_bad_sequence, 4);
  EXPECT_EQ(verify(chain, 3, &keys).first_bad_sequence, 3);
  // No ring, or a ring without k1: cannot be checked (an error, not a verdict).
  ChainVerifier keyless({}, {4, nullptr});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(keyless.Feed(chain[i]).ok());
  EXPECT_EQ(keyless.Feed(chain[3]).error().code, core::ErrorCode::kFailedPrecondition);
  // The default keys nothing: the plain tests below are the chain before any cut-over.
  EXPECT_FALSE(verify(chain, std::numeric_limits<int64_t>::max(), &keys).intact);
}

TEST(AuditChainTest, ActionNamesRoundTrip) {
  for (auto action :
       {AuditAction::kRead, AuditAction::kExport, AuditAction::kCreate, AuditAction::kUpdate,
        AuditAction::kDelete, AuditAction::kImport, AuditAction::kLogin}) {
    EXPECT_EQ(ParseAuditAction(AuditActionName(action)), action);
  }
  EXPECT_EQ(AuditActionName(AuditAction::kExport), "export");
  EXPECT_FALSE(ParseAuditAction("READ").has_value());
}

TEST(AuditChainTest, CanonicalFormIsUnambiguous) {
  AuditEntry a = Entry(1);
  AuditEntry b = a;
  a.subject_type = "ab";
  a.subject_id = "c";
  b.subject_type = "a";
  b.subject_id = "bc";
  EXPECT_NE(CanonicalAuditRecord(1, a), CanonicalAuditRecord(1, b));
  EXPECT_NE(CanonicalAuditRecord(1, a), CanonicalAuditRecord(2, a));
  auto hash = ComputeAuditHash(kGenesisHash, 1, a);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->size(), 64u);
  EXPECT_EQ(hash->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(*hash, *ComputeAuditHash(kGenesisHash, 1, b));
}

TEST(AuditChainTest, IntactChainVerifiesAndReportsItsEnd) {
  auto chain = Chain(50);
  VerifyReport report = Verify(chain);
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 50);
  EXPECT_EQ(report.last_sequence, 50);
  EXPECT_EQ(report.last_hash, chain.back().hash);

  VerifyReport empty = Verify({});
  EXPECT_TRUE(empty.intact);
  EXPECT_EQ(empty.last_hash, kGenesisHash);
}

TEST(AuditChainTest, EditedFieldIsFoundAtItsRecord) {
  for (int field = 0; field < 11; ++field) {
    auto chain = Chain(10);
    AuditEntry& entry = chain[5].entry;  // sequence 6
    switch (field) {
      case 0:
        entry.at += 1;
        break;
      case 1:
        entry.actor_id = 8;
        break;
      case 2:
        entry.actor_name += "x";
        break;
      case 3:
        entry.action = AuditAction::kDelete;
        break;
      case 4:
        entry.subject_type = "household";
        break;
      case 5:
        entry.subject_id += "0";
        break;
      case 6:
        entry.division_code = "321002001002";
        break;
      case 7:
        entry.detail = "{}";
        break;
      case 8:
        entry.remote_address = "10.0.0.2";
        break;
      case 9:
        entry.request_id.clear();
        break;
      case 10:
        chain[5].hash[0] = chain[5].hash[0] == 'a' ? 'b' : 'a';
        break;
    }
    VerifyReport report = Verify(chain);
    EXPECT_FALSE(report.intact) << "field " << field;
    EXPECT_EQ(report.first_bad_sequence, 6) << "field " << field;
    EXPECT_FALSE(report.problem.empty());
  }
}

TEST(AuditChainTest, DeletedMiddleRecordIsNamed) {
  auto chain = Chain(10);
  chain.erase(chain.begin() + 3);  // sequence 4
  VerifyReport report = Verify(chain);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 4);
  EXPECT_EQ(report.entries, 9);

  auto first_gone = Chain(3);
  first_gone.erase(first_gone.begin());
  EXPECT_EQ(Verify(first_gone).first_bad_sequence, 1);
}

TEST(AuditChainTest, DeletionHiddenByRenumberingBreaksTheLink) {
  auto chain = Chain(10);
  chain.erase(chain.begin() + 3);
  for (size_t i = 3; i < chain.size(); ++i) chain[i].sequence -= 1;
  VerifyReport report = Verify(chain);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 4);
}

TEST(AuditChainTest, RecomputedHashShowsAtTheNextLink) {
  auto chain = Chain(10);
  chain[5].entry.detail = "{}";
  chain[5].hash = *ComputeAuditHash(chain[5].previous_hash, 6, chain[5].entry);
  VerifyReport report = Verify(chain);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 7);
}

TEST(AuditChainTest, SwappedRecordsAreFound) {
  auto chain = Chain(10);
  std::swap(chain[4].entry, chain[5].entry);  // contents of 5 and 6 swapped
  std::swap(chain[4].hash, chain[5].hash);
  std::swap(chain[4].previous_hash, chain[5].previous_hash);
  VerifyReport report = Verify(chain);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 5);
}

TEST(AuditChainTest, TailDeletionNeedsAnAnchor) {
  auto chain = Chain(10);
  VerifyAnchor anchor{10, chain.back().hash};
  EXPECT_TRUE(Verify(chain, anchor).intact);
  chain.pop_back();
  EXPECT_TRUE(Verify(chain).intact);  // undetectable without an anchor
  VerifyReport report = Verify(chain, anchor);
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_sequence, 10);

  auto rewritten = Chain(10);
  rewritten[9].hash = std::string(64, 'f');
  EXPECT_FALSE(Verify(rewritten, anchor).intact);
}

class FakeRepository : public AuditRepository {
 public:
  core::Result<core::Page<StoredAuditEntry>> List(const core::Scope&, const AuditQuery&,
                                                  const core::PageRequest&) override {
    ++calls;
    return core::Page<StoredAuditEntry>{};
  }
  core::Result<VerifyReport> Verify(const VerifyAnchor&) override {
    ++calls;
    return VerifyReport{};
  }
  int calls = 0;
};

TEST(AuditServiceTest, ValidatesFiltersBeforeQuerying) {
  FakeRepository repository;
  AuditService service(repository);
  AuditQuery query;
  query.subject_id = "5";
  auto result = service.List(core::Scope::Everything(), query, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "subject_type");

  AuditQuery dates;
  dates.from_at = 10;
  dates.until_at = 5;
  EXPECT_EQ(service.List(core::Scope::Everything(), dates, {}).error().field, "from");
  EXPECT_EQ(service.List(core::Scope::Everything(), {}, {50, "abc"}).error().field, "cursor");
  EXPECT_EQ(service.List(core::Scope::Everything(), {}, {0, ""}).error().field, "limit");
  EXPECT_EQ(repository.calls, 0);

  EXPECT_TRUE(service.List(core::Scope::Nothing(), {}, {}).ok());
  EXPECT_EQ(repository.calls, 0);  // an empty scope sees nothing, without a query
  EXPECT_TRUE(service.List(core::Scope::Everything(), {}, {50, "12"}).ok());
  EXPECT_EQ(repository.calls, 1);

  EXPECT_FALSE(service.Verify({3, "short"}).ok());
  EXPECT_TRUE(service.Verify({}).ok());
  EXPECT_EQ(repository.calls, 2);
}

}  // namespace
}  // namespace linli::audit
