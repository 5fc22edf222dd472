// CareService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on the
// fixture people: archives opened, read (audited), scoped and restricted (minors need the
// 儿童主任 duty), changed and closed; the month's visit plan assigned to the grid worker, a visit
// recorded with the need it found, compliance, the month closed with its missed visits told to
// the community's workers, the dead no longer visited, and C2c's figures.
#include "storage/care/care_repository.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/care/care_service.hpp"
#include "storage/file_store.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::care {
namespace {

using access::Caller;
using access::Duty;
using access::Role;
using people::testing::CallerWith;
using people::testing::kCommunityA;
using people::testing::kCommunityB;
using people::testing::kGridA1;
using people::testing::kGridB1;
using people::testing::MakeIdNumber;

class RecordingNotifier final : public notifications::Notifier {
 public:
  core::Status Post(std::vector<notifications::Notice> notices) override {
    for (auto& notice : notices) posted.push_back(std::move(notice));
    return core::Ok();
  }
  void Deliver(const std::vector<notifications::Notice>&) override {}
  std::vector<notifications::Notice> posted;
};

Categories ShippedCategories() {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/categories.json");
  std::stringstream text;
  text << in.rdbuf();
  return ParseCategories(text.str()).value();
}

// Hands needs on by writing a bare event row (the real adapter calls the event service, tested in
// tests/api/care-visits.test.mjs); `fail` makes the next hand-over fail.
class TableReferrals final : public care::NeedReferrals {
 public:
  explicit TableReferrals(storage::Database& db) : db_(db) {}

  core::Result<int64_t> ReportEvent(const care::Need& need, const care::NeedReferral& referral,
                                    std::string_view key, const Caller&) override {
    keys.emplace_back(key);
    if (fail) return core::Error::PermissionDenied("没有上报事件的权限");
    ASSIGN_OR_RETURN(auto connection, db_.Acquire());
    TRY(
        connection->Query("INSERT INTO event_categories (code, name, created_at, updated_at) "
                          "VALUES (?, '测试', 0, 0) "
                          "ON CONFLICT DO NOTHING",
                          {referral.code}));
    ASSIGN_OR_RETURN(auto inserted,
                     connection->Query("INSERT INTO events (category_code, description, urgency, "
                                       "state, community_code, place_code, channel, created_at, "
                                       "updated_at) VALUES (?, ?, 'normal', 'reported', ?, ?, "
                                       "'app', 0, 0) RETURNING id",
                                       {referral.code, need.what, need.place_code.substr(0, 12),
                                        need.place_code}));
    return inserted.rows.at(0).Int(0);
  }
  core::Result<int64_t> FileRequest(const care::Need&, const care::NeedReferral&,
                                    std::string_view key, const Caller&) override {
    keys.emplace_back(key);
    return core::Error::FailedPrecondition("服务事项模块未启动");
  }
  core::Result<std::optional<std::string>> FinishedOutcome(const care::Need& need) override {
    if (!need.event_id) return std::optional<std::string>{};
    ASSIGN_OR_RETURN(auto connection, db_.Acquire());
    ASSIGN_OR_RETURN(auto state,
                     connection->Query("SELECT state FROM events WHERE id = ?", {*need.event_id}));
    if (state.rows.empty() || state.rows[0].Text(0) != "closed") {
      return std::optional<std::string>{};
    }
    return std::optional<std::string>{"转办的事件已办结"};
  }

  std::vector<std::string> keys;
  bool fail = false;

