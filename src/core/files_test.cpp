#include "core/files.hpp"

#include <gtest/gtest.h>

#include <string>

namespace linli::core {
namespace {

TEST(SniffFileType, KnowsPdfJpegAndPngByTheirFirstBytes) {
  EXPECT_EQ(SniffFileType("%PDF-1.7\n..."), kPdfType);
  EXPECT_EQ(SniffFileType(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10)), kJpegType);
  EXPECT_EQ(SniffFileType(std::string("\x89PNG\r\n\x1a\n\x00\x00", 10)), kPngType);
}

TEST(SniffFileType, AnythingElseIsUnknown) {
  EXPECT_EQ(SniffFileType(""), "");
  EXPECT_EQ(SniffFileType("%PDF"), "");                             // cut short
  EXPECT_EQ(SniffFileType(std::string("\xFF\xD8", 2)), "");         // cut short
  EXPECT_EQ(SniffFileType(std::string("\x89PNG\r\n\x1a", 7)), "");  // cut short
  EXPECT_EQ(SniffFileType("GIF89a"), "");
  EXPECT_EQ(SniffFileType("PK\x03\x04"), "");
  EXPECT_EQ(SniffFileType(" %PDF-1.7"), "");  // not at the start
}

TEST(SniffImageType, OnlyPhotos) {
  EXPECT_EQ(SniffImageType(std::string("\xFF\xD8\xFF\xDB", 4)), kJpegType);
  EXPECT_EQ(SniffImageType(std::string("\x89PNG\r\n\x1a\n", 8)), kPngType);
  EXPECT_EQ(SniffImageType("%PDF-1.4"), "");
}

}  // namespace
}  // namespace linli::core
