// The grams of resident names behind the substring name search (table resident_name_grams,
// migration 0009; docs/decisions/0007-name-search.md): every distinct character and every
// distinct pair of adjacent characters of a name. A name contains a text only if it holds
// every gram of that text, so the rows of one gram of the text, checked with LIKE, find every
// name containing it. Characters are counted as SQLite and PostgreSQL count them in length()
// and substr() (a UTF-8 lead byte and its continuation bytes), so these functions and the
// migration's SQL give the same grams.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::storage {

// The characters of `text` (each a view into it), in order.
std::vector<std::string_view> NameCharacters(std::string_view text);

// The distinct unigrams and bigrams of `name` (views into it), each at its first occurrence,
// unigrams first.
std::vector<std::string_view> NameGrams(std::string_view name);

// The grams a search for `text` may walk, any one of which finds every match: the text itself
// when it is one or two characters long, else its distinct bigrams (views into it). Empty for
// an empty text.
std::vector<std::string_view> SearchGrams(std::string_view text);

// One row of resident_name_grams to write: the gram at [offset, offset + length) of name
// `name` (an index into the caller's list).
struct NameGramRow {
  uint32_t name = 0;
  uint16_t offset = 0;
  uint16_t length = 0;
};

// The grams (NameGrams) of every name of `names`, in the order of the gram index (gram, name,
// resident id; bytes compared as SQLite compares text), `ids[i]` being the resident of
// `names[i]`. Inserting rows in this order visits each index page once: far cheaper than
// SQLite's CREATE INDEX over them (its sorter compares whole records, most of which share their
// first columns). Sorts on two threads for large lists. A name longer than 65,535 bytes is an
// error (names hold at most 50 characters).
core::Result<std::vector<NameGramRow>> NameGramsInIndexOrder(
    const std::vector<std::string_view>& names, const std::vector<int64_t>& ids);

// The SQL that writes the grams of every resident registered after the last one that has
// grams (ids only grow): the fill recorded by a bulk load that leaves the grams to its end
// (storage/bulk_write.hpp DeferFill), run by Migrate if that load died before writing them.
// The same grams as NameGrams, computed in SQL as migration 0009 does.
extern const std::string_view kNameGramsFillSql;

}  // namespace linli::storage
