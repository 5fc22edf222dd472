// The requests side of the service desk over the SQL repository, on SQLite and (with
// LINLI_TEST_PG_URL) PostgreSQL: the catalogue loaded from the shipped file and versioned, the
// holiday calendar as data, filing with idempotency and slots, transitions with their records,
// deadlines and overdue on a manual clock, materials, scope, the desk queue and the figures.
#include "storage/service_requests/service_request_repository.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "domain/calendar/calendar_service.hpp"
#include "domain/service_requests/request_service.hpp"
#include "storage/calendar/calendar_repository.hpp"
#include "storage/file_store.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::service_requests {
namespace {

using people::testing::kCommunityA;
using people::testing::kCommunityB;
using people::testing::kGridA1;
using people::testing::kGridB1;
using people::testing::MakeIdNumber;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 86'400'000;
// Wednesday 2026-04-01 09:00 China time; 4–6 April are the Qingming holiday.
constexpr int64_t kApril1Nine = 1'775'005'200'000;
// Three working days from 1 April: 2, 3 and 7 April -> due at 00:00 on 8 April (China).
constexpr int64_t kDeadlineWithHolidays = 1'775'577'600'000;
// On plain Monday-Friday weeks: 2, 3 and 6 April -> 00:00 on 7 April.
constexpr int64_t kDeadlinePlainWeeks = kDeadlineWithHolidays - kDay;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

access::Caller WorkerOf(const std::string& scope, int64_t id = 11) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = "worker_" + scope;
  principal.grants = {{access::Role::kCommunityWorker, scope, ""}};
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

// A resident's account bound to registered person `resident_id` (decision 0026).
access::Caller ResidentOf(int64_t resident_id, std::optional<int64_t> bound) {
  access::Principal principal;
  principal.account_id = 5000 + resident_id;
  principal.username = "resident_" + std::to_string(resident_id);
  principal.grants = {{access::Role::kResident, kCommunityA, ""}};
  principal.resident_id = bound;
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

class ServiceRequestsTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    LINLI_OPEN_PEOPLE_FIXTURE_OR_SKIP(people_, GetParam());
    people_.clock_.Set(kApril1Nine);
    uploads_ = std::filesystem::temp_directory_path() /
               ("linli_sr_uploads_" + std::to_string(::getpid()) + "_" +
                std::to_string(reinterpret_cast<uintptr_t>(this)));
    repository_ = storage::MakeSqlServiceRequestRepository(people_.db());
    store_ = storage::MakeFileStore(uploads_);
    catalogue_ = std::make_unique<CatalogueService>(*repository_, *store_, people_.clock_);
    calendar_repository_ = storage::MakeSqlCalendarRepository(people_.db());
    calendars_ = std::make_unique<calendar::CalendarService>(*calendar_repository_, people_.clock_);
    requests_ = std::make_unique<RequestService>(
        *repository_, *catalogue_, *calendars_, *people_.repository_, *store_, people_.clock_,
        [](std::string_view code) { return "名称" + std::string(code); });
    auto loaded = catalogue_->LoadCatalogueIfEmpty(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/catalogue/yangzhou-service-items.json"));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_EQ(*loaded, 60);
    auto calendar = calendars_->LoadIfEmpty(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json"));
    ASSERT_TRUE(calendar.ok()) << calendar.error().message;
    auto resident = people_.MakeResident("李桂兰", MakeIdNumber("19480512", 21), kGridA1);
    ASSERT_TRUE(resident.ok()) << resident.error().message;
    applicant_ = resident->id;
    auto other = people_.MakeResident("周建国", MakeIdNumber("19520101", 23), kGridB1);
    ASSERT_TRUE(other.ok()) << other.error().message;
    other_applicant_ = other->id;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(uploads_, ignored);
  }

  core::Result<FiledRequest> FileFor(int64_t applicant, const std::string& channel = "window",
                                     const std::string& item = "YZ-YL-004",
                                     std::optional<std::string> key = std::nullopt,
                                     const std::string& mode = "entrusted",
                                     std::optional<int64_t> slot = std::nullopt) {
    NewRequest request;
    request.item_code = item;
    request.channel = channel;
    request.handling_mode = mode;
    request.applicant_id = applicant;
    request.slot_id = slot;
    request.idempotency_key = std::move(key);
    // 网上办理 is what residents file themselves; the desk files at the window (decision 0026).
    if (channel == "web" || channel == "mobile") {
      return requests_->FileOwn(request, ResidentOf(applicant, applicant));
    }
    return requests_->File(request, access::Caller::System());
  }

  core::Result<RequestDetail> Act(int64_t id, const std::string& action,
                                  const std::string& reason = "",
                                  std::optional<int> rating = std::nullopt) {
    TransitionRequest request;
    request.action = action;
    request.reason = reason;
    request.rating = rating;
    return requests_->Apply(id, request, desk_);
  }

  people::testing::PeopleFixture people_;
  std::filesystem::path uploads_;
  std::unique_ptr<ServiceRequestRepository> repository_;
  std::unique_ptr<core::FileStore> store_;
  std::unique_ptr<CatalogueService> catalogue_;
  std::unique_ptr<calendar::CalendarRepository> calendar_repository_;
  std::unique_ptr<calendar::CalendarService> calendars_;
  std::unique_ptr<RequestService> requests_;
  int64_t applicant_ = 0;
  int64_t other_applicant_ = 0;
  access::Caller desk_ = WorkerOf(kCommunityA, 31);
};

TEST_P(ServiceRequestsTest, CatalogueFiltersPagesAndLoadsOnlyOnce) {
  auto again = catalogue_->LoadCatalogueIfEmpty("{\"items\":[]}");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);

  CatalogueQuery elderly;
  elderly.category = service_requests::ServiceCategory::kElderlyCare;
  auto page = catalogue_->List(elderly, core::PageRequest{200, ""});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->items.size(), 8u);
  for (const auto& entry : page->items) {
    EXPECT_EQ(entry.item.category, service_requests::ServiceCategory::kElderlyCare);
  }

