// EventService over the SQL repository, on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL:
// routing, scope, idempotency, the whistle with stage clocks moved by a ManualClock (never
// sleeping), warnings and automatic supervision, notifications, the ranking and Open311 keys.
#include "domain/events/event_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "storage/events/event_repository.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::events {
namespace {

using access::Principal;
using access::Role;
using access::RoleGrant;

constexpr char kCommunity[] = "321002001001";
constexpr char kOtherCommunity[] = "321003001001";
constexpr char kDepartment[] = "市城管局";
// Monday 2026-03-02 09:00 CST.
constexpr int64_t kMonday9 = 1772413200000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class NullPhotos final : public PhotoStore {
 public:
  core::Result<std::string> Save(int64_t, std::string_view ext, std::string_view) override {
    return std::string("x.") + std::string(ext);
  }
  core::Result<std::string> Load(std::string_view) override { return std::string("bytes"); }
};
// A test double of the SMS adapter: records what the service hands it.
class RecordingSms final : public SmsSender {
 public:
  void Send(int64_t account_id, std::string_view text) override {
    ++sent;
    messages.emplace_back(account_id, std::string(text));
  }
  // The texts sent to one account.
  std::vector<std::string> To(int64_t account_id) const {
    std::vector<std::string> out;
    for (const auto& [account, text] : messages) {
      if (account == account_id) out.push_back(text);
    }
    return out;
  }
  int sent = 0;
  std::vector<std::pair<int64_t, std::string>> messages;
};

bool AnyContains(const std::vector<std::string>& texts, std::string_view part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& text) { return text.find(part) != std::string::npos; });
}

class EventServiceTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(db_, GetParam());
    auto connection = db_->database().Acquire();
    ASSERT_TRUE(connection.ok());
    for (auto [code, name, level, parent] :
         std::vector<std::tuple<const char*, const char*, const char*, const char*>>{
             {"32", "江苏省", "province", nullptr},
             {"3210", "扬州市", "city", "32"},
             {"321002", "广陵区", "county", "3210"},
             {"321002001", "东关街道", "town", "321002"},
             {kCommunity, "琼花观社区", "community", "321002001"},
             {"321003", "邗江区", "county", "3210"},
             {"321003001", "蒋王街道", "town", "321003"},
             {kOtherCommunity, "某社区", "community", "321003001"}}) {
      auto inserted =
          (*connection)
              ->Query(
                  "INSERT INTO divisions (code, name, level, parent_code, "
                  "updated_at) VALUES (?, ?, ?, ?, 0)",
                  {std::string(code), std::string(name), std::string(level),
                   parent ? storage::Value(std::string(parent)) : storage::Value(storage::Null{})});
      ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    }
    ASSERT_TRUE((*connection)
                    ->Query("INSERT INTO buildings (community_code, grid_code, place_code, "
                            "address, lat, lon, kind, floors, created_at, updated_at) VALUES (?, "
                            "'', ?, '琼花路1号', 32.40, 119.44, 'residential', 6, 0, 0)",
                            {std::string(kCommunity), std::string(kCommunity)})
                    .ok());
    community_worker_ = Account(**connection, "cw", Role::kCommunityWorker, kCommunity, "");
    officer_ = Account(**connection, "officer", Role::kDepartmentOfficer, "3210", kDepartment);
    supervisor_ = Account(**connection, "sup", Role::kCountyOfficial, "321002", "");
    resident_ = Account(**connection, "res", Role::kResident, kCommunity, "");
    outsider_ = Account(**connection, "out", Role::kCommunityWorker, kOtherCommunity, "");

    repository_ = storage::MakeSqlEventRepository(db_->database());
    auto calendar = calendar::WorkingCalendar::FromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json"));
    ASSERT_TRUE(calendar.ok()) << calendar.error().message;
    calendar_ = std::make_unique<calendar::WorkingCalendar>(std::move(*calendar));
    auto router = service_desk::Router::FromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/events/routing-rules.json"));
    ASSERT_TRUE(router.ok()) << router.error().message;
    router_ = std::make_unique<service_desk::Router>(std::move(*router));
    service_ =
        std::make_unique<EventService>(*repository_, photos_, sms_, *calendar_, *router_, clock_);
    auto categories = EventService::CategoriesFromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/events/categories.json"));
    ASSERT_TRUE(categories.ok());
    ASSERT_TRUE(service_->SeedCategories(*categories).ok());
  }

  Principal Account(storage::Connection& connection, const std::string& username, Role role,
                    const std::string& scope, const std::string& department) {
    auto account = connection.Query(
        "INSERT INTO accounts (username, display_name, password_hash, created_at, updated_at) "
        "VALUES (?, ?, 'x', 0, 0) RETURNING id",
        {username, "测试" + username});
    EXPECT_TRUE(account.ok());
    const int64_t id = account->rows[0].Int(0);
    EXPECT_TRUE(connection
                    .Query("INSERT INTO account_grants (account_id, role, scope_code, department) "
                           "VALUES (?, ?, ?, ?)",
                           {id, std::string(access::RoleName(role)), scope, department})
                    .ok());
    Principal principal;
    principal.account_id = id;
    principal.username = username;
    principal.display_name = "测试" + username;
    principal.grants.push_back(RoleGrant{role, scope, department});
    return principal;
  }

  std::unique_ptr<storage::TestDatabase> db_;
  std::unique_ptr<EventRepository> repository_;
  std::unique_ptr<calendar::WorkingCalendar> calendar_;
  std::unique_ptr<service_desk::Router> router_;
  NullPhotos photos_;
  RecordingSms sms_;
  core::ManualClock clock_{kMonday9};
  std::unique_ptr<EventService> service_;
  Principal community_worker_, officer_, supervisor_, resident_, outsider_;
};

