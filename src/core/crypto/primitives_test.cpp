#include "core/crypto/primitives.hpp"

#include <gtest/gtest.h>

namespace linli::crypto {
namespace {

std::string FromHex(std::string_view hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return bytes.value_or("");
}

// GB/T 32905 example 1 and OpenSSL's test vector.
TEST(PrimitivesTest, Sm3KnownAnswer) {
  auto digest = Sm3("abc");
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  EXPECT_EQ(HexEncode(*digest), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  // GB/T 32905 example 2: "abcd" repeated 16 times.
  std::string abcd;
  for (int i = 0; i < 16; ++i) abcd += "abcd";
  EXPECT_EQ(HexEncode(*Sm3(abcd)),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// HMAC-SM3 through EVP_MAC equals HMAC built by hand from the SM3 digest (RFC 2104), so the
// MAC path really runs on SM3.
TEST(PrimitivesTest, HmacSm3MatchesRfc2104OverSm3) {
  for (const std::string& key :
       {std::string("key"), std::string(32, '\x0b'), std::string(100, 'k')}) {
    const std::string message = "邻里 field cipher test message";
    std::string block_key = key.size() > 64 ? *Sm3(key) : key;
    block_key.resize(64, '\0');
    std::string inner_pad = block_key, outer_pad = block_key;
    for (char& c : inner_pad) c ^= 0x36;
    for (char& c : outer_pad) c ^= 0x5c;
    const std::string expected = *Sm3(outer_pad + *Sm3(inner_pad + message));

    auto mac = HmacSm3(key, message);
    ASSERT_TRUE(mac.ok()) << mac.error().message;
    EXPECT_EQ(mac->size(), kSm3DigestSize);
    EXPECT_EQ(HexEncode(*mac), HexEncode(expected));
  }
  EXPECT_FALSE(HmacSm3("", "data").ok());
}

// GB/T 32907 appendix A example 1: key = plaintext = 0123456789abcdeffedcba9876543210.
TEST(PrimitivesTest, Sm4KnownAnswer) {
  const std::string key = FromHex("0123456789abcdeffedcba9876543210");
  auto block = Sm4EncryptBlock(key, key);
  ASSERT_TRUE(block.ok()) << block.error().message;
  EXPECT_EQ(HexEncode(*block), "681edf34d206965e86b3e94f536e4246");
  EXPECT_FALSE(Sm4EncryptBlock(key.substr(0, 15), key).ok());
}

// CTR: the first keystream block is SM4(key, IV), so encrypting zeros with IV = the GB/T plain
// text gives the GB/T ciphertext; and the same call decrypts.
TEST(PrimitivesTest, Sm4CtrKeystreamAndRoundTrip) {
  const std::string key = FromHex("0123456789abcdeffedcba9876543210");
  auto keystream = Sm4Ctr(key, key, std::string(16, '\0'));
  ASSERT_TRUE(keystream.ok()) << keystream.error().message;
  EXPECT_EQ(HexEncode(*keystream), "681edf34d206965e86b3e94f536e4246");

  const std::string iv = *RandomBytes(16);
  const std::string text = "扬州市广陵区某社区居民 — a text longer than one block";
  auto encrypted = Sm4Ctr(key, iv, text);
  ASSERT_TRUE(encrypted.ok());
  EXPECT_EQ(encrypted->size(), text.size());
  EXPECT_NE(*encrypted, text);
  EXPECT_EQ(*Sm4Ctr(key, iv, *encrypted), text);
  EXPECT_EQ(*Sm4Ctr(key, iv, ""), "");
  EXPECT_FALSE(Sm4Ctr(key, iv.substr(0, 8), text).ok());
}

// The keyed contexts give the one-shot functions' outputs, call after call (the context state
// must not leak from one message into the next), for short, block-sized and long messages.
TEST(PrimitivesTest, KeyedContextsMatchOneShotCalls) {
  for (const std::string& key :
       {std::string("key"), std::string(32, '\x0b'), std::string(100, 'k')}) {
    auto hmac = HmacSm3Context::Create(key);
    ASSERT_TRUE(hmac.ok()) << hmac.error().message;
    for (size_t length : {0, 1, 18, 55, 64, 65, 200, 18, 0}) {
      const std::string message(length, static_cast<char>('a' + length % 26));
      unsigned char tag[kSm3DigestSize];
      ASSERT_TRUE(hmac->Mac(message, tag).ok());
      EXPECT_EQ(HexEncode(std::string_view(reinterpret_cast<const char*>(tag), sizeof tag)),
                HexEncode(*HmacSm3(key, message)))
          << "key " << key.size() << " bytes, message " << length << " bytes";
    }
  }
  EXPECT_FALSE(HmacSm3Context::Create("").ok());

  const std::string key = FromHex("0123456789abcdeffedcba9876543210");
  auto sm4 = Sm4CtrContext::Create(key);
  ASSERT_TRUE(sm4.ok()) << sm4.error().message;
  for (size_t length : {5, 16, 17, 40, 0, 3}) {
    const std::string iv = *RandomBytes(16);
    const std::string text(length, 'x');
    std::string output = "prefix";
    ASSERT_TRUE(sm4->Apply(iv, text, output).ok());
    EXPECT_EQ(output, "prefix" + *Sm4Ctr(key, iv, text)) << length << " bytes";
  }
  std::string output;
  EXPECT_FALSE(sm4->Apply("short", "text", output).ok());
  EXPECT_FALSE(Sm4CtrContext::Create(key.substr(0, 15)).ok());
}

TEST(PrimitivesTest, RandomBytesDiffer) {
  auto a = RandomBytes(16), b = RandomBytes(16);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 16u);
  EXPECT_NE(*a, *b);
}

TEST(PrimitivesTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(PrimitivesTest, Base64) {
  // RFC 4648 §10 vectors.
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Base64Decode(encoded), plain);
  }
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(Base64Decode(Base64Encode(all_bytes)), all_bytes);
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zh==", "Zm9=", "Zm 9v", "Zg==Zg==", "Zm9v*A=="}) {
    EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
  }
}

TEST(PrimitivesTest, Hex) {
  EXPECT_EQ(HexEncode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(HexDecode("00FF10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("0").has_value());
  EXPECT_FALSE(HexDecode("0g").has_value());
}

}  // namespace
}  // namespace linli::crypto