  CatalogueQuery kiosk_online;
  kiosk_online.channel = service_requests::Channel::kKiosk;
  kiosk_online.fully_online = true;
  kiosk_online.mode = service_requests::HandlingMode::kSelfService;
  auto filtered = catalogue_->List(kiosk_online, core::PageRequest{200, ""});
  ASSERT_TRUE(filtered.ok());
  ASSERT_FALSE(filtered->items.empty());
  for (const auto& entry : filtered->items) {
    const auto& item = entry.item;
    EXPECT_TRUE(item.fully_online);
    EXPECT_NE(
        std::find(item.channels.begin(), item.channels.end(), service_requests::Channel::kKiosk),
        item.channels.end());
    EXPECT_NE(std::find(item.handling_modes.begin(), item.handling_modes.end(),
                        service_requests::HandlingMode::kSelfService),
              item.handling_modes.end());
  }

  CatalogueQuery text;
  text.text = "YZ-HJ";
  auto by_code = catalogue_->List(text, core::PageRequest{200, ""});
  ASSERT_TRUE(by_code.ok());
  EXPECT_EQ(by_code->items.size(), 6u);

  // Cursor pages walk the whole catalogue exactly once, in code order.
  std::vector<std::string> codes;
  core::PageRequest request{7, ""};
  for (int guard = 0; guard < 20; ++guard) {
    auto one = catalogue_->List({}, request);
    ASSERT_TRUE(one.ok());
    for (const auto& entry : one->items) codes.push_back(entry.item.code);
    if (!one->next_cursor) break;
    request.after = *core::DecodeCursor(*one->next_cursor);
  }
  EXPECT_EQ(codes.size(), 60u);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
}