 private:
  storage::Database& db_;
};

Caller WithDuty(Role role, const std::string& scope, int64_t id, Duty duty) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = "duty";
  principal.grants = {{role, scope, "", duty}};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class CareRepositoryTest : public people::testing::PeopleEnginesTest {
 protected:
  void SetUp() override {
    PeopleEnginesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    repository_ = storage::MakeSqlCareRepository(f_.db(), f_.keys_.get());
    photo_dir_ = std::filesystem::temp_directory_path() /
                 ("linli-visit-photos-" + std::to_string(::getpid()) + "-" +
                  std::to_string(reinterpret_cast<uintptr_t>(this)));
    photos_ = storage::MakeFileStore(photo_dir_);
    referrals_ = std::make_unique<TableReferrals>(f_.db());
    service_ = std::make_unique<CareService>(*repository_, *f_.repository_, *f_.audit_log_,
                                             notifier_, ShippedCategories(), f_.clock_,
                                             photos_.get(), referrals_.get());
    grid_worker_ = AddAccount("gridworker", "网格员小王", "grid_worker", kGridA1);
    community_worker_ = AddAccount("cworker", "社区小李", "community_worker", kCommunityA);
    town_official_ = AddAccount("townie", "街道老张", "town_official", "321002001");
    auto resident = f_.MakeResident("王秀英", MakeIdNumber("19380304", 2), kGridA1);
    ASSERT_TRUE(resident.ok()) << resident.error().message;
    elder_ = resident->id;
    auto other = f_.MakeResident("李建国", MakeIdNumber("19400101", 3), kGridB1);
    ASSERT_TRUE(other.ok());
    other_ = other->id;
    auto child = f_.MakeResident("王小明", MakeIdNumber("20150601", 5), kGridA1);
    ASSERT_TRUE(child.ok());
    child_ = child->id;
  }

  int64_t AddAccount(const std::string& username, const std::string& name, const std::string& role,
                     const std::string& scope) {
    auto connection = f_.db().Acquire();
    EXPECT_TRUE(connection.ok());
    auto inserted = (*connection)
                        ->Query(
                            "INSERT INTO accounts (username, display_name, password_hash, "
                            "created_at, updated_at) VALUES (?, ?, 'x', 0, 0) RETURNING id",
                            {username, name});
    EXPECT_TRUE(inserted.ok()) << inserted.error().message;
    const int64_t id = inserted->rows.at(0).Int(0);
    EXPECT_TRUE((*connection)
                    ->Query("INSERT INTO account_grants (account_id, role, scope_code) VALUES (?, "
                            "?, ?)",
                            {id, role, scope})
                    .ok());
    return id;
  }

  NewArchive Special(int64_t resident) {
    NewArchive input;
    input.resident_id = resident;
    input.category = "elderly_special_difficulty";
    input.fields = {{"reason", "高龄独居"}, {"call_device", "true"}};
    input.opened_on = "2025-12-15";
    return input;
  }

  int64_t CountAudit(const std::string& subject_type, const std::string& action) {
    int64_t n = 0;
    for (const auto& row : f_.AuditRows()) {
      if (row[1] == subject_type && row[0] == action) ++n;
    }
    return n;
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(photo_dir_, ignored);
    PeopleEnginesTest::TearDown();
  }

  // The id of the resident's visit of the month (read directly, whatever the list pages).
  int64_t VisitOf(int64_t resident, const std::string& month) {
    auto connection = f_.db().Acquire();
    EXPECT_TRUE(connection.ok());
    auto found = (*connection)
                     ->Query("SELECT id FROM care_visits WHERE resident_id = ? AND month = ?",
                             {resident, month});
    EXPECT_TRUE(found.ok() && found->rows.size() == 1);
    return found.ok() && !found->rows.empty() ? found->rows[0].Int(0) : 0;
  }

  RecordingNotifier notifier_;
  std::filesystem::path photo_dir_;
  std::unique_ptr<core::FileStore> photos_;
  std::unique_ptr<TableReferrals> referrals_;
  std::unique_ptr<CareRepository> repository_;
  std::unique_ptr<CareService> service_;
  int64_t grid_worker_ = 0;
  int64_t community_worker_ = 0;
  int64_t town_official_ = 0;
  int64_t elder_ = 0;
  int64_t other_ = 0;
  int64_t child_ = 0;
};

TEST_P(CareRepositoryTest, ArchivesAreOpenedReadInScopeAndAudited) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, community_worker_);
  auto opened = service_->OpenArchive(Special(elder_), worker);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->review_on, "2026-12-15");
  EXPECT_EQ(opened->fields.at("reason"), "高龄独居");

  auto twice = service_->OpenArchive(Special(elder_), worker);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kAlreadyExists);

  // Another community's resident is not the worker's to open.
  auto outside = service_->OpenArchive(Special(other_), worker);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, core::ErrorCode::kNotFound);

  NewArchive bad = Special(elder_);
  bad.category = "tekun";
  bad.fields = {{"support_mode", "上门"}};
  auto refused = service_->OpenArchive(bad, worker);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "fields.support_mode");

  const int64_t reads_before = CountAudit("care_archive", "read");
  ArchiveFilter filter;
  auto page = service_->ListArchives(filter, worker);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].resident_name, "王秀英");
  EXPECT_NE(page->items[0].place_name.find("测试网格"), std::string::npos);
  EXPECT_EQ(CountAudit("care_archive", "read"), reads_before + 1);

  auto detail = service_->GetArchive(opened->id, worker);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(CountAudit("care_archive", "read"), reads_before + 2);

  // A worker of community B sees nothing of A.
  auto hidden = service_->GetArchive(opened->id, CallerWith(Role::kCommunityWorker, kCommunityB));
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  auto none = service_->ListArchives(filter, CallerWith(Role::kCommunityWorker, kCommunityB));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty());

  ArchivePatch patch;
  patch.responsible_id = std::optional<int64_t>(grid_worker_);
  auto changed = service_->UpdateArchive(opened->id, patch, worker);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->responsible_name, "网格员小王");
  patch.responsible_id = std::optional<int64_t>(999999);
  EXPECT_EQ(service_->UpdateArchive(opened->id, patch, worker).error().field, "responsible_id");

  auto closed = service_->CloseArchive(opened->id, "2026-01-01", "迁出本市", worker);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, ArchiveStatus::kClosed);
  EXPECT_EQ(service_->CloseArchive(opened->id, "", "再次", worker).error().code,
            core::ErrorCode::kFailedPrecondition);
  // Closed, a new archive of the category may be opened again.
  EXPECT_TRUE(service_->OpenArchive(Special(elder_), worker).ok());
}

