#include "core/crypto/primitives.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace linli::crypto {
namespace {

struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacContextDeleter {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using MdPointer = std::unique_ptr<EVP_MD, MdDeleter>;
using MdContextPointer = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;
using MacPointer = std::unique_ptr<EVP_MAC, MacDeleter>;
using MacContextPointer = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;
using CipherContextPointer = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const unsigned char* Bytes(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}
unsigned char* MutableBytes(std::string& data) {
  return reinterpret_cast<unsigned char*>(data.data());
}

// An error naming the failed step; OpenSSL's own queue is drained (its text may be logged by
// the caller's message, never shown to users as such).
core::Error OpenSslError(std::string_view step) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  std::string message = "加密库调用失败：" + std::string(step);
  if (code != 0) {
    char detail[256];
    ERR_error_string_n(code, detail, sizeof detail);
    message += " (";
    message += detail;
    message += ")";
  }
  return core::Error::Internal(std::move(message));
}

core::Result<std::string> Sm4Crypt(const EVP_CIPHER* cipher, std::string_view key,
                                   std::string_view iv, std::string_view input, bool padding) {
  if (key.size() != kSm4KeySize) return core::Error::Internal("SM4 密钥长度应为 16 字节");
  if (!iv.empty() && iv.size() != kSm4BlockSize) {
    return core::Error::Internal("SM4 初始向量长度应为 16 字节");
  }
  if (cipher == nullptr) return OpenSslError("SM4 cipher unavailable");
  CipherContextPointer context(EVP_CIPHER_CTX_new());
  if (!context) return OpenSslError("EVP_CIPHER_CTX_new");
  if (EVP_EncryptInit_ex2(context.get(), cipher, Bytes(key), iv.empty() ? nullptr : Bytes(iv),
                          nullptr) != 1) {
    return OpenSslError("EVP_EncryptInit_ex2");
  }
  if (!padding && EVP_CIPHER_CTX_set_padding(context.get(), 0) != 1) {
    return OpenSslError("EVP_CIPHER_CTX_set_padding");
  }
  std::string output(input.size() + kSm4BlockSize, '\0');
  int written = 0;
  if (EVP_EncryptUpdate(context.get(), MutableBytes(output), &written, Bytes(input),
                        static_cast<int>(input.size())) != 1) {
    return OpenSslError("EVP_EncryptUpdate");
  }
  int final_written = 0;
  if (EVP_EncryptFinal_ex(context.get(), MutableBytes(output) + written, &final_written) != 1) {
    return OpenSslError("EVP_EncryptFinal_ex");
  }
  output.resize(static_cast<size_t>(written + final_written));
  return output;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Algorithms fetched once per process: fetching is a locked lookup in OpenSSL 3 that costs
// more than hashing an ID number. The fetched objects are immutable and shared by threads; they
// live until exit on purpose (freeing them in static destructors could race OpenSSL's own
// cleanup at exit).
const EVP_MD* FetchedSm3() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  return md;
}
EVP_MAC* FetchedHmac() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}
const EVP_CIPHER* FetchedCipher(const char* name) {
  static EVP_CIPHER* const ctr = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
  static EVP_CIPHER* const ecb = EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr);
  return std::string_view(name) == "SM4-CTR" ? ctr : ecb;
}

}  // namespace

core::Result<std::string> Sm3(std::string_view data) {
  const EVP_MD* md = FetchedSm3();
  if (md == nullptr) return OpenSslError("EVP_MD_fetch SM3");
  MdContextPointer context(EVP_MD_CTX_new());
  if (!context) return OpenSslError("EVP_MD_CTX_new");
  if (EVP_DigestInit_ex2(context.get(), md, nullptr) != 1) {
    return OpenSslError("EVP_DigestInit_ex2");
  }
  if (EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1) {
    return OpenSslError("EVP_DigestUpdate");
  }
  std::string digest(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), MutableBytes(digest), &length) != 1) {
    return OpenSslError("EVP_DigestFinal_ex");
  }
  digest.resize(length);
  return digest;
}

core::Result<std::string> HmacSm3(std::string_view key, std::string_view data) {
  if (key.empty()) return core::Error::Internal("HMAC 密钥不能为空");
  EVP_MAC* mac = FetchedHmac();
  if (mac == nullptr) return OpenSslError("EVP_MAC_fetch HMAC");
  MacContextPointer context(EVP_MAC_CTX_new(mac));
  if (!context) return OpenSslError("EVP_MAC_CTX_new");
  char digest_name[] = "SM3";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(context.get(), Bytes(key), key.size(), params) != 1) {
    return OpenSslError("EVP_MAC_init");
  }
  if (EVP_MAC_update(context.get(), Bytes(data), data.size()) != 1) {
    return OpenSslError("EVP_MAC_update");
  }
  std::string tag(EVP_MAX_MD_SIZE, '\0');
  size_t length = 0;
  if (EVP_MAC_final(context.get(), MutableBytes(tag), &length, tag.size()) != 1) {
    return OpenSslError("EVP_MAC_final");
  }
  tag.resize(length);
  if (length != kSm3DigestSize) return core::Error::Internal("HMAC-SM3 输出长度异常");
  return tag;
}

