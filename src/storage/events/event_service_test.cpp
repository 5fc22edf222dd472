// The events context's services (EventService, EscalationService, Open311Service) over the SQL
// repository, on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL, with the notification service
// over its own: routing, scope, idempotency, the whistle with stage clocks moved by a
// ManualClock (never sleeping), warnings and automatic supervision, notifications and their
// subjects, the ranking and Open311 keys.
#include "domain/events/event_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include "domain/events/escalation_service.hpp"
#include "domain/events/open311_service.hpp"
#include "domain/notifications/notification_service.hpp"
#include "storage/events/event_repository.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/scheduler/job_repository.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::events {
namespace {

using access::Caller;
using access::Principal;
using access::Role;
using access::RoleGrant;
using notifications::Notification;
using notifications::Subject;
using notifications::SubjectType;

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
// The SMS outbox as the tests read it: the messages the events' notices queued with them (their
// recipient and their notification's text), in order, and how often delivery was nudged.
class QueuedSms {
 public:
  std::vector<std::pair<int64_t, std::string>> Messages() const {
    std::vector<std::pair<int64_t, std::string>> out;
    auto connection = database->Acquire();
    EXPECT_TRUE(connection.ok());
    if (!connection.ok()) return out;
    auto rows = (*connection)
                    ->Query(
                        "SELECT m.account_id, n.text FROM sms_messages m JOIN notifications n "
                        "ON n.id = m.notification_id ORDER BY m.id");
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return out;
    for (const auto& row : rows->rows) out.emplace_back(row.Int(0), row.Text(1));
    return out;
  }
  size_t Count() const { return Messages().size(); }
  // The texts queued for one account.
  std::vector<std::string> To(int64_t account_id) const {
    std::vector<std::string> out;
    for (const auto& [account, text] : Messages()) {
      if (account == account_id) out.push_back(text);
    }
    return out;
  }
  storage::Database* database = nullptr;
  std::atomic<int> nudges{0};
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
    // The same department's officer in another county: never told of this county's events.
    other_county_officer_ =
        Account(**connection, "officer2", Role::kDepartmentOfficer, "321003", kDepartment);
    supervisor_ = Account(**connection, "sup", Role::kCountyOfficial, "321002", "");
    resident_ = Account(**connection, "res", Role::kResident, kCommunity, "");
    outsider_ = Account(**connection, "out", Role::kCommunityWorker, kOtherCommunity, "");

    repository_ = storage::MakeSqlEventRepository(db_->database());
    auto calendar = calendar::WorkingCalendar::FromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json"));
    ASSERT_TRUE(calendar.ok()) << calendar.error().message;
    calendars_ = std::make_unique<calendar::FixedCalendarSource>(std::move(*calendar));
    auto router = events::Router::FromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/events/routing-rules.json"));
    ASSERT_TRUE(router.ok()) << router.error().message;
    router_ = std::make_unique<events::Router>(std::move(*router));
    notification_repository_ = storage::MakeSqlNotificationRepository(db_->database());
    sms_.database = &db_->database();
    notifications_ = std::make_unique<notifications::NotificationService>(
        *notification_repository_, clock_, [this] { ++sms_.nudges; });
    const EventDependencies dependencies{*repository_, *notifications_, *calendars_, *router_,
                                         clock_};
    service_ = std::make_unique<EventService>(dependencies, photos_);
    escalations_ = std::make_unique<EscalationService>(dependencies);
    open311_ = std::make_unique<Open311Service>(dependencies, *service_);
    auto categories = EventService::CategoriesFromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/events/categories.json"));
    ASSERT_TRUE(categories.ok());
    ASSERT_TRUE(service_->SeedCategories(*categories).ok());
  }

  Caller Account(storage::Connection& connection, const std::string& username, Role role,
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
    return Caller(std::move(principal), "127.0.0.1", "r-test");
  }

