// The grams of resident names behind the substring name search (table resident_name_grams,
// migration 0009; docs/decisions/0007-name-search.md): every distinct character and every
// distinct pair of adjacent characters of a name. A name contains a text only if it holds
// every gram of that text, so the rows of one gram of the text, checked with LIKE, find every
// name containing it. Characters are counted as SQLite and PostgreSQL count them in length()
// and substr() (a UTF-8 lead byte and its continuation bytes), so these functions and the
// migration's SQL give the same grams.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

}  // namespace linli::storage