TEST_P(EventServiceTest, ReportRoutesByRulesScopesAndIsIdempotent) {
  NewEvent request;
  request.category = "environment.garbage";
  request.description = "楼下垃圾三天没清运";
  request.place_code = kCommunity;
  request.idempotency_key = "k-1";
  auto created = service_->Report(request, resident_);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->event.state, service_desk::EventState::kAssigned);
  EXPECT_EQ(created->event.handler_level, "community");
  EXPECT_EQ(created->event.handler_name, "琼花观社区");
  ASSERT_EQ(created->transitions.size(), 2u);
  EXPECT_EQ(created->transitions[1].from_state, "reported");
  EXPECT_EQ(created->transitions[1].to_state, "assigned");
  // Same key: the same event, nothing new.
  auto again = service_->Report(request, resident_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->event.id, created->event.id);
  // The community worker got an assignment notification.
  auto notes = service_->Notifications(community_worker_, true, core::PageRequest{});
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->unread_count, 1);
  EXPECT_EQ(notes->page.items[0].kind, "assignment");
  EXPECT_EQ(notes->page.items[0].link, "/events/" + std::to_string(created->event.id));
  // Outside the scope: not found.
  auto hidden = service_->Get(created->event.id, outsider_);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  // Coordinates outside China are refused; a place outside the reporter's scope is not found.
  request.idempotency_key.clear();
  request.lat = 48.85;
  request.lon = 2.35;
  EXPECT_EQ(service_->Report(request, resident_).error().field, "lat");
  request.lat.reset();
  request.lon.reset();
  request.place_code = kOtherCommunity;
  EXPECT_EQ(service_->Report(request, resident_).error().code, core::ErrorCode::kNotFound);
  // Urgent streetlight: department target -> escalated at once, skip-level copies recorded.
  NewEvent urgent;
  urgent.category = "facility.streetlight";
  urgent.description = "路灯不亮";
  urgent.building_id = 1;
  auto lamp = service_->Report(urgent, community_worker_);
  ASSERT_TRUE(lamp.ok()) << lamp.error().message;
  EXPECT_EQ(lamp->event.state, service_desk::EventState::kEscalated);
  ASSERT_EQ(lamp->escalations.size(), 1u);
  EXPECT_EQ(lamp->escalations[0].escalation.department, kDepartment);
  EXPECT_EQ(lamp->copies.size(), 1u);
}

