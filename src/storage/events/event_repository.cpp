#include "storage/events/event_repository.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include "storage/access/access_repositories.hpp"
#include "storage/keyset.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/scope_sql.hpp"

namespace linli::storage {

namespace {

using events::BuildingPlace;
using events::Category;
using events::DepartmentFigures;
using events::Escalation;
using events::Event;
using events::EventCopy;
using events::EventWrite;
using events::Photo;
using events::TransitionRecord;

Value OptText(const std::string& text) { return text.empty() ? Value(Null{}) : Value(text); }
Value OptInt(const std::optional<int64_t>& value) { return value ? Value(*value) : Value(Null{}); }
Value OptDouble(const std::optional<double>& value) {
  return value ? Value(*value) : Value(Null{});
}
Value OptBool(const std::optional<bool>& value) {
  return value ? Value(int64_t(*value ? 1 : 0)) : Value(Null{});
}
std::optional<int64_t> IntOr(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Int(i);
}
std::optional<double> DoubleOr(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Double(i);
}
std::optional<bool> BoolOr(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Int(i) != 0;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}
std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

constexpr std::string_view kEventColumns =
    "e.id, e.category_code, c.name, e.description, e.urgency, e.state, e.community_code, "
    "e.place_code, e.building_id, e.lat, e.lon, e.address, e.channel, e.reporter_account_id, "
    "e.reporter_role, e.open311_key_id, e.idempotency_key, e.handler_level, e.handler_code, "
    "e.handler_department, e.handler_name, e.routing_rule_id, e.skip_level, e.status_note, "
    "e.expected_at, e.created_at, e.updated_at, e.public_at, d.name, g.name";
// Events the anonymous Open311 requests list (Event::IsPublic).
// Open events: not yet resolved (EventQuery::open).
constexpr std::string_view kOpenEventStates =
    "('reported', 'assigned', 'in_progress', 'escalated')";
constexpr std::string_view kPublicEvent = "(e.channel = 'open311' OR e.public_at IS NOT NULL)";
constexpr std::string_view kEventFrom =
    " FROM events e LEFT JOIN event_categories c ON c.code = e.category_code"
    " LEFT JOIN divisions d ON d.code = e.community_code LEFT JOIN grids g ON g.code = "
    "e.place_code";

Event EventFromRow(const Row& row) {
  Event e;
  e.id = row.Int(0);
  e.category_code = row.Text(1);
  e.category_name = row.Text(2);
  e.description = row.Text(3);
  e.urgency = events::UrgencyFromName(row.Text(4)).value_or(events::Urgency::kNormal);
  e.state = events::EventStateFromName(row.Text(5)).value_or(events::EventState::kReported);
  e.community_code = row.Text(6);
  e.place_code = row.Text(7);
  e.building_id = IntOr(row, 8);
  e.lat = DoubleOr(row, 9);
  e.lon = DoubleOr(row, 10);
  e.address = row.Text(11);
  e.channel = row.Text(12) == "open311" ? events::Channel::kOpen311 : events::Channel::kApp;
  e.reporter_account_id = IntOr(row, 13);
  e.reporter_role = row.Text(14);
  e.open311_key_id = IntOr(row, 15);
  e.idempotency_key = row.Text(16);
  e.handler_level =
      events::TargetLevelFromName(row.Text(17)).value_or(events::TargetLevel::kCommunity);
  e.handler_code = row.Text(18);
  e.handler_department = row.Text(19);
  e.handler_name = row.Text(20);
  e.routing_rule_id = row.Text(21);
  e.skip_level = row.Int(22) != 0;
  e.status_note = row.Text(23);
  e.expected_at = IntOr(row, 24);
  e.created_at = row.Int(25);
  e.updated_at = row.Int(26);
  e.public_at = IntOr(row, 27);
  e.community_name = row.Text(28);
  e.grid_name = row.Text(29);
  return e;
}

// Escalation reads join the event and its category (for event_category / event_description):
// the escalation's columns (alias `x`), then the category's name and the event's description.
constexpr std::string_view kEscalationColumns =
    "x.id, x.event_id, x.department, x.place_code, x.urgency, x.state, x.reason, "
    "x.whistler_account_id, x.whistler_name, x.stage, x.stage_started_at, x.limit_unit, "
    "x.limit_amount, x.extension_amount, x.extension_count, x.stage_deadline_at, "
    "x.warned_level, x.pending_extension_amount, x.pending_extension_reason, "
    "x.supervision_level, x.check_in_deadline_at, x.checked_in_at, x.checked_in_on_time, "
    "x.handle_deadline_at, x.feedback, x.feedback_at, x.completed_on_time, x.closed_at, "
    "x.reporter_rating, x.community_rating, x.created_at, x.updated_at";
constexpr std::string_view kEscalationJoined = ", c.name, e.description";
constexpr std::string_view kEscalationFrom =
    " FROM escalations x JOIN events e ON e.id = x.event_id LEFT JOIN event_categories c ON "
    "c.code = e.category_code";

events::EscalationStage StageFromName(const std::string& name) {
  if (name == "handle") return events::EscalationStage::kHandle;
  if (name == "verify") return events::EscalationStage::kVerify;
  return events::EscalationStage::kCheckIn;
}

Escalation EscalationFromRow(const Row& row) {
  Escalation e;
  e.id = row.Int(0);
  e.event_id = row.Int(1);
  e.department = row.Text(2);
  e.place_code = row.Text(3);
  e.urgency = events::UrgencyFromName(row.Text(4)).value_or(events::Urgency::kNormal);
  e.state = events::EscalationStateFromName(row.Text(5)).value_or(events::EscalationState::kClosed);
  e.reason = row.Text(6);
  e.whistler_account_id = IntOr(row, 7);
  e.whistler_name = row.Text(8);
  e.has_stage = !row.Text(9).empty();
  e.clock.stage = StageFromName(row.Text(9));
  e.clock.started_at_millis = row.Int(10);
  e.clock.limit.unit =
      events::LimitUnitFromName(row.Text(11)).value_or(events::LimitUnit::kWorkingDays);
  e.clock.limit.amount = static_cast<int>(row.Int(12));
  e.clock.extension_amount = static_cast<int>(row.Int(13));
  e.clock.extension_count = static_cast<int>(row.Int(14));
  e.stage_deadline_at = IntOr(row, 15);
  e.warned_level = static_cast<int>(row.Int(16));
  e.pending_extension_amount = static_cast<int>(row.Int(17));
  e.pending_extension_reason = row.Text(18);
  e.supervision_level =
      events::SupervisionLevelFromName(row.Text(19)).value_or(events::SupervisionLevel::kNone);
  e.check_in_deadline_at = row.Int(20);
  e.checked_in_at = IntOr(row, 21);
  e.checked_in_on_time = BoolOr(row, 22);
  e.handle_deadline_at = IntOr(row, 23);
  e.feedback = row.Text(24);
  e.feedback_at = IntOr(row, 25);
  e.completed_on_time = BoolOr(row, 26);
  e.closed_at = IntOr(row, 27);
  if (auto v = IntOr(row, 28)) e.reporter_rating = static_cast<int>(*v);
  if (auto v = IntOr(row, 29)) e.community_rating = static_cast<int>(*v);
  e.created_at = row.Int(30);
  e.updated_at = row.Int(31);
  e.event_category = row.Text(32);
  e.event_description = row.Text(33);
  return e;
}

// The escalation's mutable columns, in the order of kEscalationSet.
constexpr std::string_view kEscalationSet =
    "state = ?, stage = ?, stage_started_at = ?, limit_unit = ?, limit_amount = ?, "
    "extension_amount = ?, extension_count = ?, stage_deadline_at = ?, warned_level = ?, "
    "pending_extension_amount = ?, pending_extension_reason = ?, supervision_level = ?, "
    "checked_in_at = ?, checked_in_on_time = ?, handle_deadline_at = ?, feedback = ?, "
    "feedback_at = ?, completed_on_time = ?, closed_at = ?, reporter_rating = ?, "
    "community_rating = ?, updated_at = ?";
void AppendEscalationSet(const Escalation& e, std::vector<Value>& params) {
  params.push_back(std::string(events::EscalationStateName(e.state)));
  params.push_back(e.has_stage ? std::string(events::EscalationStageName(e.clock.stage))
                               : std::string());
  params.push_back(e.clock.started_at_millis);
  params.push_back(std::string(events::LimitUnitName(e.clock.limit.unit)));
  params.push_back(int64_t(e.clock.limit.amount));
  params.push_back(int64_t(e.clock.extension_amount));
  params.push_back(int64_t(e.clock.extension_count));
  params.push_back(e.has_stage ? OptInt(e.stage_deadline_at) : Value(Null{}));
  params.push_back(int64_t(e.warned_level));
  params.push_back(int64_t(e.pending_extension_amount));
  params.push_back(e.pending_extension_reason);
  params.push_back(std::string(events::SupervisionLevelName(e.supervision_level)));
  params.push_back(OptInt(e.checked_in_at));
  params.push_back(OptBool(e.checked_in_on_time));
  params.push_back(OptInt(e.handle_deadline_at));
  params.push_back(e.feedback);
  params.push_back(OptInt(e.feedback_at));
  params.push_back(OptBool(e.completed_on_time));
  params.push_back(OptInt(e.closed_at));
  params.push_back(e.reporter_rating ? Value(int64_t(*e.reporter_rating)) : Value(Null{}));
  params.push_back(e.community_rating ? Value(int64_t(*e.community_rating)) : Value(Null{}));
  params.push_back(e.updated_at);
}

core::Error Raced() { return core::Error::FailedPrecondition("已被他人更新，请刷新后重试"); }

class SqlEventRepository final : public events::EventRepository {
 public:
  explicit SqlEventRepository(Database& database) : database_(database) {}