  std::unique_ptr<storage::TestDatabase> db_;
  std::unique_ptr<EventRepository> repository_;
  std::unique_ptr<calendar::FixedCalendarSource> calendars_;
  std::unique_ptr<events::Router> router_;
  NullPhotos photos_;
  QueuedSms sms_;
  core::ManualClock clock_{kMonday9};
  std::unique_ptr<notifications::NotificationRepository> notification_repository_;
  std::unique_ptr<notifications::NotificationService> notifications_;
  std::unique_ptr<EventService> service_;
  std::unique_ptr<EscalationService> escalations_;
  std::unique_ptr<Open311Service> open311_;
  Caller community_worker_ = Caller::System(), officer_ = Caller::System(),
         other_county_officer_ = Caller::System(), supervisor_ = Caller::System(),
         resident_ = Caller::System(), outsider_ = Caller::System();
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
  EXPECT_EQ(created->event.state, events::EventState::kAssigned);
  EXPECT_EQ(created->event.handler_level, TargetLevel::kCommunity);
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
  auto notes = notifications_->List(community_worker_, true, core::PageRequest{});
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->unread_count, 1);
  EXPECT_EQ(notes->page.items[0].kind, "assignment");
  EXPECT_EQ(notes->page.items[0].subject, (Subject{SubjectType::kEvent, created->event.id}));
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
  EXPECT_EQ(lamp->event.state, events::EventState::kEscalated);
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
  // Only a department of the city's list can be whistled to (none other can hold an account).
  EXPECT_EQ(
      escalations_->Escalate(id, {{"市不存在局"}, "需要执法"}, community_worker_).error().field,
      "departments");
  // A resident may not blow the whistle.
  EXPECT_EQ(escalations_->Escalate(id, {{kDepartment}, "需要执法"}, resident_).error().code,
            core::ErrorCode::kPermissionDenied);
  auto escalated = escalations_->Escalate(id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  ASSERT_EQ(escalated->size(), 1u);
  const int64_t escalation = (*escalated)[0].escalation.id;
  // Twice to the same department: refused.
  EXPECT_EQ(escalations_->Escalate(id, {{kDepartment}, "再吹"}, community_worker_).error().code,
            core::ErrorCode::kAlreadyExists);
  // The officer got the escalation notification and an SMS went out.
  auto officer_notes = notifications_->List(officer_, true, core::PageRequest{});
  ASSERT_TRUE(officer_notes.ok());
  EXPECT_EQ(officer_notes->page.items.at(0).kind, "escalation");
  auto other_notes = notifications_->List(other_county_officer_, true, core::PageRequest{});
  ASSERT_TRUE(other_notes.ok());
  EXPECT_TRUE(other_notes->page.items.empty());
  EXPECT_GT(sms_.Count(), 0u);
  EXPECT_GT(sms_.nudges.load(), 0);
  // Feedback before check-in: the state machine refuses (409).
  auto early =
      escalations_->ActOnEscalation(escalation, {"give_feedback", "", "done", 0, {}}, officer_);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, core::ErrorCode::kFailedPrecondition);
  // Normal: check in within 2 working hours. 1h45 later (87.5%): yellow on the board.
  clock_.Advance(105 * 60 * 1000);
  auto board = escalations_->Board("", officer_);
  ASSERT_TRUE(board.ok()) << board.error().message;
  ASSERT_EQ(board->size(), 1u);
  EXPECT_EQ((*board)[0].warning, events::WarningLevel::kYellow);
  // The board names the event (joined by the repository's query).
  EXPECT_EQ((*board)[0].event_category, "噪声扰民");
  EXPECT_EQ((*board)[0].event_description, "工地夜间施工");
  // A supervisor views a named department's board inside their county; someone with neither
  // events.department nor events.supervise is refused; a supervisor must name the department.
  auto supervisor_board = escalations_->Board(kDepartment, supervisor_);
  ASSERT_TRUE(supervisor_board.ok()) << supervisor_board.error().message;
  ASSERT_EQ(supervisor_board->size(), 1u);
  EXPECT_EQ((*supervisor_board)[0].escalation.id, escalation);
  EXPECT_EQ(escalations_->Board(kDepartment, community_worker_).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(escalations_->Board("", supervisor_).error().code, core::ErrorCode::kValidationFailed);
  // 30 more minutes: red; the sweep notifies and raises supervision to a reminder.
  clock_.Advance(30 * 60 * 1000);
  auto swept = escalations_->Sweep();
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(*swept, 1);
  auto red = escalations_->GetEscalation(escalation, officer_);
  ASSERT_TRUE(red.ok());
  EXPECT_EQ(red->warning, events::WarningLevel::kRed);
  EXPECT_EQ(red->escalation.supervision_level, events::SupervisionLevel::kReminder);
  // Late check-in is recorded as such.
  auto checked = escalations_->ActOnEscalation(escalation, {"check_in", "", "", 0, {}}, officer_);
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->escalation.checked_in_on_time, std::optional<bool>(false));
  EXPECT_EQ(checked->warning, events::WarningLevel::kNone);
  // Extension: requested by the department, approved by the county.
  ASSERT_TRUE(
      escalations_
          ->ActOnEscalation(escalation, {"request_extension", "材料待补", "", 2, {}}, officer_)
          .ok());
  EXPECT_EQ(
      escalations_->ActOnEscalation(escalation, {"approve_extension", "", "", 0, {}}, officer_)
          .error()
          .code,
      core::ErrorCode::kPermissionDenied);
  auto approved = escalations_->ActOnEscalation(
      escalation, {"approve_extension", "同意", "", 0, {}}, supervisor_);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->escalation.clock.extension_amount, 2);
  // Supervision by the county, one level up.
  auto supervised =
      escalations_->ActOnEscalation(escalation, {"supervise", "尽快", "", 0, {}}, supervisor_);
  ASSERT_TRUE(supervised.ok());
  EXPECT_EQ(supervised->escalation.supervision_level, events::SupervisionLevel::kSupervision);
  // Feedback in time, the community verifies: the event is resolved and verified.
  clock_.Advance(calendar::kMillisPerDay);
  auto fed = escalations_->ActOnEscalation(escalation, {"give_feedback", "", "已停工整改", 0, {}},
                                           officer_);
  ASSERT_TRUE(fed.ok()) << fed.error().message;
  EXPECT_EQ(fed->escalation.completed_on_time, std::optional<bool>(true));
  auto verified =
      escalations_->ActOnEscalation(escalation, {"verify_pass", "", "", 0, {}}, community_worker_);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  auto detail = service_->Get(id, community_worker_);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->event.state, events::EventState::kVerified);
  // Ratings: reporter and community, once each.
  ASSERT_TRUE(escalations_->ActOnEscalation(escalation, {"rate", "", "", 0, 5}, resident_).ok());
  EXPECT_EQ(
      escalations_->ActOnEscalation(escalation, {"rate", "", "", 0, 4}, resident_).error().code,
      core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(
      escalations_->ActOnEscalation(escalation, {"rate", "", "", 0, 4}, community_worker_).ok());
  // Ranking over the week.
  auto ranking = escalations_->Ranking("2026-03-01", "2026-03-07", supervisor_);
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

// The SMS of these notices are queued in the outbox in the transaction of the change itself.
TEST_P(EventServiceTest, SmsGoesOutForAssignmentsWhistlesWarningsAndSupervision) {
  NewEvent request;
  request.category = "order.noise";
  request.description = "夜间施工";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  // The assignment reached the community worker's phone.
  EXPECT_TRUE(AnyContains(sms_.To(community_worker_.account_id()), "新事件分派给您"));
  auto escalated =
      escalations_->Escalate(event->event.id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  const int64_t escalation = (*escalated)[0].escalation.id;
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id()), "吹哨报到"));
  // Approaching the check-in deadline (yellow), then overdue (red) with automatic supervision.
  clock_.Advance(105 * 60 * 1000);
  ASSERT_TRUE(escalations_->Sweep().ok());
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id()), "黄色预警"));
  EXPECT_TRUE(AnyContains(sms_.To(community_worker_.account_id()), "黄色预警"));
  clock_.Advance(30 * 60 * 1000);
  ASSERT_TRUE(escalations_->Sweep().ok());
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id()), "红色预警"));
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id()), "自动"));
  // Supervision by the county goes out too; a feedback notice to the whistler stays in the bell.
  ASSERT_TRUE(
      escalations_->ActOnEscalation(escalation, {"supervise", "抓紧", "", 0, {}}, supervisor_)
          .ok());
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id()), "督办"));
  const size_t before = sms_.Count();
  ASSERT_TRUE(
      escalations_->ActOnEscalation(escalation, {"check_in", "", "", 0, {}}, officer_).ok());
  ASSERT_TRUE(
      escalations_->ActOnEscalation(escalation, {"give_feedback", "", "已停工", 0, {}}, officer_)
          .ok());
  EXPECT_EQ(sms_.Count(), before);
  // Every SMS text is also a notification of its recipient (the bell holds the same words).
  auto officer_notes = notifications_->List(officer_, false, core::PageRequest{});
  ASSERT_TRUE(officer_notes.ok());
  for (const auto& text : sms_.To(officer_.account_id())) {
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
      escalations_->Escalate(event->event.id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  const int64_t escalation = (*escalated)[0].escalation.id;
  // The whistle's notification is about the officer's escalation, not the event.
  auto notes = notifications_->List(officer_, true, core::PageRequest{});
  ASSERT_TRUE(notes.ok());
  ASSERT_FALSE(notes->page.items.empty());
  EXPECT_EQ(notes->page.items[0].kind, "escalation");
  EXPECT_EQ(notes->page.items[0].subject, (Subject{SubjectType::kEscalation, escalation}));
  // The escalation page: the event's facts, its photo and the timeline of this escalation.
  auto detail = escalations_->GetEscalationDetail(escalation, officer_);
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
  EXPECT_EQ(escalations_->GetEscalationDetail(escalation, outsider_).error().code,
            core::ErrorCode::kNotFound);
  // A rule that sends an event straight to a department points its officers to that escalation.
  NewEvent lamp;
  lamp.category = "facility.streetlight";
  lamp.description = "路灯不亮";
  lamp.building_id = 1;
  auto lit = service_->Report(lamp, community_worker_);
  ASSERT_TRUE(lit.ok()) << lit.error().message;
  ASSERT_EQ(lit->escalations.size(), 1u);
  auto assigned = notifications_->List(officer_, true, core::PageRequest{});
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(assigned->page.items[0].kind, "assignment");
  EXPECT_EQ(assigned->page.items[0].subject,
            (Subject{SubjectType::kEscalation, lit->escalations[0].escalation.id}));
  // The department list comes from the routing rules; a resident may not read it.
  auto departments = escalations_->Departments(officer_);
  ASSERT_TRUE(departments.ok());
  EXPECT_TRUE(std::any_of(departments->begin(), departments->end(),
                          [](const events::Department& d) { return d.name == kDepartment; }));
  EXPECT_EQ(escalations_->Departments(resident_).error().code, core::ErrorCode::kPermissionDenied);
}

// Deadlines fire with nobody reading (issue 16 item 4): reading the bell or a board no longer
// sweeps; the scheduler's warning-sweep job, run as the clock passes, writes the yellow and red
// warnings, their notifications and the automatic supervision — and a server stopped over the
// deadline merges the missed sweeps into one run.
TEST_P(EventServiceTest, TheSweepJobWarnsWhenADeadlinePassesWithNobodyReading) {
  auto jobs = storage::MakeSqlJobRepository(db_->database());
  scheduler::Scheduler scheduler(*jobs, clock_);
  auto job = WarningSweepJob(*escalations_, 1);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->catch_up, scheduler::CatchUp::kMerge);
  ASSERT_TRUE(scheduler.Register(std::move(*job)).ok());
  ASSERT_TRUE(scheduler.RunDue().ok());  // first seen now

  NewEvent request;
  request.category = "order.noise";
  request.description = "夜间施工";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  auto escalated =
      escalations_->Escalate(event->event.id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  const int64_t escalation = (*escalated)[0].escalation.id;
  const auto warnings_of = [&](const Caller& caller) {
    std::vector<std::string> texts;
    auto page = notifications_->List(caller, false, core::PageRequest{});
    EXPECT_TRUE(page.ok());
    for (const auto& n : page->page.items) {
      if (n.kind == "warning" || n.kind == "supervision") texts.push_back(n.text);
    }
    return texts;
  };
  // 1h45 of the 2 working hours to check in: yellow. Reading the bell and the board writes
  // nothing.
  clock_.Advance(105 * 60 * 1000);
  ASSERT_TRUE(escalations_->Board("", officer_).ok());
  EXPECT_TRUE(warnings_of(officer_).empty());
  EXPECT_FALSE(AnyContains(sms_.To(officer_.account_id()), "黄色预警"));
  // The job runs (nobody reads): the warning and its notification exist, texted too.
  ASSERT_EQ(scheduler.RunDue().value(), 1);
  auto officer_warnings = warnings_of(officer_);
  ASSERT_EQ(officer_warnings.size(), 1u);
  EXPECT_NE(officer_warnings[0].find("黄色预警"), std::string::npos);
  EXPECT_TRUE(AnyContains(warnings_of(community_worker_), "黄色预警"));
  EXPECT_TRUE(AnyContains(sms_.To(officer_.account_id()), "黄色预警"));
  auto yellow = escalations_->GetEscalation(escalation, officer_);
  ASSERT_TRUE(yellow.ok());
  EXPECT_EQ(yellow->escalation.warned_level, 1);
  // The same minute again: nothing new (the instant has run; the sweep is idempotent too).
  EXPECT_EQ(scheduler.RunDue().value(), 0);
  // The server stops over the deadline; on return the missed sweeps merge into one run, which
  // writes red and the automatic reminder once.
  clock_.Advance(3 * calendar::kMillisPerHour);
  ASSERT_EQ(scheduler.RunDue().value(), 1);
  officer_warnings = warnings_of(officer_);
  EXPECT_TRUE(AnyContains(officer_warnings, "红色预警"));
  EXPECT_TRUE(AnyContains(officer_warnings, "自动"));
  auto red = escalations_->GetEscalation(escalation, officer_);
  ASSERT_TRUE(red.ok());
  EXPECT_EQ(red->escalation.warned_level, 2);
  EXPECT_EQ(red->escalation.supervision_level, events::SupervisionLevel::kReminder);
  const size_t notes = warnings_of(officer_).size();
  clock_.Advance(60 * 1000);
  ASSERT_TRUE(scheduler.RunDue().ok());
  EXPECT_EQ(warnings_of(officer_).size(), notes);
}

TEST_P(EventServiceTest, Open311KeysAndSubmissions) {
  auto no_key = open311_->Submit({"", "environment.garbage", 32.4, 119.44, "", {}, "垃圾"});
  EXPECT_EQ(no_key.error().code, core::ErrorCode::kPermissionDenied);
  Principal admin_principal;
  admin_principal.account_id = community_worker_.account_id();
  admin_principal.grants.push_back(RoleGrant{Role::kCityAdmin, "3210", ""});
  const Caller admin(std::move(admin_principal), "127.0.0.1", "r-test");
  EXPECT_EQ(open311_->CreateKey("市民热线", community_worker_).error().code,
            core::ErrorCode::kPermissionDenied);
  auto key = open311_->CreateKey("市民热线", admin);
  ASSERT_TRUE(key.ok()) << key.error().message;
  auto unknown = open311_->Submit({key->api_key, "nope", 32.4, 119.44, "", {}, "x"});
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kInvalidArgument);
  auto receipt =
      open311_->Submit({key->api_key, "environment.garbage", 32.401, 119.441, "", {}, "垃圾"});
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  auto request = open311_->Request(receipt->service_request_id);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->place_code, kCommunity);
  EXPECT_EQ(request->channel, Channel::kOpen311);
  auto services = open311_->Services();
  ASSERT_TRUE(services.ok());
  for (const auto& service : *services) EXPECT_NE(service.code, "environment");
}