TEST_P(CareRepositoryTest, MinorsArchivesNeedTheChildrensDirector) {
  NewArchive input;
  input.resident_id = child_;
  input.category = "left_behind_child";
  input.fields = {{"guardianship", "祖辈照护"}};
  const Caller plain = CallerWith(Role::kCommunityWorker, kCommunityA, community_worker_);
  auto refused = service_->OpenArchive(input, plain);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);

  const Caller director =
      WithDuty(Role::kCommunityWorker, kCommunityA, community_worker_, Duty::kChildrenDirector);
  auto opened = service_->OpenArchive(input, director);
  ASSERT_TRUE(opened.ok()) << opened.error().message;

  ArchiveFilter filter;
  EXPECT_EQ(service_->ListArchives(filter, plain)->items.size(), 0u);
  EXPECT_EQ(service_->GetArchive(opened->id, plain).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->ListArchives(filter, director)->items.size(), 1u);
  // The health liaison's duty does not open minors' archives; the county official's role does.
  const Caller liaison =
      WithDuty(Role::kCommunityWorker, kCommunityA, community_worker_, Duty::kHealthLiaison);
  EXPECT_EQ(service_->ListArchives(filter, liaison)->items.size(), 0u);
  EXPECT_TRUE(service_->GetArchive(opened->id, CallerWith(Role::kCountyOfficial, "321002")).ok());
  // A town official (no restricted permission) does not see them.
  EXPECT_EQ(
      service_->ListArchives(filter, CallerWith(Role::kTownOfficial, "321002001"))->items.size(),
      0u);
}

