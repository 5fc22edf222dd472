#include "domain/audit/audit_chain.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/crypto/primitives.hpp"

namespace linli::audit {
namespace {

constexpr std::array<std::pair<AuditAction, std::string_view>, 11> kActionNames{{
    {AuditAction::kRead, "read"},
    {AuditAction::kExport, "export"},
    {AuditAction::kCreate, "create"},
    {AuditAction::kUpdate, "update"},
    {AuditAction::kDelete, "delete"},
    {AuditAction::kImport, "import"},
    {AuditAction::kLogin, "login"},
    {AuditAction::kLogout, "logout"},
    {AuditAction::kLoginFailed, "login_failed"},
    {AuditAction::kLock, "lock"},
    {AuditAction::kVerification, "verification"},
}};

void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out.append(field);
  out += ';';
}

}  // namespace

std::string_view AuditActionName(AuditAction action) {
  for (const auto& [value, name] : kActionNames) {
    if (value == action) return name;
  }
  return "unknown";
}

std::optional<AuditAction> ParseAuditAction(std::string_view name) {
  for (const auto& [value, text] : kActionNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string CanonicalAuditRecord(int64_t sequence, const AuditEntry& entry) {
  std::string out = "linli-audit-v1;";
  AppendField(out, std::to_string(sequence));
  AppendField(out, std::to_string(entry.at));
  AppendField(out, std::to_string(entry.actor_id));
  AppendField(out, entry.actor_name);
  AppendField(out, AuditActionName(entry.action));
  AppendField(out, entry.subject_type);
  AppendField(out, entry.subject_id);
  AppendField(out, entry.division_code);
  AppendField(out, entry.detail);
  AppendField(out, entry.remote_address);
  AppendField(out, entry.request_id);
  return out;
}

core::Result<std::string> ComputeAuditHash(std::string_view previous_hash, int64_t sequence,
                                           const AuditEntry& entry) {
  std::string input(previous_hash);
  input += CanonicalAuditRecord(sequence, entry);
  ASSIGN_OR_RETURN(std::string digest, crypto::Sm3(input));
  return crypto::HexEncode(digest);
}

core::Result<std::string> ComputeKeyedAuditHash(const crypto::KeyRing& keys,
                                                std::string_view key_id,
                                                std::string_view previous_hash, int64_t sequence,
                                                const AuditEntry& entry) {
  std::string input(previous_hash);
  input += "linli-audit-keyed;";
  AppendField(input, key_id);
  input += CanonicalAuditRecord(sequence, entry);
  ASSIGN_OR_RETURN(std::string mac, keys.AuditChainMac(key_id, input));
  return crypto::HexEncode(mac);
}

ChainVerifier::ChainVerifier(VerifyAnchor anchor, ChainKeying keying)
    : anchor_(std::move(anchor)), keying_(keying) {
  report_.last_hash = std::string(kGenesisHash);
  if (keying_.keyed_from != std::numeric_limits<int64_t>::max()) {
    report_.keyed_from = keying_.keyed_from;
  }
}

void ChainVerifier::FailMissingCutOver() {
  Fail(1,
       "审计链的密钥切换点记录缺失：记录可能被改写为未加密钥的哈希 (the audit chain's cut-over "
       "record is missing: records may have been rewritten as plain hashes)");
}

void ChainVerifier::Fail(int64_t sequence, std::string problem) {
  if (!report_.intact) return;
  report_.intact = false;
  report_.first_bad_sequence = sequence;
  report_.problem = std::move(problem);
}

core::Status ChainVerifier::Feed(const StoredAuditEntry& record) {
  ++report_.entries;
  report_.last_sequence = record.sequence;
  report_.last_hash = record.hash;
  if (!report_.intact) return core::Ok();
  const std::string seq = std::to_string(record.sequence);
  if (record.sequence != expected_sequence_) {
    const std::string expected = std::to_string(expected_sequence_);
    if (record.sequence > expected_sequence_) {
      Fail(expected_sequence_, "审计记录 " + expected + " 缺失（被删除） (record " + expected +
                                   " is missing: deleted; next present record is " + seq + ")");
    } else {
      Fail(record.sequence, "审计记录序号 " + seq + " 顺序错误 (record " + seq +
                                " is out of order; expected " + expected + ")");
    }
    return core::Ok();
  }
  if (record.previous_hash != expected_previous_hash_) {
    const std::string before = std::to_string(record.sequence - 1);
    Fail(record.sequence, "审计记录 " + seq + " 与前一条记录 " + before +
                              " 的链接断开：记录被改动、删除或调换 (record " + seq +
                              " does not link to record " + before +
                              ": edited, deleted or reordered records)");
    return core::Ok();
  }
  std::string hash;
  if (record.sequence >= keying_.keyed_from) {
    if (record.chain_key_id.empty()) {
      Fail(record.sequence, "审计记录 " + seq + " 位于密钥切换点 " +
                                std::to_string(keying_.keyed_from) +
                                " 之后却没有密钥：记录被改写 (record " + seq +
                                " is past the cut-over but carries no key: rewritten)");
      return core::Ok();
    }
    if (keying_.keys == nullptr) {
      return core::Error::FailedPrecondition(
          "核验审计记录 " + seq + " 需要密钥 " + record.chain_key_id +
          "：请设置 LINLI_KEYS 或密钥文件 (a key ring is needed to verify keyed records)");
    }
    if (!keying_.keys->HasKey(record.chain_key_id)) {
      return core::Error::FailedPrecondition(
          "核验审计记录 " + seq + " 需要密钥 " + record.chain_key_id + "，密钥环中没有 (key " +
          record.chain_key_id + " of record " + seq + " is not in the key ring)");
    }
    if (std::find(report_.chain_key_ids.begin(), report_.chain_key_ids.end(),
                  record.chain_key_id) == report_.chain_key_ids.end()) {
      report_.chain_key_ids.push_back(record.chain_key_id);
    }
    ASSIGN_OR_RETURN(hash,
                     ComputeKeyedAuditHash(*keying_.keys, record.chain_key_id, record.previous_hash,
                                           record.sequence, record.entry));
  } else {
    if (!record.chain_key_id.empty()) {
      Fail(record.sequence, "审计记录 " + seq + " 早于密钥切换点却带有密钥：切换点被改动 (record " +
                                seq + " precedes the cut-over but carries a key: cut-over moved)");
      return core::Ok();
    }
    ASSIGN_OR_RETURN(hash, ComputeAuditHash(record.previous_hash, record.sequence, record.entry));
  }
  if (hash != record.hash) {
    Fail(record.sequence, "审计记录 " + seq + " 的内容与其哈希不符：记录被改动 (record " + seq +
                              " does not match its hash: edited)");
    return core::Ok();
  }
  if (anchor_.sequence == record.sequence) {
    anchor_seen_ = true;
    if (anchor_.hash != record.hash) {
      Fail(record.sequence, "审计记录 " + seq + " 与外部记录的哈希不符：日志被重写 (record " + seq +
                                " differs from the anchored hash: log rewritten)");
      return core::Ok();
    }
  }
  expected_previous_hash_ = hash;
  ++expected_sequence_;
  return core::Ok();
}

void ChainVerifier::FeedUnreadable(const StoredAuditEntry& record, std::string_view what) {
  ++report_.entries;
  report_.last_sequence = record.sequence;
  report_.last_hash = record.hash;
  const std::string seq = std::to_string(record.sequence);
  Fail(record.sequence, "审计记录 " + seq + " 无法读取：记录被改动 (record " + seq +
                            " is unreadable: " + std::string(what) + ")");
}

VerifyReport ChainVerifier::Finish() {
  if (report_.intact && anchor_.sequence > 0 && !anchor_seen_) {
    const std::string anchored = std::to_string(anchor_.sequence);
    Fail(report_.last_sequence + 1,
         "外部记录的审计记录 " + anchored + " 已不存在：日志末尾的记录被删除 (anchored record " +
             anchored + " is gone: records deleted from the end of the log)");
  }
  return report_;
}

}  // namespace linli::audit