TEST_P(EventServiceTest, WhistleStagesWarningsSupervisionRatingAndRanking) {
  NewEvent request;
  request.category = "order.noise";
  request.description = "工地夜间施工";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  const int64_t id = event->event.id;
  // A resident may not blow the whistle.
  EXPECT_EQ(service_->Escalate(id, {{kDepartment}, "需要执法"}, resident_).error().code,
            core::ErrorCode::kPermissionDenied);
  auto escalated = service_->Escalate(id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  ASSERT_EQ(escalated->size(), 1u);
  const int64_t escalation = (*escalated)[0].escalation.id;
  // Twice to the same department: refused.
  EXPECT_EQ(service_->Escalate(id, {{kDepartment}, "再吹"}, community_worker_).error().code,
            core::ErrorCode::kAlreadyExists);
  // The officer got the escalation notification and an SMS went out.
  auto officer_notes = service_->Notifications(officer_, true, core::PageRequest{});
  ASSERT_TRUE(officer_notes.ok());
  EXPECT_EQ(officer_notes->page.items.at(0).kind, "escalation");
  EXPECT_GT(sms_.sent, 0);
  // Feedback before check-in: the state machine refuses (409).
  auto early =
      service_->ActOnEscalation(escalation, {"give_feedback", "", "done", 0, {}}, officer_);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, core::ErrorCode::kFailedPrecondition);
  // Normal: check in within 2 working hours. 1h45 later (87.5%): yellow on the board.
  clock_.Advance(105 * 60 * 1000);
  auto board = service_->Board("", officer_);
  ASSERT_TRUE(board.ok()) << board.error().message;
  ASSERT_EQ(board->size(), 1u);
  EXPECT_EQ((*board)[0].warning, service_desk::WarningLevel::kYellow);
  // The board names the event (joined by the repository's query).
  EXPECT_EQ((*board)[0].event_category, "噪声扰民");
  EXPECT_EQ((*board)[0].event_description, "工地夜间施工");
  // A supervisor views a named department's board inside their county; someone with neither
  // events.department nor events.supervise is refused; a supervisor must name the department.
  auto supervisor_board = service_->Board(kDepartment, supervisor_);
  ASSERT_TRUE(supervisor_board.ok()) << supervisor_board.error().message;
  ASSERT_EQ(supervisor_board->size(), 1u);
  EXPECT_EQ((*supervisor_board)[0].escalation.id, escalation);
  EXPECT_EQ(service_->Board(kDepartment, community_worker_).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Board("", supervisor_).error().code, core::ErrorCode::kValidationFailed);
  // 30 more minutes: red; the sweep notifies and raises supervision to a reminder.
  clock_.Advance(30 * 60 * 1000);
  auto swept = service_->Sweep();
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(*swept, 1);
  auto red = service_->GetEscalation(escalation, officer_);
  ASSERT_TRUE(red.ok());
  EXPECT_EQ(red->warning, service_desk::WarningLevel::kRed);
  EXPECT_EQ(red->escalation.supervision_level, service_desk::SupervisionLevel::kReminder);
  // Late check-in is recorded as such.
  auto checked = service_->ActOnEscalation(escalation, {"check_in", "", "", 0, {}}, officer_);
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->escalation.checked_in_on_time, std::optional<bool>(false));
  EXPECT_EQ(checked->warning, service_desk::WarningLevel::kNone);
  // Extension: requested by the department, approved by the county.
  ASSERT_TRUE(
      service_->ActOnEscalation(escalation, {"request_extension", "材料待补", "", 2, {}}, officer_)
          .ok());
  EXPECT_EQ(service_->ActOnEscalation(escalation, {"approve_extension", "", "", 0, {}}, officer_)
                .error()
                .code,
            core::ErrorCode::kPermissionDenied);
  auto approved =
      service_->ActOnEscalation(escalation, {"approve_extension", "同意", "", 0, {}}, supervisor_);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->escalation.clock.extension_amount, 2);
  // Supervision by the county, one level up.
  auto supervised =
      service_->ActOnEscalation(escalation, {"supervise", "尽快", "", 0, {}}, supervisor_);
  ASSERT_TRUE(supervised.ok());
  EXPECT_EQ(supervised->escalation.supervision_level, service_desk::SupervisionLevel::kSupervision);
  // Feedback in time, the community verifies: the event is resolved and verified.
  clock_.Advance(calendar::kMillisPerDay);
  auto fed =
      service_->ActOnEscalation(escalation, {"give_feedback", "", "已停工整改", 0, {}}, officer_);
  ASSERT_TRUE(fed.ok()) << fed.error().message;
  EXPECT_EQ(fed->escalation.completed_on_time, std::optional<bool>(true));
  auto verified =
      service_->ActOnEscalation(escalation, {"verify_pass", "", "", 0, {}}, community_worker_);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  auto detail = service_->Get(id, community_worker_);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->event.state, service_desk::EventState::kVerified);
  // Ratings: reporter and community, once each.
  ASSERT_TRUE(service_->ActOnEscalation(escalation, {"rate", "", "", 0, 5}, resident_).ok());
  EXPECT_EQ(service_->ActOnEscalation(escalation, {"rate", "", "", 0, 4}, resident_).error().code,
            core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(
      service_->ActOnEscalation(escalation, {"rate", "", "", 0, 4}, community_worker_).ok());
  // Ranking over the week.
  auto ranking = service_->Ranking("2026-03-01", "2026-03-07", supervisor_);
  ASSERT_TRUE(ranking.ok()) << ranking.error().message;
  ASSERT_EQ(ranking->size(), 1u);
  EXPECT_EQ((*ranking)[0].department, kDepartment);
  EXPECT_DOUBLE_EQ((*ranking)[0].on_time_check_in_rate, 0.0);
  EXPECT_DOUBLE_EQ((*ranking)[0].on_time_completion_rate, 1.0);
  EXPECT_DOUBLE_EQ((*ranking)[0].mean_rating.value_or(0), 4.5);
  // Every change left a transition row with its actor.
  int escalation_rows = 0;
  for (const auto& t : detail->transitions) {
    if (t.escalation_id == escalation) ++escalation_rows;
  }
  EXPECT_GE(escalation_rows, 8);
}