  core::Status UpsertCategory(const Category& category, bool only_if_missing,
                              int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    std::string sql =
        "INSERT INTO event_categories (code, name, parent_code, description, keywords, active, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO ";
    sql += only_if_missing ? "NOTHING"
                           : "UPDATE SET name = excluded.name, description = excluded.description, "
                             "keywords = excluded.keywords, active = excluded.active, "
                             "updated_at = excluded.updated_at";
    TRY(connection->Query(sql,
                          {category.code, category.name, category.parent_code, category.description,
                           Join(category.keywords), int64_t(category.active ? 1 : 0), now, now}));
    return core::Ok();
  }

  core::Result<std::vector<Category>> ListCategories() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT code, name, parent_code, description, keywords, "
                                       "active FROM event_categories ORDER BY code"));
    std::vector<Category> out;
    for (const auto& row : result.rows) {
      out.push_back(Category{row.Text(0), row.Text(1), row.Text(2), row.Text(3), Split(row.Text(4)),
                             row.Int(5) != 0});
    }
    return out;
  }

  core::Result<std::optional<BuildingPlace>> FindBuilding(int64_t id) override {
    return OneBuilding("WHERE id = ?", {id});
  }

  core::Result<std::optional<BuildingPlace>> NearestBuilding(double lat, double lon,
                                                             double max_degrees,
                                                             std::string_view city) override {
    return OneBuilding(
        "WHERE lat IS NOT NULL AND lon IS NOT NULL AND lat BETWEEN ? AND ? AND lon BETWEEN ? "
        "AND ? AND place_code LIKE ? ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?), id",
        {lat - max_degrees, lat + max_degrees, lon - max_degrees, lon + max_degrees,
         std::string(city) + "%", lat, lat, lon, lon});
  }

  core::Result<std::optional<BuildingPlace>> BuildingByAddress(std::string_view address,
                                                               std::string_view city) override {
    return OneBuilding("WHERE address = ? AND place_code LIKE ? ORDER BY id",
                       {std::string(address), std::string(city) + "%"});
  }

  core::Result<bool> PlaceExists(std::string_view code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    if (code.size() == 12) {
      ASSIGN_OR_RETURN(auto result, connection->Query("SELECT 1 FROM divisions WHERE code = ?",
                                                      {std::string(code)}));
      return !result.rows.empty();
    }
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT 1 FROM grids WHERE code = ? AND status = 'active'",
                                       {std::string(code)}));
    return !result.rows.empty();
  }

  core::Result<std::string> DivisionName(std::string_view code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT name FROM divisions WHERE code = ?",
                                                    {std::string(code)}));
    return result.rows.empty() ? std::string() : result.rows[0].Text(0);
  }

  core::Result<std::optional<Event>> FindByIdempotencyKey(int64_t reporter_account_id,
                                                          std::string_view key) override {
    return OneEvent(" WHERE e.reporter_account_id = ? AND e.idempotency_key = ?",
                    {reporter_account_id, std::string(key)});
  }

  core::Result<int64_t> CreateEvent(const Event& event, const EventWrite& write) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      std::string sql =
          "INSERT INTO events (category_code, description, urgency, state, community_code, "
          "place_code, building_id, lat, lon, address, channel, reporter_account_id, "
          "reporter_role, open311_key_id, idempotency_key, handler_level, handler_code, "
          "handler_department, handler_name, routing_rule_id, skip_level, status_note, "
          "expected_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ";
      // A concurrent duplicate (same reporter and idempotency key) inserts nothing.
      sql += event.idempotency_key.empty() || !event.reporter_account_id
                 ? "RETURNING id"
                 : "ON CONFLICT (reporter_account_id, idempotency_key) DO NOTHING RETURNING id";
      ASSIGN_OR_RETURN(auto inserted,
                       c.Query(sql, {event.category_code,
                                     event.description,
                                     std::string(events::UrgencyName(event.urgency)),
                                     std::string(events::EventStateName(event.state)),
                                     event.community_code,
                                     event.place_code,
                                     OptInt(event.building_id),
                                     OptDouble(event.lat),
                                     OptDouble(event.lon),
                                     event.address,
                                     std::string(events::ChannelName(event.channel)),
                                     OptInt(event.reporter_account_id),
                                     event.reporter_role,
                                     OptInt(event.open311_key_id),
                                     OptText(event.idempotency_key),
                                     std::string(events::TargetLevelName(event.handler_level)),
                                     event.handler_code,
                                     event.handler_department,
                                     event.handler_name,
                                     event.routing_rule_id,
                                     int64_t(event.skip_level ? 1 : 0),
                                     event.status_note,
                                     OptInt(event.expected_at),
                                     event.created_at,
                                     event.updated_at}));
      if (inserted.rows.empty()) {
        return core::Error::AlreadyExists("重复提交（Idempotency-Key 已使用）", "Idempotency-Key");
      }
      const int64_t id = inserted.rows[0].Int(0);
      TRY(ApplyIn(c, write, id));
      return id;
    });
  }

  core::Status Apply(const EventWrite& write) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection,
                         [&](Connection& c) -> core::Status { return ApplyIn(c, write, 0); });
  }

  core::Result<std::optional<Event>> GetEvent(int64_t id, const core::Scope& scope,
                                              int64_t reporter_account_id) override {
    std::vector<Value> params{id};
    std::string where = " WHERE e.id = ? AND (" + ScopeClause(scope, "e.place_code", params) +
                        " OR e.reporter_account_id = ?)";
    params.push_back(reporter_account_id);
    return OneEvent(where, std::move(params));
  }

  core::Result<core::Page<Event>> ListEvents(const events::EventQuery& query,
                                             const core::Scope& scope,
                                             int64_t reporter_account_id) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + std::string(kEventColumns) + std::string(kEventFrom) +
                      " WHERE (" + ScopeClause(scope, "e.place_code", params) +
                      " OR e.reporter_account_id = ?)";
    params.push_back(reporter_account_id);
    if (query.state) {
      sql += " AND e.state = ?";
      params.push_back(std::string(events::EventStateName(*query.state)));
    }
    if (!query.category.empty()) {
      sql += " AND (e.category_code = ? OR e.category_code LIKE ?)";
      params.push_back(query.category);
      params.push_back(query.category + ".%");
    }
    if (!query.place.empty()) {
      sql += " AND e.place_code LIKE ?";
      params.push_back(query.place + "%");
    }
    if (query.open) sql += " AND e.state IN " + std::string(kOpenEventStates);
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("e.id", SortOrder::kDescending), query.page, EventFromRow,
                      [](const Event& event) { return event.id; });
  }

  core::Result<std::vector<std::pair<std::string, int64_t>>> CountOpenEvents(
      const core::Scope& scope, int64_t reporter_account_id, size_t group_digits) override {
    // group_digits comes from code (a level's width), never from a request.
    const std::string key =
        group_digits == 0 ? "''" : "substr(e.place_code, 1, " + std::to_string(group_digits) + ")";
    std::vector<Value> params;
    std::string sql = "SELECT " + key + " AS k, COUNT(*) FROM events e WHERE (" +
                      ScopeClause(scope, "e.place_code", params) +
                      " OR e.reporter_account_id = ?) AND e.state IN " +
                      std::string(kOpenEventStates);
    // One total has no GROUP BY (PostgreSQL refuses to group by a constant).
    if (group_digits > 0) sql += " GROUP BY " + key + " ORDER BY 1";
    params.push_back(reporter_account_id);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<std::pair<std::string, int64_t>> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.emplace_back(row.Text(0), row.Int(1));
    return out;
  }

  core::Result<std::vector<EventCopy>> ListCopies(int64_t event_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT level, division_code, department, "
                                                    "name FROM event_copies WHERE event_id = ? "
                                                    "ORDER BY id",
                                                    {event_id}));
    std::vector<EventCopy> out;
    for (const auto& row : result.rows) {
      out.push_back(EventCopy{row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
    }
    return out;
  }

  core::Result<std::vector<TransitionRecord>> ListTransitions(int64_t event_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id, event_id, escalation_id, place_code, "
                                       "actor_account_id, actor_name, action, from_state, "
                                       "to_state, note, at FROM event_transitions WHERE "
                                       "event_id = ? ORDER BY id",
                                       {event_id}));
    std::vector<TransitionRecord> out;
    for (const auto& row : result.rows) {
      TransitionRecord t;
      t.id = row.Int(0);
      t.event_id = row.Int(1);
      t.escalation_id = IntOr(row, 2);
      t.place_code = row.Text(3);
      t.actor_account_id = IntOr(row, 4);
      t.actor_name = row.Text(5);
      t.action = row.Text(6);
      t.from_state = row.Text(7);
      t.to_state = row.Text(8);
      t.note = row.Text(9);
      t.at = row.Int(10);
      out.push_back(std::move(t));
    }
    return out;
  }

  core::Result<int64_t> AddPhoto(const Photo& photo) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("INSERT INTO event_photos (event_id, content_type, "
                          "byte_size, storage_path, media_url, created_by, "
                          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          {photo.event_id, photo.content_type, photo.byte_size, photo.storage_path,
                           photo.media_url, OptInt(photo.created_by), photo.created_at}));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::vector<Photo>> ListPhotos(int64_t event_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id, event_id, content_type, byte_size, "
                                       "storage_path, media_url, created_by, created_at FROM "
                                       "event_photos WHERE event_id = ? ORDER BY id",
                                       {event_id}));
    std::vector<Photo> out;
    for (const auto& row : result.rows) {
      out.push_back(Photo{row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.Text(4), row.Text(5),
                          IntOr(row, 6), row.Int(7)});
    }
    return out;
  }

  core::Result<std::optional<Escalation>> GetEscalation(int64_t id) override {
    ASSIGN_OR_RETURN(auto list, Escalations(" WHERE x.id = ?", {id}));
    if (list.empty()) return std::optional<Escalation>();
    return std::optional<Escalation>(std::move(list[0]));
  }

  core::Result<std::vector<Escalation>> EscalationsOfEvent(int64_t event_id) override {
    return Escalations(" WHERE x.event_id = ? ORDER BY x.id", {event_id});
  }

  core::Result<std::vector<Escalation>> Board(std::string_view department, const core::Scope& scope,
                                              int limit) override {
    std::vector<Value> params;
    std::string where = " WHERE ";
    if (!department.empty()) {
      where += "x.department = ? AND ";
      params.emplace_back(std::string(department));
    }
    where +=
        "x.state IN ('awaiting_check_in', 'handling', "
        "'awaiting_verification') AND " +
        ScopeClause(scope, "x.place_code", params) + " ORDER BY x.stage_deadline_at, x.id LIMIT ?";
    params.push_back(int64_t(limit));
    return Escalations(where, std::move(params));
  }

  // The sweep reads neither the category nor the description: no join (the scheduled sweep walks
  // every open escalation, a page at a time).
  core::Result<std::vector<Escalation>> SweepCandidates(
      int limit, std::optional<events::EventRepository::SweepKey> after) override {
    static const std::string base =
        "SELECT " + std::string(kEscalationColumns) +
        ", '', '' FROM escalations x WHERE x.stage_deadline_at IS NOT NULL AND x.state IN "
        "('awaiting_check_in', 'handling', 'awaiting_verification') AND (x.warned_level < 2 OR "
        "x.supervision_level <> 'listed_supervision')";
    static const std::string first = base + " ORDER BY x.stage_deadline_at, x.id LIMIT ?";
    static const std::string next = base +
                                    " AND (x.stage_deadline_at > ? OR (x.stage_deadline_at = ? "
                                    "AND x.id > ?)) ORDER BY x.stage_deadline_at, x.id LIMIT ?";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, after ? connection->Query(next, {after->stage_deadline_at,
                                                                   after->stage_deadline_at,
                                                                   after->id, int64_t(limit)})
                                        : connection->Query(first, {int64_t(limit)}));
    std::vector<Escalation> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(EscalationFromRow(row));
    return out;
  }

  core::Result<std::vector<DepartmentFigures>> Ranking(int64_t from, int64_t until,
                                                       const core::Scope& scope) override {
    std::vector<Value> params{from, until};
    std::string sql =
        "SELECT department, COUNT(*), "
        "SUM(CASE WHEN checked_in_on_time = 1 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state <> 'declined' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN completed_on_time = 1 THEN 1 ELSE 0 END), "
        "COUNT(reporter_rating) + COUNT(community_rating), "
        "COALESCE(SUM(reporter_rating), 0) + COALESCE(SUM(community_rating), 0) "
        "FROM escalations WHERE created_at >= ? AND created_at < ? AND state <> 'withdrawn' AND " +
        ScopeClause(scope, "place_code", params) + " GROUP BY department ORDER BY department";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<DepartmentFigures> out;
    for (const auto& row : result.rows) {
      out.push_back(DepartmentFigures{row.Text(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4),
                                      row.Int(5), row.Int(6)});
    }
    return out;
  }

  core::Result<std::vector<int64_t>> DepartmentAccounts(std::string_view department,
                                                        std::string_view place_code) override {
    // Only officers whose scope covers the place: the others could not open what they are told.
    return Accounts(
        "SELECT DISTINCT g.account_id FROM account_grants g JOIN accounts a ON a.id = "
        "g.account_id WHERE a.disabled = 0 AND g.role = 'department_officer' AND g.department = "
        "? AND substr(?, 1, length(g.scope_code)) = g.scope_code ORDER BY g.account_id",
        {std::string(department), std::string(place_code)});
  }

  core::Result<std::vector<int64_t>> AccountsWithGrant(access::Role role,
                                                       std::string_view scope_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return AccountsWithGrantIn(*connection, role, scope_code);
  }

  core::Result<int64_t> CreateOpen311Key(std::string_view name, std::string_view key_hash,
                                         int64_t created_by, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(
                                      "INSERT INTO open311_keys (name, key_hash, created_by, "
                                      "created_at) VALUES (?, ?, ?, ?) RETURNING id",
                                      {std::string(name), std::string(key_hash), created_by, now}));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::optional<int64_t>> FindOpen311Key(std::string_view key_hash) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id FROM open311_keys WHERE key_hash = ? AND "
                                       "revoked_at IS NULL",
                                       {std::string(key_hash)}));
    if (result.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(result.rows[0].Int(0));
  }

  core::Result<std::vector<Event>> ListPublic(const events::PublicQuery& query) override {
    std::vector<Value> params{query.city_code + "%"};
    std::string sql = "SELECT " + std::string(kEventColumns) + std::string(kEventFrom) +
                      " WHERE e.place_code LIKE ? AND " + std::string(kPublicEvent);
    auto in_list = [&](const char* column, auto const& values) {
      sql += std::string(" AND ") + column + " IN (";
      for (size_t i = 0; i < values.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.push_back(values[i]);
      }
      sql += ")";
    };
    if (!query.ids.empty()) in_list("e.id", query.ids);
    if (!query.service_codes.empty()) in_list("e.category_code", query.service_codes);
    if (query.start_at) {
      sql += " AND e.created_at >= ?";
      params.push_back(*query.start_at);
    }
    if (query.end_at) {
      sql += " AND e.created_at <= ?";
      params.push_back(*query.end_at);
    }
    if (query.open) {
      sql += *query.open ? " AND e.state NOT IN ('closed', 'cancelled')"
                         : " AND e.state IN ('closed', 'cancelled')";
    }
    sql += " ORDER BY e.id DESC LIMIT ?";
    params.push_back(int64_t(query.limit));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Event> out;
    for (const auto& row : result.rows) out.push_back(EventFromRow(row));
    return out;
  }

  core::Result<std::optional<Event>> GetPublic(int64_t id, std::string_view city) override {
    return OneEvent(" WHERE e.id = ? AND e.place_code LIKE ? AND " + std::string(kPublicEvent),
                    {id, std::string(city) + "%"});
  }

 private:
  core::Result<std::optional<BuildingPlace>> OneBuilding(const std::string& where,
                                                         std::vector<Value> params) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id, community_code, place_code, address, lat, lon "
                                       "FROM buildings " +
                                           where + " LIMIT 1",
                                       params));
    if (result.rows.empty()) return std::optional<BuildingPlace>();
    const Row& row = result.rows[0];
    return std::optional<BuildingPlace>(BuildingPlace{
        row.Int(0), row.Text(1), row.Text(2), row.Text(3), DoubleOr(row, 4), DoubleOr(row, 5)});
  }

  core::Result<std::optional<Event>> OneEvent(const std::string& where, std::vector<Value> params) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT " + std::string(kEventColumns) +
                                                        std::string(kEventFrom) + where,
                                                    params));
    if (result.rows.empty()) return std::optional<Event>();
    return std::optional<Event>(EventFromRow(result.rows[0]));
  }

  core::Result<std::vector<Escalation>> Escalations(const std::string& where,
                                                    std::vector<Value> params) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT " + std::string(kEscalationColumns) +
                                                        std::string(kEscalationJoined) +
                                                        std::string(kEscalationFrom) + where,
                                                    params));
    std::vector<Escalation> out;
    for (const auto& row : result.rows) out.push_back(EscalationFromRow(row));
    return out;
  }

  core::Result<std::vector<int64_t>> Accounts(const std::string& sql, std::vector<Value> params) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<int64_t> out;
    for (const auto& row : result.rows) out.push_back(row.Int(0));
    return out;
  }

  // Writes `write` on c; new_event_id replaces 0 event ids and names the new event to notices
  // about it (the ids of inserted escalations likewise).
  core::Status ApplyIn(Connection& c, const EventWrite& write, int64_t new_event_id) {
    if (write.event_update) {
      const Event& e = *write.event_update;
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query("UPDATE events SET state = ?, handler_level = ?, handler_code = ?, "
                  "handler_department = ?, handler_name = ?, status_note = ?, updated_at = ?, "
                  "public_at = ? WHERE id = ? AND state = ? AND updated_at = ?",
                  {std::string(events::EventStateName(e.state)),
                   std::string(events::TargetLevelName(e.handler_level)), e.handler_code,
                   e.handler_department, e.handler_name, e.status_note, e.updated_at,
                   OptInt(e.public_at), e.id,
                   std::string(events::EventStateName(write.expected_event_state)),
                   write.expected_event_updated_at}));
      if (updated.affected_rows != 1) return Raced();
    }
    std::vector<int64_t> inserted_escalations;
    for (const auto& e : write.escalation_inserts) {
      const int64_t event_id = e.event_id ? e.event_id : new_event_id;
      std::vector<Value> params{event_id,        e.department,
                                e.place_code,    std::string(events::UrgencyName(e.urgency)),
                                e.reason,        OptInt(e.whistler_account_id),
                                e.whistler_name, e.check_in_deadline_at,
                                e.created_at};
      AppendEscalationSet(e, params);
      ASSIGN_OR_RETURN(
          auto result,
          c.Query("INSERT INTO escalations (event_id, department, place_code, urgency, reason, "
                  "whistler_account_id, whistler_name, check_in_deadline_at, created_at, state, "
                  "stage, stage_started_at, limit_unit, limit_amount, extension_amount, "
                  "extension_count, stage_deadline_at, warned_level, pending_extension_amount, "
                  "pending_extension_reason, supervision_level, checked_in_at, "
                  "checked_in_on_time, handle_deadline_at, feedback, feedback_at, "
                  "completed_on_time, closed_at, reporter_rating, community_rating, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, department) DO NOTHING RETURNING id",
                  params));
      if (result.rows.empty()) {
        return core::Error::AlreadyExists("已向 " + e.department + " 吹哨", "departments");
      }
      inserted_escalations.push_back(result.rows[0].Int(0));
    }
    for (const auto& update : write.escalation_updates) {
      std::vector<Value> params;
      AppendEscalationSet(update.escalation, params);
      params.push_back(update.escalation.id);
      params.push_back(std::string(events::EscalationStateName(update.expected_state)));
      params.push_back(update.expected_updated_at);
      ASSIGN_OR_RETURN(auto result,
                       c.Query("UPDATE escalations SET " + std::string(kEscalationSet) +
                                   " WHERE id = ? AND state = ? AND updated_at = ?",
                               params));
      if (result.affected_rows != 1) return Raced();
    }
    for (const auto& t : write.transitions) {
      std::optional<int64_t> escalation_id = t.escalation_id;
      if (t.new_escalation_index && *t.new_escalation_index < inserted_escalations.size()) {
        escalation_id = inserted_escalations[*t.new_escalation_index];
      }
      TRY(
          c.Query("INSERT INTO event_transitions (event_id, escalation_id, place_code, "
                  "actor_account_id, actor_name, action, from_state, to_state, note, at) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {t.event_id ? t.event_id : new_event_id, OptInt(escalation_id), t.place_code,
                   OptInt(t.actor_account_id), t.actor_name, t.action, t.from_state, t.to_state,
                   t.note, t.at}));
    }
    for (const auto& copy : write.copies) {
      TRY(
          c.Query("INSERT INTO event_copies (event_id, level, division_code, department, name, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                  {new_event_id ? new_event_id : int64_t(0), copy.level, copy.division_code,
                   copy.department, copy.name,
                   write.transitions.empty() ? int64_t(0) : write.transitions.front().at}));
    }
    std::vector<notifications::Notice> notices;
    notices.reserve(write.notices.size());
    for (const auto& pending : write.notices) {
      notifications::Notice notice = pending.notice;
      if (pending.about_new_event) {
        notice.subject = notifications::Subject{notifications::SubjectType::kEvent, new_event_id};
      }
      if (pending.about_new_escalation &&
          *pending.about_new_escalation < inserted_escalations.size()) {
        notice.subject =
            notifications::Subject{notifications::SubjectType::kEscalation,
                                   inserted_escalations[*pending.about_new_escalation]};
      }
      notices.push_back(std::move(notice));
    }
    return InsertNotificationsIn(c, notices);
  }

  Database& database_;
};