// ----- HmacSm3Context -----
// HMAC (RFC 2104) over EVP digests: inner = SM3(K ^ ipad || data), tag = SM3(K ^ opad || inner),
// with K padded (or first hashed, when longer than a block) to SM3's 64-byte block.
struct HmacSm3Context::Contexts {
  MdContextPointer inner;
  MdContextPointer outer;
  MdContextPointer work;
};

HmacSm3Context::HmacSm3Context(std::unique_ptr<Contexts> contexts)
    : contexts_(std::move(contexts)) {}
HmacSm3Context::HmacSm3Context(HmacSm3Context&&) noexcept = default;
HmacSm3Context& HmacSm3Context::operator=(HmacSm3Context&&) noexcept = default;
HmacSm3Context::~HmacSm3Context() = default;

core::Result<HmacSm3Context> HmacSm3Context::Create(std::string_view key) {
  constexpr size_t kBlock = 64;
  if (key.empty()) return core::Error::Internal("HMAC 密钥不能为空");
  const EVP_MD* md = FetchedSm3();
  if (md == nullptr) return OpenSslError("EVP_MD_fetch SM3");
  std::string block(kBlock, '\0');
  if (key.size() > kBlock) {
    ASSIGN_OR_RETURN(std::string digest, Sm3(key));
    std::copy(digest.begin(), digest.end(), block.begin());
    OPENSSL_cleanse(digest.data(), digest.size());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  auto contexts = std::make_unique<Contexts>();
  contexts->inner.reset(EVP_MD_CTX_new());
  contexts->outer.reset(EVP_MD_CTX_new());
  contexts->work.reset(EVP_MD_CTX_new());
  if (!contexts->inner || !contexts->outer || !contexts->work) {
    OPENSSL_cleanse(block.data(), block.size());
    return OpenSslError("EVP_MD_CTX_new");
  }
  std::string pad(kBlock, '\0');
  bool ok = true;
  for (auto [context, byte] :
       {std::pair{contexts->inner.get(), 0x36}, std::pair{contexts->outer.get(), 0x5c}}) {
    for (size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<char>(block[i] ^ byte);
    ok = ok && EVP_DigestInit_ex2(context, md, nullptr) == 1 &&
         EVP_DigestUpdate(context, pad.data(), pad.size()) == 1;
  }
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(pad.data(), pad.size());
  if (!ok) return OpenSslError("HMAC-SM3 key setup");
  return HmacSm3Context(std::move(contexts));
}

core::Status HmacSm3Context::Mac(std::string_view data, unsigned char (&tag)[kSm3DigestSize]) {
  EVP_MD_CTX* work = contexts_->work.get();
  unsigned int length = 0;
  if (EVP_MD_CTX_copy_ex(work, contexts_->inner.get()) != 1 ||
      EVP_DigestUpdate(work, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(work, tag, &length) != 1 || length != kSm3DigestSize ||
      EVP_MD_CTX_copy_ex(work, contexts_->outer.get()) != 1 ||
      EVP_DigestUpdate(work, tag, kSm3DigestSize) != 1 ||
      EVP_DigestFinal_ex(work, tag, &length) != 1 || length != kSm3DigestSize) {
    return OpenSslError("HMAC-SM3");
  }
  return core::Ok();
}

// ----- Sm4CtrContext -----
struct Sm4CtrContext::Cipher {
  CipherContextPointer context;
};

Sm4CtrContext::Sm4CtrContext(std::unique_ptr<Cipher> cipher) : cipher_(std::move(cipher)) {}
Sm4CtrContext::Sm4CtrContext(Sm4CtrContext&&) noexcept = default;
Sm4CtrContext& Sm4CtrContext::operator=(Sm4CtrContext&&) noexcept = default;
Sm4CtrContext::~Sm4CtrContext() = default;

core::Result<Sm4CtrContext> Sm4CtrContext::Create(std::string_view key) {
  if (key.size() != kSm4KeySize) return core::Error::Internal("SM4 密钥长度应为 16 字节");
  const EVP_CIPHER* cipher = FetchedCipher("SM4-CTR");
  if (cipher == nullptr) return OpenSslError("SM4 cipher unavailable");
  auto holder = std::make_unique<Cipher>();
  holder->context.reset(EVP_CIPHER_CTX_new());
  if (!holder->context) return OpenSslError("EVP_CIPHER_CTX_new");
  if (EVP_EncryptInit_ex2(holder->context.get(), cipher, Bytes(key), nullptr, nullptr) != 1) {
    return OpenSslError("EVP_EncryptInit_ex2");
  }
  return Sm4CtrContext(std::move(holder));
}

core::Status Sm4CtrContext::Apply(std::string_view iv, std::string_view input,
                                  std::string& output) {
  if (iv.size() != kSm4BlockSize) return core::Error::Internal("SM4 初始向量长度应为 16 字节");
  EVP_CIPHER_CTX* context = cipher_->context.get();
  // A new IV with no key keeps the key schedule and restarts the counter stream.
  if (EVP_EncryptInit_ex2(context, nullptr, nullptr, Bytes(iv), nullptr) != 1) {
    return OpenSslError("EVP_EncryptInit_ex2");
  }
  const size_t start = output.size();
  output.resize(start + input.size() + kSm4BlockSize);
  int written = 0;
  if (EVP_EncryptUpdate(context, MutableBytes(output) + start, &written, Bytes(input),
                        static_cast<int>(input.size())) != 1) {
    output.resize(start);
    return OpenSslError("EVP_EncryptUpdate");
  }
  int final_written = 0;
  if (EVP_EncryptFinal_ex(context, MutableBytes(output) + start + written, &final_written) != 1) {
    output.resize(start);
    return OpenSslError("EVP_EncryptFinal_ex");
  }
  output.resize(start + static_cast<size_t>(written + final_written));
  return core::Ok();
}

core::Result<std::string> Sm4Ctr(std::string_view key, std::string_view iv,
                                 std::string_view input) {
  if (iv.size() != kSm4BlockSize) return core::Error::Internal("SM4 初始向量长度应为 16 字节");
  return Sm4Crypt(FetchedCipher("SM4-CTR"), key, iv, input, /*padding=*/true);
}

core::Result<std::string> Sm4EncryptBlock(std::string_view key, std::string_view block) {
  if (block.size() != kSm4BlockSize) return core::Error::Internal("SM4 分组长度应为 16 字节");
  return Sm4Crypt(FetchedCipher("SM4-ECB"), key, {}, block, /*padding=*/false);
}

core::Result<std::string> RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (count > 0 && RAND_bytes(MutableBytes(bytes), static_cast<int>(count)) != 1) {
    return OpenSslError("RAND_bytes");
  }
  return bytes;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Base64Encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  size_t index = 0;
  for (; index + 3 <= bytes.size(); index += 3) {
    const uint32_t group = (uint32_t{static_cast<unsigned char>(bytes[index])} << 16) |
                           (uint32_t{static_cast<unsigned char>(bytes[index + 1])} << 8) |
                           uint32_t{static_cast<unsigned char>(bytes[index + 2])};
    text.push_back(kBase64Alphabet[(group >> 18) & 63]);
    text.push_back(kBase64Alphabet[(group >> 12) & 63]);
    text.push_back(kBase64Alphabet[(group >> 6) & 63]);
    text.push_back(kBase64Alphabet[group & 63]);
  }
  const size_t remaining = bytes.size() - index;
  if (remaining > 0) {
    uint32_t group = uint32_t{static_cast<unsigned char>(bytes[index])} << 16;
    if (remaining == 2) group |= uint32_t{static_cast<unsigned char>(bytes[index + 1])} << 8;
    text.push_back(kBase64Alphabet[(group >> 18) & 63]);
    text.push_back(kBase64Alphabet[(group >> 12) & 63]);
    text.push_back(remaining == 2 ? kBase64Alphabet[(group >> 6) & 63] : '=');
    text.push_back('=');
  }
  return text;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (size_t index = 0; index < text.size(); index += 4) {
    const bool last = index + 4 == text.size();
    int padding = 0;
    if (last && text[index + 3] == '=') padding = text[index + 2] == '=' ? 2 : 1;
    uint32_t group = 0;
    for (size_t offset = 0; offset < 4; ++offset) {
      int value = 0;
      if (offset >= 4 - static_cast<size_t>(padding)) {
        if (text[index + offset] != '=') return std::nullopt;
      } else {
        value = Base64Value(text[index + offset]);
        if (value < 0) return std::nullopt;
      }
      group = (group << 6) | static_cast<uint32_t>(value);
    }
    bytes.push_back(static_cast<char>((group >> 16) & 0xFF));
    if (padding < 2) bytes.push_back(static_cast<char>((group >> 8) & 0xFF));
    if (padding < 1) bytes.push_back(static_cast<char>(group & 0xFF));
    // Bits under the padding must be zero, so that every byte string has one encoding.
    if ((padding == 1 && (group & 0xFF) != 0) || (padding == 2 && (group & 0xFFFF) != 0)) {
      return std::nullopt;
    }
  }
  return bytes;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (char byte : bytes) {
    const auto value = static_cast<unsigned char>(byte);
    text.push_back(kDigits[value >> 4]);
    text.push_back(kDigits[value & 15]);
  }
  return text;
}

std::optional<std::string> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() / 2);
  for (size_t index = 0; index < text.size(); index += 2) {
    const int high = HexValue(text[index]);
    const int low = HexValue(text[index + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

}  // namespace linli::crypto