TEST_P(EventServiceTest, SmsGoesOutForAssignmentsWhistlesWarningsAndSupervision) {
  NewEvent request;
  request.category = "order.noise";
  request.description = "夜间施工";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  // The assignment reached the community worker's phone.
  EXPECT_TRUE(AnyContains(sms_.To(community_worker_.account_id), "新事件分派给您"));
  auto escalated =
      service_->Escalate(event->event.id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  const int64_t escalation = (*escalated)[0].escalation.id;
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id), "吹哨报到"));
  // Approaching the check-in deadline (yellow), then overdue (red) with automatic supervision.
  clock_.Advance(105 * 60 * 1000);
  ASSERT_TRUE(service_->Sweep().ok());
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id), "黄色预警"));
  EXPECT_TRUE(AnyContains(sms_.To(community_worker_.account_id), "黄色预警"));
  clock_.Advance(30 * 60 * 1000);
  ASSERT_TRUE(service_->Sweep().ok());
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id), "红色预警"));
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id), "自动"));
  // Supervision by the county goes out too; a feedback notice to the whistler stays in the bell.
  ASSERT_TRUE(
      service_->ActOnEscalation(escalation, {"supervise", "抓紧", "", 0, {}}, supervisor_).ok());
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id), "督办"));
  const size_t before = sms_.messages.size();
  ASSERT_TRUE(service_->ActOnEscalation(escalation, {"check_in", "", "", 0, {}}, officer_).ok());
  ASSERT_TRUE(
      service_->ActOnEscalation(escalation, {"give_feedback", "", "已停工", 0, {}}, officer_).ok());
  EXPECT_EQ(sms_.messages.size(), before);
  // Every SMS text is also a notification of its recipient (the bell holds the same words).
  auto officer_notes = service_->Notifications(officer_, false, core::PageRequest{});
  ASSERT_TRUE(officer_notes.ok());
  for (const auto& text : sms_.To(officer_.account_id)) {
    EXPECT_TRUE(std::any_of(officer_notes->page.items.begin(), officer_notes->page.items.end(),
                            [&](const Notification& n) { return n.text == text; }))
        << text;
  }
}

