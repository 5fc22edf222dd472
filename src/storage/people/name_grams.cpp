#include "storage/people/name_grams.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <thread>

namespace linli::storage {

namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool IsLeadByte(char c) { return static_cast<unsigned char>(c) >= 0xC0; }

void AddOnce(std::vector<std::string_view>& grams, std::string_view gram) {
  if (std::find(grams.begin(), grams.end(), gram) == grams.end()) grams.push_back(gram);
}

// Characters i and i + 1 as one view (they are adjacent in the text).
std::string_view Pair(const std::vector<std::string_view>& characters, size_t i) {
  return {characters[i].data(), characters[i].size() + characters[i + 1].size()};
}

// Sorts `items` with `less`, the two halves on two threads for large inputs, then merges them.
template <typename T, typename Less>
void SortOnTwoThreads(std::vector<T>& items, Less less) {
  if (items.size() < 100'000 || std::thread::hardware_concurrency() < 2) {
    std::sort(items.begin(), items.end(), less);
    return;
  }
  const auto middle = items.begin() + std::ptrdiff_t(items.size() / 2);
  std::thread first([&] { std::sort(items.begin(), middle, less); });
  std::sort(middle, items.end(), less);
  first.join();
  std::inplace_merge(items.begin(), middle, items.end(), less);
}

// The first eight bytes of `gram`, big-endian, zero-padded: comparing two of them compares the
// grams' first eight bytes as memcmp does (a shorter gram, padded with zeros, sorts first).
uint64_t GramPrefix(std::string_view gram) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, gram.data(), std::min<size_t>(gram.size(), 8));
  uint64_t prefix = 0;
  for (unsigned char byte : bytes) prefix = (prefix << 8) | byte;
  return prefix;
}

}  // namespace

std::vector<std::string_view> NameCharacters(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    // As SQLite's SQLITE_SKIP_UTF8: a lead byte takes the continuation bytes after it; any
    // other byte is a character of its own (the same for valid UTF-8, the only kind
    // PostgreSQL stores).
    size_t end = i + 1;
    if (IsLeadByte(text[i])) {
      while (end < text.size() && IsContinuationByte(text[end])) ++end;
    }
    out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::vector<std::string_view> NameGrams(std::string_view name) {
  const auto characters = NameCharacters(name);
  std::vector<std::string_view> grams;
  grams.reserve(2 * characters.size());
  for (auto character : characters) AddOnce(grams, character);
  for (size_t i = 0; i + 1 < characters.size(); ++i) AddOnce(grams, Pair(characters, i));
  return grams;
}

std::vector<std::string_view> SearchGrams(std::string_view text) {
  const auto characters = NameCharacters(text);
  std::vector<std::string_view> grams;
  if (characters.empty()) return grams;
  if (characters.size() <= 2) return {text};
  for (size_t i = 0; i + 1 < characters.size(); ++i) AddOnce(grams, Pair(characters, i));
  return grams;
}

core::Result<std::vector<NameGramRow>> NameGramsInIndexOrder(
    const std::vector<std::string_view>& names, const std::vector<int64_t>& ids) {
  if (names.size() != ids.size() || names.size() > std::numeric_limits<uint32_t>::max()) {
    return core::Error::InvalidArgument("name grams: names and ids do not match");
  }
  // Each name's rank in (name, id) order: the sort below then compares two integers where the
  // index compares a name and an id.
  std::vector<uint32_t> by_rank(names.size());
  std::iota(by_rank.begin(), by_rank.end(), 0u);
  SortOnTwoThreads(by_rank, [&](uint32_t a, uint32_t b) {
    if (names[a] != names[b]) return names[a] < names[b];
    return ids[a] < ids[b];
  });
  std::vector<uint32_t> rank(names.size());
  for (uint32_t r = 0; r < by_rank.size(); ++r) rank[by_rank[r]] = r;

  struct Key {
    uint64_t prefix;
    uint32_t rank;
    uint16_t offset;
    uint16_t length;
  };
  std::vector<Key> keys;
  keys.reserve(names.size() * 5);
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string_view name = names[i];
    if (name.size() > std::numeric_limits<uint16_t>::max()) {
      return core::Error::InvalidArgument("name grams: a name of more than 65,535 bytes");
    }
    for (auto gram : NameGrams(name)) {
      keys.push_back(
          {GramPrefix(gram), rank[i], uint16_t(gram.data() - name.data()), uint16_t(gram.size())});
    }
  }
  const auto gram_of = [&](const Key& key) {
    return names[by_rank[key.rank]].substr(key.offset, key.length);
  };
  SortOnTwoThreads(keys, [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    // Equal first eight bytes: only grams longer than that can still differ.
    if (a.length > 8 || b.length > 8) {
      const int order = gram_of(a).compare(gram_of(b));
      if (order != 0) return order < 0;
    }
    return a.rank < b.rank;
  });
  std::vector<NameGramRow> rows(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    rows[k] = {by_rank[keys[k].rank], keys[k].offset, keys[k].length};
  }
  return rows;
}

const std::string_view kNameGramsFillSql =
    "WITH RECURSIVE positions (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM positions WHERE n < "
    "(SELECT COALESCE(MAX(length(name)), 0) FROM residents)), "
    "fresh AS (SELECT id, name, place_code FROM residents WHERE id > (SELECT "
    "COALESCE(MAX(resident_id), 0) FROM resident_name_grams)) "
    "INSERT INTO resident_name_grams (gram, name, resident_id, place_code) "
    "SELECT substr(r.name, p.n, 1), r.name, r.id, r.place_code "
    "FROM fresh r JOIN positions p ON p.n <= length(r.name) "
    "WHERE length(replace(substr(r.name, 1, p.n - 1), substr(r.name, p.n, 1), '')) = p.n - 1 "
    "UNION ALL "
    "SELECT substr(r.name, p.n, 2), r.name, r.id, r.place_code "
    "FROM fresh r JOIN positions p ON p.n < length(r.name) "
    "WHERE length(replace(substr(r.name, 1, p.n), substr(r.name, p.n, 2), '')) = p.n";

}  // namespace linli::storage
