#include "core/crypto/sm3_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "core/crypto/primitives.hpp"

namespace linli::crypto {
namespace {

TEST(Sm3StreamTest, PiecesGiveTheOneShotDigest) {
  auto stream = Sm3Stream::Create();
  ASSERT_TRUE(stream.ok());
  ASSERT_TRUE(stream->Update("a").ok());
  ASSERT_TRUE(stream->Update("").ok());
  ASSERT_TRUE(stream->Update("bc").ok());
  auto digest = stream->Finish();
  ASSERT_TRUE(digest.ok());
  // GB/T 32905 example 1.
  EXPECT_EQ(HexEncode(*digest), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_FALSE(stream->Update("more").ok());
}

TEST(Sm3StreamTest, FileDigestMatchesAcrossBufferBoundaries) {
  const auto path =
      std::filesystem::temp_directory_path() / ("linli_sm3_" + std::to_string(::getpid()) + ".bin");
  std::string content;
  for (int i = 0; i < (3 << 20) + 17; ++i) content.push_back(static_cast<char>(i * 31 % 251));
  {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  auto file_digest = Sm3HexOfFile(path);
  ASSERT_TRUE(file_digest.ok()) << file_digest.error().message;
  EXPECT_EQ(*file_digest, HexEncode(*Sm3(content)));
  std::filesystem::remove(path);
  EXPECT_EQ(Sm3HexOfFile(path).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace linli::crypto