TEST_P(ServiceRequestsTest, EditingAnItemMakesAVersionAndNeverChangesRequestsMade) {
  auto filed = FileFor(applicant_);
  ASSERT_TRUE(filed.ok()) << filed.error().message;
  EXPECT_EQ(filed->detail.request.item_version, 1);

  auto current = catalogue_->Get("YZ-YL-004");
  ASSERT_TRUE(current.ok());
  service_requests::ServiceItem revised = current->item;
  revised.name = "高龄津贴申领（新版）";
  revised.promised_working_days = 10;
  EXPECT_EQ(catalogue_->Revise("YZ-YL-004", revised, WorkerOf(kCommunityA)).error().code,
            core::ErrorCode::kPermissionDenied);
  auto v2 = catalogue_->Revise("YZ-YL-004", revised, access::Caller::System());
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  EXPECT_EQ(v2->item.version, 2);
  auto versions = catalogue_->Versions("YZ-YL-004");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_FALSE((*versions)[0].current);
  EXPECT_TRUE((*versions)[1].current);
  EXPECT_EQ(catalogue_->Get("YZ-YL-004", 1)->item.name, current->item.name);

  auto old = requests_->Get(filed->detail.request.id, access::Caller::System());
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->request.item_version, 1);
  EXPECT_EQ(old->request.item_name, current->item.name);
  EXPECT_EQ(old->request.promised_working_days, 3);
  auto fresh = FileFor(applicant_);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->detail.request.item_version, 2);
  EXPECT_EQ(fresh->detail.request.promised_working_days, 10);

  // Retired items take no new requests.
  ASSERT_TRUE(catalogue_->SetRetired("YZ-YL-004", true, access::Caller::System()).ok());
  auto refused = FileFor(applicant_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "item_code");
  auto duplicate = catalogue_->Create(revised, access::Caller::System());
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
}

TEST_P(ServiceRequestsTest, LifecycleRecordsEveryTransitionWithActorAndTime) {
  auto filed = FileFor(applicant_, "web");
  ASSERT_TRUE(filed.ok()) << filed.error().message;
  const ServiceRequest& request = filed->detail.request;
  EXPECT_EQ(request.state, service_requests::RequestState::kSubmitted);
  EXPECT_EQ(request.community_code, kCommunityA);
  EXPECT_EQ(request.place_code, kGridA1);
  EXPECT_EQ(request.deadline_at, kDeadlineWithHolidays);
  EXPECT_FALSE(request.overdue);
  const int64_t id = request.id;

  people_.clock_.Advance(kHour);
  ASSERT_TRUE(Act(id, "accept").ok());
  auto refused = Act(id, "accept");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("已受理"), std::string::npos);
  auto no_reason = Act(id, "return_for_material");
  EXPECT_EQ(no_reason.error().field, "reason");
  ASSERT_TRUE(Act(id, "return_for_material", "请补充户口簿复印件").ok());

  // While returned the clock stops; the resubmission restarts the promised time.
  people_.clock_.Set(kApril1Nine + 8 * kDay);  // Thursday 9 April
  auto resubmitted = Act(id, "resubmit");
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.error().message;
  EXPECT_EQ(resubmitted->request.received_at, kApril1Nine + 8 * kDay);
  EXPECT_GT(resubmitted->request.deadline_at, kDeadlineWithHolidays);
  ASSERT_TRUE(Act(id, "accept").ok());
  ASSERT_TRUE(Act(id, "start").ok());
  people_.clock_.Advance(kDay);
  auto completed = Act(id, "complete");
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(completed->request.on_time, std::optional<bool>(true));
  EXPECT_EQ(completed->request.handling_working_days, std::optional<int>(1));
  EXPECT_EQ(Act(id, "rate", "", 7).error().field, "rating");
  auto rated = Act(id, "rate", "", 5);
  ASSERT_TRUE(rated.ok()) << rated.error().message;
  EXPECT_EQ(rated->request.rating, std::optional<int>(5));
  auto twice = Act(id, "rate", "", 4);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);

  const std::vector<std::string> expected = {
      "submit", "accept", "return_for_material", "resubmit", "accept", "start", "complete", "rate"};
  ASSERT_EQ(rated->transitions.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(rated->transitions[i].action, expected[i]);
    EXPECT_GT(rated->transitions[i].at, 0);
  }
  EXPECT_EQ(rated->transitions[1].actor_id, 31);
  EXPECT_EQ(rated->transitions[1].actor_name, desk_.username());
  EXPECT_EQ(rated->transitions[1].at, kApril1Nine + kHour);
  EXPECT_EQ(rated->transitions[2].reason, "请补充户口簿复印件");
  EXPECT_EQ(rated->transitions[0].to_state, service_requests::RequestState::kSubmitted);
  EXPECT_FALSE(rated->transitions[0].from_state.has_value());
}

