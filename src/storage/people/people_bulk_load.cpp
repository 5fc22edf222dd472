// Bulk loading of the registry (people_repository.hpp, people::PeopleRepository::WriteBatch and
// the bulk loads): SqlPeopleRepository's WriteBatch, BeginBulkLoad and EndBulkLoad, and the
// lookups that imports make before a batch.
#include <algorithm>
#include <future>

#include "core/parallel.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/people/internal/name_gram_writes.hpp"
#include "storage/people/internal/sql_people_repository.hpp"
#include "storage/values.hpp"

namespace linli::storage::people_internal {

namespace {

using people::Building;
using people::Household;
using people::Resident;

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

// For the end of a bulk load that left the name grams to it (kNameGramsFill): the residents
// registered after the last one with grams, read in chunks, and the fill forgotten (the
// caller writes their grams in the same transaction). Empty when no fill is pending.
core::Result<NameGramSource> TakeNameGramFill(Connection& c) {
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

}  // namespace

core::Result<people::PeopleBatchIds> SqlPeopleRepository::WriteBatch(
    const people::PeopleBatch& batch, const audit::AuditEntry& audit) {
  ASSIGN_OR_RETURN(std::vector<Sealed> sealed, SealAll(batch.residents));
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

core::Result<bool> SqlPeopleRepository::BeginBulkLoad(size_t expected_residents) {
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

core::Status SqlPeopleRepository::EndBulkLoad() {
  if (database_.dialect() == Dialect::kSqlite) {
    // One writer: the name grams and every index in one transaction, which a failure (a
    // repeated ID number) leaves unchanged.
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return DuplicatesAsIdNumberError(InTransaction(*connection, [&](Connection& c) -> core::Status {
      // The residents the grams are for are read first, and their grams sorted while the
      // indexes are rebuilt; the grams are written last: a CREATE INDEX after 2 GB of gram
      // pages took 20 s an index for the city instead of 16 s (measured before rebuilds
      // sorted through files), likely the page reads probing a larger WAL index.
      ASSIGN_OR_RETURN(auto grams, TakeNameGramFill(c));
      std::vector<std::string_view> names(grams.names.begin(), grams.names.end());
      auto order =
          std::async(std::launch::async, [&] { return NameGramsInIndexOrder(names, grams.ids); });
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

core::Result<std::vector<Building>> SqlPeopleRepository::BuildingsIn(
    const std::vector<std::string>& community_codes) {
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

core::Result<std::vector<Household>> SqlPeopleRepository::OpenHouseholdsIn(
    const std::vector<std::string>& community_codes) {
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

core::Result<std::vector<Resident>> SqlPeopleRepository::FindResidentsByIdNumbers(
    const std::vector<std::string>& id_numbers) {
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

// Seals every resident of a batch, spreading the work over the machine's cores (one sealer,
// with its keyed cipher and MAC states, per thread).
core::Result<std::vector<Sealed>> SqlPeopleRepository::SealAll(
    const std::vector<people::ResidentLoad>& loads) const {
  std::vector<Sealed> sealed(loads.size());
  TRY(core::ForRanges(loads.size(), 2000, [&](size_t begin, size_t end) -> core::Status {
    crypto::FieldSealer sealer(keys_);
    for (size_t i = begin; i < end; ++i) {
      ASSIGN_OR_RETURN(sealed[i], Seal(sealer, loads[i].resident));
    }
    return core::Ok();
  }));
  return sealed;
}

core::Result<people::PeopleBatchIds> SqlPeopleRepository::WriteBatchIn(
    Connection& c, const people::PeopleBatch& batch, std::vector<Sealed>& sealed,
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
  auto gram_order =
      std::async(std::launch::async, [&] { return NameGramsInIndexOrder(gram_names, grams.ids); });
  // A batch that only adds (the seeder, a first import) into tables it outsizes writes them
  // without their secondary indexes and rebuilds those at the end (docs/decisions/0006).
  // A batch that updates or joins existing rows keeps every index: its lookups need them.
  std::vector<std::string> deferred;
  if (!touches_existing) {
    std::vector<std::string> tables;
    for (auto [table, rows] :
         {std::pair{"buildings", batch.buildings.size()},
          std::pair{"households", batch.households.size()}, std::pair{"residents", new_rows.size()},
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
  ASSIGN_OR_RETURN(int64_t inserted,
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
  TRY(AppendAuditIn(c, entry));
  return ids;
}

}  // namespace linli::storage::people_internal
