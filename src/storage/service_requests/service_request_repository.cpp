#include "storage/service_requests/service_request_repository.hpp"

#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

namespace sr = service_requests;

// ",web,mobile," for the LIKE filters.
template <typename T, typename NameOf>
std::string CommaList(const std::vector<T>& values, NameOf name_of) {
  std::string out = ",";
  for (const auto& value : values) {
    out += name_of(value);
    out += ',';
  }
  return out;
}

constexpr const char* kItemColumns =
    "code, version, item_json, current, retired, created_at, created_by";

core::Result<sr::CatalogueEntry> EntryFromRow(const Row& row) {
  ASSIGN_OR_RETURN(auto item, service_requests::ServiceItemFromJson(row.Text(2)));
  sr::CatalogueEntry entry;
  entry.item = std::move(item);
  entry.item.code = row.Text(0);
  entry.item.version = static_cast<int>(row.Int(1));
  entry.current = row.Int(3) != 0;
  entry.retired = row.Int(4) != 0;
  entry.created_at = row.Int(5);
  entry.created_by = row.Text(6);
  return entry;
}

constexpr int kRequestColumnCount = 28;

std::string BuildRequestColumns(std::string_view alias) {
  static constexpr const char* kNames[kRequestColumnCount] = {"id",
                                                              "item_code",
                                                              "item_version",
                                                              "item_name",
                                                              "fully_online",
                                                              "promised_working_days",
                                                              "applicant_id",
                                                              "applicant_name",
                                                              "community_code",
                                                              "place_code",
                                                              "channel",
                                                              "handling_mode",
                                                              "state",
                                                              "note",
                                                              "slot_id",
                                                              "received_at",
                                                              "deadline_at",
                                                              "completed_at",
                                                              "handling_working_days",
                                                              "on_time",
                                                              "outcome",
                                                              "rating",
                                                              "rating_comment",
                                                              "rated_at",
                                                              "filed_by",
                                                              "filed_by_name",
                                                              "created_at",
                                                              "updated_at"};
  std::string out;
  for (int i = 0; i < kRequestColumnCount; ++i) {
    if (i > 0) out += ", ";
    out += alias;
    out += kNames[i];
  }
  return out;
}

// The column list, built once per alias used ("" and "r.").
const std::string& RequestColumns(std::string_view alias) {
  static const std::string plain = BuildRequestColumns("");
  static const std::string joined = BuildRequestColumns("r.");
  return alias.empty() ? plain : joined;
}

sr::ServiceRequest RequestFromRow(const Row& row, size_t offset = 0) {
  auto at = [&](size_t i) { return offset + i; };
  sr::ServiceRequest r;
  r.id = row.Int(at(0));
  r.item_code = row.Text(at(1));
  r.item_version = static_cast<int>(row.Int(at(2)));
  r.item_name = row.Text(at(3));
  r.fully_online = row.Int(at(4)) != 0;
  r.promised_working_days = static_cast<int>(row.Int(at(5)));
  r.applicant_id = row.Int(at(6));
  r.applicant_name = row.Text(at(7));
  r.community_code = row.Text(at(8));
  r.place_code = row.Text(at(9));
  r.channel = service_requests::ChannelFromName(row.Text(at(10)))
                  .value_or(service_requests::Channel::kWindow);
  r.handling_mode = service_requests::HandlingModeFromName(row.Text(at(11)))
                        .value_or(service_requests::HandlingMode::kAppointment);
  r.state = service_requests::RequestStateFromName(row.Text(at(12)))
                .value_or(service_requests::RequestState::kSubmitted);
  r.note = row.Text(at(13));
  r.slot_id = IntOrNullopt(row, at(14));
  r.received_at = row.Int(at(15));
  r.deadline_at = row.Int(at(16));
  r.completed_at = IntOrNullopt(row, at(17));
  if (!row.IsNull(at(18))) r.handling_working_days = static_cast<int>(row.Int(at(18)));
  if (!row.IsNull(at(19))) r.on_time = row.Int(at(19)) != 0;
  r.outcome = TextOrNullopt(row, at(20));
  if (!row.IsNull(at(21))) r.rating = static_cast<int>(row.Int(at(21)));
  r.rating_comment = TextOrNullopt(row, at(22));
  r.rated_at = IntOrNullopt(row, at(23));
  r.filed_by = row.Int(at(24));
  r.filed_by_name = row.Text(at(25));
  r.created_at = row.Int(at(26));
  r.updated_at = row.Int(at(27));
  return r;
}

