#include "storage/facilities/facility_repository.hpp"

#include <charconv>
#include <cstring>
#include <unordered_map>

#include "core/identity/date.hpp"
#include "storage/bulk_write.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using facilities::CoverageRow;
using facilities::Facility;
using facilities::GapRow;
using facilities::NetworkArea;
using facilities::ResidentialComplex;

constexpr std::string_view kFacilityColumns =
    "id, community_code, type_code, name, address, lat, lon, building_id, floor_area, "
    "service_area, is_public, opening_hours, capacity, operator_name, status, opened_on, "
    "closed_on, synthetic, created_at, updated_at, phone";
constexpr std::string_view kCoverageColumns =
    "circle_code, facility_type, division_code, level, served_residents, covered_residents, "
    "residential_buildings, covered_buildings, straight_line_fallback, computed_at";
constexpr std::string_view kGapColumns =
    "circle_code, building_id, community_code, address, lat, lon, served_residents, "
    "straight_line_fallback";

Facility FacilityFromRow(const Row& row) {
  Facility f;
  f.id = row.Int(0);
  f.community_code = row.Text(1);
  f.type_code = row.Text(2);
  f.name = row.Text(3);
  f.address = row.Text(4);
  f.lat = row.Double(5);
  f.lon = row.Double(6);
  if (!row.IsNull(7)) f.building_id = row.Int(7);
  f.floor_area = row.Double(8);
  f.service_area = row.Double(9);
  f.is_public = row.Int(10) != 0;
  f.opening_hours = row.Text(11);
  if (!row.IsNull(12)) f.capacity = row.Int(12);
  f.operator_name = row.Text(13);
  f.status =
      facilities::FacilityStatusFromName(row.Text(14)).value_or(facilities::FacilityStatus::kOpen);
  if (!row.IsNull(15)) f.opened_on = row.Text(15);
  if (!row.IsNull(16)) f.closed_on = row.Text(16);
  f.synthetic = row.Int(17) != 0;
  f.created_at = row.Int(18);
  f.updated_at = row.Int(19);
  f.phone = row.Text(20);
  return f;
}

std::vector<Value> FacilityValues(const Facility& f) {
  return {f.community_code,
          f.community_code,
          f.type_code,
          f.name,
          f.address,
          f.lat,
          f.lon,
          OptionalInt(f.building_id),
          f.floor_area,
          f.service_area,
          int64_t{f.is_public},
          f.opening_hours,
          OptionalInt(f.capacity),
          f.operator_name,
          std::string(facilities::FacilityStatusName(f.status)),
          OptionalText(f.opened_on),
          OptionalText(f.closed_on),
          int64_t{f.synthetic},
          f.created_at,
          f.updated_at,
          f.phone};
}

CoverageRow CoverageFromRow(const Row& row) {
  CoverageRow c;
  c.circle_code = row.Text(0);
  c.facility_type = row.Text(1);
  c.division_code = row.Text(2);
  c.level = row.Text(3);
  c.served_residents = row.Int(4);
  c.covered_residents = row.Int(5);
  c.residential_buildings = row.Int(6);
  c.covered_buildings = row.Int(7);
  c.straight_line_fallback = row.Int(8) != 0;
  c.computed_at = row.Int(9);
  return c;
}

GapRow GapFromRow(const Row& row) {
  GapRow g;
  g.circle_code = row.Text(0);
  g.building_id = row.Int(1);
  g.community_code = row.Text(2);
  g.address = row.Text(3);
  g.lat = row.Double(4);
  g.lon = row.Double(5);
  g.served_residents = row.Int(6);
  g.straight_line_fallback = row.Int(7) != 0;
  return g;
}