class FilePhotoStore final : public events::PhotoStore {
 public:
  explicit FilePhotoStore(std::filesystem::path root) : root_(std::move(root)) {}

  core::Result<std::string> Save(int64_t event_id, std::string_view extension,
                                 std::string_view bytes) override {
    std::random_device random;
    const std::string relative = "events/" + std::to_string(event_id) + "/" +
                                 std::to_string(random()) + std::to_string(random()) + "." +
                                 std::string(extension);
    const auto path = root_ / relative;
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return core::Error::Internal("无法创建上传目录: " + error.message());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return core::Error::Internal("照片保存失败");
    return relative;
  }

  core::Result<std::string> Load(std::string_view relative_path) override {
    if (relative_path.find("..") != std::string_view::npos) {
      return core::Error::NotFound("照片不存在");
    }
    std::ifstream in(root_ / std::string(relative_path), std::ios::binary);
    if (!in) return core::Error::NotFound("照片不存在");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

 private:
  std::filesystem::path root_;
};

}  // namespace

std::unique_ptr<events::EventRepository> MakeSqlEventRepository(Database& database) {
  return std::make_unique<SqlEventRepository>(database);
}

std::unique_ptr<events::PhotoStore> MakeFilePhotoStore(std::filesystem::path root) {
  return std::make_unique<FilePhotoStore>(std::move(root));
}

}  // namespace linli::storage
