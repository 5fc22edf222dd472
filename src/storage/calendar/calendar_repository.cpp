#include "storage/calendar/calendar_repository.hpp"

namespace linli::storage {

namespace {

using calendar::CalendarDocument;

class SqlCalendarRepository final : public calendar::CalendarRepository {
 public:
  explicit SqlCalendarRepository(Database& database) : database_(database) {}

  core::Result<std::optional<CalendarDocument>> CurrentCalendar() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT version, calendar_json, created_at, created_by FROM "
                                       "holiday_calendars ORDER BY version DESC LIMIT 1"));
    if (result.rows.empty()) return std::optional<CalendarDocument>();
    const Row& row = result.rows[0];
    CalendarDocument document{static_cast<int>(row.Int(0)), row.Text(1), row.Int(2), row.Text(3)};
    return std::optional<CalendarDocument>(std::move(document));
  }

  core::Status InsertCalendar(const CalendarDocument& document) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto result = connection->Query(
        "INSERT INTO holiday_calendars (version, calendar_json, created_at, created_by) VALUES "
        "(?, ?, ?, ?)",
        {int64_t{document.version}, document.json, document.created_at, document.created_by});
    if (!result.ok()) {
      if (result.error().code == core::ErrorCode::kAlreadyExists) {
        return core::Error::FailedPrecondition("节假日日历已被他人修改，请刷新后重试");
      }
      return std::move(result).error();
    }
    return core::Ok();
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<calendar::CalendarRepository> MakeSqlCalendarRepository(Database& database) {
  return std::make_unique<SqlCalendarRepository>(database);
}

}  // namespace linli::storage
