#include "domain/service_requests/service_requests.hpp"

#include <cstdint>
#include <vector>

#include "core/files.hpp"

namespace linli::service_requests {

void ApplyToRequest(const StateChange& change, ServiceRequest& request) {
  request.state = change.to;
  request.updated_at = change.record.at;
  if (change.received_at) request.received_at = *change.received_at;
  if (change.deadline_at) request.deadline_at = *change.deadline_at;
  if (change.completed_at) request.completed_at = *change.completed_at;
  if (change.handling_working_days) request.handling_working_days = *change.handling_working_days;
  if (change.on_time) request.on_time = *change.on_time;
  if (change.outcome) request.outcome = *change.outcome;
  if (change.rating) {
    request.rating = *change.rating;
    request.rating_comment = change.rating_comment.value_or("");
    request.rated_at = change.record.at;
  }
}

std::string_view FiguresGroupingName(FiguresGrouping grouping) {
  switch (grouping) {
    case FiguresGrouping::kItem:
      return "item";
    case FiguresGrouping::kCommunity:
      return "community";
    case FiguresGrouping::kTown:
      return "town";
    case FiguresGrouping::kCounty:
      return "county";
  }
  return "community";
}

std::optional<FiguresGrouping> FiguresGroupingFromName(std::string_view name) {
  for (FiguresGrouping grouping : {FiguresGrouping::kItem, FiguresGrouping::kCommunity,
                                   FiguresGrouping::kTown, FiguresGrouping::kCounty}) {
    if (FiguresGroupingName(grouping) == name) return grouping;
  }
  return std::nullopt;
}

namespace {

uint32_t ReadLittleEndian(std::string_view bytes, size_t at, size_t width) {
  uint32_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

// The entry names of a ZIP archive's central directory (empty when it is not a well-formed
// one). Reads only the directory: the names are stored uncompressed there.
std::vector<std::string_view> ZipEntryNames(std::string_view bytes) {
  constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
  constexpr std::string_view kEndOfDirectory("PK\x05\x06", 4);
  constexpr std::string_view kDirectoryHeader("PK\x01\x02", 4);
  constexpr size_t kEndRecordSize = 22;
  if (bytes.size() < kEndRecordSize + 4 || bytes.substr(0, 4) != kLocalHeader) return {};
  // The end record sits in the last 22 + 65,535 (comment) bytes.
  const size_t search_from =
      bytes.size() > kEndRecordSize + 65535 ? bytes.size() - kEndRecordSize - 65535 : 0;
  const size_t end = bytes.rfind(kEndOfDirectory);
  if (end == std::string_view::npos || end < search_from || end + kEndRecordSize > bytes.size()) {
    return {};
  }
  const uint32_t entries = ReadLittleEndian(bytes, end + 10, 2);
  size_t at = ReadLittleEndian(bytes, end + 16, 4);
  std::vector<std::string_view> names;
  for (uint32_t i = 0; i < entries; ++i) {
    if (at + 46 > end || bytes.substr(at, 4) != kDirectoryHeader) return {};
    const size_t name_length = ReadLittleEndian(bytes, at + 28, 2);
    const size_t extra_length = ReadLittleEndian(bytes, at + 30, 2);
    const size_t comment_length = ReadLittleEndian(bytes, at + 32, 2);
    if (at + 46 + name_length > end) return {};
    names.push_back(bytes.substr(at + 46, name_length));
    at += 46 + name_length + extra_length + comment_length;
  }
  return names;
}

}  // namespace

std::string_view SniffSampleFormType(std::string_view bytes) {
  if (core::SniffFileType(bytes) == core::kPdfType) return core::kPdfType;
  bool content_types = false, word = false, sheet = false;
  for (std::string_view name : ZipEntryNames(bytes)) {
    if (name == "[Content_Types].xml") content_types = true;
    if (name.substr(0, 5) == "word/") word = true;
    if (name.substr(0, 3) == "xl/") sheet = true;
  }
  if (!content_types || word == sheet) return "";
  return word ? kDocxType : kXlsxType;
}

}  // namespace linli::service_requests