TEST_P(CareRepositoryTest, TheMonthsPlanIsVisitedRecordedAndClosed) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, community_worker_);
  ASSERT_TRUE(service_->OpenArchive(Special(elder_), worker).ok());
  NewArchive dibao;
  dibao.resident_id = elder_;
  dibao.category = "dibao";
  dibao.opened_on = "2025-11-02";  // every 3 months from 2025-11: not due in 2026-01
  ASSERT_TRUE(service_->OpenArchive(dibao, worker).ok());

  auto planned = service_->PlanMonth("2026-01");
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_EQ(*planned, 1);
  EXPECT_EQ(*service_->PlanMonth("2026-01"), 0);  // idempotent

  const Caller grid = CallerWith(Role::kGridWorker, kGridA1, grid_worker_);
  VisitFilter mine;
  mine.mine = true;
  mine.month = "2026-01";
  auto visits = service_->ListVisits(mine, grid);
  ASSERT_TRUE(visits.ok()) << visits.error().message;
  ASSERT_EQ(visits->items.size(), 1u);
  EXPECT_FALSE(visits->next_cursor);
  const Visit visit = visits->items.front();
  EXPECT_EQ(visit.assignee_name, "网格员小王");
  EXPECT_EQ(visit.resident_name, "王秀英");
  EXPECT_EQ(visit.status, VisitStatus::kDue);

  VisitRecordInput record;
  record.visited_on = "2026-01-01";
  record.mode = VisitMode::kInPerson;
  record.findings = {{"身体状况", true}, {"居住安全", false}};
  record.note = "燃气灶老化";
  record.needs = {{"更换燃气灶", Urgency::kUrgent, "2026-01-10"}};
  VisitRecordInput wrong = record;
  wrong.findings = {{"不存在的项", true}};
  EXPECT_EQ(service_->RecordVisit(visit.id, wrong, grid).error().field, "findings");
  auto recorded = service_->RecordVisit(visit.id, record, grid);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(recorded->first.status, VisitStatus::kDone);
  EXPECT_FALSE(recorded->first.late);
  ASSERT_EQ(recorded->second.size(), 1u);
  EXPECT_EQ(service_->RecordVisit(visit.id, record, grid).error().code,
            core::ErrorCode::kFailedPrecondition);

  auto needs = service_->ListNeeds(kCommunityA, NeedStatus::kOpen, false, worker);
  ASSERT_TRUE(needs.ok());
  ASSERT_EQ(needs->size(), 1u);
  EXPECT_EQ(needs->front().what, "更换燃气灶");
  EXPECT_EQ(needs->front().visit_id, visit.id);
  auto assigned = service_->AssignNeed(needs->front().id, grid_worker_, worker);
  ASSERT_TRUE(assigned.ok()) << assigned.error().message;
  EXPECT_EQ(assigned->status, NeedStatus::kAssigned);
  auto done = service_->CloseNeed(needs->front().id, "已联系燃气公司更换", grid);
  ASSERT_TRUE(done.ok()) << done.error().message;

  auto report = service_->Compliance(kCommunityA, "2026-01", worker);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->total.planned, 1);
  EXPECT_EQ(report->total.on_time, 1);
  ASSERT_EQ(report->workers.size(), 1u);
  EXPECT_EQ(report->workers[0].name, "网格员小王");

  auto figures = service_->MonthlyFigures("2026-01", {"elderly_special_difficulty"});
  ASSERT_TRUE(figures.ok());
  ASSERT_EQ(figures->size(), 1u);
  EXPECT_EQ((*figures)[0].community_code, kCommunityA);
  EXPECT_EQ((*figures)[0].planned, 1);
  EXPECT_EQ((*figures)[0].visited, 1);
}