// The whistler's steps reach the department and the department's reach the whistler, each
// notice about the escalation; the event follows its escalation to verified, after which the
// escalation cannot be reopened.
TEST_P(EventServiceTest, EscalationStepsNotifyEachSideAndTheEventFollows) {
  NewEvent request;
  request.category = "order.noise";
  request.description = "工地夜间施工";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  auto escalated =
      escalations_->Escalate(event->event.id, {{kDepartment}, "需要执法"}, community_worker_);
  ASSERT_TRUE(escalated.ok()) << escalated.error().message;
  const int64_t escalation = (*escalated)[0].escalation.id;
  const Subject about{SubjectType::kEscalation, escalation};
  auto step = [&](const char* action, const Caller& caller, const char* feedback = "") {
    return escalations_->ActOnEscalation(escalation, {action, "理由", feedback, 0, {}}, caller);
  };
  ASSERT_TRUE(step("check_in", officer_).ok());
  const size_t texts = sms_.Count();
  ASSERT_TRUE(step("give_feedback", officer_, "已停工").ok());
  auto whistler = notifications_->List(community_worker_, true, core::PageRequest{});
  ASSERT_TRUE(whistler.ok());
  EXPECT_EQ(whistler->page.items.at(0).kind, "feedback");
  EXPECT_EQ(whistler->page.items.at(0).subject, about);
  EXPECT_EQ(sms_.Count(), texts);  // feedback stays in the bell
  ASSERT_TRUE(step("verify_fail", community_worker_).ok());
  auto department = notifications_->List(officer_, true, core::PageRequest{});
  ASSERT_TRUE(department.ok());
  EXPECT_EQ(department->page.items.at(0).text, "核查未通过，请继续办理：理由");
  EXPECT_EQ(department->page.items.at(0).subject, about);
  ASSERT_TRUE(step("give_feedback", officer_, "已整改").ok());
  auto passed = step("verify_pass", community_worker_);
  ASSERT_TRUE(passed.ok()) << passed.error().message;
  EXPECT_EQ(passed->escalation.state, events::EscalationState::kClosed);
  auto detail = service_->Get(event->event.id, community_worker_);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->event.state, events::EventState::kVerified);
  EXPECT_EQ(detail->event.status_note, "社区核查通过");
  EXPECT_EQ(step("reopen", community_worker_).error().code, core::ErrorCode::kFailedPrecondition);
}

