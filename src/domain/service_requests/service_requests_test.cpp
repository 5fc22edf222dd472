#include "domain/service_requests/service_requests.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace linli::service_requests {
namespace {

// A ZIP archive of empty stored entries with these names: local headers, the central
// directory and its end record (CRCs are zero: the sniffing reads only the directory).
std::string Zip(const std::vector<std::string>& names) {
  auto le = [](std::string& out, uint32_t value, int width) {
    for (int i = 0; i < width; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
  };
  std::string out, directory;
  for (const std::string& name : names) {
    const uint32_t offset = static_cast<uint32_t>(out.size());
    out += std::string("PK\x03\x04", 4);
    le(out, 20, 2);  // version
    le(out, 0, 2);   // flags
    le(out, 0, 2);   // stored
    le(out, 0, 4);   // time, date
    le(out, 0, 4);   // crc
    le(out, 0, 4);   // sizes
    le(out, 0, 4);
    le(out, static_cast<uint32_t>(name.size()), 2);
    le(out, 0, 2);
    out += name;
    directory += std::string("PK\x01\x02", 4);
    le(directory, 20, 2);
    le(directory, 20, 2);
    le(directory, 0, 2);
    le(directory, 0, 2);
    le(directory, 0, 4);
    le(directory, 0, 4);
    le(directory, 0, 4);
    le(directory, 0, 4);
    le(directory, static_cast<uint32_t>(name.size()), 2);
    le(directory, 0, 2);  // extra
    le(directory, 0, 2);  // comment
    le(directory, 0, 2);  // disk
    le(directory, 0, 2);  // internal attributes
    le(directory, 0, 4);  // external attributes
    le(directory, offset, 4);
    directory += name;
  }
  const uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  out += std::string("PK\x05\x06", 4);
  le(out, 0, 4);
  le(out, static_cast<uint32_t>(names.size()), 2);
  le(out, static_cast<uint32_t>(names.size()), 2);
  le(out, static_cast<uint32_t>(directory.size()), 4);
  le(out, directory_offset, 4);
  le(out, 0, 2);
  return out;
}

TEST(SniffSampleFormTypeTest, RecognisesPdfDocxXlsxAndNothingElse) {
  EXPECT_EQ(SniffSampleFormType("%PDF-1.4\n..."), "application/pdf");
  EXPECT_EQ(SniffSampleFormType(Zip({"[Content_Types].xml", "_rels/.rels", "word/document.xml"})),
            kDocxType);
  EXPECT_EQ(SniffSampleFormType(Zip({"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml"})),
            kXlsxType);
  // Images (fine as materials) are not sample forms.
  EXPECT_EQ(SniffSampleFormType(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10)), "");
  EXPECT_EQ(SniffSampleFormType(std::string("\x89PNG\r\n\x1a\n\x00\x00", 10)), "");
  // A plain ZIP, a ZIP without the content types part, one that claims both kinds.
  EXPECT_EQ(SniffSampleFormType(Zip({"readme.txt"})), "");
  EXPECT_EQ(SniffSampleFormType(Zip({"word/document.xml"})), "");
  EXPECT_EQ(SniffSampleFormType(Zip({"[Content_Types].xml", "word/a.xml", "xl/b.xml"})), "");
  // An old binary Office file (.doc/.xls: OLE compound document) and an executable.
  EXPECT_EQ(SniffSampleFormType(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)), "");
  EXPECT_EQ(SniffSampleFormType("MZ\x90\x00"), "");
  EXPECT_EQ(SniffSampleFormType(""), "");
  // Truncated: the end record or the directory cut off.
  const std::string docx = Zip({"[Content_Types].xml", "word/document.xml"});
  EXPECT_EQ(SniffSampleFormType(docx.substr(0, docx.size() - 10)), "");
  EXPECT_EQ(SniffSampleFormType(docx.substr(0, 60)), "");
  // A directory entry count larger than the directory holds.
  std::string lying = docx;
  lying[lying.size() - 12] = 9;  // total entries
  EXPECT_EQ(SniffSampleFormType(lying), "");
}

TEST(FiguresGroupingTest, NamesRoundTrip) {
  for (auto grouping : {FiguresGrouping::kItem, FiguresGrouping::kCommunity, FiguresGrouping::kTown,
                        FiguresGrouping::kCounty}) {
    EXPECT_EQ(FiguresGroupingFromName(FiguresGroupingName(grouping)), grouping);
  }
  EXPECT_FALSE(FiguresGroupingFromName("grid").has_value());
}

}  // namespace
}  // namespace linli::service_requests
