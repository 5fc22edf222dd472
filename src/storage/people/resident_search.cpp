// The resident search: SqlPeopleRepository::SearchResidents and its planner
// (internal/resident_search.hpp).
#include "storage/people/internal/resident_search.hpp"

#include <algorithm>

#include "core/identity/date.hpp"
#include "storage/keyset.hpp"
#include "storage/people/internal/sql_people_repository.hpp"
#include "storage/people/name_grams.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage::people_internal {

namespace {

using people::Resident;
using people::ResidentSort;

// Community codes are 12 digits. A name search inside one community (or grid) scans that
// place's stretch of the (place, name) index; a wider one walks the name grams.
constexpr size_t kCommunityCodeLength = 12;

// A search text of three or more characters walks the rarest of its bigrams, each counted up
// to this many rows (of the first kMaxGramProbes bigrams).
constexpr int64_t kGramProbeLimit = 5000;
constexpr size_t kMaxGramProbes = 6;

// The gram a name search walks: of a text's several bigrams, the one with the fewest rows.
core::Result<std::string> RarestGram(Connection& c, std::string_view text) {
  const auto grams = SearchGrams(text);
  std::string best(grams.at(0));
  int64_t fewest = kGramProbeLimit + 1;
  for (size_t i = 0; grams.size() > 1 && i < grams.size() && i < kMaxGramProbes; ++i) {
    ASSIGN_OR_RETURN(auto counted,
                     c.Query("SELECT COUNT(*) FROM (SELECT 1 FROM resident_name_grams WHERE "
                             "gram = ? LIMIT ?) t",
                             {std::string(grams[i]), kGramProbeLimit}));
    const int64_t rows = counted.rows.at(0).Int(0);
    if (rows < fewest) {
      fewest = rows;
      best = std::string(grams[i]);
    }
    if (rows == 0) break;  // no name holds it: the walk finds nothing at once
  }
  return best;
}

// The keyset of a sort over the given columns: by the sort's key (a name, a birth date) with
// the id breaking ties, or by the id alone.
Keyset SortKeyset(ResidentSort sort, const std::string& name_column,
                  const std::string& birth_column, const std::string& id_column) {
  switch (sort) {
    case ResidentSort::kName:
      return Keyset::ByTextThenId(name_column, SortOrder::kAscending, id_column);
    case ResidentSort::kAge:  // youngest first
      return Keyset::ByTextThenId(birth_column, SortOrder::kDescending, id_column);
    case ResidentSort::kAgeDescending:
      return Keyset::ByTextThenId(birth_column, SortOrder::kAscending, id_column);
    case ResidentSort::kId:
      break;
  }
  return Keyset::ById(id_column);
}

}  // namespace

ResidentSource ChooseResidentSource(const people::ResidentQuery& query, const core::Scope& scope) {
  const bool by_grams = [&] {
    if (query.name_text.empty()) return false;
    size_t narrowest = query.place_prefix.size();
    if (!scope.all) {
      if (scope.prefixes.empty()) return false;
      size_t widest = kCommunityCodeLength;
      for (const auto& prefix : scope.prefixes) widest = std::min(widest, prefix.size());
      narrowest = std::max(narrowest, widest);
    }
    if (narrowest >= kCommunityCodeLength) return false;
    return query.sort == ResidentSort::kName || NameCharacters(query.name_text).size() >= 2;
  }();
  if (by_grams) return ResidentSource::kNameGrams;
  if (!query.tag_code.empty()) return ResidentSource::kTags;
  return ResidentSource::kResidents;
}

