#include "domain/access/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <vector>

#include "core/text.hpp"

namespace linli::access {

namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

}  // namespace

core::Status CheckPasswordPolicy(std::string_view password) {
  const size_t length = core::CodePointCount(password);
  if (length < static_cast<size_t>(kMinPasswordLength)) {
    return core::Error::Validation("密码至少需要 12 个字符", "password");
  }
  if (length > static_cast<size_t>(kMaxPasswordLength)) {
    return core::Error::Validation("密码不能超过 128 个字符", "password");
  }
  bool letter = false, digit = false, symbol = false;
  for (unsigned char c : password) {
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      letter = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      symbol = true;
    }
  }
  if (int(letter) + int(digit) + int(symbol) < 2) {
    return core::Error::Validation("密码需包含字母、数字、符号中的至少两类", "password");
  }
  return core::Ok();
}

core::Result<std::string> HashPassword(std::string_view password,
                                       const PasswordHashParams& params) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return core::Error::Internal("随机数生成失败");
  }
  const size_t encoded_length = argon2_encodedlen(
      params.time_cost, params.memory_kib, params.parallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(encoded_length + 1, '\0');
  const int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return core::Error::Internal(std::string("密码哈希失败: ") + argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool VerifyPassword(std::string_view password, std::string_view encoded_hash) {
  if (encoded_hash.empty() || encoded_hash.size() > 512) return false;
  const std::string encoded(encoded_hash);  // the library wants a NUL-terminated string
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace linli::access