template <typename T>
std::string PackArray(const std::vector<T>& values) {
  // Little-endian hosts only (x86-64, aarch64): the bytes are the array as laid out.
  std::string bytes(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

template <typename T>
std::vector<T> UnpackArray(const Value& value) {
  std::string_view bytes;
  if (const auto* blob = std::get_if<Blob>(&value)) bytes = blob->bytes;
  if (const auto* text = std::get_if<std::string>(&value)) bytes = *text;
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
  return out;
}

// Latest birth date of someone aged at least `years` on `today`.
std::string BirthLimit(std::string_view today, int years) {
  auto date = identity::ParseDate(today);
  if (!date.ok()) return std::string(today);
  identity::Date limit = *date;
  limit.year -= years;
  if (limit.month == 2 && limit.day == 29 && !identity::IsValidDate(limit)) limit.day = 28;
  return identity::FormatDate(limit);
}

constexpr std::string_view kCoverageTable =
    "circle_coverage (circle_code, facility_type, division_code, level, served_residents, "
    "covered_residents, residential_buildings, covered_buildings, straight_line_fallback, "
    "computed_at)";
constexpr std::string_view kGapTable =
    "circle_gaps (circle_code, building_id, community_code, place_code, address, lat, lon, "
    "served_residents, straight_line_fallback)";

core::Status InsertCoverageRows(Connection& c, const std::vector<CoverageRow>& rows) {
  TRY(InsertRows(c, kCoverageTable, 10, rows.size(), [&rows](size_t i, std::vector<Value>& out) {
    const CoverageRow& r = rows[i];
    out.insert(out.end(), {r.circle_code, r.facility_type, r.division_code, r.level,
                           r.served_residents, r.covered_residents, r.residential_buildings,
                           r.covered_buildings, int64_t{r.straight_line_fallback}, r.computed_at});
  }));
  return core::Ok();
}

// place_code: the gap's community (a building is placed in its community).
core::Status InsertGapRows(Connection& c, const std::vector<GapRow>& rows) {
  TRY(InsertRows(c, kGapTable, 9, rows.size(), [&rows](size_t i, std::vector<Value>& out) {
    const GapRow& g = rows[i];
    out.insert(out.end(),
               {g.circle_code, g.building_id, g.community_code, g.community_code, g.address, g.lat,
                g.lon, g.served_residents, int64_t{g.straight_line_fallback}});
  }));
  return core::Ok();
}

class SqlFacilityRepository final : public facilities::FacilityRepository {
 public:
  explicit SqlFacilityRepository(Database& database) : database_(database) {}

  core::Result<Facility> InsertFacility(const Facility& facility) override {
    ASSIGN_OR_RETURN(auto ids, InsertFacilities({facility}));
    Facility out = facility;
    out.id = ids.at(0);
    return out;
  }

  core::Result<std::vector<int64_t>> InsertFacilities(
      const std::vector<Facility>& facilities) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<std::vector<int64_t>>(
        *connection, [&](Connection& c) -> core::Result<std::vector<int64_t>> {
          std::vector<int64_t> ids;
          for (const Facility& f : facilities) {
            ASSIGN_OR_RETURN(
                auto result,
                c.Query("INSERT INTO facilities (community_code, place_code, type_code, name, "
                        "address, lat, lon, building_id, floor_area, service_area, is_public, "
                        "opening_hours, capacity, operator_name, status, opened_on, closed_on, "
                        "synthetic, created_at, updated_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        FacilityValues(f)));
            ids.push_back(result.rows.at(0).Int(0));
          }
          return ids;
        });
  }

  core::Status UpdateFacility(const Facility& f) override {
    std::vector<Value> params = FacilityValues(f);
    params.erase(params.begin() + 18);  // created_at stays
    params.push_back(f.id);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(
                         "UPDATE facilities SET community_code = ?, place_code = ?, type_code = ?, "
                         "name = ?, address = ?, lat = ?, lon = ?, building_id = ?, "
                         "floor_area = ?, service_area = ?, is_public = ?, opening_hours = ?, "
                         "capacity = ?, operator_name = ?, status = ?, opened_on = ?, "
                         "closed_on = ?, synthetic = ?, updated_at = ?, phone = ? WHERE id = ?",
                         params));
    if (result.affected_rows == 0) return core::Error::NotFound("设施不存在");
    return core::Ok();
  }

  core::Status DeleteFacility(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("DELETE FROM facilities WHERE id = ?", {id}));
    if (result.affected_rows == 0) return core::Error::NotFound("设施不存在");
    return core::Ok();
  }

  core::Result<std::optional<Facility>> FindFacility(int64_t id,
                                                     const core::Scope& scope) override {
    return FindOneInScope(
        database_, "SELECT " + std::string(kFacilityColumns) + " FROM facilities WHERE id = ?",
        {id}, scope, "place_code", FacilityFromRow);
  }

  core::Result<core::Page<Facility>> ListFacilities(const facilities::FacilityQuery& query,
                                                    const core::Scope& scope,
                                                    const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + std::string(kFacilityColumns) + " FROM facilities WHERE " +
                      ScopeClause(scope, "place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND place_code LIKE ?";
      params.emplace_back(query.place_prefix + "%");
    }
    if (!query.type_code.empty()) {
      sql += " AND type_code = ?";
      params.emplace_back(query.type_code);
    }
    if (query.status) {
      sql += " AND status = ?";
      params.emplace_back(std::string(facilities::FacilityStatusName(*query.status)));
    }
    if (!query.name_text.empty()) {
      sql += " AND " + LikeClause("name", query.name_text, LikeMatch::kContains, params);
    }
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ById("id"), page,
                      FacilityFromRow, [](const Facility& facility) { return facility.id; });
  }

  core::Result<std::vector<Facility>> AllFacilities(std::string_view place_prefix) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT " + std::string(kFacilityColumns) +
                                           " FROM facilities WHERE place_code LIKE ? ORDER BY id",
                                       {std::string(place_prefix) + "%"}));
    std::vector<Facility> out;
    for (const auto& row : result.rows) out.push_back(FacilityFromRow(row));
    return out;
  }

  core::Result<ResidentialComplex> InsertComplex(const ResidentialComplex& complex) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "INSERT INTO residential_complexes (community_code, place_code, name, "
            "total_floor_area, supporting_room_area, community_area, commerce_service_area, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {complex.community_code, complex.community_code, complex.name, complex.total_floor_area,
             complex.supporting_room_area, complex.community_area, complex.commerce_service_area,
             complex.created_at, complex.updated_at}));
    ResidentialComplex out = complex;
    out.id = result.rows.at(0).Int(0);
    return out;
  }

  core::Result<std::vector<ResidentialComplex>> ListComplexes(std::string_view place_prefix,
                                                              const core::Scope& scope) override {
    std::vector<Value> params{std::string(place_prefix) + "%"};
    std::string sql =
        "SELECT id, community_code, name, total_floor_area, supporting_room_area, "
        "community_area, commerce_service_area, created_at, updated_at FROM "
        "residential_complexes WHERE place_code LIKE ? AND " +
        ScopeClause(scope, "place_code", params) + " ORDER BY id";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<ResidentialComplex> out;
    for (const auto& row : result.rows) {
      ResidentialComplex c;
      c.id = row.Int(0);
      c.community_code = row.Text(1);
      c.name = row.Text(2);
      c.total_floor_area = row.Double(3);
      c.supporting_room_area = row.Double(4);
      c.community_area = row.Double(5);
      c.commerce_service_area = row.Double(6);
      c.created_at = row.Int(7);
      c.updated_at = row.Int(8);
      out.push_back(c);
    }
    return out;
  }

  core::Result<std::vector<std::pair<std::string, int64_t>>> HouseholdsPerCommunity(
      std::string_view place_prefix, const core::Scope& scope) override {
    // The whole city asks with no prefix: no LIKE then (a third of the query's time at city scale).
    std::vector<Value> params;
    std::string sql = "SELECT community_code, COUNT(*) FROM households WHERE until IS NULL AND ";
    if (!place_prefix.empty()) {
      sql += "place_code LIKE ? AND ";
      params.emplace_back(std::string(place_prefix) + "%");
    }
    sql += ScopeClause(scope, "place_code", params) +
           " GROUP BY community_code ORDER BY community_code";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& row : result.rows) out.emplace_back(row.Text(0), row.Int(1));
    return out;
  }

  core::Result<std::vector<facilities::BuildingPoint>> BuildingPoints(
      std::string_view place_prefix, std::string_view today) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::string prefix = std::string(place_prefix) + "%";
    ASSIGN_OR_RETURN(auto buildings,
                     connection->Query("SELECT id, community_code, address, lat, lon, kind FROM "
                                       "buildings WHERE place_code LIKE ? AND lat IS NOT NULL "
                                       "AND lon IS NOT NULL ORDER BY id",
                                       {prefix}));
    // Served residents per building: current residents by age group (ages on `today`).
    const std::string born_60 = BirthLimit(today, 60);  // age >= 60: birth_date <= this
    const std::string born_15 = BirthLimit(today, 15);  // age <= 14: birth_date > this
    const std::string born_4 = BirthLimit(today, 4);    // age <= 3: birth_date > this
    ASSIGN_OR_RETURN(
        auto counts,
        connection->Query(
            "SELECT h.building_id, COUNT(*), "
            "SUM(CASE WHEN r.birth_date <= CAST(? AS TEXT) THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN r.birth_date > CAST(? AS TEXT) THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN r.birth_date > CAST(? AS TEXT) THEN 1 ELSE 0 END) "
            "FROM residents r JOIN households h ON h.id = r.household_id "
            "WHERE r.place_code LIKE ? AND r.status IN ('registered_resident', 'floating', "
            "'away') GROUP BY h.building_id",
            {born_60, born_15, born_4, prefix}));
    std::unordered_map<int64_t, const Row*> by_building;
    for (const auto& row : counts.rows) by_building[row.Int(0)] = &row;
    std::vector<facilities::BuildingPoint> out;
    out.reserve(buildings.rows.size());
    for (const auto& row : buildings.rows) {
      facilities::BuildingPoint p;
      p.id = row.Int(0);
      p.community_code = row.Text(1);
      p.address = row.Text(2);
      p.lat = row.Double(3);
      p.lon = row.Double(4);
      const std::string kind = row.Text(5);
      p.residential = kind == "residential" || kind == "mixed";
      if (auto it = by_building.find(p.id); it != by_building.end()) {
        p.all = static_cast<uint32_t>(it->second->Int(1));
        p.age_60_plus = static_cast<uint32_t>(it->second->Int(2));
        p.age_0_14 = static_cast<uint32_t>(it->second->Int(3));
        p.age_0_3 = static_cast<uint32_t>(it->second->Int(4));
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  core::Result<std::vector<std::pair<std::string, std::string>>> CommunityKinds(
      std::string_view place_prefix) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT code, kind FROM divisions WHERE level = "
                                       "'community' AND code LIKE ? ORDER BY code",
                                       {std::string(place_prefix) + "%"}));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : result.rows) out.emplace_back(row.Text(0), row.Text(1));
    return out;
  }

  core::Result<std::vector<std::pair<std::string, std::string>>> CommunitiesInScope(
      std::string_view place_prefix, const core::Scope& scope) override {
    std::vector<Value> params{std::string(place_prefix) + "%"};
    const std::string sql =
        "SELECT code, kind FROM divisions WHERE level = 'community' AND retired_at IS NULL AND "
        "code "
        "LIKE ? AND " +
        ScopeClause(scope, "code", params) + " ORDER BY code";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.emplace_back(row.Text(0), row.Text(1));
    return out;
  }

  core::Result<std::vector<std::pair<std::string, std::string>>> CommunitiesWithCoverage(
      std::string_view circle_code, std::string_view place_prefix) override {
    std::vector<Value> params{std::string(place_prefix) + "%"};
    std::string sql =
        "SELECT circle_code, division_code FROM circle_coverage WHERE division_code LIKE ? AND "
        "level = 'community' AND facility_type = '' AND residential_buildings > 0";
    if (!circle_code.empty()) {
      sql += " AND circle_code = ?";
      params.emplace_back(std::string(circle_code));
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql + " ORDER BY division_code", params));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : result.rows) out.emplace_back(row.Text(0), row.Text(1));
    return out;
  }

  core::Result<bool> BuildingInPlace(int64_t building_id, std::string_view place_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT id FROM buildings WHERE id = ? AND place_code >= ? "
                          "AND place_code < ?",
                          {building_id, std::string(place_code), std::string(place_code) + ":"}));
    return !result.rows.empty();
  }

  core::Status SaveNetworkArea(const NetworkArea& area) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query("DELETE FROM walking_networks WHERE area_code = ?", {area.area_code}));
      TRY(
          c.Query("INSERT INTO walking_networks (area_code, node_count, edge_count, nodes, edges, "
                  "source_name, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {area.area_code, static_cast<int64_t>(area.coordinates.size() / 2),
                   static_cast<int64_t>(area.edges.size() / 2), Blob{PackArray(area.coordinates)},
                   Blob{PackArray(area.edges)}, area.source_name, area.imported_at}));
      return core::Ok();
    });
  }

  core::Result<std::vector<NetworkArea>> LoadNetworkAreas() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT area_code, nodes, edges, source_name, imported_at "
                                       "FROM walking_networks ORDER BY area_code"));
    std::vector<NetworkArea> out;
    for (const auto& row : result.rows) {
      NetworkArea area;
      area.area_code = row.Text(0);
      area.coordinates = UnpackArray<double>(row.At(1));
      area.edges = UnpackArray<uint32_t>(row.At(2));
      area.source_name = row.Text(3);
      area.imported_at = row.Int(4);
      out.push_back(std::move(area));
    }
    return out;
  }

  core::Result<std::vector<facilities::NetworkAreaInfo>> NetworkAreas() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT area_code, node_count, edge_count, source_name, "
                                       "imported_at FROM walking_networks ORDER BY area_code"));
    std::vector<facilities::NetworkAreaInfo> out;
    for (const auto& row : result.rows) {
      out.push_back(
          {row.Text(0), row.Int(1), row.Int(2), row.Text(3), row.Int(4), std::nullopt, 0});
    }
    return out;
  }

  core::Status ReplaceAllResults(const std::vector<CoverageRow>& coverage,
                                 const std::vector<GapRow>& gaps) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query("DELETE FROM circle_coverage"));
      TRY(c.Query("DELETE FROM circle_gaps"));
      TRY(InsertCoverageRows(c, coverage));
      return InsertGapRows(c, gaps);
    });
  }

  core::Status ReplaceCommunityResults(std::string_view circle_code,
                                       std::string_view community_code,
                                       const std::vector<CoverageRow>& coverage,
                                       const std::vector<GapRow>& gaps) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      for (const CoverageRow& row : coverage) {
        TRY(
            c.Query("DELETE FROM circle_coverage WHERE circle_code = ? AND facility_type = ? AND "
                    "division_code = ?",
                    {row.circle_code, row.facility_type, row.division_code}));
      }
      TRY(InsertCoverageRows(c, coverage));
      TRY(c.Query("DELETE FROM circle_gaps WHERE circle_code = ? AND community_code = ?",
                  {std::string(circle_code), std::string(community_code)}));
      return InsertGapRows(c, gaps);
    });
  }

  core::Result<std::vector<CoverageRow>> Coverage(std::string_view circle_code,
                                                  std::string_view division_prefix,
                                                  const core::Scope& scope) override {
    std::vector<Value> params{std::string(division_prefix) + "%"};
    std::string sql = "SELECT " + std::string(kCoverageColumns) +
                      " FROM circle_coverage WHERE division_code LIKE ?";
    if (!circle_code.empty()) {
      sql += " AND circle_code = ?";
      params.emplace_back(std::string(circle_code));
    }
    sql += " AND " + ScopeClause(scope, "division_code", params) +
           " ORDER BY circle_code, facility_type, division_code";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<CoverageRow> out;
    for (const auto& row : result.rows) out.push_back(CoverageFromRow(row));
    return out;
  }

  core::Result<std::vector<CoverageRow>> CoverageRowsFor(
      std::string_view circle_code, const std::vector<std::string>& division_codes) override {
    std::vector<CoverageRow> out;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    for (const auto& code : division_codes) {
      ASSIGN_OR_RETURN(auto result,
                       connection->Query("SELECT " + std::string(kCoverageColumns) +
                                             " FROM circle_coverage WHERE circle_code = ? AND "
                                             "division_code = ?",
                                         {std::string(circle_code), code}));
      for (const auto& row : result.rows) out.push_back(CoverageFromRow(row));
    }
    return out;
  }

  core::Result<std::vector<GapRow>> Gaps(std::string_view circle_code,
                                         std::string_view place_prefix, const core::Scope& scope,
                                         size_t limit) override {
    std::vector<Value> params{std::string(circle_code), std::string(place_prefix) + "%"};
    std::string sql = "SELECT " + std::string(kGapColumns) +
                      " FROM circle_gaps WHERE circle_code = ? AND place_code LIKE ? AND " +
                      ScopeClause(scope, "place_code", params) + " ORDER BY building_id LIMIT ?";
    params.emplace_back(static_cast<int64_t>(limit));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<GapRow> out;
    for (const auto& row : result.rows) out.push_back(GapFromRow(row));
    return out;
  }

  core::Result<core::Page<CoverageRow>> CoveragePage(std::string_view circle_code,
                                                     std::string_view division_prefix,
                                                     const std::vector<std::string>& levels,
                                                     const core::Scope& scope,
                                                     const core::PageRequest& page) override {
    // The same filter twice: first the page's places, then every row of those places.
    auto filter = [&](std::vector<Value>& params) {
      std::string sql = " FROM circle_coverage WHERE division_code LIKE ?";
      params.emplace_back(std::string(division_prefix) + "%");
      if (!circle_code.empty()) {
        sql += " AND circle_code = ?";
        params.emplace_back(std::string(circle_code));
      }
      if (!levels.empty()) {
        sql += " AND level IN (";
        for (size_t i = 0; i < levels.size(); ++i) {
          sql += i ? ", ?" : "?";
          params.emplace_back(levels[i]);
        }
        sql += ")";
      }
      return sql + " AND " + ScopeClause(scope, "division_code", params);
    };
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const Keyset by_place = Keyset::ByText("division_code");
    std::vector<Value> params;
    std::string sql = "SELECT DISTINCT division_code" + filter(params);
    TRY(by_place.AppendPage(page, sql, params));
    ASSIGN_OR_RETURN(auto places, connection->Query(sql, params));
    core::Page<CoverageRow> out;
    if (places.rows.empty()) return out;
    const size_t shown = std::min(places.rows.size(), static_cast<size_t>(page.limit));
    const std::string first = places.rows.front().Text(0);
    const std::string last = places.rows[shown - 1].Text(0);
    if (places.rows.size() > shown) out.next_cursor = by_place.Cursor(last);
    params.clear();
    sql = "SELECT " + std::string(kCoverageColumns) + filter(params) +
          " AND division_code >= ? AND division_code <= ? ORDER BY division_code, circle_code, "
          "facility_type";
    params.emplace_back(first);
    params.emplace_back(last);
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    for (const auto& row : result.rows) out.items.push_back(CoverageFromRow(row));
    return out;
  }

  core::Result<facilities::BuildingBounds> PlaceBuildingBounds(
      std::string_view place_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT COUNT(*), MIN(lat), MAX(lat), MIN(lon), MAX(lon) "
                                       "FROM buildings WHERE place_code >= ? AND place_code < ? "
                                       "AND lat IS NOT NULL AND lon IS NOT NULL AND lat BETWEEN 3 "
                                       "AND 54 AND lon BETWEEN 73 AND 136",
                                       {std::string(place_code), std::string(place_code) + ":"}));
    facilities::BuildingBounds bounds;
    if (result.rows.empty() || result.rows[0].Int(0) == 0) return bounds;
    const auto& row = result.rows[0];
    bounds.buildings = row.Int(0);
    bounds.min_lat = row.Double(1);
    bounds.max_lat = row.Double(2);
    bounds.min_lon = row.Double(3);
    bounds.max_lon = row.Double(4);
    return bounds;
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<facilities::FacilityRepository> MakeSqlFacilityRepository(Database& database) {
  return std::make_unique<SqlFacilityRepository>(database);
}

}  // namespace linli::storage