constexpr const char* kSlotColumns =
    "id, community_code, desk, starts_at, ends_at, capacity, booked, created_at, created_by";

sr::AppointmentSlot SlotFromRow(const Row& row, size_t offset = 0) {
  sr::AppointmentSlot s;
  s.id = row.Int(offset + 0);
  s.community_code = row.Text(offset + 1);
  s.desk = row.Text(offset + 2);
  s.starts_at = row.Int(offset + 3);
  s.ends_at = row.Int(offset + 4);
  s.capacity = static_cast<int>(row.Int(offset + 5));
  s.booked = static_cast<int>(row.Int(offset + 6));
  s.created_at = row.Int(offset + 7);
  s.created_by = row.Text(offset + 8);
  return s;
}

constexpr const char* kMaterialColumns =
    "id, request_id, name, content_type, size_bytes, sm3_digest, storage_name, uploaded_by, "
    "uploaded_by_name, uploaded_at";

sr::Material MaterialFromRow(const Row& row) {
  sr::Material m;
  m.id = row.Int(0);
  m.request_id = row.Int(1);
  m.name = row.Text(2);
  m.content_type = row.Text(3);
  m.size_bytes = row.Int(4);
  m.sm3_digest = row.Text(5);
  m.storage_name = row.Text(6);
  m.uploaded_by = row.Int(7);
  m.uploaded_by_name = row.Text(8);
  m.uploaded_at = row.Int(9);
  return m;
}

constexpr const char* kSampleFormColumns =
    "id, item_code, name, content_type, size_bytes, sm3_digest, storage_name, uploaded_by, "
    "uploaded_by_name, uploaded_at";

sr::SampleForm SampleFormFromRow(const Row& row) {
  sr::SampleForm f;
  f.id = row.Int(0);
  f.item_code = row.Text(1);
  f.name = row.Text(2);
  f.content_type = row.Text(3);
  f.size_bytes = row.Int(4);
  f.sm3_digest = row.Text(5);
  f.storage_name = row.Text(6);
  f.uploaded_by = row.Int(7);
  f.uploaded_by_name = row.Text(8);
  f.uploaded_at = row.Int(9);
  return f;
}

constexpr const char* kRunningStates = "('submitted', 'accepted', 'in_progress', 'resubmitted')";

core::Status InsertTransitionIn(Connection& c, const sr::TransitionRecord& record,
                                int64_t request_id) {
  auto result = c.Query(
      "INSERT INTO service_request_transitions (request_id, action, from_state, to_state, "
      "actor_id, actor_name, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {request_id, record.action,
       record.from_state
           ? Value(std::string(service_requests::RequestStateName(*record.from_state)))
           : Value(Null{}),
       std::string(service_requests::RequestStateName(record.to_state)), record.actor_id,
       record.actor_name, record.reason, record.at});
  if (!result.ok()) return std::move(result).error();
  return core::Ok();
}

core::Status InsertItemIn(Connection& c, const sr::CatalogueEntry& entry) {
  const service_requests::ServiceItem& item = entry.item;
  auto result = c.Query(
      "INSERT INTO service_items (code, version, name, category, channels, handling_modes, "
      "fully_online, promised_working_days, item_json, current, retired, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
      {item.code, int64_t{item.version}, item.name,
       std::string(service_requests::ServiceCategoryName(item.category)),
       CommaList(item.channels,
                 [](service_requests::Channel c) { return service_requests::ChannelName(c); }),
       CommaList(
           item.handling_modes,
           [](service_requests::HandlingMode m) { return service_requests::HandlingModeName(m); }),
       int64_t{item.fully_online}, int64_t{item.promised_working_days},
       service_requests::ServiceItemToJson(item), int64_t{entry.retired}, entry.created_at,
       entry.created_by});
  if (!result.ok()) {
    if (result.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("服务事项编码已存在", "code");
    }
    return std::move(result).error();
  }
  return core::Ok();
}

