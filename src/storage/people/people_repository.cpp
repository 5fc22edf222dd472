#include "storage/people/people_repository.hpp"

#include <algorithm>
#include <charconv>
#include <future>
#include <span>

#include "core/identity/id_number.hpp"
#include "core/page.hpp"
#include "core/parallel.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/people/internal/sealed_fields.hpp"
#include "storage/people/name_grams.hpp"
#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using people::Building;
using people::Household;
using people::ResidenceRecord;
using people::Resident;
using people::ResidentTag;
using people::TagDefinition;

constexpr std::string_view kCurrentStatuses = "('registered_resident', 'floating', 'away')";

// The tables a bulk load (seeder, first import) writes.
const std::vector<std::string> kRegistryTables = {"buildings",     "households",
                                                  "residents",     "residence_history",
                                                  "resident_tags", "resident_name_grams"};

// Which secondary indexes the seeder's bulk load drops and rebuilds (docs/decisions/0006).
// SQLite: only the indexes whose keys arrive in random order — loads come community after
// community, so keys that start with a place code or a fresh id grow at their B-tree's right edge
// and cost little to maintain, while SQLite rebuilds an index by scanning the whole table again.
// PostgreSQL: every secondary index (empty = all); it maintains indexes row by row at a higher
// cost and rebuilds them with parallel workers.
std::vector<std::string> IndexesWorthDeferring(const storage::Connection& c) {
  if (c.dialect() == storage::Dialect::kPostgres) return {};
  return {"residents_id_number", "residents_phone", "residents_name", "residents_birth"};
}

// On SQLite a bulk load writes no name grams: EndBulkLoad writes them all at its end, in the
// gram index's order (NameGramsInIndexOrder), into the table with its index in place. SQLite's
// CREATE INDEX over the city's 21 million grams took 106 s of CPU, its sorter comparing whole
// records most of which share their first columns. Recorded as a deferred fill (the SQL of
// kNameGramsFillSql) so that Migrate writes them if the load dies first. PostgreSQL writes them
// with the batches and builds the index in parallel.
constexpr std::string_view kNameGramsFill = "resident_name_grams_fill";

constexpr std::string_view kBuildingColumns =
    "id, community_code, grid_code, micro_grid_code, address, lat, lon, kind, floors, synthetic, "
    "created_at, updated_at";
constexpr std::string_view kHouseholdColumns =
    "id, building_id, room, type, head_id, since, until, community_code, grid_code, synthetic, "
    "created_at, updated_at";
constexpr std::string_view kResidentSelect =
    "SELECT r.id, r.name, r.id_number_cipher, r.phone_cipher, r.sex, r.birth_date, "
    "r.ethnicity_code, r.status, r.status_since, r.household_id, r.relation, r.community_code, "
    "r.grid_code, h.building_id, r.synthetic, r.created_at, r.updated_at "
    "FROM residents r LEFT JOIN households h ON h.id = r.household_id";
constexpr std::string_view kHistoryColumns =
    "id, resident_id, household_id, community_code, grid_code, status, valid_from, valid_until, "
    "event";

std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

// Community codes are 12 digits. A name search inside one community (or grid) scans that
// place's stretch of the (place, name) index; a wider one walks the name grams.
constexpr size_t kCommunityCodeLength = 12;

// A search text of three or more characters walks the rarest of its bigrams, each counted up
// to this many rows (of the first kMaxGramProbes bigrams).
constexpr int64_t kGramProbeLimit = 5000;
constexpr size_t kMaxGramProbes = 6;

// True when the ids of a name search come from resident_name_grams (migration 0009,
// docs/decisions/0007-name-search.md): a name text over more than one community, sorted by
// name (the gram index's own order, so a page stops as soon as it is full) or of two or more
// characters (whose gram is rare enough to sort all its rows in scope).
bool SearchesByNameGrams(const people::ResidentQuery& query, const core::Scope& scope) {
  if (query.name_text.empty()) return false;
  size_t narrowest = query.place_prefix.size();
  if (!scope.all) {
    if (scope.prefixes.empty()) return false;
    size_t widest = kCommunityCodeLength;
    for (const auto& prefix : scope.prefixes) widest = std::min(widest, prefix.size());
    narrowest = std::max(narrowest, widest);
  }
  if (narrowest >= kCommunityCodeLength) return false;
  return query.sort == people::ResidentSort::kName || NameCharacters(query.name_text).size() >= 2;
}

using people_internal::IdNumberAt;
using people_internal::PhoneAt;

core::Error CorruptRow(std::string_view what) {
  return core::Error::Internal("人口数据无效：" + std::string(what));
}

Building BuildingFromRow(const Row& row) {
  Building b;
  b.id = row.Int(0);
  b.community_code = row.Text(1);
  b.grid_code = row.Text(2);
  b.micro_grid_code = row.Text(3);
  b.address = row.Text(4);
  if (!row.IsNull(5)) b.lat = row.Double(5);
  if (!row.IsNull(6)) b.lon = row.Double(6);
  b.kind = people::BuildingKindFromName(row.Text(7)).value_or(people::BuildingKind::kOther);
  b.floors = row.Int(8);
  b.synthetic = row.Int(9) != 0;
  b.created_at = row.Int(10);
  b.updated_at = row.Int(11);
  return b;
}

Household HouseholdFromRow(const Row& row) {
  Household h;
  h.id = row.Int(0);
  h.building_id = row.Int(1);
  h.room = row.Text(2);
  h.type = people::HouseholdTypeFromName(row.Text(3)).value_or(people::HouseholdType::kActual);
  h.head_id = IntOrNullopt(row, 4);
  h.since = row.Text(5);
  h.until = TextOrNullopt(row, 6);
  h.community_code = row.Text(7);
  h.grid_code = row.Text(8);
  h.synthetic = row.Int(9) != 0;
  h.created_at = row.Int(10);
  h.updated_at = row.Int(11);
  return h;
}

core::Result<ResidenceRecord> RecordFromRow(const Row& row) {
  ResidenceRecord r;
  r.id = row.Int(0);
  r.resident_id = row.Int(1);
  r.household_id = IntOrNullopt(row, 2);
  r.community_code = row.Text(3);
  r.grid_code = row.Text(4);
  auto status = people::ResidentStatusFromName(row.Text(5));
  auto event = people::HistoryEventFromName(row.Text(8));
  if (!status || !event) return CorruptRow("residence_history");
  r.status = *status;
  r.valid_from = row.Text(6);
  r.valid_until = TextOrNullopt(row, 7);
  r.event = *event;
  return r;
}

// The cursor key of a resident under a sort: "<name>\x1f<id>" by name, "<id>" otherwise.
std::string SortKey(const Resident& resident, people::ResidentSort sort) {
  switch (sort) {
    case people::ResidentSort::kName:
      return resident.name + '\x1f' + std::to_string(resident.id);
    case people::ResidentSort::kAge:
    case people::ResidentSort::kAgeDescending:
      // Only the id: a cursor is readable by its holder, and a birth date must not leave masked
      // (issue 15 item 7). The search reads the key back from the row, inside the scope.
    case people::ResidentSort::kId:
      break;
  }
  return std::to_string(resident.id);
}

// A unique index rebuilt after a bulk load fails on a repeated ID number (the only unique
// secondary index of the registry): the caller's error for it.
core::Status DuplicatesAsIdNumberError(core::Status rebuilt) {
  if (!rebuilt.ok() && rebuilt.error().code == core::ErrorCode::kAlreadyExists) {
    return core::Error::AlreadyExists("身份证号码已登记或重复", "id_number");
  }
  return rebuilt;
}

// "1-500,502,610-700": ascending ids written as ranges (for audit details).
std::string IdRanges(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(ids[i]);
    if (j > i) out += '-' + std::to_string(ids[j]);
    i = j + 1;
  }
  return out;
}

class SqlPeopleRepository final : public people::PeopleRepository {
 public:
  SqlPeopleRepository(Database& database, crypto::KeyRing keys)
      : database_(database), keys_(std::move(keys)) {}