TEST_P(CareRepositoryTest, AMissedMonthIsEscalatedAndTheDeadAreNotVisited) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, community_worker_);
  ASSERT_TRUE(service_->OpenArchive(Special(elder_), worker).ok());
  ASSERT_EQ(*service_->PlanMonth("2025-12"), 1);
  auto closed = service_->CloseMonth("2025-12");
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->missed, 1);
  ASSERT_EQ(notifier_.posted.size(), 2u);  // the community's worker, then the town's official
  EXPECT_EQ(notifier_.posted[0].account_id, community_worker_);
  EXPECT_EQ(notifier_.posted[1].account_id, town_official_);

  // A late visit is recorded as late.
  VisitFilter filter;
  filter.month = "2025-12";
  filter.status = VisitStatus::kMissed;
  auto missed = service_->ListVisits(filter, worker);
  ASSERT_TRUE(missed.ok());
  ASSERT_EQ(missed->items.size(), 1u);
  VisitRecordInput record;
  record.visited_on = "2026-01-01";
  record.mode = VisitMode::kPhone;
  auto late = service_->RecordVisit(missed->items.front().id, record, worker);
  ASSERT_TRUE(late.ok()) << late.error().message;
  EXPECT_TRUE(late->first.late);
  auto report = service_->Compliance("321002001", "2025-12", worker);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->total.late, 1);

  // Once the registry records the death, the month's visit is cancelled and the archive waits
  // to be closed by a worker.
  ASSERT_TRUE(f_.residents_->ChangeStatus(elder_, "deceased", "2026-01-01", Caller::System()).ok());
  ASSERT_EQ(*service_->PlanMonth("2026-01"), 0);
  ArchiveFilter deceased;
  deceased.deceased_only = true;
  auto waiting = service_->ListArchives(deceased, worker);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->items.size(), 1u);
}

TEST_P(CareRepositoryTest, TheMonthsVisitsArePagedInPlaceOrder) {
  const Caller community_a = CallerWith(Role::kCommunityWorker, kCommunityA, community_worker_);
  const Caller community_b = CallerWith(Role::kCommunityWorker, kCommunityB, community_worker_);
  auto third = f_.MakeResident("张桂兰", MakeIdNumber("19390202", 4), kGridA1);
  ASSERT_TRUE(third.ok()) << third.error().message;
  ASSERT_TRUE(service_->OpenArchive(Special(other_), community_b).ok());
  ASSERT_TRUE(service_->OpenArchive(Special(elder_), community_a).ok());
  ASSERT_TRUE(service_->OpenArchive(Special(third->id), community_a).ok());
  ASSERT_EQ(*service_->PlanMonth("2026-01"), 3);

  // The town's month, one visit a page: grid A1's two (by id), then B1's, and no page after.
  const Caller town = CallerWith(Role::kTownOfficial, "321002001", town_official_);
  VisitFilter filter;
  filter.month = "2026-01";
  filter.page.limit = 1;
  std::vector<std::pair<std::string, int64_t>> seen;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = service_->ListVisits(filter, town);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
    seen.emplace_back(page->items[0].place_code, page->items[0].id);
    if (!page->next_cursor) break;
    auto after = core::DecodeCursor(*page->next_cursor);
    ASSERT_TRUE(after.ok());
    filter.page.after = *after;
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].first, kGridA1);
  EXPECT_EQ(seen[1].first, kGridA1);
  EXPECT_LT(seen[0].second, seen[1].second);
  EXPECT_EQ(seen[2].first, kGridB1);

  // All at once with the default page; a place inside the scope narrows it.
  filter.page = core::PageRequest{};
  EXPECT_EQ(service_->ListVisits(filter, town)->items.size(), 3u);
  filter.place = kCommunityB;
  auto community = service_->ListVisits(filter, town);
  ASSERT_TRUE(community.ok());
  ASSERT_EQ(community->items.size(), 1u);
  EXPECT_EQ(community->items[0].resident_id, other_);
  EXPECT_FALSE(community->next_cursor);

  // A cursor of another list's shape is the caller's error, on "cursor".
  filter.page.after = "12";
  auto forged = service_->ListVisits(filter, town);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(forged.error().field, "cursor");
}

