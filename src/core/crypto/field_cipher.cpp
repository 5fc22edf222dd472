#include "core/crypto/field_cipher.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>

#include "core/crypto/primitives.hpp"

namespace linli::crypto {
namespace {

constexpr size_t kIvSize = kSm4BlockSize;
constexpr size_t kTagSize = kSm3DigestSize;
constexpr std::string_view kEncryptionLabel = "linli/field-cipher/v1/encryption";
constexpr std::string_view kAuthenticationLabel = "linli/field-cipher/v1/authentication";
constexpr std::string_view kBlindIndexLabel = "linli/blind-index/v1";
constexpr std::string_view kAuditChainLabel = "linli/audit-chain/v1";
constexpr std::string_view kAssociatedDataLabel = "linli/field-cipher/v2/place;";

void AppendLengthPrefixed(std::string& out, std::string_view field) {
  const auto length = static_cast<uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((length >> shift) & 0xFF));
  }
  out.append(field);
}

// What a version-2 tag covers after the bytes before it: the label, table, field and row id
// (each length-prefixed), then the 8-byte big-endian length of all that, so that no two places
// and no shift of bytes between ciphertext and place give the same input.
void AppendAssociatedData(std::string& out, const FieldLocation& at) {
  const size_t start = out.size();
  out.append(kAssociatedDataLabel);
  AppendLengthPrefixed(out, at.table);
  AppendLengthPrefixed(out, at.field);
  AppendLengthPrefixed(out, std::to_string(at.row_id));
  const auto length = static_cast<uint64_t>(out.size() - start);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((length >> shift) & 0xFF));
  }
}
constexpr std::string_view kKeysField = "keys";

// HKDF-Expand for one output block (L <= 32): T(1) = HMAC-SM3(PRK, info || 0x01). The master
// material is uniformly random, so it serves directly as the pseudo-random key.
core::Result<std::string> DeriveSubkey(std::string_view master, std::string_view label) {
  std::string info(label);
  info.push_back('\x01');
  return HmacSm3(master, info);
}

core::Error Corrupted() { return core::Error::FailedPrecondition("密文已损坏或被篡改，无法解密"); }

// The parsed, not yet authenticated, parts of a version-1 ciphertext.
struct Envelope {
  std::string bytes;  // the whole binary layout
  std::string key_id;
  size_t iv_offset = 0;
  unsigned char version = kCiphertextVersion;
};

core::Result<Envelope> ReadEnvelope(std::string_view text) {
  std::optional<std::string> bytes = Base64Decode(text);
  if (!bytes) return core::Error::FailedPrecondition("密文格式无效：不是 base64 文本");
  if (bytes->empty()) return Corrupted();
  const auto version = static_cast<unsigned char>((*bytes)[0]);
  if (version != kCiphertextVersion && version != kUnboundCiphertextVersion) {
    return core::Error::FailedPrecondition("不支持的密文版本");
  }
  if (bytes->size() < 2) return Corrupted();
  const size_t id_length = static_cast<unsigned char>((*bytes)[1]);
  if (id_length == 0 || id_length > kMaxKeyIdLength) return Corrupted();
  if (bytes->size() < 2 + id_length + kIvSize + kTagSize) return Corrupted();
  Envelope envelope;
  envelope.key_id = bytes->substr(2, id_length);
  envelope.iv_offset = 2 + id_length;
  envelope.version = version;
  envelope.bytes = std::move(*bytes);
  return envelope;
}

std::string Trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return std::string(text);
}

bool IsHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

core::Error BadLine(size_t line_number, std::string_view what) {
  return core::Error::InvalidArgument(
      "密钥配置第 " + std::to_string(line_number) + " 行" + std::string(what),
      std::string(kKeysField));
}

}  // namespace

struct KeyRing::State {
  struct Key {
    std::string id;
    std::string encryption_key;  // 16 bytes, SM4
    std::string mac_key;         // 32 bytes, HMAC-SM3 tag
    std::string index_key;       // 32 bytes, HMAC-SM3 blind index
    std::string audit_key;       // 32 bytes, HMAC-SM3 audit chain
  };
  std::vector<Key> keys;
  std::string current_key_id;
  std::string index_key_id;