TEST_P(ServiceRequestsTest, OverdueFollowsTheManualClockAndTheDeskShowsItFirst) {
  auto late = FileFor(applicant_);
  ASSERT_TRUE(late.ok());
  people_.clock_.Advance(kHour);
  // A 20-day item filed later: not overdue for weeks.
  auto slow = FileFor(applicant_, "window", "YZ-YL-001");
  ASSERT_TRUE(slow.ok()) << slow.error().message;

  people_.clock_.Set(kDeadlineWithHolidays - 1);
  EXPECT_FALSE(requests_->Get(late->detail.request.id, desk_)->request.overdue);
  people_.clock_.Set(kDeadlineWithHolidays);
  EXPECT_TRUE(requests_->Get(late->detail.request.id, desk_)->request.overdue);

  auto queue = requests_->Queue(kCommunityA, desk_);
  ASSERT_TRUE(queue.ok()) << queue.error().message;
  ASSERT_EQ(queue->requests.size(), 2u);
  EXPECT_EQ(queue->requests[0].id, late->detail.request.id);
  EXPECT_TRUE(queue->requests[0].overdue);
  EXPECT_FALSE(queue->requests[1].overdue);
  EXPECT_EQ(queue->overdue_count, 1);
  EXPECT_EQ(queue->date, "2026-04-08");

  RequestQuery overdue;
  overdue.overdue_only = true;
  auto listed = requests_->List(overdue, desk_, core::PageRequest{50, ""});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, late->detail.request.id);

  // Completed late: not on time.
  ASSERT_TRUE(Act(late->detail.request.id, "accept").ok());
  ASSERT_TRUE(Act(late->detail.request.id, "start").ok());
  auto done = Act(late->detail.request.id, "complete");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->request.on_time, std::optional<bool>(false));
  EXPECT_FALSE(done->request.overdue);
}

// The calendar context owns the holiday calendar; requests read it through
// calendar::WorkingCalendarSource, so an edit applies to the next deadline.
TEST_P(ServiceRequestsTest, TheHolidayCalendarIsDataAndEditsRebuildTheCache) {
  auto document = calendars_->DocumentInForce();
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->version, 1);
  EXPECT_EQ(calendars_->Replace("{\"years\":[]}", WorkerOf(kCommunityA)).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_FALSE(calendars_->Replace("{\"years\":[{\"year\":1}]}", access::Caller::System()).ok());
  auto replaced = calendars_->Replace("{\"years\":[]}", access::Caller::System());
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_EQ(replaced->version, 2);
  auto filed = FileFor(applicant_);
  ASSERT_TRUE(filed.ok());
  EXPECT_EQ(filed->detail.request.deadline_at, kDeadlinePlainWeeks);
}