// An event assigned to a department without a whistle: its officers are told, with nothing to
// open (the event stays closed to them); a community assignment points to the event.
TEST_P(EventServiceTest, AssignmentsPointOnlyToWhatTheRecipientCanOpen) {
  NewEvent request;
  request.category = "environment.garbage";
  request.description = "垃圾堆放";
  request.place_code = kCommunity;
  auto event = service_->Report(request, resident_);
  ASSERT_TRUE(event.ok()) << event.error().message;
  auto assigned =
      service_->Act(event->event.id, {"assign", "转部门", kDepartment}, community_worker_);
  ASSERT_TRUE(assigned.ok()) << assigned.error().message;
  EXPECT_EQ(assigned->event.handler_level, TargetLevel::kDepartment);
  auto officer = notifications_->List(officer_, true, core::PageRequest{});
  ASSERT_TRUE(officer.ok());
  ASSERT_EQ(officer->page.items.size(), 1u);
  EXPECT_EQ(officer->page.items[0].kind, "assignment");
  EXPECT_FALSE(officer->page.items[0].subject.has_value());
  EXPECT_EQ(service_->Get(event->event.id, officer_).error().code, core::ErrorCode::kNotFound);
  auto back = service_->Act(event->event.id, {"assign", "", kCommunity}, community_worker_);
  ASSERT_TRUE(back.ok()) << back.error().message;
  auto worker = notifications_->List(community_worker_, true, core::PageRequest{});
  ASSERT_TRUE(worker.ok());
  EXPECT_EQ(worker->page.items.at(0).subject, (Subject{SubjectType::kEvent, event->event.id}));
}

TEST_P(EventServiceTest, MalformedCursorIsInvalidArgument) {
  for (const char* after : {"abc", "12abc", "-3"}) {
    EventQuery query;
    query.page = {10, after};
    storage::ExpectCursorRefused(repository_->ListEvents(query, core::Scope::Everything(), 0),
                                 after);
    storage::ExpectCursorRefused(
        notification_repository_->List(officer_.account_id(), false, {10, after}), after);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EventServiceTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::events
