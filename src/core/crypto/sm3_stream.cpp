#include "core/crypto/sm3_stream.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <vector>

#include "core/crypto/primitives.hpp"

namespace linli::crypto {

struct Sm3Stream::Context {
  struct MdDeleter {
    void operator()(EVP_MD* md) const { EVP_MD_free(md); }
  };
  struct ContextDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD, MdDeleter> md;
  std::unique_ptr<EVP_MD_CTX, ContextDeleter> context;
  bool finished = false;
};

core::Result<Sm3Stream> Sm3Stream::Create() {
  auto context = std::make_unique<Context>();
  context->md.reset(EVP_MD_fetch(nullptr, "SM3", nullptr));
  context->context.reset(EVP_MD_CTX_new());
  if (!context->md || !context->context ||
      EVP_DigestInit_ex2(context->context.get(), context->md.get(), nullptr) != 1) {
    return core::Error::Internal("加密库调用失败：SM3 初始化 (SM3 init failed)");
  }
  return Sm3Stream(std::move(context));
}

Sm3Stream::Sm3Stream(std::unique_ptr<Context> context) : context_(std::move(context)) {}
Sm3Stream::Sm3Stream(Sm3Stream&&) noexcept = default;
Sm3Stream& Sm3Stream::operator=(Sm3Stream&&) noexcept = default;
Sm3Stream::~Sm3Stream() = default;

core::Status Sm3Stream::Update(std::string_view data) {
  if (context_->finished) return core::Error::Internal("SM3 摘要已完成 (SM3 stream finished)");
  if (EVP_DigestUpdate(context_->context.get(), data.data(), data.size()) != 1) {
    return core::Error::Internal("加密库调用失败：SM3 (SM3 update failed)");
  }
  return core::Ok();
}

core::Result<std::string> Sm3Stream::Finish() {
  if (context_->finished) return core::Error::Internal("SM3 摘要已完成 (SM3 stream finished)");
  context_->finished = true;
  std::string digest(kSm3DigestSize, '\0');
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_->context.get(), reinterpret_cast<unsigned char*>(digest.data()),
                         &length) != 1 ||
      length != kSm3DigestSize) {
    return core::Error::Internal("加密库调用失败：SM3 (SM3 final failed)");
  }
  return digest;
}

core::Result<std::string> Sm3HexOfFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::NotFound("无法打开文件 (cannot open) " + path.string());
  ASSIGN_OR_RETURN(Sm3Stream stream, Sm3Stream::Create());
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    if (got > 0) TRY(stream.Update(std::string_view(buffer.data(), static_cast<size_t>(got))));
  }
  if (in.bad()) return core::Error::Unavailable("读取文件失败 (read error) " + path.string());
  ASSIGN_OR_RETURN(std::string digest, stream.Finish());
  return HexEncode(digest);
}

}  // namespace linli::crypto