class SqlServiceRequestRepository final : public sr::ServiceRequestRepository {
 public:
  explicit SqlServiceRequestRepository(Database& database) : database_(database) {}

  // ----- catalogue -----
  core::Status InsertItem(const sr::CatalogueEntry& entry) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto existing, connection->Query("SELECT 1 FROM service_items WHERE code = ?",
                                                      {entry.item.code}));
    if (!existing.rows.empty()) return core::Error::AlreadyExists("服务事项编码已存在", "code");
    return InsertItemIn(*connection, entry);
  }

  core::Status InsertItemVersion(const sr::CatalogueEntry& entry) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE service_items SET current = 0 WHERE code = ? AND version = "
                               "? AND current = 1",
                               {entry.item.code, int64_t{entry.item.version - 1}}));
      if (updated.affected_rows != 1) {
        return core::Error::FailedPrecondition("服务事项已被他人修改，请刷新后重试");
      }
      return InsertItemIn(c, entry);
    });
  }

  core::Status SetItemRetired(std::string_view code, bool retired) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto updated,
                     connection->Query("UPDATE service_items SET retired = ? WHERE code = ? AND "
                                       "current = 1",
                                       {int64_t{retired}, std::string(code)}));
    if (updated.affected_rows != 1) return core::Error::NotFound("服务事项不存在");
    return core::Ok();
  }

  core::Result<std::optional<sr::CatalogueEntry>> FindItem(std::string_view code,
                                                           std::optional<int> version) override {
    std::string sql = std::string("SELECT ") + kItemColumns + " FROM service_items WHERE code = ?";
    std::vector<Value> params{std::string(code)};
    if (version) {
      sql += " AND version = ?";
      params.emplace_back(int64_t{*version});
    } else {
      sql += " AND current = 1";
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    if (result.rows.empty()) return std::optional<sr::CatalogueEntry>();
    ASSIGN_OR_RETURN(auto entry, EntryFromRow(result.rows[0]));
    return std::optional<sr::CatalogueEntry>(std::move(entry));
  }

  core::Result<std::vector<sr::CatalogueEntry>> ItemVersions(std::string_view code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(std::string("SELECT ") + kItemColumns +
                                                        " FROM service_items WHERE code = ? "
                                                        "ORDER BY version",
                                                    {std::string(code)}));
    std::vector<sr::CatalogueEntry> out;
    for (const auto& row : result.rows) {
      ASSIGN_OR_RETURN(auto entry, EntryFromRow(row));
      out.push_back(std::move(entry));
    }
    return out;
  }

  core::Result<core::Page<sr::CatalogueEntry>> ListItems(const sr::CatalogueQuery& query,
                                                         const core::PageRequest& page) override {
    std::string sql =
        std::string("SELECT ") + kItemColumns + " FROM service_items WHERE current = 1";
    std::vector<Value> params;
    if (!query.include_retired) sql += " AND retired = 0";
    if (query.category) {
      sql += " AND category = ?";
      params.emplace_back(std::string(service_requests::ServiceCategoryName(*query.category)));
    }
    if (query.channel) {
      sql += " AND channels LIKE ?";
      params.emplace_back("%," + std::string(service_requests::ChannelName(*query.channel)) + ",%");
    }
    if (query.mode) {
      sql += " AND handling_modes LIKE ?";
      params.emplace_back("%," + std::string(service_requests::HandlingModeName(*query.mode)) +
                          ",%");
    }
    if (query.fully_online) {
      sql += " AND fully_online = ?";
      params.emplace_back(int64_t{*query.fully_online});
    }
    if (!query.text.empty()) {
      sql += " AND (" + LikeClause("name", query.text, LikeMatch::kContains, params) + " OR " +
             LikeClause("code", query.text, LikeMatch::kContains, params) + ")";
    }
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ByText("code"), page,
                      EntryFromRow,
                      [](const sr::CatalogueEntry& entry) { return entry.item.code; });
  }

  core::Result<int64_t> CountItems() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT COUNT(*) FROM service_items"));
    return result.rows.at(0).Int(0);
  }

  core::Status InsertItems(const std::vector<sr::CatalogueEntry>& entries) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      for (const auto& entry : entries) TRY(InsertItemIn(c, entry));
      return core::Ok();
    });
  }

  // ----- slots -----
  core::Result<sr::AppointmentSlot> InsertSlot(const sr::AppointmentSlot& slot) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("INSERT INTO appointment_slots (community_code, desk, starts_at, "
                          "ends_at, capacity, booked, created_at, created_by) VALUES (?, ?, ?, ?, "
                          "?, 0, ?, ?) RETURNING id",
                          {slot.community_code, slot.desk, slot.starts_at, slot.ends_at,
                           int64_t{slot.capacity}, slot.created_at, slot.created_by}));
    sr::AppointmentSlot out = slot;
    out.id = result.rows.at(0).Int(0);
    out.booked = 0;
    return out;
  }

  core::Result<std::optional<sr::AppointmentSlot>> FindSlot(int64_t id,
                                                            const core::Scope& scope) override {
    return FindOneInScope(
        database_, std::string("SELECT ") + kSlotColumns + " FROM appointment_slots WHERE id = ?",
        {id}, scope, "community_code", [](const Row& row) { return SlotFromRow(row); });
  }

  core::Result<std::vector<sr::AppointmentSlot>> ListSlots(std::string_view community_code,
                                                           int64_t from, int64_t to,
                                                           const core::Scope& scope) override {
    std::vector<Value> params{std::string(community_code), from, to};
    const std::string sql =
        std::string("SELECT ") + kSlotColumns +
        " FROM appointment_slots WHERE community_code = ? AND starts_at >= ? AND starts_at < ? "
        "AND " +
        ScopeClause(scope, "community_code", params) + " ORDER BY starts_at, id";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<sr::AppointmentSlot> out;
    for (const auto& row : result.rows) out.push_back(SlotFromRow(row));
    return out;
  }

  // ----- requests -----
  core::Result<sr::ServiceRequest> InsertRequest(const sr::ServiceRequest& request,
                                                 const std::optional<std::string>& key,
                                                 const sr::TransitionRecord& submitted) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<sr::ServiceRequest>(
        *connection, [&](Connection& c) -> core::Result<sr::ServiceRequest> {
          if (request.slot_id) {
            ASSIGN_OR_RETURN(auto booked,
                             c.Query("UPDATE appointment_slots SET booked = booked + 1 WHERE id = "
                                     "? AND booked < capacity",
                                     {*request.slot_id}));
            if (booked.affected_rows != 1) {
              return core::Error::FailedPrecondition("该预约时段已约满，请选择其他时段");
            }
          }
          auto inserted = c.Query(
              "INSERT INTO service_requests (item_code, item_version, item_name, fully_online, "
              "promised_working_days, applicant_id, applicant_name, community_code, place_code, "
              "channel, handling_mode, state, note, slot_id, received_at, deadline_at, filed_by, "
              "filed_by_name, idempotency_account, idempotency_key, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "RETURNING id",
              {request.item_code,
               int64_t{request.item_version},
               request.item_name,
               int64_t{request.fully_online},
               int64_t{request.promised_working_days},
               request.applicant_id,
               request.applicant_name,
               request.community_code,
               request.place_code,
               std::string(service_requests::ChannelName(request.channel)),
               std::string(service_requests::HandlingModeName(request.handling_mode)),
               std::string(service_requests::RequestStateName(request.state)),
               request.note,
               OptionalInt(request.slot_id),
               request.received_at,
               request.deadline_at,
               request.filed_by,
               request.filed_by_name,
               key ? Value(request.filed_by) : Value(Null{}),
               key ? Value(*key) : Value(Null{}),
               request.created_at,
               request.updated_at});
          if (!inserted.ok()) {
            if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
              return core::Error::AlreadyExists("重复提交", "idempotency_key");
            }
            return std::move(inserted).error();
          }
          sr::ServiceRequest out = request;
          out.id = inserted->rows.at(0).Int(0);
          TRY(InsertTransitionIn(c, submitted, out.id));
          return out;
        });
  }

  core::Result<std::optional<sr::ServiceRequest>> FindRequestByIdempotencyKey(
      int64_t account_id, std::string_view key) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT " + RequestColumns("") +
                                                        " FROM service_requests WHERE "
                                                        "idempotency_account = ? AND "
                                                        "idempotency_key = ?",
                                                    {account_id, std::string(key)}));
    if (result.rows.empty()) return std::optional<sr::ServiceRequest>();
    return std::optional<sr::ServiceRequest>(RequestFromRow(result.rows[0]));
  }

  core::Result<std::optional<sr::ServiceRequest>> FindRequest(int64_t id,
                                                              const core::Scope& scope) override {
    return FindOneInScope(
        database_, "SELECT " + RequestColumns("") + " FROM service_requests WHERE id = ?", {id},
        scope, "place_code", [](const Row& row) { return RequestFromRow(row); });
  }

  core::Result<std::optional<sr::ServiceRequest>> FindApplicantRequest(
      int64_t id, int64_t applicant_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT " + RequestColumns("") +
                              " FROM service_requests WHERE id = ? AND applicant_id = ?",
                          {id, applicant_id}));
    if (result.rows.empty()) return std::optional<sr::ServiceRequest>();
    return std::optional<sr::ServiceRequest>(RequestFromRow(result.rows[0]));
  }

  core::Result<core::Page<sr::ServiceRequest>> ListRequests(
      const sr::RequestQuery& query, const core::Scope& scope,
      const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + RequestColumns("") + " FROM service_requests WHERE " +
                      ScopeClause(scope, "place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "place_code", params);
    }
    if (query.state) {
      sql += " AND state = ?";
      params.emplace_back(std::string(service_requests::RequestStateName(*query.state)));
    }
    if (!query.item_code.empty()) {
      sql += " AND item_code = ?";
      params.emplace_back(query.item_code);
    }
    if (query.applicant_id) {
      sql += " AND applicant_id = ?";
      params.emplace_back(*query.applicant_id);
    }
    if (query.overdue_only) {
      sql += std::string(" AND state IN ") + kRunningStates + " AND deadline_at <= ?";
      params.emplace_back(query.now);
    }
    return KeysetPage(
        database_, std::move(sql), std::move(params), Keyset::ById("id", SortOrder::kDescending),
        page, [](const Row& row) { return RequestFromRow(row); },
        [](const sr::ServiceRequest& request) { return request.id; });
  }

  core::Status ApplyStateChange(int64_t request_id, const sr::StateChange& change) override {
    std::string sql = "UPDATE service_requests SET state = ?, updated_at = ?";
    std::vector<Value> params{std::string(service_requests::RequestStateName(change.to)),
                              change.record.at};
    auto set = [&](const char* column, Value value) {
      sql += std::string(", ") + column + " = ?";
      params.push_back(std::move(value));
    };
    if (change.received_at) set("received_at", *change.received_at);
    if (change.deadline_at) set("deadline_at", *change.deadline_at);
    if (change.completed_at) set("completed_at", *change.completed_at);
    if (change.handling_working_days) {
      set("handling_working_days", int64_t{*change.handling_working_days});
    }
    if (change.on_time) set("on_time", int64_t{*change.on_time});
    if (change.outcome) set("outcome", *change.outcome);
    if (change.rating) {
      set("rating", int64_t{*change.rating});
      set("rating_comment", change.rating_comment.value_or(""));
      set("rated_at", change.record.at);
    }
    sql += " WHERE id = ? AND state = ?";
    params.emplace_back(request_id);
    params.emplace_back(std::string(service_requests::RequestStateName(change.from)));
    if (change.rating) sql += " AND rating IS NULL";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(auto updated, c.Query(sql, params));
      if (updated.affected_rows != 1) {
        return core::Error::FailedPrecondition("申请状态已被他人改变，请刷新后重试");
      }
      if (change.release_slot) {
        TRY(
            c.Query("UPDATE appointment_slots SET booked = booked - 1 WHERE booked > 0 AND id = "
                    "(SELECT slot_id FROM service_requests WHERE id = ?)",
                    {request_id}));
      }
      return InsertTransitionIn(c, change.record, request_id);
    });
  }

  core::Result<std::vector<sr::TransitionRecord>> Transitions(int64_t request_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id, request_id, action, from_state, to_state, "
                                       "actor_id, actor_name, reason, at FROM "
                                       "service_request_transitions WHERE request_id = ? ORDER BY "
                                       "id",
                                       {request_id}));
    std::vector<sr::TransitionRecord> out;
    for (const auto& row : result.rows) {
      sr::TransitionRecord t;
      t.id = row.Int(0);
      t.request_id = row.Int(1);
      t.action = row.Text(2);
      if (!row.IsNull(3)) t.from_state = service_requests::RequestStateFromName(row.Text(3));
      t.to_state = service_requests::RequestStateFromName(row.Text(4))
                       .value_or(service_requests::RequestState::kSubmitted);
      t.actor_id = row.Int(5);
      t.actor_name = row.Text(6);
      t.reason = row.Text(7);
      t.at = row.Int(8);
      out.push_back(std::move(t));
    }
    return out;
  }

  // ----- sample forms -----
  core::Result<sr::SampleForm> InsertSampleForm(const sr::SampleForm& form) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "INSERT INTO service_item_forms (item_code, name, content_type, "
            "size_bytes, sm3_digest, storage_name, uploaded_by, uploaded_by_name, "
            "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {form.item_code, form.name, form.content_type, form.size_bytes, form.sm3_digest,
             form.storage_name, form.uploaded_by, form.uploaded_by_name, form.uploaded_at}));
    sr::SampleForm out = form;
    out.id = result.rows.at(0).Int(0);
    return out;
  }

  core::Result<std::vector<sr::SampleForm>> SampleForms(std::string_view item_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kSampleFormColumns +
                                           " FROM service_item_forms WHERE item_code = ? "
                                           "ORDER BY id",
                                       {std::string(item_code)}));
    std::vector<sr::SampleForm> out;
    for (const auto& row : result.rows) out.push_back(SampleFormFromRow(row));
    return out;
  }

  core::Result<std::optional<sr::SampleForm>> FindSampleForm(std::string_view item_code,
                                                             int64_t form_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kSampleFormColumns +
                                           " FROM service_item_forms WHERE item_code = ? AND "
                                           "id = ?",
                                       {std::string(item_code), form_id}));
    if (result.rows.empty()) return std::optional<sr::SampleForm>();
    return std::optional<sr::SampleForm>(SampleFormFromRow(result.rows[0]));
  }

  core::Result<bool> DeleteSampleForm(std::string_view item_code, int64_t form_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("DELETE FROM service_item_forms WHERE item_code = ? AND "
                                       "id = ?",
                                       {std::string(item_code), form_id}));
    return result.affected_rows > 0;
  }

  // ----- materials -----
  core::Result<sr::Material> InsertMaterial(const sr::Material& material) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("INSERT INTO service_request_materials (request_id, name, content_type, "
                          "size_bytes, sm3_digest, storage_name, uploaded_by, uploaded_by_name, "
                          "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          {material.request_id, material.name, material.content_type,
                           material.size_bytes, material.sm3_digest, material.storage_name,
                           material.uploaded_by, material.uploaded_by_name, material.uploaded_at}));
    sr::Material out = material;
    out.id = result.rows.at(0).Int(0);
    return out;
  }

  core::Result<std::vector<sr::Material>> Materials(int64_t request_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(std::string("SELECT ") + kMaterialColumns +
                                                        " FROM service_request_materials WHERE "
                                                        "request_id = ? ORDER BY id",
                                                    {request_id}));
    std::vector<sr::Material> out;
    for (const auto& row : result.rows) out.push_back(MaterialFromRow(row));
    return out;
  }

  core::Result<std::optional<sr::Material>> FindMaterial(int64_t request_id,
                                                         int64_t material_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(std::string("SELECT ") + kMaterialColumns +
                                                        " FROM service_request_materials WHERE "
                                                        "request_id = ? AND id = ?",
                                                    {request_id, material_id}));
    if (result.rows.empty()) return std::optional<sr::Material>();
    return std::optional<sr::Material>(MaterialFromRow(result.rows[0]));
  }

  // ----- desk -----
  core::Result<std::vector<sr::ServiceRequest>> OpenRequests(std::string_view community_code,
                                                             int64_t now, int limit,
                                                             const core::Scope& scope) override {
    std::vector<Value> params{std::string(community_code)};
    std::string sql = "SELECT " + RequestColumns("") +
                      " FROM service_requests WHERE community_code = ? AND state IN " +
                      kRunningStates + " AND " + ScopeClause(scope, "place_code", params) +
                      " ORDER BY CASE WHEN deadline_at <= ? THEN 0 ELSE 1 END, deadline_at, id "
                      "LIMIT ?";
    params.emplace_back(now);
    params.emplace_back(int64_t{limit});
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<sr::ServiceRequest> out;
    for (const auto& row : result.rows) out.push_back(RequestFromRow(row));
    return out;
  }

  core::Result<std::vector<std::pair<sr::ServiceRequest, sr::AppointmentSlot>>> Appointments(
      std::string_view community_code, int64_t day_start, int64_t day_end,
      const core::Scope& scope) override {
    std::vector<Value> params{std::string(community_code), day_start, day_end};
    std::string slot_columns;
    for (const char* column : {"id", "community_code", "desk", "starts_at", "ends_at", "capacity",
                               "booked", "created_at", "created_by"}) {
      slot_columns += std::string(", s.") + column;
    }
    std::string sql = "SELECT " + RequestColumns("r.") + slot_columns +
                      " FROM service_requests r JOIN appointment_slots s ON s.id = r.slot_id "
                      "WHERE r.community_code = ? AND s.starts_at >= ? AND s.starts_at < ? AND "
                      "r.state NOT IN ('withdrawn', 'rejected') AND " +
                      ScopeClause(scope, "r.place_code", params) + " ORDER BY s.starts_at, r.id";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<std::pair<sr::ServiceRequest, sr::AppointmentSlot>> out;
    for (const auto& row : result.rows) {
      out.emplace_back(RequestFromRow(row), SlotFromRow(row, kRequestColumnCount));
    }
    return out;
  }

  core::Result<std::vector<sr::FiguresRow>> Figures(const sr::FiguresQuery& query,
                                                    const core::Scope& scope) override {
    std::string key;
    switch (query.group_by) {
      case sr::FiguresGrouping::kItem:
        key = "item_code";
        break;
      case sr::FiguresGrouping::kCommunity:
        key = "community_code";
        break;
      case sr::FiguresGrouping::kTown:
        key = "SUBSTR(community_code, 1, 9)";
        break;
      case sr::FiguresGrouping::kCounty:
        key = "SUBSTR(community_code, 1, 6)";
        break;
    }
    std::vector<Value> params{query.now, query.from, query.to};
    std::string sql =
        "SELECT " + key +
        ", MAX(item_name), COUNT(*), SUM(CASE WHEN fully_online = 1 AND channel IN ('web', "
        "'mobile', 'kiosk') THEN 1 ELSE 0 END), SUM(CASE WHEN completed_at IS NOT NULL THEN 1 "
        "ELSE 0 END), "
        "SUM(CASE WHEN on_time = 1 THEN 1 ELSE 0 END), SUM(COALESCE(handling_working_days, 0)), "
        "SUM(CASE WHEN state IN " +
        kRunningStates +
        " AND deadline_at <= ? THEN 1 ELSE 0 END) FROM service_requests WHERE state <> "
        "'withdrawn' AND created_at >= ? AND created_at < ? AND " +
        ScopeClause(scope, "place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "place_code", params);
    }
    sql += " GROUP BY 1 ORDER BY 1";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<sr::FiguresRow> out;
    for (const auto& row : result.rows) {
      sr::FiguresRow figures;
      figures.key = row.Text(0);
      if (query.group_by == sr::FiguresGrouping::kItem) figures.name = row.Text(1);
      figures.requests = row.Int(2);
      figures.online = row.Int(3);
      figures.completed = row.Int(4);
      figures.on_time = row.Int(5);
      figures.handling_working_days_total = row.Int(6);
      figures.overdue_open = row.Int(7);
      out.push_back(std::move(figures));
    }
    return out;
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<service_requests::ServiceRequestRepository> MakeSqlServiceRequestRepository(
    Database& database) {
  return std::make_unique<SqlServiceRequestRepository>(database);
}

}  // namespace linli::storage