INSTANTIATE_TEST_SUITE_P(Engines, CareRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::care

namespace linli::care {
namespace {

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 a photo of the kitchen", 32);

TEST_P(CareRepositoryTest, VisitPhotosAreCheckedCappedAndEveryReadAudited) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, community_worker_);
  ASSERT_TRUE(service_->OpenArchive(Special(elder_), worker).ok());
  ASSERT_TRUE(service_->PlanMonth("2026-01").ok());
  const int64_t visit = VisitOf(elder_, "2026-01");
  const Caller grid = CallerWith(Role::kGridWorker, kGridA1, grid_worker_);
  EXPECT_EQ(service_->AddVisitPhoto(visit, kJpeg, grid).error().code,
            core::ErrorCode::kFailedPrecondition);  // not recorded yet

  VisitRecordInput record;
  record.visited_on = "2026-01-01";
  record.needs = {{"更换燃气灶", Urgency::kUrgent, ""}};
  ASSERT_TRUE(service_->RecordVisit(visit, record, grid).ok());
  EXPECT_EQ(service_->AddVisitPhoto(visit, "GIF89a....", grid).error().field, "file");
  EXPECT_EQ(service_->AddVisitPhoto(visit, "", grid).error().field, "file");
  const Caller elsewhere = CallerWith(Role::kGridWorker, kGridB1, grid_worker_);
  EXPECT_EQ(service_->AddVisitPhoto(visit, kJpeg, elsewhere).error().code,
            core::ErrorCode::kNotFound);
  const int64_t updates_before = CountAudit("care_visit", "update");
  int64_t first = 0;
  for (int i = 0; i < kMaxVisitPhotos; ++i) {
    auto added = service_->AddVisitPhoto(visit, kJpeg, grid);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->content_type, "image/jpeg");
    EXPECT_EQ(added->created_by_name, grid.name_for_people());
    if (i == 0) first = added->id;
  }
  EXPECT_EQ(CountAudit("care_visit", "update"), updates_before + kMaxVisitPhotos);
  EXPECT_EQ(service_->AddVisitPhoto(visit, kJpeg, grid).error().code,
            core::ErrorCode::kFailedPrecondition);  // the seventh
  // No file stays behind for the refused one: six files, as many as rows.
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(photo_dir_)) {
    ++files;
  }
  EXPECT_EQ(files, static_cast<size_t>(kMaxVisitPhotos));

  auto detail = service_->GetVisit(visit, worker);
  ASSERT_TRUE(detail.ok()) << detail.error().message;
  EXPECT_EQ(detail->photos.size(), static_cast<size_t>(kMaxVisitPhotos));
  ASSERT_EQ(detail->needs.size(), 1u);
  EXPECT_EQ(detail->needs[0].what, "更换燃气灶");

  const int64_t reads_before = CountAudit("care_visit", "read");
  auto bytes = service_->VisitPhotoBytes(visit, first, worker);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_EQ(bytes->second, kJpeg);
  EXPECT_EQ(CountAudit("care_visit", "read"), reads_before + 1);
  EXPECT_EQ(service_->VisitPhotoBytes(visit, first + 1000, worker).error().code,
            core::ErrorCode::kNotFound);
  const Caller other_community = CallerWith(Role::kCommunityWorker, kCommunityB, community_worker_);
  EXPECT_EQ(service_->VisitPhotoBytes(visit, first, other_community).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(CountAudit("care_visit", "read"), reads_before + 1);
}