TEST_P(ServiceRequestsTest, IdempotencyKeyReturnsTheFirstResult) {
  auto first = FileFor(applicant_, "mobile", "YZ-YL-004", "key-0001");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->replayed);
  people_.clock_.Advance(kHour);
  auto second = FileFor(applicant_, "mobile", "YZ-YL-004", "key-0001");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->replayed);
  EXPECT_EQ(second->detail.request.id, first->detail.request.id);
  EXPECT_EQ(second->detail.request.created_at, first->detail.request.created_at);
  auto page = requests_->List({}, access::Caller::System(), core::PageRequest{50, ""});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
  // Another key is another request; a bad key names the field.
  ASSERT_TRUE(FileFor(applicant_, "mobile", "YZ-YL-004", "key-0002").ok());
  EXPECT_EQ(FileFor(applicant_, "mobile", "YZ-YL-004", "bad key").error().field, "idempotency_key");
}

TEST_P(ServiceRequestsTest, SlotsHaveCapacityAndWithdrawalGivesThePlaceBack) {
  NewSlot slot;
  slot.community_code = kCommunityA;
  slot.desk = "社区党群服务中心 1 号窗口";
  slot.starts_at = kApril1Nine + kDay;
  slot.ends_at = slot.starts_at + kHour;
  slot.capacity = 1;
  EXPECT_EQ(requests_->CreateSlot(slot, WorkerOf(kCommunityB)).error().code,
            core::ErrorCode::kNotFound);
  auto created = requests_->CreateSlot(slot, desk_);
  ASSERT_TRUE(created.ok()) << created.error().message;

  EXPECT_EQ(FileFor(applicant_, "window", "YZ-HJ-004", std::nullopt, "appointment").error().field,
            "slot_id");
  auto booked =
      FileFor(applicant_, "window", "YZ-HJ-004", std::nullopt, "appointment", created->id);
  ASSERT_TRUE(booked.ok()) << booked.error().message;
  ASSERT_TRUE(booked->detail.slot.has_value());
  EXPECT_EQ(booked->detail.slot->booked, 1);
  auto full = FileFor(applicant_, "window", "YZ-HJ-004", std::nullopt, "appointment", created->id);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, core::ErrorCode::kFailedPrecondition);
  // Nothing was written for the refused booking.
  EXPECT_EQ(requests_->List({}, access::Caller::System(), core::PageRequest{50, ""})->items.size(),
            1u);
  // The slot belongs to community A: an applicant of B cannot take it.
  EXPECT_EQ(
      FileFor(other_applicant_, "window", "YZ-HJ-004", std::nullopt, "appointment", created->id)
          .error()
          .field,
      "slot_id");

  ASSERT_TRUE(Act(booked->detail.request.id, "withdraw").ok());
  auto again = FileFor(applicant_, "window", "YZ-HJ-004", std::nullopt, "appointment", created->id);
  ASSERT_TRUE(again.ok()) << again.error().message;

  // Today's appointments at the desk: the slot is tomorrow, so none today; tomorrow one.
  EXPECT_TRUE(requests_->Queue(kCommunityA, desk_)->appointments.empty());
  people_.clock_.Advance(kDay - kHour);
  auto queue = requests_->Queue(kCommunityA, desk_);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->appointments.size(), 1u);
  EXPECT_EQ(queue->appointments[0].first.id, again->detail.request.id);
  EXPECT_EQ(queue->appointments[0].second.desk, slot.desk);
  auto slots = requests_->Slots(kCommunityA, "2026-04-02", desk_);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 1u);
  EXPECT_EQ((*slots)[0].booked, 1);
}

TEST_P(ServiceRequestsTest, ChannelModeAndApplicantAreValidatedByField) {
  EXPECT_EQ(FileFor(applicant_, "fax").error().field, "channel");
  EXPECT_EQ(FileFor(applicant_, "window", "YZ-YL-004", std::nullopt, "home_visit").error().field,
            "handling_mode");
  EXPECT_EQ(FileFor(applicant_, "kiosk", "YZ-HJ-004", std::nullopt, "appointment").error().field,
            "channel");
  EXPECT_EQ(FileFor(999999).error().field, "applicant_id");
  EXPECT_EQ(FileFor(applicant_, "window", "YZ-NOPE-1").error().field, "item_code");
  // A worker of community B cannot file for a resident of A (not found in their scope).
  NewRequest request;
  request.item_code = "YZ-YL-004";
  request.channel = "window";
  request.handling_mode = "entrusted";
  request.applicant_id = applicant_;
  EXPECT_EQ(requests_->File(request, WorkerOf(kCommunityB)).error().field, "applicant_id");
}

