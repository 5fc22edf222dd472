#include "storage/care/eligibility_repository.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/identity/date.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using care::Condition;
using care::Fact;
using care::Finding;
using care::Op;

constexpr const char* kGone = "('deceased', 'moved_out')";

std::string Comparison(Op op) {
  switch (op) {
    case Op::kGe:
      return ">=";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kLt:
      return "<";
    default:
      return "=";
  }
}

std::string TagValidOn(std::vector<Value>& params, std::string_view date) {
  params.emplace_back(std::string(date));
  params.emplace_back(std::string(date));
  return "t.valid_from <= ? AND (t.valid_until IS NULL OR t.valid_until > ?)";
}

}  // namespace

std::string ConditionSql(const Condition& c, std::string_view date, std::vector<Value>& params) {
  switch (c.kind) {
    case Condition::Kind::kAll:
    case Condition::Kind::kAny: {
      std::string out = "(";
      for (size_t i = 0; i < c.children.size(); ++i) {
        if (i > 0) out += c.kind == Condition::Kind::kAll ? " AND " : " OR ";
        out += ConditionSql(c.children[i], date, params);
      }
      return out + ")";
    }
    case Condition::Kind::kNot:
      return "(NOT " + ConditionSql(c.children.at(0), date, params) + ")";
    case Condition::Kind::kTest:
      break;
  }
  switch (c.fact) {
    case Fact::kAge: {
      // Ages in whole years on `date`, through the birth date (the index residents_birth).
      const care::BirthRange born = care::BirthRangeOf(c, date);
      std::string out;
      if (born.born_by) {
        params.emplace_back(*born.born_by);
        out = "r.birth_date <= ?";
      }
      if (born.born_after) {
        params.emplace_back(*born.born_after);
        out += std::string(out.empty() ? "" : " AND ") + "r.birth_date > ?";
      }
      return born.born_by && born.born_after ? "(" + out + ")" : out;
    }
    case Fact::kSex:
      return InClause("r.sex", c.values, params);
    case Fact::kStatus:
      return InClause("r.status", c.values, params);
    case Fact::kTag: {
      // An IN over the tag index: SQLite drives the lookup of residents by it when it stands in
      // a top-level AND, and tests membership elsewhere.
      params.emplace_back(c.values.at(0));
      std::string out =
          "r.id IN (SELECT t.resident_id FROM resident_tags t WHERE t.tag_code = ? AND ";
      return out + TagValidOn(params, date) + ")";
    }
    case Fact::kDisabilityGrade: {
      std::string out =
          "r.id IN (SELECT t.resident_id FROM resident_tags t WHERE t.tag_code = 'disability' AND "
          "t.grade " +
          Comparison(c.op) + " ?";
      params.emplace_back(c.number);
      return out + " AND " + TagValidOn(params, date) + ")";
    }
    case Fact::kCategory:
      params.emplace_back(c.values.at(0));
      return "r.id IN (SELECT a.resident_id FROM care_archives a WHERE a.category = ? AND "
             "a.status = 'open')";
  }
  return "1=0";
}