TEST_P(EventServiceTest, OfficersAreLinkedToTheirEscalationAndSeeItsEvent) {
  NewEvent request;
  request.category = "order.noise";
  request.description = "工地夜间施工";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  ASSERT_TRUE(service_->AddPhoto(event->event.id, "\xFF\xD8\xFF\xE0", resident_).ok());
  auto escalated =
      service_->Escalate(event->event.id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  const int64_t escalation = (*escalated)[0].escalation.id;
  // The whistle's notification links the officer to the escalation, not to the event.
  auto notes = service_->Notifications(officer_, true, core::PageRequest{});
  ASSERT_TRUE(notes.ok());
  ASSERT_FALSE(notes->page.items.empty());
  EXPECT_EQ(notes->page.items[0].kind, "escalation");
  EXPECT_EQ(notes->page.items[0].link, "/escalations/" + std::to_string(escalation));
  // The escalation page: the event's facts, its photo and the timeline of this escalation.
  auto detail = service_->GetEscalationDetail(escalation, officer_);
  ASSERT_TRUE(detail.ok()) << detail.error().message;
  ASSERT_TRUE(detail->event.has_value());
  EXPECT_EQ(detail->event->description, "工地夜间施工");
  EXPECT_EQ(detail->photos.size(), 1u);
  std::vector<std::string> actions;
  for (const auto& t : detail->transitions) actions.push_back(t.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"report", "assign", "escalate", "escalate"}));
  EXPECT_NE(std::find(detail->view.allowed_actions.begin(), detail->view.allowed_actions.end(),
                      "check_in"),
            detail->view.allowed_actions.end());
  EXPECT_EQ(service_->GetEscalationDetail(escalation, outsider_).error().code,
            core::ErrorCode::kNotFound);
  // A rule that sends an event straight to a department links its officers to that escalation.
  NewEvent lamp;
  lamp.category = "facility.streetlight";
  lamp.description = "路灯不亮";
  lamp.building_id = 1;
  auto lit = service_->Report(lamp, community_worker_);
  ASSERT_TRUE(lit.ok()) << lit.error().message;
  ASSERT_EQ(lit->escalations.size(), 1u);
  auto assigned = service_->Notifications(officer_, true, core::PageRequest{});
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(assigned->page.items[0].kind, "assignment");
  EXPECT_EQ(assigned->page.items[0].link,
            "/escalations/" + std::to_string(lit->escalations[0].escalation.id));
  // The department list comes from the routing rules; a resident may not read it.
  auto departments = service_->Departments(officer_);
  ASSERT_TRUE(departments.ok());
  EXPECT_TRUE(std::any_of(departments->begin(), departments->end(),
                          [](const service_desk::Department& d) { return d.name == kDepartment; }));
  EXPECT_EQ(service_->Departments(resident_).error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(EventServiceTest, Open311KeysAndSubmissions) {
  auto no_key = service_->Open311Submit({"", "environment.garbage", 32.4, 119.44, "", {}, "垃圾"});
  EXPECT_EQ(no_key.error().code, core::ErrorCode::kPermissionDenied);
  Principal admin;
  admin.account_id = community_worker_.account_id;
  admin.grants.push_back(RoleGrant{Role::kCityAdmin, "3210", ""});
  EXPECT_EQ(service_->CreateOpen311Key("市民热线", community_worker_).error().code,
            core::ErrorCode::kPermissionDenied);
  auto key = service_->CreateOpen311Key("市民热线", admin);
  ASSERT_TRUE(key.ok()) << key.error().message;
  auto unknown = service_->Open311Submit({key->api_key, "nope", 32.4, 119.44, "", {}, "x"});
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kInvalidArgument);
  auto receipt = service_->Open311Submit(
      {key->api_key, "environment.garbage", 32.401, 119.441, "", {}, "垃圾"});
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  auto request = service_->Open311Request(receipt->service_request_id);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->place_code, kCommunity);
  EXPECT_EQ(request->channel, Channel::kOpen311);
  auto services = service_->Open311Services();
  ASSERT_TRUE(services.ok());
  for (const auto& service : *services) EXPECT_NE(service.code, "environment");
}

TEST_P(EventServiceTest, MalformedCursorIsInvalidArgument) {
  for (const char* after : {"abc", "12abc", "-3"}) {
    EventQuery query;
    query.page = {10, after};
    storage::ExpectCursorRefused(repository_->ListEvents(query, core::Scope::Everything(), 0),
                                 after);
    storage::ExpectCursorRefused(
        repository_->ListNotifications(officer_.account_id, false, {10, after}), after);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EventServiceTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::events