TEST_P(ServiceRequestsTest, OutsideTheScopeIsNotFound) {
  auto filed = FileFor(applicant_);
  ASSERT_TRUE(filed.ok());
  const int64_t id = filed->detail.request.id;
  const access::Caller outsider = WorkerOf(kCommunityB, 41);
  EXPECT_EQ(requests_->Get(id, outsider).error().code, core::ErrorCode::kNotFound);
  TransitionRequest accept;
  accept.action = "accept";
  EXPECT_EQ(requests_->Apply(id, accept, outsider).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(requests_->AddMaterial(id, "x", "application/pdf", "%PDF-1.4", outsider).error().code,
            core::ErrorCode::kNotFound);
  auto listed = requests_->List({}, outsider, core::PageRequest{50, ""});
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->items.empty());
  EXPECT_EQ(requests_->Queue(kCommunityA, outsider).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(requests_->Get(id, WorkerOf("321002001", 42)).ok());  // the town sees it
}

TEST_P(ServiceRequestsTest, MaterialsAreCheckedAgainstTheirBytesAndStoredAside) {
  auto filed = FileFor(applicant_);
  ASSERT_TRUE(filed.ok());
  const int64_t id = filed->detail.request.id;
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n";
  auto stored = requests_->AddMaterial(id, "居民身份证", "application/pdf", pdf, desk_);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(stored->size_bytes, static_cast<int64_t>(pdf.size()));
  EXPECT_EQ(stored->sm3_digest.size(), 64u);
  EXPECT_EQ(stored->storage_name.size(), 32u);
  EXPECT_TRUE(std::filesystem::exists(uploads_ / stored->storage_name));
  EXPECT_EQ(std::filesystem::status(uploads_ / stored->storage_name).permissions() &
                std::filesystem::perms::others_all,
            std::filesystem::perms::none);
  auto read = requests_->ReadMaterial(id, stored->id, desk_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->second, pdf);

  auto mismatch = requests_->AddMaterial(id, "照片", "image/png", pdf, desk_);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(mismatch.error().field, "file");
  EXPECT_EQ(requests_->AddMaterial(id, "x", "text/html", "<html>", desk_).error().field,
            "content_type");
  const std::string big(kMaxMaterialBytes + 1, 'a');
  EXPECT_EQ(requests_->AddMaterial(id, "x", "application/pdf", big, desk_).error().code,
            core::ErrorCode::kPayloadTooLarge);
  auto detail = requests_->Get(id, desk_);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->materials.size(), 1u);
  EXPECT_EQ(detail->materials[0].name, "居民身份证");
  // Exactly one file on disk: refused uploads leave nothing behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(uploads_)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST_P(ServiceRequestsTest, FiguresCountOnlineOnTimeAndHandlingTime) {
  // Two web requests of a fully online item, one window request, one withdrawn (not counted),
  // and one for community B.
  auto web1 = FileFor(applicant_, "web");
  auto web2 = FileFor(applicant_, "mobile");
  auto window = FileFor(applicant_, "window");
  auto withdrawn = FileFor(applicant_, "web");
  auto other = FileFor(other_applicant_, "window");
  ASSERT_TRUE(web1.ok() && web2.ok() && window.ok() && withdrawn.ok() && other.ok());
  ASSERT_TRUE(Act(withdrawn->detail.request.id, "withdraw").ok());
  for (int64_t id : {web1->detail.request.id, web2->detail.request.id}) {
    ASSERT_TRUE(Act(id, "accept").ok());
    ASSERT_TRUE(Act(id, "start").ok());
  }
  people_.clock_.Advance(kDay);  // Thursday: one working day
  ASSERT_TRUE(Act(web1->detail.request.id, "complete").ok());
  people_.clock_.Set(kDeadlineWithHolidays + kHour);  // late
  ASSERT_TRUE(Act(web2->detail.request.id, "complete").ok());

  FiguresRequest by_community;
  by_community.group_by = "community";
  auto figures = requests_->ComputeFigures(by_community, access::Caller::System());
  ASSERT_TRUE(figures.ok()) << figures.error().message;
  ASSERT_EQ(figures->rows.size(), 2u);
  const FiguresRow& a = figures->rows[0];
  EXPECT_EQ(a.key, kCommunityA);
  EXPECT_EQ(a.name, std::string("名称") + kCommunityA);
  EXPECT_EQ(a.requests, 3);
  EXPECT_EQ(a.online, 2);
  EXPECT_EQ(a.completed, 2);
  EXPECT_EQ(a.on_time, 1);
  EXPECT_EQ(a.handling_working_days_total, 1 + 4);  // 2 April; 2, 3, 7, 8 April
  EXPECT_EQ(a.overdue_open, 1);                     // the window request
  EXPECT_EQ(figures->total.requests, 4);

  FiguresRequest by_town;
  by_town.group_by = "town";
  auto towns = requests_->ComputeFigures(by_town, access::Caller::System());
  ASSERT_TRUE(towns.ok());
  ASSERT_EQ(towns->rows.size(), 1u);
  EXPECT_EQ(towns->rows[0].key, "321002001");
  FiguresRequest by_item;
  by_item.group_by = "item";
  by_item.place = kCommunityB;
  auto items = requests_->ComputeFigures(by_item, access::Caller::System());
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->rows.size(), 1u);
  EXPECT_EQ(items->rows[0].key, "YZ-YL-004");
  EXPECT_EQ(items->rows[0].requests, 1);
  EXPECT_FALSE(items->rows[0].name.empty());
  // Inside a worker's scope only their community counts; the period filters by filing day.
  auto scoped = requests_->ComputeFigures(by_community, WorkerOf(kCommunityB));
  ASSERT_TRUE(scoped.ok());
  ASSERT_EQ(scoped->rows.size(), 1u);
  EXPECT_EQ(scoped->rows[0].key, kCommunityB);
  FiguresRequest later = by_community;
  later.from = "2026-04-02";
  EXPECT_TRUE(requests_->ComputeFigures(later, access::Caller::System())->rows.empty());
  EXPECT_EQ(requests_->ComputeFigures({"grid", "", "", ""}, access::Caller::System()).error().field,
            "group_by");
}