TEST_P(CareRepositoryTest, ANeedIsHandedOnOnceAndAFailedHandOverChangesNothing) {
  const Caller grid = CallerWith(Role::kGridWorker, kGridA1, grid_worker_);
  NewNeed input;
  input.resident_id = elder_;
  input.need = {"楼道灯坏了", Urgency::kNormal, ""};
  auto need = service_->CreateNeed(input, grid);
  ASSERT_TRUE(need.ok()) << need.error().message;

  NeedReferral referral;
  referral.code = "public_facility";
  referrals_->fail = true;
  EXPECT_EQ(service_->ReferNeed(need->id, referral, grid).error().code,
            core::ErrorCode::kPermissionDenied);
  auto unchanged = repository_->FindNeed(need->id, core::Scope::Everything());
  ASSERT_TRUE(unchanged.ok() && *unchanged);
  EXPECT_EQ((*unchanged)->status, NeedStatus::kOpen);
  EXPECT_FALSE((*unchanged)->event_id);

  referrals_->fail = false;
  referral.code = "";
  EXPECT_EQ(service_->ReferNeed(need->id, referral, grid).error().field, "code");
  referral.code = "public_facility";
  const Caller elsewhere = CallerWith(Role::kGridWorker, kGridB1, grid_worker_);
  EXPECT_EQ(service_->ReferNeed(need->id, referral, elsewhere).error().code,
            core::ErrorCode::kNotFound);
  auto referred = service_->ReferNeed(need->id, referral, grid);
  ASSERT_TRUE(referred.ok()) << referred.error().message;
  EXPECT_EQ(referred->status, NeedStatus::kAssigned);
  ASSERT_TRUE(referred->event_id);
  auto stored = repository_->FindNeed(need->id, core::Scope::Everything());
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->event_id, referred->event_id);
  // The same key each time: a retry after a failure finds the record made before.
  ASSERT_EQ(referrals_->keys.size(), 2u);
  EXPECT_EQ(referrals_->keys[0], referrals_->keys[1]);
  EXPECT_EQ(referrals_->keys[0], "care-need-" + std::to_string(need->id) + "-event");

  EXPECT_EQ(service_->ReferNeed(need->id, referral, grid).error().code,
            core::ErrorCode::kFailedPrecondition);  // once only
  EXPECT_EQ(referrals_->keys.size(), 2u);
  ASSERT_TRUE(service_->CloseNeed(need->id, "已修好", grid).ok());
  referral.kind = ReferralKind::kServiceRequest;
  EXPECT_EQ(service_->ReferNeed(need->id, referral, grid).error().code,
            core::ErrorCode::kFailedPrecondition);  // closed
}

TEST_P(CareRepositoryTest, ANeedHandedOnClosesWhenItsRecordIsFinished) {
  const Caller grid = CallerWith(Role::kGridWorker, kGridA1, grid_worker_);
  NeedReferral referral;
  referral.code = "public_facility";
  std::vector<int64_t> needs;
  std::vector<int64_t> events;
  for (const char* what : {"楼道灯坏了", "井盖松动", "路灯不亮"}) {
    NewNeed input;
    input.resident_id = elder_;
    input.need = {what, Urgency::kNormal, ""};
    auto need = service_->CreateNeed(input, grid);
    ASSERT_TRUE(need.ok()) << need.error().message;
    auto referred = service_->ReferNeed(need->id, referral, grid);
    ASSERT_TRUE(referred.ok() && referred->event_id) << referred.error().message;
    needs.push_back(need->id);
    events.push_back(*referred->event_id);
  }
  // Nothing finished yet: nothing closes.
  auto none = service_->CloseFinishedReferrals();
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(*none, 0);
  // The first and third events are closed; the second is still being handled.
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE(
      (*connection)
          ->Query("UPDATE events SET state = 'closed' WHERE id IN (?, ?)", {events[0], events[2]})
          .ok());
  const int64_t updates_before = CountAudit("care_need", "update");
  auto closed = service_->CloseFinishedReferrals();
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(*closed, 2);
  EXPECT_EQ(CountAudit("care_need", "update"), updates_before + 2);
  for (size_t i = 0; i < needs.size(); ++i) {
    auto stored = repository_->FindNeed(needs[i], core::Scope::Everything());
    ASSERT_TRUE(stored.ok() && *stored);
    EXPECT_EQ((*stored)->status, i == 1 ? NeedStatus::kAssigned : NeedStatus::kClosed) << i;
    EXPECT_EQ((*stored)->outcome, i == 1 ? "" : "转办的事件已办结") << i;
  }
  // Run again: the closed ones stay closed, nothing more to do.
  auto again = service_->CloseFinishedReferrals();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

}  // namespace
}  // namespace linli::care
