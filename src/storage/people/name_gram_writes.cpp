#include "storage/people/internal/name_gram_writes.hpp"

#include "storage/bulk_write.hpp"

namespace linli::storage::people_internal {

namespace {

// "gram IN (?, ?, …)" for the grams of `name`, their values appended to `params`.
std::string GramList(std::string_view name, std::vector<Value>& params) {
  std::string list = "gram IN (";
  bool first = true;
  for (auto gram : NameGrams(name)) {
    list += first ? "?" : ", ?";
    first = false;
    params.emplace_back(std::string(gram));
  }
  return list + ")";
}

}  // namespace

core::Status InsertNameGrams(Connection& c, const NameGramSource& source,
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

core::Status InsertNameGrams(Connection& c, int64_t id, const std::string& name,
                             const std::string& place) {
  const auto grams = NameGrams(name);
  if (grams.empty()) return core::Ok();
  std::string sql = "INSERT INTO resident_name_grams (gram, name, resident_id, place_code) VALUES ";
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

core::Status DeleteNameGrams(Connection& c, int64_t id, const std::string& name) {
  if (name.empty()) return core::Ok();
  std::vector<Value> params{id, name};
  const std::string sql =
      "DELETE FROM resident_name_grams WHERE resident_id = ? AND name = ? AND " +
      GramList(name, params);
  TRY(c.Query(sql, params));
  return core::Ok();
}

core::Status MoveNameGrams(Connection& c, int64_t id, const std::string& place) {
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

}  // namespace linli::storage::people_internal