TEST_P(ServiceRequestsTest, ConcurrentBookingsNeverExceedTheCapacityAndKeysNeverDuplicate) {
  NewSlot slot;
  slot.community_code = kCommunityA;
  slot.desk = "2 号窗口";
  slot.starts_at = kApril1Nine + kDay;
  slot.ends_at = slot.starts_at + kHour;
  slot.capacity = 3;
  auto created = requests_->CreateSlot(slot, desk_);
  ASSERT_TRUE(created.ok()) << created.error().message;
  constexpr int kThreads = 8;
  std::vector<core::Result<FiledRequest>> booked(kThreads, core::Error::Internal("not run"));
  std::vector<core::Result<FiledRequest>> keyed(kThreads, core::Error::Internal("not run"));
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        booked[i] =
            FileFor(applicant_, "window", "YZ-HJ-004", std::nullopt, "appointment", created->id);
        keyed[i] = FileFor(applicant_, "mobile", "YZ-YL-004", "same-key");
      });
    }
    for (auto& thread : threads) thread.join();
  }
  int accepted = 0;
  int full = 0;
  for (const auto& result : booked) {
    if (result.ok()) {
      ++accepted;
    } else {
      EXPECT_EQ(result.error().code, core::ErrorCode::kFailedPrecondition)
          << result.error().message;
      ++full;
    }
  }
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(full, kThreads - 3);
  auto stored = repository_->FindSlot(created->id, core::Scope::Everything());
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->booked, 3);
  std::set<int64_t> ids;
  for (const auto& result : keyed) {
    ASSERT_TRUE(result.ok()) << result.error().message;
    ids.insert(result->detail.request.id);
  }
  EXPECT_EQ(ids.size(), 1u);
}

