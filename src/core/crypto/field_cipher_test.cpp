#include "core/crypto/field_cipher.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "core/crypto/primitives.hpp"

namespace linli::crypto {
namespace {

// Fixed test material (never used outside tests).
const std::string kHexKey1 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const std::string kBase64Key2 = Base64Encode(std::string(32, '\x42'));

KeyRing MustParse(std::string_view text) {
  auto ring = ParseKeyRing(text);
  EXPECT_TRUE(ring.ok()) << ring.error().message;
  return std::move(ring).value();
}

KeyRing RingWithK1() { return MustParse("k1=" + kHexKey1 + "\n"); }
KeyRing RingWithK1AndK2() { return MustParse("k1=" + kHexKey1 + "\nk2=" + kBase64Key2 + "\n"); }

// The place the tests seal for.
constexpr FieldLocation kAt{"residents", "id_number", 7};

TEST(FieldCipherTest, RoundTripChineseText) {
  const KeyRing ring = RingWithK1();
  for (const std::string& plaintext :
       {std::string("32100219800101001X"), std::string("张三 扬州市邗江区"), std::string(),
        std::string(1000, 'a')}) {
    auto encrypted = ring.Encrypt(plaintext, kAt);
    ASSERT_TRUE(encrypted.ok()) << encrypted.error().message;
    EXPECT_EQ(encrypted->find(plaintext.empty() ? "\x01" : plaintext), std::string::npos);
    auto decrypted = ring.Decrypt(*encrypted, kAt);
    ASSERT_TRUE(decrypted.ok()) << decrypted.error().message;
    EXPECT_EQ(*decrypted, plaintext);
  }
}

TEST(FieldCipherTest, LayoutIsVersionedAndRandomised) {
  const KeyRing ring = RingWithK1();
  const std::string plaintext = "13812345678";
  const std::string first = *ring.Encrypt(plaintext, kAt);
  const std::string second = *ring.Encrypt(plaintext, kAt);
  EXPECT_NE(first, second);  // fresh IV each time
  const std::string bytes = *Base64Decode(first);
  ASSERT_EQ(bytes.size(), 1 + 1 + 2 + 16 + plaintext.size() + 32);
  EXPECT_EQ(bytes[0], '\x02');  // version 2: bound to its place
  EXPECT_EQ(bytes[1], '\x02');
  EXPECT_EQ(bytes.substr(2, 2), "k1");
  EXPECT_EQ(*ring.KeyIdOf(first), "k1");
  EXPECT_EQ(*KeyIdOfCiphertext(first), "k1");  // without a ring (backups)
  EXPECT_FALSE(KeyIdOfCiphertext("not a ciphertext").ok());
}

TEST(FieldCipherTest, BoundToTableFieldAndRow) {
  const KeyRing ring = RingWithK1();
  const std::string sealed = *ring.Encrypt("110101199003078515", kAt);
  EXPECT_EQ(*CiphertextVersionOf(sealed), 2);
  EXPECT_EQ(*ring.Decrypt(sealed, {"residents", "id_number", 7}), "110101199003078515");
  // Copied to another row, another column or another table: the tag does not hold there.
  for (const FieldLocation& elsewhere :
       {FieldLocation{"residents", "id_number", 8}, FieldLocation{"residents", "phone", 7},
        FieldLocation{"accounts", "id_number", 7}, FieldLocation{"residents", "id_number", -7},
        FieldLocation{"residents", "id_number", 70}, FieldLocation{"residents7", "id_number", 0}}) {
    auto moved = ring.Decrypt(sealed, elsewhere);
    ASSERT_FALSE(moved.ok()) << elsewhere.table << "." << elsewhere.field << " "
                             << elsewhere.row_id;
    EXPECT_EQ(moved.error().code, core::ErrorCode::kFailedPrecondition);
  }
  // Rotation re-binds only where the value opens.
  EXPECT_FALSE(ring.Reencrypt(sealed, {"residents", "id_number", 8}).ok());
}

// Written by the release before version 2 (tag over the bytes alone) under test keys: old
// databases hold such values, and they must keep opening until `linli keys rotate` rewrites them.
TEST(FieldCipherTest, VersionOneStillOpensAnywhereAndNeedsRotation) {
  const KeyRing test1 = *KeyRing::Create({{"test1", std::string(32, '\x11')}}, "test1", "test1");
  const std::string kOld =
      "AQV0ZXN0MaSqwLSRMbh+nV3qu+FicA0LFHAGLodIKNrV5B40taZdDi4nzF8ZvcY5TWibgFxIcrNf7xEIUSIJ9nyNF0/"
      "4ecz/nA==";
  EXPECT_EQ(*CiphertextVersionOf(kOld), 1);
  EXPECT_EQ(*KeyIdOfCiphertext(kOld), "test1");
  EXPECT_EQ(*test1.Decrypt(kOld, kAt), "110101199003078515");
  EXPECT_EQ(*test1.Decrypt(kOld, {"residents", "phone", 99}), "110101199003078515");
  EXPECT_TRUE(test1.NeedsRotation(kOld));  // same key, old format
  auto rebound = test1.Reencrypt(kOld, kAt);
  ASSERT_TRUE(rebound.ok()) << rebound.error().message;
  EXPECT_EQ(*CiphertextVersionOf(*rebound), 2);
  EXPECT_FALSE(test1.NeedsRotation(*rebound));
  EXPECT_EQ(*test1.Decrypt(*rebound, kAt), "110101199003078515");
  EXPECT_FALSE(test1.Decrypt(*rebound, {"residents", "id_number", 8}).ok());

  const KeyRing k1 = *KeyRing::Create({{"k1", std::string(32, 'a')}}, "k1", "k1");
  EXPECT_EQ(*k1.Decrypt("AQJrMTwgPSh2JY1iRV5iRBuwJog8RImXJg20N/Pg0FgZimOjye27rE7jDo7pDeYxb0cB6WgZ"
                        "NWHLU7LU8GPZ2+BXarJ77uJWiw==",
                        kAt),
            "旧格式 13912345678");
  // The test helper writes what that release wrote.
  const std::string unbound = *EncryptUnboundForTesting(test1, "x");
  EXPECT_EQ(*CiphertextVersionOf(unbound), 1);
  EXPECT_EQ(*test1.Decrypt(unbound, {"anything", "else", 1}), "x");
  // A version-1 byte changed is still caught.
  std::string bytes = *Base64Decode(kOld);
  bytes[20] ^= 1;
  EXPECT_FALSE(test1.Decrypt(Base64Encode(bytes), kAt).ok());
}

TEST(FieldCipherTest, AuditChainMacIsKeyedPerKeyAndSeparateFromFields) {
  const KeyRing ring = RingWithK1AndK2();
  const std::string k1 = *ring.AuditChainMac("k1", "record");
  const std::string k2 = *ring.AuditChainMac("k2", "record");
  EXPECT_EQ(k1.size(), 32u);
  EXPECT_NE(k1, k2);
  EXPECT_NE(k1, *ring.AuditChainMac("k1", "record2"));
  EXPECT_EQ(k1, *RingWithK1().AuditChainMac("k1", "record"));  // a function of the material
  // HKDF-Expand with its own label: not the blind-index or the field MAC key.
  const std::string subkey = *HmacSm3(*HexDecode(kHexKey1), "linli/audit-chain/v1\x01");
  EXPECT_EQ(k1, *HmacSm3(subkey, "record"));
  auto unknown = ring.AuditChainMac("k9", "record");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(FieldCipherTest, TamperingAnyByteFails) {
  const KeyRing ring = RingWithK1AndK2();
  const std::string encrypted = *ring.Encrypt("李四 110105194912310021", kAt);
  const std::string bytes = *Base64Decode(encrypted);
  for (size_t index = 0; index < bytes.size(); ++index) {
    for (unsigned char flip : {0x01, 0x80}) {
      std::string tampered = bytes;
      tampered[index] = static_cast<char>(tampered[index] ^ flip);
      auto result = ring.Decrypt(Base64Encode(tampered), kAt);
      ASSERT_FALSE(result.ok()) << "byte " << index;
      EXPECT_EQ(result.error().code, core::ErrorCode::kFailedPrecondition);
    }
  }
  // Truncated, extended, empty and non-base64 texts.
  EXPECT_FALSE(ring.Decrypt(Base64Encode(bytes.substr(0, bytes.size() - 1)), kAt).ok());
  EXPECT_FALSE(ring.Decrypt(Base64Encode(bytes + "x"), kAt).ok());
  EXPECT_FALSE(ring.Decrypt(Base64Encode(bytes.substr(0, 10)), kAt).ok());
  EXPECT_FALSE(ring.Decrypt("", kAt).ok());
  EXPECT_FALSE(ring.Decrypt("not base64!", kAt).ok());
  EXPECT_FALSE(ring.Decrypt(encrypted.substr(0, encrypted.size() - 4), kAt).ok());
}

TEST(FieldCipherTest, UnknownKeyIsReported) {
  const std::string under_k2 = *RingWithK1AndK2().Encrypt("secret", kAt);
  auto result = RingWithK1().Decrypt(under_k2, kAt);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(result.error().message.find("k2"), std::string::npos);
}

TEST(FieldCipherTest, DifferentMaterialCannotDecrypt) {
  const std::string encrypted = *RingWithK1().Encrypt("secret", kAt);
  const KeyRing impostor = MustParse("k1=" + kBase64Key2);
  EXPECT_FALSE(impostor.Decrypt(encrypted, kAt).ok());
}

TEST(FieldCipherTest, Rotation) {
  const KeyRing old_ring = RingWithK1();
  const std::string under_k1 = *old_ring.Encrypt("旧密钥加密的手机号 13912345678", kAt);
  EXPECT_FALSE(old_ring.NeedsRotation(under_k1));

  // k2 becomes current (the last key listed); k1 stays for reading.
  const KeyRing new_ring = RingWithK1AndK2();
  EXPECT_EQ(new_ring.current_key_id(), "k2");
  EXPECT_EQ(*new_ring.Decrypt(under_k1, kAt), "旧密钥加密的手机号 13912345678");
  EXPECT_TRUE(new_ring.NeedsRotation(under_k1));

  auto rotated = new_ring.Reencrypt(under_k1, kAt);
  ASSERT_TRUE(rotated.ok()) << rotated.error().message;
  EXPECT_FALSE(new_ring.NeedsRotation(*rotated));
  EXPECT_EQ(*new_ring.KeyIdOf(*rotated), "k2");
  EXPECT_EQ(*new_ring.Decrypt(*rotated, kAt), "旧密钥加密的手机号 13912345678");
  EXPECT_FALSE(old_ring.Decrypt(*rotated, kAt).ok());  // k1-only ring cannot read k2 data

  EXPECT_TRUE(new_ring.NeedsRotation("garbage"));
  // An explicit current= line overrides "last key listed".
  const KeyRing pinned = MustParse("k1=" + kHexKey1 + "\nk2=" + kBase64Key2 + "\ncurrent=k1");
  EXPECT_EQ(pinned.current_key_id(), "k1");
  EXPECT_FALSE(pinned.NeedsRotation(under_k1));
}

TEST(FieldCipherTest, BlindIndexStableAcrossRotationAndPerField) {
  const KeyRing old_ring = RingWithK1();
  const KeyRing new_ring = RingWithK1AndK2();
  ASSERT_EQ(new_ring.index_key_id(), "k1");  // the first key listed stays the index key
  const std::string value = "11010519491231002X";
  auto before = old_ring.BlindIndex("id_number", value);
  auto after = new_ring.BlindIndex("id_number", value);
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(*before, *after);
  EXPECT_EQ(before->size(), 2 * kBlindIndexSize);
  EXPECT_EQ(*before, *old_ring.BlindIndex("id_number", value));  // deterministic

  EXPECT_NE(*before, *old_ring.BlindIndex("phone", value));
  EXPECT_NE(*before, *old_ring.BlindIndex("id_number", "11010519491231002x"));
  // The field name is length-prefixed: ("ab", "c") and ("a", "bc") differ.
  EXPECT_NE(*old_ring.BlindIndex("ab", "c"), *old_ring.BlindIndex("a", "bc"));

  // Another index key gives other indexes: rotating it means re-indexing.
  const KeyRing other_index = MustParse("k1=" + kHexKey1 + "\nk2=" + kBase64Key2 + "\nindex=k2");
  EXPECT_NE(*before, *other_index.BlindIndex("id_number", value));
}

// The blind index is pinned to its definition, computed here from the one-shot primitives:
// HMAC-SM3 under HKDF-Expand(master, "linli/blind-index/v1"), over a length-prefixed field name
// and the value, truncated to 16 bytes. Stored indexes depend on it never changing.
TEST(FieldCipherTest, BlindIndexFollowsItsDefinition) {
  const std::string master = *HexDecode(kHexKey1);
  const std::string index_key = *HmacSm3(master, std::string("linli/blind-index/v1") + '\x01');
  const std::string value = "32100219800101001X";
  const std::string message = std::string("\0\0\0\x09", 4) + "id_number" + value;
  const std::string expected = HexEncode(HmacSm3(index_key, message)->substr(0, 16));
  EXPECT_EQ(*RingWithK1().BlindIndex("id_number", value), expected);
  FieldSealer sealer(RingWithK1());
  EXPECT_EQ(*sealer.BlindIndex("id_number", value), expected);
  EXPECT_EQ(*sealer.BlindIndex("id_number", value), expected);
}

// One sealer over thousands of fields (past several refills of its IV buffer): every ciphertext
// decrypts through the ring, IVs never repeat, and blind indexes match the ring's.
TEST(FieldCipherTest, SealerOutputsMatchTheRing) {
  const KeyRing ring = RingWithK1AndK2();
  FieldSealer sealer(ring);
  std::set<std::string> ivs;
  for (int i = 0; i < 3000; ++i) {
    const std::string plaintext = "1380000" + std::to_string(1000 + i);
    auto encrypted = sealer.Encrypt(plaintext, kAt);
    ASSERT_TRUE(encrypted.ok()) << encrypted.error().message;
    EXPECT_EQ(*ring.KeyIdOf(*encrypted), "k2");
    ASSERT_EQ(*ring.Decrypt(*encrypted, kAt), plaintext);
    ivs.insert(Base64Decode(*encrypted)->substr(4, 16));
    if (i % 500 == 0) {
      EXPECT_EQ(*sealer.BlindIndex("phone", plaintext), *ring.BlindIndex("phone", plaintext));
    }
  }
  EXPECT_EQ(ivs.size(), 3000u);
}

TEST(FieldCipherTest, ConcurrentUse) {
  const KeyRing ring = RingWithK1AndK2();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&ring, &failures, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string text = "线程" + std::to_string(t) + "-" + std::to_string(i);
        auto encrypted = ring.Encrypt(text, kAt);
        if (!encrypted.ok() || ring.Decrypt(*encrypted, kAt).value() != text) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(FieldCipherTest, KeyFileFormats) {
  const KeyRing ring = MustParse(
      "# Linli field keys\n"
      "\n"
      "  k1 = " +
      kHexKey1 +
      "  \r\n"
      "k2=" +
      kBase64Key2 +
      "\n"
      "current=k1\n"
      "index=k2\n");
  EXPECT_EQ(ring.key_ids(), (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(ring.current_key_id(), "k1");
  EXPECT_EQ(ring.index_key_id(), "k2");
  EXPECT_TRUE(ring.HasKey("k2"));
  EXPECT_FALSE(ring.HasKey("k3"));
  // The environment form separates entries with ';'.
  const KeyRing from_environment = MustParse("k1=" + kHexKey1 + ";k2=" + kBase64Key2);
  EXPECT_EQ(from_environment.current_key_id(), "k2");
  EXPECT_EQ(*from_environment.Decrypt(*ring.Encrypt("x", kAt), kAt), "x");
}

void ExpectMalformed(const std::string& text, std::string_view fragment) {
  auto ring = ParseKeyRing(text);
  ASSERT_FALSE(ring.ok()) << text;
  EXPECT_EQ(ring.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(ring.error().message.find(fragment), std::string::npos) << ring.error().message;
  // Key material is never echoed back.
  EXPECT_EQ(ring.error().message.find(kHexKey1.substr(0, 16)), std::string::npos);
}

TEST(FieldCipherTest, MalformedKeyFiles) {
  ExpectMalformed("", "没有密钥");
  ExpectMalformed("# only a comment\n", "没有密钥");
  ExpectMalformed(kHexKey1, "第 1 行");                    // no "id="
  ExpectMalformed("k1=" + kHexKey1.substr(2), "第 1 行");  // 31 bytes of hex
  ExpectMalformed("k1=" + kHexKey1 + "00", "第 1 行");     // 33 bytes of hex
  ExpectMalformed("k1=" + Base64Encode(std::string(16, 'a')), "32 字节");
  ExpectMalformed("k1=" + kHexKey1 + "\nk 2=" + kBase64Key2, "第 2 行");
  ExpectMalformed("k1=" + kHexKey1 + "\nk1=" + kBase64Key2, "重复");
  ExpectMalformed("k1=" + kHexKey1 + "\ncurrent=k9", "k9");
  ExpectMalformed("k1=" + kHexKey1 + "\nindex=k9", "k9");
  ExpectMalformed("k1=" + kHexKey1 + "\ncurrent=", "第 2 行");
  ExpectMalformed("k1=zz" + kHexKey1.substr(2), "第 1 行");
  ExpectMalformed(std::string(33, 'k') + "=" + kHexKey1, "第 1 行");
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("linli_keys_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(path_) << "k1=" << kHexKey1 << "\n";
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(KeyFileTest, PrivateFileLoads) {
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  auto ring = LoadKeyRingFile(path_);
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->current_key_id(), "k1");
  ASSERT_EQ(::chmod(path_.c_str(), 0400), 0);
  EXPECT_TRUE(LoadKeyRingFile(path_).ok());
}

TEST_F(KeyFileTest, GroupOrWorldAccessIsRefused) {
  for (mode_t mode : {0644, 0640, 0604, 0620, 0602}) {
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
    auto ring = LoadKeyRingFile(path_);
    ASSERT_FALSE(ring.ok()) << std::oct << mode;
    EXPECT_EQ(ring.error().code, core::ErrorCode::kFailedPrecondition);
    EXPECT_NE(ring.error().message.find("权限"), std::string::npos);
  }
}

TEST_F(KeyFileTest, MissingFileAndDirectory) {
  EXPECT_EQ(LoadKeyRingFile(path_.string() + ".missing").error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(LoadKeyRingFile(std::filesystem::temp_directory_path()).ok());
}

TEST_F(KeyFileTest, EnvironmentValueWinsOverFile) {
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  auto from_file = LoadKeyRing(path_, "");
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ(from_file->key_ids(), (std::vector<std::string>{"k1"}));
  auto from_environment = LoadKeyRing(path_, "env1=" + kBase64Key2);
  ASSERT_TRUE(from_environment.ok());
  EXPECT_EQ(from_environment->key_ids(), (std::vector<std::string>{"env1"}));
  auto neither = LoadKeyRing({}, "  ");
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST(GenerateKeyLineTest, ProducesLoadableFreshKeys) {
  auto first = GenerateKeyLine("k3");
  auto second = GenerateKeyLine("k3");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->starts_with("k3="));
  EXPECT_EQ(first->size(), 3 + 44);
  EXPECT_NE(*first, *second);
  const KeyRing ring = MustParse(*first);
  EXPECT_EQ(*ring.Decrypt(*ring.Encrypt("ok", kAt), kAt), "ok");
  EXPECT_FALSE(GenerateKeyLine("").ok());
  EXPECT_FALSE(GenerateKeyLine("current").ok());
  EXPECT_FALSE(GenerateKeyLine("k=1").ok());
}

TEST(KeyRingTest, CreateValidates) {
  const std::string material(32, 'm');
  EXPECT_TRUE(KeyRing::Create({{"a", material}}, "a", "a").ok());
  EXPECT_FALSE(KeyRing::Create({}, "a", "a").ok());
  EXPECT_FALSE(KeyRing::Create({{"a", material.substr(1)}}, "a", "a").ok());
  EXPECT_FALSE(KeyRing::Create({{"a", material}}, "b", "a").ok());
  EXPECT_FALSE(KeyRing::Create({{"a", material}}, "a", "b").ok());
  EXPECT_FALSE(KeyRing::Create({{"index", material}}, "index", "index").ok());
}

}  // namespace
}  // namespace linli::crypto