  ~State() {
    for (Key& key : keys) {
      OPENSSL_cleanse(key.encryption_key.data(), key.encryption_key.size());
      OPENSSL_cleanse(key.mac_key.data(), key.mac_key.size());
      OPENSSL_cleanse(key.index_key.data(), key.index_key.size());
      OPENSSL_cleanse(key.audit_key.data(), key.audit_key.size());
    }
  }

  const Key* Find(std::string_view id) const {
    for (const Key& key : keys) {
      if (key.id == id) return &key;
    }
    return nullptr;
  }
};

bool IsValidKeyId(std::string_view key_id) {
  if (key_id.empty() || key_id.size() > kMaxKeyIdLength) return false;
  if (key_id == "current" || key_id == "index") return false;
  return std::all_of(key_id.begin(), key_id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

core::Result<KeyRing> KeyRing::Create(const std::vector<MasterKey>& keys,
                                      std::string_view current_key_id,
                                      std::string_view index_key_id) {
  if (keys.empty())
    return core::Error::InvalidArgument("密钥环中没有密钥", std::string(kKeysField));
  auto state = std::make_shared<State>();
  for (const MasterKey& master : keys) {
    if (!IsValidKeyId(master.id)) {
      return core::Error::InvalidArgument("密钥编号无效：应为 1 至 32 个字母、数字或 _ - .",
                                          std::string(kKeysField));
    }
    if (state->Find(master.id) != nullptr) {
      return core::Error::InvalidArgument("密钥编号重复：" + master.id, std::string(kKeysField));
    }
    if (master.material.size() != kMasterKeySize) {
      return core::Error::InvalidArgument("密钥 " + master.id + " 的长度应为 32 字节",
                                          std::string(kKeysField));
    }
    State::Key key;
    key.id = master.id;
    ASSIGN_OR_RETURN(std::string encryption, DeriveSubkey(master.material, kEncryptionLabel));
    key.encryption_key = encryption.substr(0, kSm4KeySize);
    OPENSSL_cleanse(encryption.data(), encryption.size());
    ASSIGN_OR_RETURN(key.mac_key, DeriveSubkey(master.material, kAuthenticationLabel));
    ASSIGN_OR_RETURN(key.index_key, DeriveSubkey(master.material, kBlindIndexLabel));
    ASSIGN_OR_RETURN(key.audit_key, DeriveSubkey(master.material, kAuditChainLabel));
    state->keys.push_back(std::move(key));
  }
  if (state->Find(current_key_id) == nullptr) {
    return core::Error::InvalidArgument("当前密钥 " + std::string(current_key_id) + " 不存在",
                                        std::string(kKeysField));
  }
  if (state->Find(index_key_id) == nullptr) {
    return core::Error::InvalidArgument("索引密钥 " + std::string(index_key_id) + " 不存在",
                                        std::string(kKeysField));
  }
  state->current_key_id = std::string(current_key_id);
  state->index_key_id = std::string(index_key_id);
  return KeyRing(std::move(state));
}

core::Result<std::string> KeyRing::Encrypt(std::string_view plaintext,
                                           const FieldLocation& at) const {
  return FieldSealer(*this).Encrypt(plaintext, at);
}

core::Result<std::string> KeyRing::Decrypt(std::string_view ciphertext,
                                           const FieldLocation& at) const {
  ASSIGN_OR_RETURN(Envelope envelope, ReadEnvelope(ciphertext));
  const State::Key* key = state_->Find(envelope.key_id);
  if (key == nullptr) {
    return core::Error::FailedPrecondition("密文所用的密钥 " + envelope.key_id +
                                           " 不在密钥环中，无法解密");
  }
  const std::string_view bytes = envelope.bytes;
  const std::string_view authenticated = bytes.substr(0, bytes.size() - kTagSize);
  const std::string_view tag = bytes.substr(bytes.size() - kTagSize);
  std::string tagged(authenticated);
  if (envelope.version == kCiphertextVersion) AppendAssociatedData(tagged, at);
  ASSIGN_OR_RETURN(std::string expected_tag, HmacSm3(key->mac_key, tagged));
  if (!ConstantTimeEquals(tag, expected_tag)) return Corrupted();
  const std::string_view iv = bytes.substr(envelope.iv_offset, kIvSize);
  const std::string_view body = authenticated.substr(envelope.iv_offset + kIvSize);
  return Sm4Ctr(key->encryption_key, iv, body);
}

core::Result<std::string> KeyRing::Reencrypt(std::string_view ciphertext,
                                             const FieldLocation& at) const {
  ASSIGN_OR_RETURN(std::string plaintext, Decrypt(ciphertext, at));
  auto result = Encrypt(plaintext, at);
  OPENSSL_cleanse(plaintext.data(), plaintext.size());
  return result;
}

core::Result<std::string> KeyIdOfCiphertext(std::string_view ciphertext) {
  ASSIGN_OR_RETURN(Envelope envelope, ReadEnvelope(ciphertext));
  return envelope.key_id;
}

core::Result<std::string> KeyRing::KeyIdOf(std::string_view ciphertext) const {
  ASSIGN_OR_RETURN(Envelope envelope, ReadEnvelope(ciphertext));
  return envelope.key_id;
}

core::Result<int> CiphertextVersionOf(std::string_view ciphertext) {
  ASSIGN_OR_RETURN(Envelope envelope, ReadEnvelope(ciphertext));
  return int{envelope.version};
}

bool KeyRing::NeedsRotation(std::string_view ciphertext) const {
  auto envelope = ReadEnvelope(ciphertext);
  return !envelope.ok() || envelope->key_id != state_->current_key_id ||
         envelope->version != kCiphertextVersion;
}

core::Result<std::string> KeyRing::AuditChainMac(std::string_view key_id,
                                                 std::string_view message) const {
  const State::Key* key = state_->Find(key_id);
  if (key == nullptr) {
    return core::Error::FailedPrecondition("审计链所用的密钥 " + std::string(key_id) +
                                           " 不在密钥环中");
  }
  return HmacSm3(key->audit_key, message);
}

core::Result<std::string> KeyRing::BlindIndex(std::string_view field_name,
                                              std::string_view normalised_value) const {
  return FieldSealer(*this).BlindIndex(field_name, normalised_value);
}

// ----- FieldSealer -----
struct FieldSealer::Contexts {
  std::optional<Sm4CtrContext> cipher;    // the current key's SM4 key
  std::optional<HmacSm3Context> tagger;   // the current key's MAC key
  std::optional<HmacSm3Context> indexer;  // the index key's blind-index key
  std::array<unsigned char, 1024> random{};
  size_t random_used = sizeof(random);
};

FieldSealer::FieldSealer(const KeyRing& keys)
    : state_(keys.state_), contexts_(std::make_unique<Contexts>()) {}
FieldSealer::FieldSealer(FieldSealer&&) noexcept = default;
FieldSealer& FieldSealer::operator=(FieldSealer&&) noexcept = default;
FieldSealer::~FieldSealer() {
  if (contexts_) OPENSSL_cleanse(contexts_->random.data(), contexts_->random.size());
}

core::Result<std::string> FieldSealer::Encrypt(std::string_view plaintext,
                                               const FieldLocation& at) {
  const KeyRing::State::Key& key = *state_->Find(state_->current_key_id);
  Contexts& c = *contexts_;
  if (!c.cipher) {
    ASSIGN_OR_RETURN(auto cipher, Sm4CtrContext::Create(key.encryption_key));
    ASSIGN_OR_RETURN(auto tagger, HmacSm3Context::Create(key.mac_key));
    c.cipher.emplace(std::move(cipher));
    c.tagger.emplace(std::move(tagger));
  }
  if (c.random_used + kIvSize > c.random.size()) {
    if (RAND_bytes(c.random.data(), static_cast<int>(c.random.size())) != 1) {
      return core::Error::Internal("加密库调用失败：RAND_bytes");
    }
    c.random_used = 0;
  }
  const std::string_view iv(reinterpret_cast<const char*>(c.random.data()) + c.random_used,
                            kIvSize);
  c.random_used += kIvSize;
  std::string bytes;
  bytes.reserve(2 + key.id.size() + kIvSize + plaintext.size() + kSm4BlockSize + kTagSize + 96 +
                at.table.size() + at.field.size());
  bytes.push_back(static_cast<char>(kCiphertextVersion));
  bytes.push_back(static_cast<char>(key.id.size()));
  bytes.append(key.id);
  bytes.append(iv);
  TRY(c.cipher->Apply(iv, plaintext, bytes));
  const size_t sealed_size = bytes.size();
  AppendAssociatedData(bytes, at);
  unsigned char tag[kSm3DigestSize];
  TRY(c.tagger->Mac(bytes, tag));
  bytes.resize(sealed_size);
  bytes.append(reinterpret_cast<const char*>(tag), sizeof tag);
  return Base64Encode(bytes);
}

core::Result<std::string> EncryptUnboundForTesting(const KeyRing& keys,
                                                   std::string_view plaintext) {
  const KeyRing::State::Key& key = *keys.state_->Find(keys.state_->current_key_id);
  ASSIGN_OR_RETURN(std::string iv, RandomBytes(kIvSize));
  ASSIGN_OR_RETURN(std::string body, Sm4Ctr(key.encryption_key, iv, plaintext));
  std::string bytes;
  bytes.push_back(static_cast<char>(kUnboundCiphertextVersion));
  bytes.push_back(static_cast<char>(key.id.size()));
  bytes += key.id + iv + body;
  ASSIGN_OR_RETURN(std::string tag, HmacSm3(key.mac_key, bytes));
  return Base64Encode(bytes + tag);
}

core::Result<std::string> FieldSealer::BlindIndex(std::string_view field_name,
                                                  std::string_view normalised_value) {
  Contexts& c = *contexts_;
  if (!c.indexer) {
    const KeyRing::State::Key& key = *state_->Find(state_->index_key_id);
    ASSIGN_OR_RETURN(auto indexer, HmacSm3Context::Create(key.index_key));
    c.indexer.emplace(std::move(indexer));
  }
  std::string message;
  message.reserve(4 + field_name.size() + normalised_value.size());
  const auto length = static_cast<uint32_t>(field_name.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    message.push_back(static_cast<char>((length >> shift) & 0xFF));
  }
  message.append(field_name);
  message.append(normalised_value);
  unsigned char mac[kSm3DigestSize];
  TRY(c.indexer->Mac(message, mac));
  return HexEncode(std::string_view(reinterpret_cast<const char*>(mac), kBlindIndexSize));
}

const std::string& KeyRing::current_key_id() const { return state_->current_key_id; }
const std::string& KeyRing::index_key_id() const { return state_->index_key_id; }
bool KeyRing::HasKey(std::string_view key_id) const { return state_->Find(key_id) != nullptr; }

std::vector<std::string> KeyRing::key_ids() const {
  std::vector<std::string> ids;
  for (const State::Key& key : state_->keys) ids.push_back(key.id);
  return ids;
}

core::Result<KeyRing> ParseKeyRing(std::string_view text) {
  std::vector<MasterKey> keys;
  std::string current_key_id;
  std::string index_key_id;
  // Wipes decoded material on every return path.
  struct Cleanser {
    std::vector<MasterKey>& keys;
    ~Cleanser() {
      for (MasterKey& key : keys) OPENSSL_cleanse(key.material.data(), key.material.size());
    }
  } cleanser{keys};

  size_t line_number = 0;
  size_t position = 0;
  while (position <= text.size()) {
    size_t end = text.find_first_of("\n;", position);
    if (end == std::string_view::npos) end = text.size();
    ++line_number;
    const std::string line = Trim(text.substr(position, end - position));
    position = end + 1;
    if (line.empty() || line[0] == '#') continue;

    const size_t equals = line.find('=');
    if (equals == std::string::npos) return BadLine(line_number, "格式应为 编号=密钥");
    const std::string name = Trim(std::string_view(line).substr(0, equals));
    const std::string value = Trim(std::string_view(line).substr(equals + 1));
    if (name == "current" || name == "index") {
      if (!IsValidKeyId(value)) return BadLine(line_number, "的密钥编号无效");
      (name == "current" ? current_key_id : index_key_id) = value;
      continue;
    }
    if (!IsValidKeyId(name)) {
      return BadLine(line_number, "的密钥编号无效：应为 1 至 32 个字母、数字或 _ - .");
    }
    std::optional<std::string> material =
        value.size() == 2 * kMasterKeySize && IsHex(value) ? HexDecode(value) : Base64Decode(value);
    if (!material || material->size() != kMasterKeySize) {
      if (material) OPENSSL_cleanse(material->data(), material->size());
      return BadLine(line_number, "的密钥应为 32 字节的 base64 或十六进制文本");
    }
    keys.push_back(MasterKey{name, std::move(*material)});
  }
  if (keys.empty()) {
    return core::Error::InvalidArgument("密钥配置中没有密钥", std::string(kKeysField));
  }
  if (current_key_id.empty()) current_key_id = keys.back().id;
  if (index_key_id.empty()) index_key_id = keys.front().id;
  return KeyRing::Create(keys, current_key_id, index_key_id);
}

core::Result<KeyRing> LoadKeyRingFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int descriptor = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    return core::Error::FailedPrecondition("无法打开密钥文件 " + name + "：" +
                                           std::strerror(errno));
  }
  struct FileCloser {
    int descriptor;
    ~FileCloser() { ::close(descriptor); }
  } closer{descriptor};

  struct stat status {};
  if (::fstat(descriptor, &status) != 0) {
    return core::Error::FailedPrecondition("无法读取密钥文件 " + name + " 的属性");
  }
  if (!S_ISREG(status.st_mode)) {
    return core::Error::FailedPrecondition("密钥文件 " + name + " 不是普通文件");
  }
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(status.st_mode & 07777));
    return core::Error::FailedPrecondition("密钥文件 " + name + " 的权限过宽（" + mode +
                                           "），同组和其他用户不得访问：请改为 0600");
  }

  std::string content;
  char buffer[4096];
  while (true) {
    const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
    if (count < 0) {
      if (errno == EINTR) continue;
      OPENSSL_cleanse(buffer, sizeof buffer);
      OPENSSL_cleanse(content.data(), content.size());
      return core::Error::FailedPrecondition("读取密钥文件 " + name + " 失败");
    }
    if (count == 0) break;
    content.append(buffer, static_cast<size_t>(count));
  }
  OPENSSL_cleanse(buffer, sizeof buffer);
  auto ring = ParseKeyRing(content);
  OPENSSL_cleanse(content.data(), content.size());
  return ring;
}

core::Result<KeyRing> LoadKeyRing(const std::filesystem::path& key_file,
                                  std::string_view environment_value) {
  if (environment_value.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    return ParseKeyRing(environment_value);
  }
  if (!key_file.empty()) return LoadKeyRingFile(key_file);
  return core::Error::FailedPrecondition(
      "未配置字段加密密钥：请设置环境变量 LINLI_KEYS 或指定密钥文件");
}

core::Result<std::string> GenerateKeyLine(std::string_view key_id) {
  if (!IsValidKeyId(key_id)) {
    return core::Error::InvalidArgument("密钥编号无效：应为 1 至 32 个字母、数字或 _ - .",
                                        "key_id");
  }
  ASSIGN_OR_RETURN(std::string material, RandomBytes(kMasterKeySize));
  std::string line = std::string(key_id) + "=" + Base64Encode(material);
  OPENSSL_cleanse(material.data(), material.size());
  return line;
}

}  // namespace linli::crypto