namespace {

const std::string kFindingColumns =
    "f.id, f.resident_id, r.name, f.place_code, COALESCE(d.name, '') || CASE WHEN gr.name IS NULL "
    "THEN '' ELSE ' · ' || gr.name END, f.benefit, f.kind, f.status, f.found_on, f.outcome_note, "
    "f.worker_id, f.worker_name, f.updated_at, f.synthetic";
constexpr const char* kFindingFrom =
    " FROM care_findings f JOIN residents r ON r.id = f.resident_id LEFT JOIN divisions d ON "
    "d.code = substr(f.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = f.place_code";

Finding FindingFrom(const Row& row) {
  Finding f;
  f.id = row.Int(0);
  f.resident_id = row.Int(1);
  f.resident_name = row.Text(2);
  f.place_code = row.Text(3);
  f.place_name = row.Text(4);
  f.benefit = row.Text(5);
  f.kind = care::kFindingKindNames.From(row.Text(6)).value_or(care::FindingKind::kEligible);
  f.status = care::kFindingStatusNames.From(row.Text(7)).value_or(care::FindingStatus::kOpen);
  f.found_on = row.Text(8);
  f.outcome_note = row.Text(9);
  f.worker_id = row.IsNull(10) ? std::nullopt : std::optional<int64_t>(row.Int(10));
  f.worker_name = row.Text(11);
  f.updated_at = row.Int(12);
  f.synthetic = row.Int(13) != 0;
  return f;
}

// " AND r.id IN (?, …)" restricting a run to the residents a signal names ("" for everyone).
std::string Restriction(const std::vector<int64_t>& residents, std::string_view column,
                        std::vector<Value>& params) {
  if (residents.empty()) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  for (size_t i = 0; i < residents.size(); ++i) {
    out += i == 0 ? "?" : ", ?";
    params.emplace_back(residents[i]);
  }
  return out + ")";
}

// ----- a run: every rule in one pass over the people the rules can find -----
// Reads the facts the rules need (the tags and archives they name, then the people those and
// the rules' ages reach), the current enrolments and the open and recently decided findings;
// evaluates every rule in memory (care::DatedCondition, the same meaning as ConditionSql); and
// writes only the differences: new findings, and open ones no longer found resolved.

constexpr size_t kIdsPerStatement = 500;
constexpr int64_t kRowsPerRead = 50'000;
constexpr const char* kDecided = "('applied', 'declined', 'not_eligible', 'enrolled', 'stopped')";

std::string Placeholders(size_t count) {
  std::string out = "(";
  for (size_t i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

// Runs `sql` (its parameters `params`) once, or — when `only` names residents — once per chunk
// of them with " AND <column> IN (…)" appended; each row to `on_row`.
core::Status ReadRows(Connection& c, const std::string& sql, const std::vector<Value>& params,
                      std::string_view column, const std::vector<int64_t>& only,
                      const std::function<void(const Row&)>& on_row) {
  if (only.empty()) {
    ASSIGN_OR_RETURN(auto result, c.Query(sql, params));
    for (const auto& row : result.rows) on_row(row);
    return core::Ok();
  }
  for (size_t start = 0; start < only.size(); start += kIdsPerStatement) {
    const size_t count = std::min(kIdsPerStatement, only.size() - start);
    std::vector<Value> chunk = params;
    for (size_t i = 0; i < count; ++i) chunk.emplace_back(only[start + i]);
    ASSIGN_OR_RETURN(
        auto result,
        c.Query(sql + " AND " + std::string(column) + " IN " + Placeholders(count), chunk));
    for (const auto& row : result.rows) on_row(row);
  }
  return core::Ok();
}

bool Contains(const std::vector<int64_t>& sorted, int64_t id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

void SortUnique(std::vector<int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

class OnePassRun {
 public:
  OnePassRun(Connection& c, std::string_view date, int64_t now, std::vector<int64_t> only)
      : c_(c), date_(date), now_(now), only_(std::move(only)) {
    SortUnique(only_);
  }

  core::Result<std::vector<care::RunCounts>> Run(const std::vector<care::Benefit>& benefits) {
    for (const auto& benefit : benefits) Collect(benefit.when);
    TRY(ReadTags());
    TRY(ReadCategories());
    TRY(ReadPeople(benefits));
    std::vector<care::RunCounts> out;
    for (const auto& benefit : benefits) {
      ASSIGN_OR_RETURN(auto counts, RunOne(benefit));
      out.push_back(std::move(counts));
    }
    return out;
  }

 private:
  struct TagRow {
    int64_t resident = 0;
    care::HeldTag tag;
  };
  struct CategoryRow {
    int64_t resident = 0;
    std::string_view category;
  };
  struct Person {
    int64_t id = 0;
    std::string birth_date;
    std::string_view sex;
    std::string_view status;
    size_t tags_begin = 0, tags_end = 0;
    size_t categories_begin = 0, categories_end = 0;
  };
  struct Open {
    int64_t finding = 0;
    int64_t resident = 0;
  };

  // The tag codes and categories the rules name.
  void Collect(const Condition& c) {
    for (const auto& child : c.children) Collect(child);
    if (c.kind != Condition::Kind::kTest) return;
    if (c.fact == Fact::kTag) tag_codes_.insert(c.values.at(0));
    if (c.fact == Fact::kDisabilityGrade) tag_codes_.insert("disability");
    if (c.fact == Fact::kCategory) categories_.insert(c.values.at(0));
  }

  std::string_view Word(const std::string& text) { return *words_.insert(text).first; }

  core::Status ReadTags() {
    const std::string valid =
        " AND t.valid_from <= ? AND (t.valid_until IS NULL OR t.valid_until > ?)";
    for (const std::string& code : tag_codes_) {
      // Each from the tag index alone (resident_tags_code); the grades of a graded tag
      // (disability) again from the index of graded tags, as a second held tag.
      std::vector<Value> params = {code, std::string(date_), std::string(date_)};
      TRY(ReadRows(c_, "SELECT t.resident_id FROM resident_tags t WHERE t.tag_code = ?" + valid,
                   params, "t.resident_id", only_, [&](const Row& row) {
                     tags_.push_back({row.Int(0), care::HeldTag{code, std::nullopt}});
                   }));
      if (code != "disability") continue;
      TRY(ReadRows(c_,
                   "SELECT t.resident_id, t.grade FROM resident_tags t WHERE t.tag_code = ? AND "
                   "t.grade IS NOT NULL" +
                       valid,
                   params, "t.resident_id", only_, [&](const Row& row) {
                     tags_.push_back({row.Int(0), care::HeldTag{code, row.Int(1)}});
                   }));
    }
    std::sort(tags_.begin(), tags_.end(),
              [](const TagRow& a, const TagRow& b) { return a.resident < b.resident; });
    held_.reserve(tags_.size());
    for (const auto& row : tags_) held_.push_back(row.tag);
    return core::Ok();
  }

  core::Status ReadCategories() {
    for (const std::string& category : categories_) {
      TRY(ReadRows(c_,
                   "SELECT a.resident_id FROM care_archives a WHERE a.category = ? AND "
                   "a.status = 'open'",
                   {category}, "a.resident_id", only_, [&](const Row& row) {
                     archives_.push_back({row.Int(0), category});
                   }));
    }
    std::sort(archives_.begin(), archives_.end(),
              [](const CategoryRow& a, const CategoryRow& b) { return a.resident < b.resident; });
    open_categories_.reserve(archives_.size());
    for (const auto& row : archives_) open_categories_.push_back(row.category);
    return core::Ok();
  }

  void AddPerson(const Row& row) {
    people_.push_back({row.Int(0), row.Text(1), Word(row.Text(2)), Word(row.Text(3))});
  }

  // The residents a tag, grade or category test finds.
  std::vector<int64_t> Finds(const Condition& test) const {
    std::vector<int64_t> out;
    if (test.fact == Fact::kCategory) {
      for (const auto& row : archives_) {
        if (row.category == test.values.at(0)) out.push_back(row.resident);
      }
    } else {
      const care::DatedCondition dated(test, date_);
      for (size_t i = 0; i < tags_.size();) {
        size_t end = i;
        while (end < tags_.size() && tags_[end].resident == tags_[i].resident) ++end;
        care::PersonFacts facts;
        facts.tags = std::span<const care::HeldTag>(held_).subspan(i, end - i);
        if (dated.Meets(facts)) out.push_back(tags_[i].resident);
        i = end;
      }
    }
    SortUnique(out);
    return out;
  }

  // The people every rule can find (or those of `only_`), with their facts, sorted by id.
  core::Status ReadPeople(const std::vector<care::Benefit>& benefits) {
    const std::string columns = "SELECT r.id, r.birth_date, r.sex, r.status FROM residents r";
    std::vector<int64_t> wanted = only_;
    if (only_.empty()) {
      std::map<const Condition*, std::vector<int64_t>> finds;
      auto found = [&](const Condition& test) -> const std::vector<int64_t>& {
        auto it = finds.find(&test);
        if (it == finds.end()) it = finds.emplace(&test, Finds(test)).first;
        return it->second;
      };
      bool everyone = false;
      bool ages = false;
      std::optional<std::string> born_by;
      std::optional<std::string> born_after;
      bool unbounded_after = false;
      for (const auto& benefit : benefits) {
        // Ages are read through their range of birth dates: count them as large.
        const care::Reach reach = care::ReachOf(benefit.when, [&](const Condition& test) {
          return test.fact == Fact::kAge ? 1e12 : double(found(test).size());
        });
        everyone = everyone || reach.everyone;
        for (const Condition* test : reach.tests) {
          if (test->fact != Fact::kAge) {
            const auto& ids = found(*test);
            wanted.insert(wanted.end(), ids.begin(), ids.end());
            continue;
          }
          const care::BirthRange range = care::BirthRangeOf(*test, date_);
          if (!range.born_by) everyone = true;  // the young: most people
          if (range.born_by && (!born_by || *range.born_by > *born_by)) born_by = range.born_by;
          if (!range.born_after) unbounded_after = true;
          if (range.born_after && (!born_after || *range.born_after < *born_after)) {
            born_after = range.born_after;
          }
          ages = true;
        }
      }
      if (unbounded_after) born_after.reset();
      if (everyone) {
        // Everyone, in chunks by id.
        int64_t last = 0;
        for (;;) {
          ASSIGN_OR_RETURN(auto result, c_.Query(columns + " WHERE r.id > ? ORDER BY r.id LIMIT " +
                                                     std::to_string(kRowsPerRead),
                                                 {last}));
          for (const auto& row : result.rows) AddPerson(row);
          if (static_cast<int64_t>(result.rows.size()) < kRowsPerRead) break;
          last = people_.back().id;
        }
        wanted.clear();
      } else if (ages) {
        // The ages' range of birth dates, in chunks along the index residents_birth.
        std::string range = " WHERE r.birth_date <= ?";
        std::vector<Value> bounds = {*born_by};
        if (born_after) {
          range += " AND r.birth_date > ?";
          bounds.emplace_back(*born_after);
        }
        std::optional<std::pair<std::string, int64_t>> last;
        for (;;) {
          std::vector<Value> params = bounds;
          std::string sql = columns + range;
          if (last) {
            sql += " AND r.birth_date >= ? AND (r.birth_date > ? OR r.id > ?)";
            params.emplace_back(last->first);
            params.emplace_back(last->first);
            params.emplace_back(last->second);
          }
          sql += " ORDER BY r.birth_date, r.id LIMIT " + std::to_string(kRowsPerRead);
          ASSIGN_OR_RETURN(auto result, c_.Query(sql, params));
          for (const auto& row : result.rows) AddPerson(row);
          if (static_cast<int64_t>(result.rows.size()) < kRowsPerRead) break;
          last.emplace(people_.back().birth_date, people_.back().id);
        }
      }
    }
    // The rest by id.
    SortUnique(wanted);
    std::vector<int64_t> read;
    read.reserve(people_.size());
    for (const auto& p : people_) read.push_back(p.id);
    SortUnique(read);
    std::vector<int64_t> missing;
    std::set_difference(wanted.begin(), wanted.end(), read.begin(), read.end(),
                        std::back_inserter(missing));
    for (size_t start = 0; start < missing.size(); start += kIdsPerStatement) {
      const size_t count = std::min(kIdsPerStatement, missing.size() - start);
      std::vector<Value> params(missing.begin() + static_cast<std::ptrdiff_t>(start),
                                missing.begin() + static_cast<std::ptrdiff_t>(start + count));
      ASSIGN_OR_RETURN(auto result,
                       c_.Query(columns + " WHERE r.id IN " + Placeholders(count), params));
      for (const auto& row : result.rows) AddPerson(row);
    }
    std::sort(people_.begin(), people_.end(),
              [](const Person& a, const Person& b) { return a.id < b.id; });
    // Each person's tags and archives (both sorted by resident).
    size_t t = 0;
    size_t a = 0;
    for (auto& p : people_) {
      while (t < tags_.size() && tags_[t].resident < p.id) ++t;
      p.tags_begin = t;
      while (t < tags_.size() && tags_[t].resident == p.id) ++t;
      p.tags_end = t;
      while (a < archives_.size() && archives_[a].resident < p.id) ++a;
      p.categories_begin = a;
      while (a < archives_.size() && archives_[a].resident == p.id) ++a;
      p.categories_end = a;
    }
    return core::Ok();
  }

  core::Result<care::RunCounts> RunOne(const care::Benefit& benefit) {
    care::RunCounts counts;
    counts.benefit = benefit.code;
    // What the database holds for the benefit.
    std::vector<int64_t> enrolled;
    TRY(ReadRows(c_,
                 "SELECT e.resident_id FROM care_enrolments e WHERE e.benefit = ? AND "
                 "e.until_on = ''",
                 {benefit.code}, "e.resident_id", only_,
                 [&](const Row& row) { enrolled.push_back(row.Int(0)); }));
    SortUnique(enrolled);
    std::vector<Open> open_eligible;
    std::vector<Open> open_lapsed;
    TRY(ReadRows(c_,
                 "SELECT f.id, f.resident_id, f.kind FROM care_findings f WHERE f.benefit = ? AND "
                 "f.status = 'open'",
                 {benefit.code}, "f.resident_id", only_, [&](const Row& row) {
                   (row.Text(2) == "eligible" ? open_eligible : open_lapsed)
                       .push_back({row.Int(0), row.Int(1)});
                 }));
    // A worker decided on this person, benefit and kind within the last year: not found again.
    std::vector<int64_t> decided_eligible;
    std::vector<int64_t> decided_lapsed;
    auto parsed = identity::ParseDate(date_);
    std::string year_ago(date_);
    if (parsed.ok()) {
      year_ago =
          identity::FormatDate(identity::CivilFromDays(identity::DaysFromCivil(*parsed) - 365));
    }
    TRY(ReadRows(
        c_,
        std::string("SELECT f.resident_id, f.kind FROM care_findings f WHERE f.benefit = "
                    "? AND f.status IN ") +
            kDecided + " AND f.decided_on > ?",
        {benefit.code, year_ago}, "f.resident_id", only_, [&](const Row& row) {
          (row.Text(1) == "eligible" ? decided_eligible : decided_lapsed).push_back(row.Int(0));
        }));
    SortUnique(decided_eligible);
    SortUnique(decided_lapsed);

    // The rule over the people read (anyone else it cannot find).
    const care::DatedCondition rule(benefit.when, date_);
    std::vector<int64_t> eligible;  // alive, found, not enrolled
    std::vector<int64_t> met;       // found (alive or not)
    std::vector<int64_t> gone;
    for (const auto& p : people_) {
      care::PersonFacts facts;
      facts.birth_date = p.birth_date;
      facts.sex = p.sex;
      facts.status = p.status;
      facts.tags =
          std::span<const care::HeldTag>(held_).subspan(p.tags_begin, p.tags_end - p.tags_begin);
      facts.categories = std::span<const std::string_view>(open_categories_)
                             .subspan(p.categories_begin, p.categories_end - p.categories_begin);
      const bool alive = p.status != "deceased" && p.status != "moved_out";
      if (!alive) gone.push_back(p.id);
      if (!rule.Meets(facts)) continue;
      met.push_back(p.id);
      if (alive && !Contains(enrolled, p.id)) eligible.push_back(p.id);
    }
    // Enrolled people the rule no longer finds (or who died or left). Someone enrolled and not
    // read is beyond the rule's reach.
    std::vector<int64_t> lapsed;
    for (int64_t id : enrolled) {
      if (!Contains(met, id) || Contains(gone, id)) lapsed.push_back(id);
    }

    auto is_open = [](const std::vector<Open>& open) {
      std::vector<int64_t> out;
      for (const auto& f : open) out.push_back(f.resident);
      SortUnique(out);
      return out;
    };
    const std::vector<int64_t> open_eligible_people = is_open(open_eligible);
    const std::vector<int64_t> open_lapsed_people = is_open(open_lapsed);
    std::vector<int64_t> new_eligible;
    for (int64_t id : eligible) {
      if (!Contains(open_eligible_people, id) && !Contains(decided_eligible, id)) {
        new_eligible.push_back(id);
      }
    }
    std::vector<int64_t> new_lapsed;
    for (int64_t id : lapsed) {
      if (!Contains(open_lapsed_people, id) && !Contains(decided_lapsed, id)) {
        new_lapsed.push_back(id);
      }
    }
    std::vector<int64_t> resolve;
    for (const auto& f : open_eligible) {
      if (!Contains(eligible, f.resident)) resolve.push_back(f.finding);
    }
    for (const auto& f : open_lapsed) {
      if (!Contains(lapsed, f.resident)) resolve.push_back(f.finding);
    }
    SortUnique(resolve);

    TRY(Insert(benefit.code, "eligible", new_eligible));
    TRY(Insert(benefit.code, "no_longer_eligible", new_lapsed));
    for (size_t start = 0; start < resolve.size(); start += kIdsPerStatement) {
      const size_t count = std::min(kIdsPerStatement, resolve.size() - start);
      std::vector<Value> params = {now_};
      for (size_t i = 0; i < count; ++i) params.emplace_back(resolve[start + i]);
      ASSIGN_OR_RETURN(auto resolved,
                       c_.Query("UPDATE care_findings SET status = 'resolved', updated_at = ? "
                                "WHERE status = 'open' AND id IN " +
                                    Placeholders(count),
                                params));
      counts.resolved += resolved.affected_rows;
    }
    ASSIGN_OR_RETURN(auto totals,
                     c_.Query("SELECT kind, COUNT(*) FROM care_findings WHERE status = 'open' AND "
                              "benefit = ? GROUP BY kind",
                              {benefit.code}));
    for (const auto& row : totals.rows) {
      if (row.Text(0) == "eligible") counts.eligible = row.Int(1);
      if (row.Text(0) == "no_longer_eligible") counts.no_longer_eligible = row.Int(1);
    }
    return counts;
  }

  // New open findings of these residents, with their place as it is now.
  core::Status Insert(const std::string& benefit, std::string_view kind,
                      const std::vector<int64_t>& residents) {
    for (size_t start = 0; start < residents.size(); start += kIdsPerStatement) {
      const size_t count = std::min(kIdsPerStatement, residents.size() - start);
      std::vector<Value> params = {benefit, std::string(kind), std::string(date_), now_};
      for (size_t i = 0; i < count; ++i) params.emplace_back(residents[start + i]);
      TRY(c_.Query(
          "INSERT INTO care_findings (resident_id, benefit, kind, place_code, status, found_on, "
          "updated_at, synthetic) SELECT r.id, CAST(? AS TEXT), CAST(? AS TEXT), r.place_code, "
          "'open', CAST(? AS TEXT), CAST(? AS BIGINT), r.synthetic FROM residents r WHERE r.id "
          "IN " +
              Placeholders(count) + " ON CONFLICT DO NOTHING",
          params));
    }
    return core::Ok();
  }

  Connection& c_;
  const std::string date_;
  const int64_t now_;
  std::vector<int64_t> only_;
  std::set<std::string, std::less<>> tag_codes_;
  std::set<std::string, std::less<>> categories_;
  std::set<std::string, std::less<>> words_;
  std::vector<TagRow> tags_;  // sorted by resident
  std::vector<care::HeldTag> held_;
  std::vector<CategoryRow> archives_;  // sorted by resident
  std::vector<std::string_view> open_categories_;
  std::vector<Person> people_;
};

class SqlEligibilityRepository final : public care::EligibilityRepository {
 public:
  SqlEligibilityRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<std::vector<care::RunCounts>> Run(const std::vector<care::Benefit>& benefits,
                                                 std::string_view date, int64_t now,
                                                 const std::vector<int64_t>& residents) override {
    // One transaction: what the run reads and the changes it writes agree.
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<std::vector<care::RunCounts>>(
        *connection, [&](Connection& c) -> core::Result<std::vector<care::RunCounts>> {
          return OnePassRun(c, date, now, residents).Run(benefits);
        });
  }

  core::Result<int64_t> CountMatching(const Condition& condition, std::string_view date) override {
    std::vector<Value> params;
    const std::string sql = std::string("SELECT COUNT(*) FROM residents r WHERE r.status NOT IN ") +
                            kGone + " AND " + ConditionSql(condition, date, params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::vector<bool>> Matching(const std::vector<const Condition*>& conditions,
                                           std::string_view date, int64_t resident_id) override {
    std::vector<bool> out;
    if (conditions.empty()) return out;
    // One statement: a column per condition.
    std::vector<Value> params;
    std::string sql = "SELECT ";
    for (size_t i = 0; i < conditions.size(); ++i) {
      sql += (i ? ", " : "") + std::string("CASE WHEN ") +
             ConditionSql(*conditions[i], date, params) + " THEN 1 ELSE 0 END";
    }
    sql += " FROM residents r WHERE r.id = ?";
    params.emplace_back(resident_id);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    out.assign(conditions.size(), false);
    if (result.rows.empty()) return out;
    for (size_t i = 0; i < conditions.size(); ++i) out[i] = result.rows[0].Int(i) != 0;
    return out;
  }

  core::Result<core::Page<Finding>> List(const care::FindingQuery& query,
                                         const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + kFindingColumns + kFindingFrom + " WHERE " +
                      ScopeClause(scope, "f.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "f.place_code", params);
    }
    if (!query.benefit.empty()) {
      sql += " AND f.benefit = ?";
      params.emplace_back(query.benefit);
    }
    if (query.kind) {
      sql += " AND f.kind = ?";
      params.emplace_back(std::string(care::kFindingKindNames.Name(*query.kind)));
    }
    if (query.status) {
      sql += " AND f.status = ?";
      params.emplace_back(std::string(care::kFindingStatusNames.Name(*query.status)));
    }
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ById("f.id"),
                      query.page, FindingFrom, [](const Finding& f) { return f.id; });
  }

  core::Result<std::optional<Finding>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, "SELECT " + kFindingColumns + kFindingFrom + " WHERE f.id = ?",
                          {id}, scope, "f.place_code", FindingFrom);
  }

  core::Result<bool> RecordOutcome(const Finding& finding, std::string_view date,
                                   const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query(
              "UPDATE care_findings SET status = ?, decided_on = ?, outcome_note = ?, "
              "worker_id = ?, worker_name = ?, updated_at = ? WHERE id = ? AND status = 'open' "
              "RETURNING id",
              {std::string(care::kFindingStatusNames.Name(finding.status)), std::string(date),
               finding.outcome_note, finding.worker_id ? Value(*finding.worker_id) : Value(Null{}),
               finding.worker_name, finding.updated_at, finding.id}));
      if (updated.rows.empty()) return false;
      if (finding.status == care::FindingStatus::kEnrolled) {
        TRY(
            c.Query("INSERT INTO care_enrolments (resident_id, benefit, since_on) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    {finding.resident_id, finding.benefit, std::string(date)}));
      } else if (finding.status == care::FindingStatus::kStopped) {
        TRY(
            c.Query("UPDATE care_enrolments SET until_on = ? WHERE resident_id = ? AND benefit = ? "
                    "AND until_on = ''",
                    {std::string(date), finding.resident_id, finding.benefit}));
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<int64_t> CountOpenFindings(const std::vector<int64_t>& residents) override {
    if (residents.empty()) return int64_t{0};
    std::vector<Value> params;
    const std::string sql = "SELECT COUNT(*) FROM care_findings WHERE status = 'open'" +
                            Restriction(residents, "resident_id", params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::vector<care::ContactFigures>> ContactFiguresOf(
      std::string_view found_by, std::string_view decided_by) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT substr(place_code, 1, 12), COUNT(*), SUM(CASE WHEN status <> "
                          "'open' AND decided_on <> '' AND decided_on <= ? THEN 1 ELSE 0 END) "
                          "FROM care_findings WHERE found_on <= ? AND status <> 'resolved' "
                          "GROUP BY substr(place_code, 1, 12) ORDER BY 1",
                          {std::string(decided_by), std::string(found_by)}));
    std::vector<care::ContactFigures> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back({row.Text(0), row.Int(1), row.Int(2)});
    return out;
  }

  core::Result<int64_t> InsertSignals(const std::vector<care::Signal>& signals,
                                      const audit::AuditEntry& entry) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(int64_t written,
                       InsertRows(
                           c,
                           "care_signals (resident_id, place_code, kind, signal_on, source, note, "
                           "imported_by, imported_by_name, imported_at)",
                           9, signals.size(),
                           [&](size_t i, std::vector<Value>& out) {
                             const care::Signal& s = signals[i];
                             out.emplace_back(s.resident_id);
                             out.emplace_back(s.place_code);
                             out.emplace_back(std::string(care::kSignalKindNames.Name(s.kind)));
                             out.emplace_back(s.signal_on);
                             out.emplace_back(s.source);
                             out.emplace_back(s.note);
                             out.emplace_back(s.imported_by);
                             out.emplace_back(s.imported_by_name);
                             out.emplace_back(s.imported_at);
                           },
                           ""));
      TRY(AppendAuditIn(c, *keys_, entry));
      return written;
    });
  }

  core::Result<std::vector<care::Signal>> ListSignals(const std::string& place_prefix,
                                                      const core::Scope& scope,
                                                      size_t limit) override {
    std::vector<Value> params;
    std::string sql =
        "SELECT s.id, s.resident_id, r.name, s.place_code, COALESCE(d.name, '') || CASE WHEN "
        "gr.name IS NULL THEN '' ELSE ' · ' || gr.name END, s.kind, s.signal_on, s.source, "
        "s.note, s.imported_by, s.imported_by_name, s.imported_at FROM care_signals s JOIN "
        "residents r ON r.id = s.resident_id LEFT JOIN divisions d ON d.code = "
        "substr(s.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = s.place_code WHERE " +
        ScopeClause(scope, "s.place_code", params);
    if (!place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({place_prefix}), "s.place_code", params);
    }
    sql += " ORDER BY s.id DESC LIMIT " + std::to_string(limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<care::Signal> out;
    for (const auto& row : result.rows) {
      care::Signal s;
      s.id = row.Int(0);
      s.resident_id = row.Int(1);
      s.resident_name = row.Text(2);
      s.place_code = row.Text(3);
      s.place_name = row.Text(4);
      s.kind = care::kSignalKindNames.From(row.Text(5)).value_or(care::SignalKind::kOther);
      s.signal_on = row.Text(6);
      s.source = row.Text(7);
      s.note = row.Text(8);
      s.imported_by = row.Int(9);
      s.imported_by_name = row.Text(10);
      s.imported_at = row.Int(11);
      out.push_back(std::move(s));
    }
    return out;
  }

  core::Result<std::vector<care::Enrolment>> EnrolmentsOf(int64_t resident_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT resident_id, benefit, since_on, until_on FROM "
                                       "care_enrolments WHERE resident_id = ? ORDER BY id",
                                       {resident_id}));
    std::vector<care::Enrolment> out;
    for (const auto& row : result.rows) {
      out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3)});
    }
    return out;
  }

  core::Result<int64_t> EnrolSynthetic(const std::vector<care::Benefit>& benefits,
                                       std::string_view date, double share,
                                       uint64_t seed) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      int64_t written = 0;
      for (const auto& benefit : benefits) {
        std::vector<Value> params = {benefit.code, std::string(date)};
        std::string sql =
            "INSERT INTO care_enrolments (resident_id, benefit, since_on, synthetic) SELECT r.id, "
            "?, ?, 1 FROM residents r WHERE r.synthetic = 1 AND r.status NOT IN " +
            std::string(kGone) + " AND " + ConditionSql(benefit.when, date, params);
        sql += " AND (r.id * 7919 + ?) % 1000 < ? ON CONFLICT DO NOTHING";
        params.emplace_back(static_cast<int64_t>(seed % 1000003));
        params.emplace_back(static_cast<int64_t>(share * 1000));
        ASSIGN_OR_RETURN(auto inserted, c.Query(sql, params));
        written += inserted.affected_rows;
      }
      return written;
    });
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::EligibilityRepository> MakeSqlEligibilityRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlEligibilityRepository>(database, keys);
}

}  // namespace linli::storage