core::Result<ResidentSearchPlan> PlanResidentSearch(const people::ResidentQuery& query,
                                                    const core::Scope& scope,
                                                    const core::PageRequest& page,
                                                    const ResidentSearchLookups& lookups) {
  ResidentSearchPlan plan;
  plan.source = ChooseResidentSource(query, scope);
  const bool by_grams = plan.source == ResidentSource::kNameGrams;
  const bool by_tags = plan.source == ResidentSource::kTags;
  std::vector<Value>& params = plan.params;
  std::string sql;
  std::string id_column = "r.id";
  std::string name_column = "r.name";
  std::string birth_column = "r.birth_date";
  // The tag filter's conditions on the tag rows aliased `t` (validity on the query's day).
  auto tag_conditions = [&] {
    std::string conditions = ScopeClause(scope, "t.place_code", params) + " AND t.tag_code = ?";
    params.emplace_back(query.tag_code);
    if (!query.place_prefix.empty()) {
      conditions += " AND t.place_code LIKE ?";
      params.emplace_back(query.place_prefix + "%");
    }
    conditions += " AND t.valid_from <= ? AND (t.valid_until IS NULL OR t.valid_until > ?)";
    params.emplace_back(query.today);
    params.emplace_back(query.today);
    return conditions;
  };
  if (by_tags) {
    const bool needs_row = !query.name_text.empty() || !query.id_number.empty() ||
                           !query.phone.empty() || query.status ||
                           query.sort == ResidentSort::kName;
    id_column = "t.resident_id";
    birth_column = "t.birth_date";
    sql = "SELECT t.resident_id FROM resident_tags t";
    if (needs_row) sql += " JOIN residents r ON r.id = t.resident_id";
    sql += " WHERE " + tag_conditions();
    if (!query.name_text.empty()) {
      sql += " AND " + LikeClause("r.name", query.name_text, LikeMatch::kContains, params);
    }
  } else if (by_grams) {
    const bool needs_row = !query.id_number.empty() || !query.phone.empty() || query.status ||
                           query.born_on_or_before || query.born_after ||
                           query.sort == ResidentSort::kAge ||
                           query.sort == ResidentSort::kAgeDescending;
    id_column = "g.resident_id";
    name_column = "g.name";
    sql = "SELECT g.resident_id FROM resident_name_grams g";
    if (needs_row) sql += " JOIN residents r ON r.id = g.resident_id";
    sql += " WHERE g.gram = ? AND ";
    params.emplace_back(lookups.gram);
    sql += LikeClause("g.name", query.name_text, LikeMatch::kContains, params) + " AND ";
    sql += ScopeClause(scope, "g.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND g.place_code LIKE ?";
      params.emplace_back(query.place_prefix + "%");
    }
  } else {
    sql = "SELECT r.id FROM residents r WHERE " + ScopeClause(scope, "r.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND r.place_code LIKE ?";
      params.emplace_back(query.place_prefix + "%");
    }
    if (!query.name_text.empty()) {
      sql += " AND " + LikeClause("r.name", query.name_text, LikeMatch::kContains, params);
    }
  }
  if (!query.id_number.empty()) {
    sql += " AND r.id_number_index = ?";
    params.emplace_back(lookups.id_number_index);
  }
  if (!query.phone.empty()) {
    sql += " AND r.phone_index = ?";
    params.emplace_back(lookups.phone_index);
  }
  if (query.status) {
    sql += " AND r.status = ?";
    params.emplace_back(std::string(people::ResidentStatusName(*query.status)));
  }
  if (query.born_on_or_before) {
    sql += " AND " + birth_column + " <= ?";
    params.emplace_back(*query.born_on_or_before);
  }
  if (query.born_after) {
    sql += " AND " + birth_column + " > ?";
    params.emplace_back(*query.born_after);
  }
  if (!query.tag_code.empty() && !by_tags) {
    sql += " AND " + id_column + " IN (SELECT t.resident_id FROM resident_tags t WHERE " +
           tag_conditions() + ")";
  }
  // Keyset pagination by the sort key and id of the last row seen: `ids` orders the ids step,
  // `rows` the rows step (the same keys: a gram row's name is its resident's).
  const Keyset ids = SortKeyset(query.sort, name_column, birth_column, id_column);
  const Keyset rows = SortKeyset(query.sort, "r.name", "r.birth_date", "r.id");
  TRY(ids.AppendAfter(page, sql, params));
  if (by_grams && query.sort == ResidentSort::kName && !page.after.empty()) {
    // Implied by the condition above; lets the walk start at the cursor.
    ASSIGN_OR_RETURN(core::TextIdKey after, core::ParseTextIdKey(page.after));
    sql += " AND g.name >= ?";
    params.emplace_back(std::move(after.text));
  }
  if (by_tags) {
    // A resident with two valid rows of the tag counts once.
    sql += " GROUP BY " + id_column;
    if (query.sort == ResidentSort::kName) sql += ", " + name_column;
    if (query.sort == ResidentSort::kAge || query.sort == ResidentSort::kAgeDescending) {
      sql += ", " + birth_column;
    }
  }
  sql += ids.OrderBy() + " LIMIT ?";
  params.emplace_back(int64_t{page.limit} + 1);
  sql = std::string(kResidentSelect) + " WHERE r.id IN (" + sql + ")";
  if (by_tags) {
    // The resident row has the last word on place (the tag rows follow it in the same
    // transactions, so this only ever confirms them).
    sql += " AND " + ScopeClause(scope, "r.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND r.place_code LIKE ?";
      params.emplace_back(query.place_prefix + "%");
    }
  } else if (by_grams) {
    // The resident row has the last word on place and name (a gram row is written in the
    // same transaction as its resident's, so this only ever confirms it).
    sql += " AND " + ScopeClause(scope, "r.place_code", params) + " AND " +
           LikeClause("r.name", query.name_text, LikeMatch::kContains, params);
    if (!query.place_prefix.empty()) {
      sql += " AND r.place_code LIKE ?";
      params.emplace_back(query.place_prefix + "%");
    }
  }
  sql += rows.OrderBy();
  plan.sql = std::move(sql);
  return plan;
}

std::string ResidentCursor(const Resident& resident, ResidentSort sort) {
  switch (sort) {
    case ResidentSort::kName:
      return core::EncodeTextIdCursor({resident.name, resident.id});
    case ResidentSort::kAge:
    case ResidentSort::kAgeDescending:
      return core::EncodeTextIdCursor({identity::FormatDate(resident.birth_date), resident.id});
    case ResidentSort::kId:
      break;
  }
  return core::EncodeIdCursor(resident.id);
}

core::Result<core::Page<Resident>> SqlPeopleRepository::SearchResidents(
    const people::ResidentQuery& query, const core::Scope& scope, const core::PageRequest& page) {
  ASSIGN_OR_RETURN(auto connection, database_.Acquire());
  ResidentSearchLookups lookups;
  if (ChooseResidentSource(query, scope) == ResidentSource::kNameGrams) {
    ASSIGN_OR_RETURN(lookups.gram, RarestGram(*connection, query.name_text));
  }
  if (!query.id_number.empty()) {
    ASSIGN_OR_RETURN(lookups.id_number_index, keys_.BlindIndex("id_number", query.id_number));
  }
  if (!query.phone.empty()) {
    ASSIGN_OR_RETURN(lookups.phone_index, keys_.BlindIndex("phone", query.phone));
  }
  ASSIGN_OR_RETURN(ResidentSearchPlan plan, PlanResidentSearch(query, scope, page, lookups));
  ASSIGN_OR_RETURN(auto result, connection->Query(plan.sql, plan.params));
  core::Page<Resident> out;
  ASSIGN_OR_RETURN(out.items, ResidentsFromRows(*connection, result.rows, query.today));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next_cursor = ResidentCursor(out.items.back(), query.sort);
  }
  return out;
}

}  // namespace linli::storage::people_internal