TEST_P(ServiceRequestsTest, MalformedCursorIsInvalidArgument) {
  for (const std::string& after : {std::string("\xff\xfe"), std::string("A\0", 2)}) {
    storage::ExpectCursorRefused(repository_->ListItems(CatalogueQuery{}, {10, after}), after);
  }
  for (const char* after : {"abc", "12abc", "-3"}) {
    storage::ExpectCursorRefused(
        repository_->ListRequests(RequestQuery{}, core::Scope::Everything(), {10, after}), after);
  }
}

TEST_P(ServiceRequestsTest, ResidentsReachOnlyTheirOwnRequestsAndWorkersFileAtTheWindow) {
  NewRequest input;
  input.item_code = "YZ-YL-004";
  input.channel = "web";
  input.handling_mode = "entrusted";
  input.applicant_id = applicant_;
  // A worker cannot pick the online channel for a resident.
  EXPECT_EQ(requests_->File(input, desk_).error().field, "channel");
  const access::Caller mine = ResidentOf(applicant_, applicant_);
  const access::Caller other = ResidentOf(other_applicant_, other_applicant_);
  // Not for somebody else, not through the window, not unbound.
  input.applicant_id = other_applicant_;
  EXPECT_EQ(requests_->FileOwn(input, mine).error().field, "applicant_id");
  input.applicant_id = 0;
  input.channel = "window";
  EXPECT_EQ(requests_->FileOwn(input, mine).error().field, "channel");
  input.channel = "mobile";
  EXPECT_EQ(requests_->FileOwn(input, ResidentOf(applicant_, std::nullopt)).error().code,
            core::ErrorCode::kFailedPrecondition);
  auto filed = requests_->FileOwn(input, mine);
  ASSERT_TRUE(filed.ok()) << filed.error().message;
  const int64_t id = filed->detail.request.id;
  EXPECT_EQ(filed->detail.request.applicant_id, applicant_);
  EXPECT_EQ(filed->detail.request.channel, service_requests::Channel::kMobile);

  // Only the applicant sees it; the list holds only their own.
  ASSERT_TRUE(requests_->GetOwn(id, mine).ok());
  EXPECT_EQ(requests_->GetOwn(id, other).error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(FileFor(other_applicant_, "window").ok());
  auto listed = requests_->ListOwn({}, mine, core::PageRequest{});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, id);

  // A resident withdraws or rates, never accepts; the desk's actions stay the desk's.
  TransitionRequest accept;
  accept.action = "accept";
  EXPECT_EQ(requests_->ApplyOwn(id, accept, mine).error().field, "action");
  EXPECT_EQ(
      requests_->ApplyOwn(id, TransitionRequest{"withdraw", "", {}, "", ""}, other).error().code,
      core::ErrorCode::kNotFound);
  auto detail = requests_->GetOwn(id, mine);
  for (auto action : detail->allowed_actions) {
    EXPECT_TRUE(action == service_requests::RequestAction::kWithdraw ||
                action == service_requests::RequestAction::kRate);
  }
  auto withdrawn =
      requests_->ApplyOwn(id, TransitionRequest{"withdraw", "不办了", {}, "", ""}, mine);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
  EXPECT_EQ(withdrawn->request.state, service_requests::RequestState::kWithdrawn);
}

INSTANTIATE_TEST_SUITE_P(Engines, ServiceRequestsTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Postgres" : "Sqlite";
                         });

}  // namespace
}  // namespace linli::service_requests