  // ----- buildings -----
  core::Result<Building> InsertBuilding(const Building& building,
                                        const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Building>(*connection, [&](Connection& c) -> core::Result<Building> {
      ASSIGN_OR_RETURN(
          auto result,
          c.Query("INSERT INTO buildings (community_code, grid_code, micro_grid_code, place_code, "
                  "address, lat, lon, kind, floors, synthetic, created_at, updated_at) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {building.community_code, building.grid_code, building.micro_grid_code,
                   people::PlaceCode(building.community_code, building.grid_code), building.address,
                   building.lat ? Value(*building.lat) : Value(Null{}),
                   building.lon ? Value(*building.lon) : Value(Null{}),
                   std::string(people::BuildingKindName(building.kind)), building.floors,
                   int64_t{building.synthetic}, building.created_at, building.updated_at}));
      Building out = building;
      out.id = result.rows.at(0).Int(0);
      audit::AuditEntry entry = audit;
      entry.subject_id = std::to_string(out.id);
      TRY(AppendAuditIn(c, keys_, entry));
      return out;
    });
  }

  core::Status UpdateBuilding(const Building& building, const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(
          auto result,
          c.Query("UPDATE buildings SET address = ?, lat = ?, lon = ?, kind = ?, floors = ?, "
                  "micro_grid_code = ?, updated_at = ? WHERE id = ?",
                  {building.address, building.lat ? Value(*building.lat) : Value(Null{}),
                   building.lon ? Value(*building.lon) : Value(Null{}),
                   std::string(people::BuildingKindName(building.kind)), building.floors,
                   building.micro_grid_code, building.updated_at, building.id}));
      if (result.affected_rows == 0) return core::Error::NotFound("楼栋不存在");
      return AppendAuditIn(c, keys_, audit);
    });
  }

  core::Result<std::optional<Building>> FindBuilding(int64_t id,
                                                     const core::Scope& scope) override {
    std::vector<Value> params{id};
    std::string sql = "SELECT " + std::string(kBuildingColumns) +
                      " FROM buildings WHERE id = ? AND " +
                      ScopeClause(scope, "place_code", params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    if (result.rows.empty()) return std::optional<Building>();
    return std::optional<Building>(BuildingFromRow(result.rows.front()));
  }

  core::Result<core::Page<Building>> ListBuildings(const people::BuildingQuery& query,
                                                   const core::Scope& scope,
                                                   const core::PageRequest& page) override {
    std::vector<Value> params;
    int64_t after = 0;
    if (!page.after.empty()) {
      ASSIGN_OR_RETURN(after, core::ParseIdKey(page.after));
    }
    std::string sql = "SELECT " + std::string(kBuildingColumns) + " FROM buildings WHERE id > ?";
    params.emplace_back(after);
    for (const std::string* prefix : {&query.community_code, &query.grid_code}) {
      if (prefix->empty()) continue;
      sql += " AND place_code LIKE ?";
      params.emplace_back(*prefix + "%");
    }
    if (!query.address_text.empty()) {
      sql += " AND address LIKE ? ESCAPE '\\'";
      params.emplace_back(ContainsPattern(query.address_text));
    }
    sql += " AND " + ScopeClause(scope, "place_code", params) + " ORDER BY id LIMIT ?";
    params.emplace_back(int64_t{page.limit} + 1);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    core::Page<Building> out;
    for (const auto& row : result.rows) out.items.push_back(BuildingFromRow(row));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next_cursor = core::EncodeCursor(std::to_string(out.items.back().id));
    }
    return out;
  }

  // ----- households -----
  core::Result<Household> InsertHousehold(const Household& household,
                                          const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Household>(*connection, [&](Connection& c) -> core::Result<Household> {
      ASSIGN_OR_RETURN(
          auto result,
          c.Query("INSERT INTO households (building_id, room, type, head_id, since, until, "
                  "community_code, grid_code, place_code, synthetic, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {household.building_id, household.room,
                   std::string(people::HouseholdTypeName(household.type)),
                   OptionalInt(household.head_id), household.since, OptionalText(household.until),
                   household.community_code, household.grid_code,
                   people::PlaceCode(household.community_code, household.grid_code),
                   int64_t{household.synthetic}, household.created_at, household.updated_at}));
      Household out = household;
      out.id = result.rows.at(0).Int(0);
      audit::AuditEntry entry = audit;
      entry.subject_id = std::to_string(out.id);
      TRY(AppendAuditIn(c, keys_, entry));
      return out;
    });
  }

  core::Status UpdateHousehold(const Household& household,
                               const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(
          auto result,
          c.Query("UPDATE households SET room = ?, type = ?, until = ?, head_id = ?, "
                  "updated_at = ? WHERE id = ?",
                  {household.room, std::string(people::HouseholdTypeName(household.type)),
                   OptionalText(household.until), OptionalInt(household.head_id),
                   household.updated_at, household.id}));
      if (result.affected_rows == 0) return core::Error::NotFound("户不存在");
      return AppendAuditIn(c, keys_, audit);
    });
  }

  core::Result<std::optional<Household>> FindHousehold(int64_t id,
                                                       const core::Scope& scope) override {
    std::vector<Value> params{id};
    std::string sql = "SELECT " + std::string(kHouseholdColumns) +
                      " FROM households WHERE id = ? AND " +
                      ScopeClause(scope, "place_code", params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    if (result.rows.empty()) return std::optional<Household>();
    return std::optional<Household>(HouseholdFromRow(result.rows.front()));
  }

  core::Result<std::vector<std::pair<Household, std::string>>> OpenHouseholdsOfBuilding(
      int64_t building_id, const core::Scope& scope, int limit) override {
    std::vector<Value> params{building_id};
    std::string sql =
        "SELECT h.id, h.building_id, h.room, h.type, h.head_id, h.since, h.until, "
        "h.community_code, h.grid_code, h.synthetic, h.created_at, h.updated_at, r.name FROM "
        "households h LEFT JOIN residents r ON r.id = h.head_id WHERE h.building_id = ? AND "
        "h.until IS NULL AND " +
        ScopeClause(scope, "h.place_code", params) + " ORDER BY h.room, h.id LIMIT ?";
    params.emplace_back(int64_t{limit});
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<std::pair<Household, std::string>> out;
    for (const auto& row : result.rows) out.emplace_back(HouseholdFromRow(row), row.Text(12));
    return out;
  }

  core::Result<std::vector<Resident>> HouseholdMembers(int64_t household_id,
                                                       const core::Scope& scope) override {
    std::vector<Value> params{household_id};
    std::string sql = std::string(kResidentSelect) + " WHERE r.household_id = ? AND " +
                      ScopeClause(scope, "r.place_code", params) + " ORDER BY r.id";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    return ResidentsFromResult(*connection, result, std::nullopt);
  }

  // ----- residents -----
  core::Result<Resident> InsertResident(const Resident& resident, people::HistoryEvent event,
                                        const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Resident>(*connection, [&](Connection& c) -> core::Result<Resident> {
      const bool head = resident.relation == people::Relation::kHead;
      if (head && resident.household_id) TRY(CheckHeadFree(c, *resident.household_id, 0));
      // The id is drawn before the insert, because the ciphertexts are bound to their row
      // (docs/decisions/0015): SQLite holds the write lock here, PostgreSQL draws from the
      // identity sequence.
      ASSIGN_OR_RETURN(auto reserved, ReserveIds(c, "residents", 1));
      ASSIGN_OR_RETURN(auto sealed, Seal(resident, reserved.at(0)));
      // ON CONFLICT keeps a PostgreSQL transaction usable; no row back means a duplicate.
      ASSIGN_OR_RETURN(
          auto result,
          c.Query(
              "INSERT INTO residents (id, name, id_number_cipher, id_number_index, phone_cipher, "
              "phone_index, sex, birth_date, ethnicity_code, status, status_since, "
              "household_id, relation, community_code, grid_code, place_code, synthetic, "
              "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?) ON CONFLICT (id_number_index) DO NOTHING RETURNING id",
              {reserved.at(0), resident.name, sealed.id_cipher, sealed.id_index,
               sealed.phone_cipher, sealed.phone_index,
               std::string(identity::SexName(resident.sex)),
               identity::FormatDate(resident.birth_date), resident.ethnicity_code,
               std::string(people::ResidentStatusName(resident.status)), resident.status_since,
               OptionalInt(resident.household_id), RelationValue(resident), resident.community_code,
               resident.grid_code, people::PlaceCode(resident.community_code, resident.grid_code),
               int64_t{resident.synthetic}, resident.created_at, resident.updated_at}));
      if (result.rows.empty()) {
        return core::Error::AlreadyExists("该身份证号码已登记", "id_number");
      }
      Resident out = resident;
      out.id = result.rows.front().Int(0);
      TRY(InsertNameGrams(c, out.id, out.name,
                          people::PlaceCode(resident.community_code, resident.grid_code)));
      if (head && resident.household_id) {
        TRY(c.Query("UPDATE households SET head_id = ?, updated_at = ? WHERE id = ?",
                    {out.id, resident.updated_at, *resident.household_id}));
      }
      TRY(OpenRecord(c, out, out.status_since, event));
      audit::AuditEntry entry = audit;
      entry.subject_id = std::to_string(out.id);
      TRY(AppendAuditIn(c, keys_, entry));
      if (out.household_id) {
        ASSIGN_OR_RETURN(auto building, c.Query("SELECT building_id FROM households WHERE id = ?",
                                                {*out.household_id}));
        if (!building.rows.empty()) out.building_id = building.rows.front().Int(0);
      }
      return out;
    });
  }

  core::Status UpdateResident(const Resident& resident, const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto sealed, Seal(resident, resident.id));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(UpdateIn(c, resident, sealed));
      return AppendAuditIn(c, keys_, audit);
    });
  }

  core::Status ChangeResidence(const Resident& resident, std::string_view date,
                               people::HistoryEvent event,
                               const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(MoveIn(c, resident, date, /*new_household=*/false));
      TRY(OpenRecord(c, resident, date, event));
      return AppendAuditIn(c, keys_, audit);
    });
  }

  core::Result<std::optional<Resident>> FindResident(int64_t id,
                                                     const core::Scope& scope) override {
    std::vector<Value> params{id};
    std::string sql = std::string(kResidentSelect) + " WHERE r.id = ? AND " +
                      ScopeClause(scope, "r.place_code", params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    ASSIGN_OR_RETURN(auto residents, ResidentsFromResult(*connection, result, std::nullopt));
    if (residents.empty()) return std::optional<Resident>();
    return std::optional<Resident>(std::move(residents.front()));
  }

  core::Result<core::Page<Resident>> SearchResidents(const people::ResidentQuery& query,
                                                     const core::Scope& scope,
                                                     const core::PageRequest& page) override {
    // Two steps in one statement: the ids of the page, from the indexes alone (the filters
    // and sort keys are all indexed columns), then the rows of those ids. Sorting whole rows
    // of a town or county to keep 21 of them is what made wide lists slow.
    // A name text over more than one community takes the ids from the name grams (migration
    // 0009, docs/decisions/0007-name-search.md): the rows of one gram of the text carry the
    // name and place, in name order, so a page by name reads about as many index entries as it
    // keeps instead of every name of the county.
    // Otherwise a tag filter takes the ids from the tag index (migration 0010): a tag row
    // carries its resident's place and birth date, so a town's tagged people in age order come
    // from one stretch of that index; a resident row is read only for filters it alone holds.
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const bool by_grams = SearchesByNameGrams(query, scope);
    // The tag index drives the page for one tag, or for all of several (the others then
    // filter); "any of several" filters with one IN over the tag rows (a resident holding two
    // of them must come once).
    const bool by_tags =
        !by_grams && (query.tag_codes.size() == 1 || (query.all_tags && !query.tag_codes.empty()));
    std::vector<Value> params;
    std::string sql;
    std::string id_column = "r.id";
    std::string name_column = "r.name";
    std::string birth_column = "r.birth_date";
    // A tag filter's conditions on the tag rows aliased `t` (validity on the query's day) for
    // the given codes (one of them).
    auto tag_conditions = [&](std::span<const std::string> codes) {
      std::string conditions = ScopeClause(scope, "t.place_code", params) + " AND t.tag_code";
      if (codes.size() == 1) {
        conditions += " = ?";
      } else {
        conditions += " IN (";
        for (size_t i = 0; i < codes.size(); ++i) conditions += i ? ", ?" : "?";
        conditions += ")";
      }
      for (const auto& code : codes) params.emplace_back(code);
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
                             query.sort == people::ResidentSort::kName;
      id_column = "t.resident_id";
      birth_column = "t.birth_date";
      sql = "SELECT t.resident_id FROM resident_tags t";
      if (needs_row) sql += " JOIN residents r ON r.id = t.resident_id";
      sql += " WHERE " + tag_conditions(std::span(query.tag_codes).first(1));
      if (!query.name_text.empty()) {
        sql += " AND r.name LIKE ? ESCAPE '\\'";
        params.emplace_back(ContainsPattern(query.name_text));
      }
    } else if (by_grams) {
      ASSIGN_OR_RETURN(std::string gram, RarestGram(*connection, query.name_text));
      const bool needs_row = !query.id_number.empty() || !query.phone.empty() || query.status ||
                             query.born_on_or_before || query.born_after ||
                             query.sort == people::ResidentSort::kAge ||
                             query.sort == people::ResidentSort::kAgeDescending;
      id_column = "g.resident_id";
      name_column = "g.name";
      sql = "SELECT g.resident_id FROM resident_name_grams g";
      if (needs_row) sql += " JOIN residents r ON r.id = g.resident_id";
      sql += " WHERE g.gram = ? AND g.name LIKE ? ESCAPE '\\' AND ";
      params.emplace_back(std::move(gram));
      params.emplace_back(ContainsPattern(query.name_text));
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
        sql += " AND r.name LIKE ? ESCAPE '\\'";
        params.emplace_back(ContainsPattern(query.name_text));
      }
    }
    if (!query.id_number.empty()) {
      ASSIGN_OR_RETURN(auto index, keys_.BlindIndex("id_number", query.id_number));
      sql += " AND r.id_number_index = ?";
      params.emplace_back(std::move(index));
    }
    if (!query.phone.empty()) {
      ASSIGN_OR_RETURN(auto index, keys_.BlindIndex("phone", query.phone));
      sql += " AND r.phone_index = ?";
      params.emplace_back(std::move(index));
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
    if (query.all_tags) {
      // Every tag: each one the driving tag rows did not already give is one more IN.
      for (size_t i = by_tags ? 1 : 0; i < query.tag_codes.size(); ++i) {
        sql += " AND " + id_column + " IN (SELECT t.resident_id FROM resident_tags t WHERE " +
               tag_conditions(std::span(query.tag_codes).subspan(i, 1)) + ")";
      }
    } else if (!by_tags && !query.tag_codes.empty()) {
      sql += " AND " + id_column + " IN (SELECT t.resident_id FROM resident_tags t WHERE " +
             tag_conditions(query.tag_codes) + ")";
    }
    // Keyset pagination: the sort key and id of the last row seen. `order` sorts the ids step,
    // `row_order` the rows step (the same keys: a gram row's name is its resident's).
    std::string key_column;
    std::string order;
    std::string row_order;
    bool descending = false;
    switch (query.sort) {
      case people::ResidentSort::kName:
        key_column = name_column;
        order = " ORDER BY " + name_column + ", " + id_column;
        row_order = " ORDER BY r.name, r.id";
        break;
      case people::ResidentSort::kAge:  // youngest first
        key_column = birth_column;
        descending = true;
        order = " ORDER BY " + birth_column + " DESC, " + id_column;
        row_order = " ORDER BY r.birth_date DESC, r.id";
        break;
      case people::ResidentSort::kAgeDescending:
        key_column = birth_column;
        order = " ORDER BY " + birth_column + ", " + id_column;
        row_order = " ORDER BY r.birth_date, r.id";
        break;
      case people::ResidentSort::kId:
        order = " ORDER BY " + id_column;
        row_order = " ORDER BY r.id";
        break;
    }
    const bool by_age = query.sort == people::ResidentSort::kAge ||
                        query.sort == people::ResidentSort::kAgeDescending;
    if (!page.after.empty() && by_age) {
      // The cursor names the last row; its birth date is read here, inside the scope (an id
      // outside it is no cursor of this caller's).
      ASSIGN_OR_RETURN(int64_t after, core::ParseIdKey(page.after));
      std::vector<Value> key_params{Value(after)};
      ASSIGN_OR_RETURN(auto last,
                       connection->Query("SELECT birth_date FROM residents r WHERE r.id = ? AND " +
                                             ScopeClause(scope, "r.place_code", key_params),
                                         key_params));
      if (last.rows.empty()) return core::Error::InvalidArgument("分页游标无效", "cursor");
      const char* op = descending ? " < ?" : " > ?";
      sql += " AND (" + key_column + op + " OR (" + key_column + " = ? AND " + id_column + " > ?))";
      params.emplace_back(last.rows.front().Text(0));
      params.emplace_back(last.rows.front().Text(0));
      params.emplace_back(after);
    } else if (!page.after.empty()) {
      if (key_column.empty()) {
        ASSIGN_OR_RETURN(int64_t after, core::ParseIdKey(page.after));
        sql += " AND " + id_column + " > ?";
        params.emplace_back(after);
      } else {
        ASSIGN_OR_RETURN(core::TextIdKey cursor, core::ParseTextIdKey(page.after));
        std::string key = std::move(cursor.text);
        const int64_t after = cursor.id;
        const char* op = descending ? " < ?" : " > ?";
        sql +=
            " AND (" + key_column + op + " OR (" + key_column + " = ? AND " + id_column + " > ?))";
        params.emplace_back(key);
        params.emplace_back(key);
        params.emplace_back(after);
        if (by_grams && query.sort == people::ResidentSort::kName) {
          // Implied by the condition above; lets the walk start at the cursor.
          sql += " AND g.name >= ?";
          params.emplace_back(std::move(key));
        }
      }
    }
    if (by_tags) {
      // A resident with two valid rows of the tag counts once.
      sql += " GROUP BY " + id_column;
      if (!key_column.empty()) sql += ", " + key_column;
    }
    sql += order + " LIMIT ?";
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
      sql +=
          " AND " + ScopeClause(scope, "r.place_code", params) + " AND r.name LIKE ? ESCAPE '\\'";
      params.emplace_back(ContainsPattern(query.name_text));
      if (!query.place_prefix.empty()) {
        sql += " AND r.place_code LIKE ?";
        params.emplace_back(query.place_prefix + "%");
      }
    }
    sql += row_order;
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    core::Page<Resident> out;
    ASSIGN_OR_RETURN(out.items, ResidentsFromResult(*connection, result, query.today));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next_cursor = core::EncodeCursor(SortKey(out.items.back(), query.sort));
    }
    return out;
  }

  core::Result<people::ResidentCounts> CountResidents(
      std::string_view division_prefix, const std::vector<people::AgeGroupBounds>& groups,
      std::string_view today, const core::Scope& scope) override {
    people::ResidentCounts counts;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::string prefix = std::string(division_prefix) + "%";
    {
      std::vector<Value> params;
      std::string sql = "SELECT COUNT(*)";
      for (const auto& group : groups) {
        sql += ", COALESCE(SUM(CASE WHEN 1 = 1";
        if (group.born_after) {
          sql += " AND birth_date > ?";
          params.emplace_back(*group.born_after);
        }
        if (group.born_on_or_before) {
          sql += " AND birth_date <= ?";
          params.emplace_back(*group.born_on_or_before);
        }
        sql += " THEN 1 ELSE 0 END), 0)";
      }
      sql +=
          " FROM residents WHERE place_code LIKE ? AND status IN " + std::string(kCurrentStatuses);
      params.emplace_back(prefix);
      sql += " AND " + ScopeClause(scope, "place_code", params);
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      const Row& row = result.rows.at(0);
      counts.total = row.Int(0);
      for (size_t i = 0; i < groups.size(); ++i) {
        counts.by_age_group.emplace_back(groups[i].label, row.Int(i + 1));
      }
    }
    {
      std::vector<Value> params{prefix};
      std::string sql = "SELECT status, COUNT(*) FROM residents WHERE place_code LIKE ? AND " +
                        ScopeClause(scope, "place_code", params) + " GROUP BY status";
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      for (auto status : people::AllResidentStatuses()) {
        int64_t n = 0;
        for (const auto& row : result.rows) {
          if (row.Text(0) == people::ResidentStatusName(status)) n = row.Int(1);
        }
        counts.by_status.emplace_back(std::string(people::ResidentStatusName(status)), n);
      }
    }
    {
      std::vector<Value> params{std::string(today), std::string(today), prefix};
      std::string sql =
          "SELECT t.tag_code, COUNT(DISTINCT t.resident_id) FROM resident_tags t JOIN residents "
          "r ON r.id = t.resident_id WHERE t.valid_from <= ? AND (t.valid_until IS NULL OR "
          "t.valid_until > ?) AND t.place_code LIKE ? AND r.status IN " +
          std::string(kCurrentStatuses) + " AND " + ScopeClause(scope, "t.place_code", params) +
          " GROUP BY t.tag_code";
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      ASSIGN_OR_RETURN(auto definitions,
                       connection->Query("SELECT code FROM tag_definitions ORDER BY code"));
      for (const auto& definition : definitions.rows) {
        int64_t n = 0;
        for (const auto& row : result.rows) {
          if (row.Text(0) == definition.Text(0)) n = row.Int(1);
        }
        counts.by_tag.emplace_back(definition.Text(0), n);
      }
    }
    {
      std::vector<Value> params{prefix};
      const std::string sql =
          "SELECT COUNT(*) FROM households WHERE until IS NULL AND place_code LIKE ? AND " +
          ScopeClause(scope, "place_code", params);
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      counts.households = result.rows.at(0).Int(0);
    }
    return counts;
  }

  core::Result<std::vector<ResidenceRecord>> History(int64_t resident_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT " + std::string(kHistoryColumns) +
                                           " FROM residence_history WHERE resident_id = ? "
                                           "ORDER BY valid_from, id",
                                       {resident_id}));
    std::vector<ResidenceRecord> out;
    for (const auto& row : result.rows) {
      ASSIGN_OR_RETURN(auto record, RecordFromRow(row));
      out.push_back(std::move(record));
    }
    return out;
  }

  core::Result<std::vector<people::PlaceChange>> RecentChanges(std::string_view place_code,
                                                               std::string_view since,
                                                               std::string_view until, int limit,
                                                               const core::Scope& scope) override {
    // Every row is inside the place, so the place inside the scope is the scoping.
    const std::string place(place_code);
    if (!scope.Covers(place)) return std::vector<people::PlaceChange>();
    // Through the (grid_code, valid_from) index: the place's grids by prefix, and for a
    // community also its records without a grid.
    const bool community = place.size() == 12;
    std::vector<Value> params;
    std::string sql =
        "SELECT h.id, h.resident_id, h.household_id, h.community_code, h.grid_code, h.status, "
        "h.valid_from, h.valid_until, h.event, r.name FROM residence_history h JOIN residents r "
        "ON r.id = h.resident_id WHERE (" +
        ScopeClause(core::Scope::Of({place}), "h.grid_code", params);
    if (community) {
      sql += " OR (h.grid_code = '' AND h.community_code = ?)";
      params.emplace_back(place);
    }
    sql +=
        ") AND h.valid_from >= ? AND h.valid_from <= ? ORDER BY h.valid_from DESC, h.id DESC "
        "LIMIT ?";
    params.emplace_back(std::string(since));
    params.emplace_back(std::string(until));
    params.emplace_back(int64_t{limit});
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<people::PlaceChange> out;
    for (const auto& row : result.rows) {
      people::PlaceChange change;
      ASSIGN_OR_RETURN(change.record, RecordFromRow(row));
      change.name = row.Text(9);
      out.push_back(std::move(change));
    }
    return out;
  }

  core::Result<std::optional<ResidenceRecord>> ResidenceOn(int64_t resident_id,
                                                           std::string_view date) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT " + std::string(kHistoryColumns) +
                              " FROM residence_history WHERE resident_id = ? AND valid_from <= ? "
                              "AND (valid_until IS NULL OR valid_until > ?) "
                              "ORDER BY valid_from DESC, id DESC LIMIT 1",
                          {resident_id, std::string(date), std::string(date)}));
    if (result.rows.empty()) return std::optional<ResidenceRecord>();
    ASSIGN_OR_RETURN(auto record, RecordFromRow(result.rows.front()));
    return std::optional<ResidenceRecord>(std::move(record));
  }

  // ----- bulk loading -----
  core::Result<people::PeopleBatchIds> WriteBatch(const people::PeopleBatch& batch,
                                                  const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(std::vector<Sealed> sealed, IndexAll(batch.residents));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    // A large batch on SQLite gets a 1 GiB page cache for its transaction: with the usual
    // 64 MiB, the pages it dirties spill into the WAL mid-transaction and are read back from it
    // (bench/registry/README.md, import; measured in stop 10). The index rebuild inside it runs
    // with 16 MiB (RebuildDeferredIndexes, measured faster in stop 12: its sorter then uses its
    // helper threads) and sets 1 GiB back before the commit. The connection's own size is
    // restored afterwards and the memory handed back.
    std::optional<int64_t> cache_pages;
    if (connection->dialect() == Dialect::kSqlite &&
        batch.residents.size() >= storage::kMinimumDeferredRows) {
      ASSIGN_OR_RETURN(auto size, connection->Query("PRAGMA cache_size"));
      cache_pages = size.rows.at(0).Int(0);
      TRY(connection->Query("PRAGMA cache_size = -1048576"));
    }
    auto written = InTransaction<people::PeopleBatchIds>(
        *connection, [&](Connection& c) -> core::Result<people::PeopleBatchIds> {
          return WriteBatchIn(c, batch, sealed, audit);
        });
    if (cache_pages) {
      TRY(connection->Query("PRAGMA cache_size = " + std::to_string(*cache_pages)));
      TRY(connection->Query("PRAGMA shrink_memory"));
    }
    return written;
  }

  core::Result<bool> BeginBulkLoad(size_t expected_residents) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(int64_t largest, LargestId(c, "residents"));
      if (!WorthDeferring(expected_residents, largest)) return false;
      ASSIGN_OR_RETURN(auto dropped, DeferIndexes(c, kRegistryTables, IndexesWorthDeferring(c)));
      if (c.dialect() == Dialect::kSqlite) {
        ASSIGN_OR_RETURN(bool pending, IsDeferred(c, kNameGramsFill));
        if (!pending) {
          TRY(DeferFill(c, "resident_name_grams", kNameGramsFill, kNameGramsFillSql));
        }
        return true;
      }
      return !dropped.empty();
    });
  }

  core::Status EndBulkLoad() override {
    if (database_.dialect() == Dialect::kSqlite) {
      // One writer: the name grams and every index in one transaction, which a failure (a
      // repeated ID number) leaves unchanged.
      ASSIGN_OR_RETURN(auto connection, database_.Acquire());
      return DuplicatesAsIdNumberError(
          InTransaction(*connection, [&](Connection& c) -> core::Status {
            // The residents the grams are for are read first, and their grams sorted while the
            // indexes are rebuilt; the grams are written last: a CREATE INDEX after 2 GB of gram
            // pages took 20 s an index for the city instead of 16 s (measured before rebuilds
            // sorted through files), likely the page reads probing a larger WAL index.
            ASSIGN_OR_RETURN(auto grams, TakeNameGramFill(c));
            std::vector<std::string_view> names(grams.names.begin(), grams.names.end());
            auto order = std::async(std::launch::async,
                                    [&] { return NameGramsInIndexOrder(names, grams.ids); });
            auto rebuilt = RebuildDeferredIndexes(c);
            ASSIGN_OR_RETURN(auto rows, order.get());
            TRY(rebuilt);
            return InsertNameGrams(c, grams, rows);
          }));
    }
    // PostgreSQL: two connections build indexes at once (each in its own transaction).
    TRY(DuplicatesAsIdNumberError(RebuildDeferredIndexes(database_, 2)));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    // PostgreSQL plans from table statistics, which a bulk load leaves stale until autovacuum
    // comes by: without them list pages ran for seconds right after the city seed.
    TRY(
        connection->Query("ANALYZE buildings, households, residents, residence_history, "
                          "resident_tags, resident_name_grams"));
    return core::Ok();
  }

  core::Result<std::vector<Building>> BuildingsIn(
      const std::vector<std::string>& community_codes) override {
    std::vector<Building> out;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    for (const auto& code : community_codes) {
      ASSIGN_OR_RETURN(
          auto result,
          connection->Query("SELECT " + std::string(kBuildingColumns) +
                                " FROM buildings WHERE place_code >= ? AND place_code < ? "
                                "AND community_code = ? ORDER BY id",
                            {code, code + ":", code}));
      for (const auto& row : result.rows) out.push_back(BuildingFromRow(row));
    }
    return out;
  }

  core::Result<std::vector<Household>> OpenHouseholdsIn(
      const std::vector<std::string>& community_codes) override {
    std::vector<Household> out;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    for (const auto& code : community_codes) {
      ASSIGN_OR_RETURN(auto result, connection->Query("SELECT " + std::string(kHouseholdColumns) +
                                                          " FROM households WHERE place_code >= ? "
                                                          "AND place_code < ? AND community_code "
                                                          "= ? AND until IS NULL ORDER BY id",
                                                      {code, code + ":", code}));
      for (const auto& row : result.rows) out.push_back(HouseholdFromRow(row));
    }
    return out;
  }

  core::Result<std::vector<Resident>> FindResidentsByIdNumbers(
      const std::vector<std::string>& id_numbers) override {
    std::vector<Resident> out;
    // The blind indexes first, on every core (one sealer, with its keyed MAC, per thread).
    std::vector<std::string> indexes(id_numbers.size());
    TRY(core::ForRanges(id_numbers.size(), 2000, [&](size_t begin, size_t end) -> core::Status {
      crypto::FieldSealer sealer(keys_);
      for (size_t i = begin; i < end; ++i) {
        ASSIGN_OR_RETURN(indexes[i], sealer.BlindIndex("id_number", id_numbers[i]));
      }
      return core::Ok();
    }));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    for (size_t first = 0; first < id_numbers.size(); first += kRowsPerInsert) {
      const size_t count = std::min(kRowsPerInsert, id_numbers.size() - first);
      std::vector<Value> params;
      std::string sql = std::string(kResidentSelect) + " WHERE r.id_number_index IN (";
      for (size_t i = 0; i < count; ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(std::move(indexes[first + i]));
      }
      sql += ") ORDER BY r.id";
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      ASSIGN_OR_RETURN(auto found, ResidentsFromResult(*connection, result, std::nullopt));
      for (auto& resident : found) out.push_back(std::move(resident));
    }
    return out;
  }

  core::Result<std::vector<Resident>> FindResidentsByIds(const std::vector<int64_t>& ids) override {
    std::vector<Resident> out;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    for (size_t first = 0; first < ids.size(); first += kRowsPerInsert) {
      const size_t count = std::min(kRowsPerInsert, ids.size() - first);
      std::vector<Value> params;
      std::string sql = std::string(kResidentSelect) + " WHERE r.id IN (";
      for (size_t i = 0; i < count; ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(ids[first + i]);
      }
      sql += ") ORDER BY r.id";
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      ASSIGN_OR_RETURN(auto found, ResidentsFromResult(*connection, result, std::nullopt));
      for (auto& resident : found) out.push_back(std::move(resident));
    }
    return out;
  }

  // ----- tags -----
  core::Result<std::vector<TagDefinition>> TagDefinitions() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT code, name, category, has_grade FROM "
                                                    "tag_definitions ORDER BY created_at, code"));
    std::vector<TagDefinition> out;
    for (const auto& row : result.rows) {
      out.push_back({row.Text(0), row.Text(1), row.Text(2), row.Int(3) != 0});
    }
    return out;
  }

  core::Status InsertTagDefinition(const TagDefinition& definition) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("INSERT INTO tag_definitions (code, name, category, "
                                       "has_grade, created_at) VALUES (?, ?, ?, ?, " +
                                           std::string(NowMillisSql()) +
                                           ") ON CONFLICT (code) DO NOTHING RETURNING code",
                                       {definition.code, definition.name, definition.category,
                                        int64_t{definition.has_grade}}));
    if (result.rows.empty()) return core::Error::AlreadyExists("标签编码已存在", "code");
    return core::Ok();
  }

  core::Result<ResidentTag> InsertResidentTag(const ResidentTag& tag,
                                              const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<ResidentTag>(*connection, [&](Connection& c) -> core::Result<ResidentTag> {
      ASSIGN_OR_RETURN(
          auto result,
          c.Query(
              "INSERT INTO resident_tags (resident_id, tag_code, grade, subcategory, "
              "valid_from, valid_until, source, place_code, birth_date, created_at) SELECT ?, "
              "?, ?, ?, ?, ?, ?, place_code, birth_date, ? FROM residents WHERE id = ? "
              "RETURNING id",
              {tag.resident_id, tag.code, OptionalInt(tag.grade), tag.subcategory, tag.valid_from,
               OptionalText(tag.valid_until), tag.source, audit.at, tag.resident_id}));
      if (result.rows.empty()) return core::Error::NotFound("居民不存在");
      ResidentTag out = tag;
      out.id = result.rows.front().Int(0);
      TRY(AppendAuditIn(c, keys_, audit));
      return out;
    });
  }

  core::Status EndResidentTag(int64_t resident_id, int64_t tag_id, std::string_view valid_until,
                              const audit::AuditEntry& audit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(auto result,
                       c.Query("UPDATE resident_tags SET valid_until = ? WHERE id = ? AND "
                               "resident_id = ?",
                               {std::string(valid_until), tag_id, resident_id}));
      if (result.affected_rows == 0) return core::Error::NotFound("标签不存在");
      return AppendAuditIn(c, keys_, audit);
    });
  }

 private:
  struct Sealed {
    std::string id_cipher;
    std::string id_index;
    Value phone_cipher = Null{};
    Value phone_index = Null{};
  };

  std::string_view NowMillisSql() const {
    return database_.dialect() == Dialect::kSqlite
               ? "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
               : "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
  }

  static Value RelationValue(const Resident& resident) {
    return resident.relation ? Value(std::string(people::RelationName(*resident.relation)))
                             : Value(Null{});
  }

  // The ID and phone numbers of resident `id`, encrypted for their row and blind-indexed.
  core::Result<Sealed> Seal(const Resident& resident, int64_t id) const {
    crypto::FieldSealer sealer(keys_);
    Sealed sealed;
    TRY(Index(sealer, resident, sealed));
    TRY(Encrypt(sealer, resident, id, sealed));
    return sealed;
  }

  // The blind indexes (they do not depend on the row).
  static core::Status Index(crypto::FieldSealer& sealer, const Resident& resident, Sealed& sealed) {
    ASSIGN_OR_RETURN(sealed.id_index, sealer.BlindIndex("id_number", resident.id_number));
    if (!resident.phone.empty()) {
      ASSIGN_OR_RETURN(auto index, sealer.BlindIndex("phone", resident.phone));
      sealed.phone_index = std::move(index);
    }
    return core::Ok();
  }

  // The ciphertexts, bound to the row of resident `id` (docs/decisions/0015).
  static core::Status Encrypt(crypto::FieldSealer& sealer, const Resident& resident, int64_t id,
                              Sealed& sealed) {
    ASSIGN_OR_RETURN(sealed.id_cipher, sealer.Encrypt(resident.id_number, IdNumberAt(id)));
    if (!resident.phone.empty()) {
      ASSIGN_OR_RETURN(auto cipher, sealer.Encrypt(resident.phone, PhoneAt(id)));
      sealed.phone_cipher = std::move(cipher);
    }
    return core::Ok();
  }

  // The blind indexes of every resident of a batch, before its transaction, on every core (one
  // sealer, with its keyed MAC states, per thread).
  core::Result<std::vector<Sealed>> IndexAll(const std::vector<people::ResidentLoad>& loads) const {
    std::vector<Sealed> sealed(loads.size());
    TRY(core::ForRanges(loads.size(), 2000, [&](size_t begin, size_t end) -> core::Status {
      crypto::FieldSealer sealer(keys_);
      for (size_t i = begin; i < end; ++i) TRY(Index(sealer, loads[i].resident, sealed[i]));
      return core::Ok();
    }));
    return sealed;
  }

  // The ciphertexts of every resident of a batch once their ids are known (`ids[i]` for
  // loads[i]), on every core.
  core::Status EncryptAll(const std::vector<people::ResidentLoad>& loads,
                          const std::vector<int64_t>& ids, std::vector<Sealed>& sealed) const {
    return core::ForRanges(loads.size(), 2000, [&](size_t begin, size_t end) -> core::Status {
      crypto::FieldSealer sealer(keys_);
      for (size_t i = begin; i < end; ++i)
        TRY(Encrypt(sealer, loads[i].resident, ids[i], sealed[i]));
      return core::Ok();
    });
  }

  core::Result<people::PeopleBatchIds> WriteBatchIn(Connection& c, const people::PeopleBatch& batch,
                                                    std::vector<Sealed>& sealed,
                                                    const audit::AuditEntry& audit) {
    people::PeopleBatchIds ids;
    // Rows of each kind to insert: new residents, their (and moved residents') residence
    // records, tags.
    std::vector<size_t> new_rows;
    std::vector<size_t> record_rows;
    std::vector<std::pair<size_t, size_t>> tag_rows;  // (resident, tag)
    bool touches_existing = false;
    for (size_t i = 0; i < batch.residents.size(); ++i) {
      const auto& load = batch.residents[i];
      if (load.resident.id == 0) new_rows.push_back(i);
      if (load.resident.id == 0 || load.residence_changed) record_rows.push_back(i);
      for (size_t t = 0; t < load.tags.size(); ++t) tag_rows.emplace_back(i, t);
      if (load.resident.id != 0 || load.household_index < 0) touches_existing = true;
    }
    for (const auto& load : batch.households) {
      if (load.building_index < 0) touches_existing = true;
    }
    ASSIGN_OR_RETURN(ids.buildings, ReserveIds(c, "buildings", batch.buildings.size()));
    ASSIGN_OR_RETURN(ids.households, ReserveIds(c, "households", batch.households.size()));
    ASSIGN_OR_RETURN(auto fresh, ReserveIds(c, "residents", new_rows.size()));
    ASSIGN_OR_RETURN(auto record_ids, ReserveIds(c, "residence_history", record_rows.size()));
    ASSIGN_OR_RETURN(auto tag_ids, ReserveIds(c, "resident_tags", tag_rows.size()));

    // Resolve every resident's id, household and (for new households) head.
    ids.residents.reserve(batch.residents.size());
    std::vector<std::optional<int64_t>> household_of(batch.residents.size());
    std::vector<std::optional<int64_t>> heads(batch.households.size());
    size_t next_fresh = 0;
    for (size_t i = 0; i < batch.residents.size(); ++i) {
      const auto& load = batch.residents[i];
      ids.residents.push_back(load.resident.id != 0 ? load.resident.id : fresh[next_fresh++]);
      if (load.household_index >= 0) {
        const auto index = size_t(load.household_index);
        if (index >= batch.households.size()) {
          return core::Error::InvalidArgument("批量数据中的户序号无效", "household_index");
        }
        household_of[i] = ids.households[index];
        if (load.resident.relation == people::Relation::kHead) {
          if (heads[index]) return core::Error::FailedPrecondition("同一户有两个户主");
          heads[index] = ids.residents.back();
        }
      } else {
        household_of[i] = load.resident.household_id;
      }
    }
    for (const auto& load : batch.households) {
      if (load.building_index >= 0 && size_t(load.building_index) >= batch.buildings.size()) {
        return core::Error::InvalidArgument("批量数据中的楼栋序号无效", "building_index");
      }
    }
    // The ciphertexts are bound to their rows, so they are made now that the ids are known, on
    // every core while the buildings and households are written (docs/decisions/0015).
    auto encrypted = std::async(std::launch::async,
                                [&] { return EncryptAll(batch.residents, ids.residents, sealed); });

    // The new residents' name grams in index order, sorted while the rows below are written
    // (none while a bulk load leaves them to its end).
    ASSIGN_OR_RETURN(bool grams_later, IsDeferred(c, kNameGramsFill));
    NameGramSource grams;
    if (!grams_later) {
      for (size_t i : new_rows) {
        const Resident& r = batch.residents[i].resident;
        grams.names.push_back(r.name);
        grams.ids.push_back(ids.residents[i]);
        grams.places.push_back(people::PlaceCode(r.community_code, r.grid_code));
      }
    }
    std::vector<std::string_view> gram_names(grams.names.begin(), grams.names.end());
    auto gram_order = std::async(std::launch::async,
                                 [&] { return NameGramsInIndexOrder(gram_names, grams.ids); });
    // A batch that only adds (the seeder, a first import) into tables it outsizes writes them
    // without their secondary indexes and rebuilds those at the end (docs/decisions/0006).
    // A batch that updates or joins existing rows keeps every index: its lookups need them.
    std::vector<std::string> deferred;
    if (!touches_existing) {
      std::vector<std::string> tables;
      for (auto [table, rows] : {std::pair{"buildings", batch.buildings.size()},
                                 std::pair{"households", batch.households.size()},
                                 std::pair{"residents", new_rows.size()},
                                 std::pair{"residence_history", record_rows.size()},
                                 std::pair{"resident_tags", tag_rows.size()}}) {
        ASSIGN_OR_RETURN(int64_t largest, LargestId(c, table));
        if (WorthDeferring(rows, largest)) tables.emplace_back(table);
      }
      // Not the name grams: they are written in their index's order (below), which costs a
      // B-tree far less than SQLite's rebuild sorting them (8x less CPU for 4.4 million grams).
      ASSIGN_OR_RETURN(deferred, DeferIndexes(c, tables));
    }
    // Without the unique index on id_number_index (deferred here or by a bulk load), duplicates
    // surface when it is rebuilt.
    ASSIGN_OR_RETURN(bool unique_deferred, HasDeferredIndexes(c, "residents"));

    TRY(InsertRows(c,
                   "buildings (id, community_code, grid_code, micro_grid_code, place_code, "
                   "address, lat, lon, kind, floors, synthetic, created_at, updated_at)",
                   13, batch.buildings.size(), [&](size_t i, std::vector<Value>& out) {
                     const auto& b = batch.buildings[i];
                     out.emplace_back(ids.buildings[i]);
                     out.emplace_back(b.community_code);
                     out.emplace_back(b.grid_code);
                     out.emplace_back(b.micro_grid_code);
                     out.emplace_back(people::PlaceCode(b.community_code, b.grid_code));
                     out.emplace_back(b.address);
                     out.push_back(b.lat ? Value(*b.lat) : Value(Null{}));
                     out.push_back(b.lon ? Value(*b.lon) : Value(Null{}));
                     out.emplace_back(std::string(people::BuildingKindName(b.kind)));
                     out.emplace_back(b.floors);
                     out.emplace_back(int64_t{b.synthetic});
                     out.emplace_back(b.created_at);
                     out.emplace_back(b.updated_at);
                   }));

    TRY(InsertRows(c,
                   "households (id, building_id, room, type, head_id, since, until, "
                   "community_code, grid_code, place_code, synthetic, created_at, updated_at)",
                   13, batch.households.size(), [&](size_t i, std::vector<Value>& out) {
                     const auto& load = batch.households[i];
                     const auto& h = load.household;
                     out.emplace_back(ids.households[i]);
                     out.emplace_back(load.building_index >= 0
                                          ? ids.buildings[size_t(load.building_index)]
                                          : h.building_id);
                     out.emplace_back(h.room);
                     out.emplace_back(std::string(people::HouseholdTypeName(h.type)));
                     out.push_back(OptionalInt(heads[i]));
                     out.emplace_back(h.since);
                     out.push_back(OptionalText(h.until));
                     out.emplace_back(h.community_code);
                     out.emplace_back(h.grid_code);
                     out.emplace_back(people::PlaceCode(h.community_code, h.grid_code));
                     out.emplace_back(int64_t{h.synthetic});
                     out.emplace_back(h.created_at);
                     out.emplace_back(h.updated_at);
                   }));

    // New residents in one pass of multi-row inserts; existing ones one by one. The sealed
    // texts are moved into the statement: each is written once.
    TRY(encrypted.get());
    ASSIGN_OR_RETURN(
        int64_t inserted,
        InsertRows(
            c,
            "residents (id, name, id_number_cipher, id_number_index, phone_cipher, "
            "phone_index, sex, birth_date, ethnicity_code, status, status_since, "
            "household_id, relation, community_code, grid_code, place_code, synthetic, "
            "created_at, updated_at)",
            19, new_rows.size(),
            [&](size_t n, std::vector<Value>& out) {
              const size_t i = new_rows[n];
              const Resident& r = batch.residents[i].resident;
              Sealed& s = sealed[i];
              out.emplace_back(ids.residents[i]);
              out.emplace_back(r.name);
              out.emplace_back(std::move(s.id_cipher));
              out.emplace_back(std::move(s.id_index));
              out.push_back(std::move(s.phone_cipher));
              out.push_back(std::move(s.phone_index));
              out.emplace_back(std::string(identity::SexName(r.sex)));
              out.emplace_back(identity::FormatDate(r.birth_date));
              out.emplace_back(r.ethnicity_code);
              out.emplace_back(std::string(people::ResidentStatusName(r.status)));
              out.emplace_back(r.status_since);
              out.push_back(OptionalInt(household_of[i]));
              out.push_back(RelationValue(r));
              out.emplace_back(r.community_code);
              out.emplace_back(r.grid_code);
              out.emplace_back(people::PlaceCode(r.community_code, r.grid_code));
              out.emplace_back(int64_t{r.synthetic});
              out.emplace_back(r.created_at);
              out.emplace_back(r.updated_at);
            },
            unique_deferred ? "" : " ON CONFLICT (id_number_index) DO NOTHING"));
    if (size_t(inserted) != new_rows.size()) {
      return core::Error::AlreadyExists("身份证号码已登记或重复", "id_number");
    }
    // Their name grams (migration 0009), sorted as the gram index (gram, name, resident) so that
    // each index page is visited once, in order.
    ASSIGN_OR_RETURN(auto gram_rows, gram_order.get());
    TRY(InsertNameGrams(c, grams, gram_rows));
    std::vector<int64_t> updated;
    for (size_t i = 0; i < batch.residents.size(); ++i) {
      const auto& load = batch.residents[i];
      if (load.resident.id != 0 || load.household_index >= 0 || !household_of[i] ||
          load.resident.relation != people::Relation::kHead) {
        continue;
      }
      TRY(CheckHeadFree(c, *household_of[i], ids.residents[i]));
      TRY(c.Query("UPDATE households SET head_id = ?, updated_at = ? WHERE id = ?",
                  {ids.residents[i], load.resident.updated_at, *household_of[i]}));
    }

    for (size_t i = 0; i < batch.residents.size(); ++i) {
      const auto& load = batch.residents[i];
      if (load.resident.id == 0) continue;
      Resident r = load.resident;
      r.household_id = household_of[i];
      TRY(UpdateIn(c, r, sealed[i]));
      if (load.residence_changed) TRY(MoveIn(c, r, r.status_since, load.household_index >= 0));
      updated.push_back(r.id);
    }

    TRY(InsertRows(c,
                   "residence_history (id, resident_id, household_id, community_code, "
                   "grid_code, status, valid_from, valid_until, event)",
                   9, record_rows.size(), [&](size_t n, std::vector<Value>& out) {
                     const size_t i = record_rows[n];
                     const auto& load = batch.residents[i];
                     const Resident& r = load.resident;
                     out.emplace_back(record_ids[n]);
                     out.emplace_back(ids.residents[i]);
                     out.push_back(OptionalInt(household_of[i]));
                     out.emplace_back(r.community_code);
                     out.emplace_back(r.grid_code);
                     out.emplace_back(std::string(people::ResidentStatusName(r.status)));
                     out.emplace_back(r.status_since);
                     out.emplace_back(Null{});
                     out.emplace_back(std::string(people::HistoryEventName(load.event)));
                   }));

    TRY(InsertRows(c,
                   "resident_tags (id, resident_id, tag_code, grade, subcategory, valid_from, "
                   "valid_until, source, place_code, birth_date, created_at)",
                   11, tag_rows.size(), [&](size_t n, std::vector<Value>& out) {
                     const auto [i, t] = tag_rows[n];
                     const auto& r = batch.residents[i].resident;
                     const auto& tag = batch.residents[i].tags[t];
                     out.emplace_back(tag_ids[n]);
                     out.emplace_back(ids.residents[i]);
                     out.emplace_back(tag.code);
                     out.push_back(OptionalInt(tag.grade));
                     out.emplace_back(tag.subcategory);
                     out.emplace_back(tag.valid_from);
                     out.push_back(OptionalText(tag.valid_until));
                     out.emplace_back(tag.source);
                     out.emplace_back(people::PlaceCode(r.community_code, r.grid_code));
                     out.emplace_back(identity::FormatDate(r.birth_date));
                     out.emplace_back(audit.at);
                   }));

    if (!deferred.empty()) TRY(DuplicatesAsIdNumberError(RebuildDeferredIndexes(c, deferred)));

    audit::AuditEntry entry = audit;
    std::vector<int64_t> created(fresh.begin(), fresh.end());
    entry.detail = "{\"buildings\":" + std::to_string(batch.buildings.size()) +
                   ",\"households\":" + std::to_string(batch.households.size()) +
                   ",\"residents_created\":\"" + IdRanges(created) + "\",\"residents_updated\":\"" +
                   IdRanges(updated) + "\",\"tags\":" + std::to_string(tag_rows.size()) +
                   ",\"context\":" + (audit.detail.empty() ? "null" : audit.detail) + "}";
    TRY(AppendAuditIn(c, keys_, entry));
    return ids;
  }

  // The identity fields of an existing resident, inside the caller's transaction.
  core::Status UpdateIn(Connection& c, const Resident& r, const Sealed& s) {
    ASSIGN_OR_RETURN(auto taken, c.Query("SELECT id FROM residents WHERE id_number_index = ? "
                                         "AND id <> ?",
                                         {s.id_index, r.id}));
    if (!taken.rows.empty()) return core::Error::AlreadyExists("该身份证号码已登记", "id_number");
    ASSIGN_OR_RETURN(auto before, c.Query("SELECT name, place_code, birth_date FROM residents "
                                          "WHERE id = ?",
                                          {r.id}));
    ASSIGN_OR_RETURN(
        auto result,
        c.Query("UPDATE residents SET name = ?, id_number_cipher = ?, id_number_index = ?, "
                "phone_cipher = ?, phone_index = ?, sex = ?, birth_date = ?, ethnicity_code = ?, "
                "updated_at = ? WHERE id = ?",
                {r.name, s.id_cipher, s.id_index, s.phone_cipher, s.phone_index,
                 std::string(identity::SexName(r.sex)), identity::FormatDate(r.birth_date),
                 r.ethnicity_code, r.updated_at, r.id}));
    if (result.affected_rows == 0) return core::Error::NotFound("居民不存在");
    const std::string birth_date = identity::FormatDate(r.birth_date);
    if (before.rows.at(0).Text(2) != birth_date) {  // a corrected ID number
      TRY(c.Query("UPDATE resident_tags SET birth_date = ? WHERE resident_id = ?",
                  {birth_date, r.id}));
    }
    const std::string old_name = before.rows.at(0).Text(0);
    if (old_name != r.name) {
      TRY(DeleteNameGrams(c, r.id, old_name));
      TRY(InsertNameGrams(c, r.id, r.name, before.rows.at(0).Text(1)));
    }
    return core::Ok();
  }

  // Moves an existing resident to the place in `r` from `date`: household head bookkeeping,
  // the resident row, their tags' place, and closing the open residence record on `date` (the
  // new one is written by the caller). `new_household`: the household is new in a batch (its
  // head is already set).
  static core::Status MoveIn(Connection& c, const Resident& r, std::string_view date,
                             bool new_household) {
    ASSIGN_OR_RETURN(auto old,
                     c.Query("SELECT household_id, relation FROM residents WHERE id = ?", {r.id}));
    if (old.rows.empty()) return core::Error::NotFound("居民不存在");
    const auto old_household = IntOrNullopt(old.rows.front(), 0);
    const bool was_head = old.rows.front().Text(1) == "head";
    const bool is_head = r.relation == people::Relation::kHead;
    if (old_household && was_head && (old_household != r.household_id || !is_head)) {
      TRY(
          c.Query("UPDATE households SET head_id = NULL, updated_at = ? WHERE id = ? AND "
                  "head_id = ?",
                  {r.updated_at, *old_household, r.id}));
    }
    if (is_head && r.household_id && !new_household) {
      TRY(CheckHeadFree(c, *r.household_id, r.id));
      TRY(c.Query("UPDATE households SET head_id = ?, updated_at = ? WHERE id = ?",
                  {r.id, r.updated_at, *r.household_id}));
    }
    const std::string place = people::PlaceCode(r.community_code, r.grid_code);
    TRY(
        c.Query("UPDATE residents SET status = ?, status_since = ?, household_id = ?, "
                "relation = ?, community_code = ?, grid_code = ?, place_code = ?, "
                "updated_at = ? WHERE id = ?",
                {std::string(people::ResidentStatusName(r.status)), r.status_since,
                 OptionalInt(r.household_id), RelationValue(r), r.community_code, r.grid_code,
                 place, r.updated_at, r.id}));
    TRY(c.Query("UPDATE resident_tags SET place_code = ? WHERE resident_id = ?", {place, r.id}));
    TRY(MoveNameGrams(c, r.id, place));
    TRY(
        c.Query("UPDATE residence_history SET valid_until = ? WHERE resident_id = ? AND "
                "valid_until IS NULL",
                {std::string(date), r.id}));
    return core::Ok();
  }

  // ----- name grams (resident_name_grams, migration 0009) -----
  // Residents whose grams are to be written: names[i] of resident ids[i] at places[i].
  struct NameGramSource {
    std::vector<std::string> names;
    std::vector<int64_t> ids;
    std::vector<std::string> places;
  };

  // Writes `rows` (NameGramsInIndexOrder of `source`), in their order.
  static core::Status InsertNameGrams(Connection& c, const NameGramSource& source,
                                      const std::vector<NameGramRow>& rows) {
    TRY(InsertRows(c, "resident_name_grams (gram, name, resident_id, place_code)", 4, rows.size(),
                   [&](size_t n, std::vector<Value>& out) {
                     const NameGramRow& row = rows[n];
                     const std::string& name = source.names[row.name];
                     out.emplace_back(name.substr(row.offset, row.length));
                     out.emplace_back(name);
                     out.emplace_back(source.ids[row.name]);
                     out.emplace_back(source.places[row.name]);
                   }));
    return core::Ok();
  }

  // For the end of a bulk load that left the name grams to it (kNameGramsFill): the residents
  // registered after the last one with grams, read in chunks, and the fill forgotten (the
  // caller writes their grams in the same transaction). Empty when no fill is pending.
  static core::Result<NameGramSource> TakeNameGramFill(Connection& c) {
    NameGramSource source;
    ASSIGN_OR_RETURN(bool pending, IsDeferred(c, kNameGramsFill));
    if (!pending) return source;
    ASSIGN_OR_RETURN(auto last, c.Query("SELECT COALESCE(MAX(resident_id), 0) FROM "
                                        "resident_name_grams"));
    int64_t after = last.rows.at(0).Int(0);
    while (true) {
      ASSIGN_OR_RETURN(auto chunk, c.Query("SELECT id, name, place_code FROM residents WHERE "
                                           "id > ? ORDER BY id LIMIT 100000",
                                           {after}));
      if (chunk.rows.empty()) break;
      for (const auto& row : chunk.rows) {
        source.ids.push_back(row.Int(0));
        source.names.push_back(row.Text(1));
        source.places.push_back(row.Text(2));
      }
      after = source.ids.back();
    }
    TRY(ForgetDeferred(c, kNameGramsFill));
    return source;
  }

  // "gram IN (?, ?, …)" for the grams of `name`, their values appended to `params`.
  static std::string GramList(std::string_view name, std::vector<Value>& params) {
    std::string list = "gram IN (";
    bool first = true;
    for (auto gram : NameGrams(name)) {
      list += first ? "?" : ", ?";
      first = false;
      params.emplace_back(std::string(gram));
    }
    return list + ")";
  }

  static core::Status InsertNameGrams(Connection& c, int64_t id, const std::string& name,
                                      const std::string& place) {
    const auto grams = NameGrams(name);
    if (grams.empty()) return core::Ok();
    std::string sql =
        "INSERT INTO resident_name_grams (gram, name, resident_id, place_code) VALUES ";
    std::vector<Value> params;
    for (size_t i = 0; i < grams.size(); ++i) {
      sql += i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
      params.emplace_back(std::string(grams[i]));
      params.emplace_back(name);
      params.emplace_back(id);
      params.emplace_back(place);
    }
    TRY(c.Query(sql, params));
    return core::Ok();
  }

  // The rows of one resident are found through the gram index from the name they were
  // written with.
  static core::Status DeleteNameGrams(Connection& c, int64_t id, const std::string& name) {
    if (name.empty()) return core::Ok();
    std::vector<Value> params{id, name};
    const std::string sql =
        "DELETE FROM resident_name_grams WHERE resident_id = ? AND name = ? AND " +
        GramList(name, params);
    TRY(c.Query(sql, params));
    return core::Ok();
  }

  static core::Status MoveNameGrams(Connection& c, int64_t id, const std::string& place) {
    ASSIGN_OR_RETURN(auto row, c.Query("SELECT name FROM residents WHERE id = ?", {id}));
    if (row.rows.empty() || row.rows.front().Text(0).empty()) return core::Ok();
    const std::string name = row.rows.front().Text(0);
    std::vector<Value> params{place, id, name};
    const std::string sql =
        "UPDATE resident_name_grams SET place_code = ? WHERE resident_id = ? AND name = ? AND " +
        GramList(name, params);
    TRY(c.Query(sql, params));
    return core::Ok();
  }

  // The gram a name search walks: of a text's several bigrams, the one with the fewest rows.
  static core::Result<std::string> RarestGram(Connection& c, std::string_view text) {
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

  static core::Status CheckHeadFree(Connection& c, int64_t household_id, int64_t resident_id) {
    ASSIGN_OR_RETURN(auto result,
                     c.Query("SELECT head_id FROM households WHERE id = ?", {household_id}));
    if (result.rows.empty()) return core::Error::NotFound("户不存在");
    if (!result.rows.front().IsNull(0) && result.rows.front().Int(0) != resident_id) {
      return core::Error::FailedPrecondition("该户已有户主");
    }
    return core::Ok();
  }

  static core::Status OpenRecord(Connection& c, const Resident& resident, std::string_view from,
                                 people::HistoryEvent event) {
    auto inserted = c.Query(
        "INSERT INTO residence_history (resident_id, household_id, community_code, "
        "grid_code, status, valid_from, valid_until, event) VALUES (?, ?, ?, ?, ?, ?, "
        "NULL, ?)",
        {resident.id, OptionalInt(resident.household_id), resident.community_code,
         resident.grid_code, std::string(people::ResidentStatusName(resident.status)),
         std::string(from), std::string(people::HistoryEventName(event))});
    if (!inserted.ok()) return std::move(inserted).error();
    return core::Ok();
  }

  // A stored ciphertext at its place. One that does not open there (changed, or copied from
  // another row or column) is the error of today's tamper path, 409, named in the server log.
  core::Result<std::string> Open(std::string_view ciphertext,
                                 const crypto::FieldLocation& at) const {
    auto plaintext = keys_.Decrypt(ciphertext, at);
    if (plaintext.ok()) return plaintext;
    return core::Error::FailedPrecondition("居民 " + std::to_string(at.row_id) + " 的" +
                                           (at.field == "phone" ? "手机号码" : "身份证号码") +
                                           "密文无法解密：已损坏、被篡改或从别处复制而来")
        .WithDetail("sealed " + std::string(at.table) + "." + std::string(at.field) + " of row " +
                    std::to_string(at.row_id) + " does not open there (" +
                    plaintext.error().message + "): changed, or copied from another row or column");
  }

  // Decrypts and attaches tags (only those valid on `tags_on` when given; else all).
  core::Result<std::vector<Resident>> ResidentsFromResult(
      Connection& connection, const QueryResult& result,
      const std::optional<std::string>& tags_on) const {
    std::vector<Resident> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) {
      Resident r;
      r.id = row.Int(0);
      r.name = row.Text(1);
      ASSIGN_OR_RETURN(r.id_number, Open(row.Text(2), IdNumberAt(r.id)));
      if (!row.IsNull(3)) {
        ASSIGN_OR_RETURN(r.phone, Open(row.Text(3), PhoneAt(r.id)));
      }
      r.sex = row.Text(4) == "female" ? identity::Sex::kFemale : identity::Sex::kMale;
      ASSIGN_OR_RETURN(r.birth_date, identity::ParseDate(row.Text(5), "birth_date"));
      r.ethnicity_code = row.Text(6);
      auto status = people::ResidentStatusFromName(row.Text(7));
      if (!status) return CorruptRow("residents.status");
      r.status = *status;
      r.status_since = row.Text(8);
      r.household_id = IntOrNullopt(row, 9);
      if (!row.IsNull(10)) r.relation = people::RelationFromName(row.Text(10));
      r.community_code = row.Text(11);
      r.grid_code = row.Text(12);
      r.building_id = IntOrNullopt(row, 13);
      r.synthetic = row.Int(14) != 0;
      r.created_at = row.Int(15);
      r.updated_at = row.Int(16);
      out.push_back(std::move(r));
    }
    if (out.empty()) return out;
    std::vector<Value> params;
    std::string sql =
        "SELECT t.id, t.resident_id, t.tag_code, d.name, d.category, t.grade, t.subcategory, "
        "t.valid_from, t.valid_until, t.source FROM resident_tags t JOIN tag_definitions d ON "
        "d.code = t.tag_code WHERE t.resident_id IN (";
    for (size_t i = 0; i < out.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(out[i].id);
    }
    sql += ")";
    if (tags_on) {
      sql += " AND t.valid_from <= ? AND (t.valid_until IS NULL OR t.valid_until > ?)";
      params.emplace_back(*tags_on);
      params.emplace_back(*tags_on);
    }
    sql += " ORDER BY t.valid_from, t.id";
    ASSIGN_OR_RETURN(auto tags, connection.Query(sql, params));
    for (const auto& row : tags.rows) {
      ResidentTag tag;
      tag.id = row.Int(0);
      tag.resident_id = row.Int(1);
      tag.code = row.Text(2);
      tag.name = row.Text(3);
      tag.category = row.Text(4);
      tag.grade = IntOrNullopt(row, 5);
      tag.subcategory = row.Text(6);
      tag.valid_from = row.Text(7);
      tag.valid_until = TextOrNullopt(row, 8);
      tag.source = row.Text(9);
      for (auto& resident : out) {
        if (resident.id == tag.resident_id) resident.tags.push_back(tag);
      }
    }
    return out;
  }

  Database& database_;
  crypto::KeyRing keys_;
};

}  // namespace

std::unique_ptr<people::PeopleRepository> MakeSqlPeopleRepository(Database& database,
                                                                  const crypto::KeyRing& keys) {
  return std::make_unique<SqlPeopleRepository>(database, keys);
}

}  // namespace linli::storage
