#include "domain/people/people.hpp"

#include <array>
#include <utility>

namespace linli::people {

namespace {

template <typename Enum, size_t N>
std::optional<Enum> FromName(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, text] : table) {
    if (candidate == value) return text;
  }
  return "";
}

constexpr std::array<std::pair<BuildingKind, std::string_view>, 3> kBuildingKinds{{
    {BuildingKind::kResidential, "residential"},
    {BuildingKind::kMixed, "mixed"},
    {BuildingKind::kOther, "other"},
}};
constexpr std::array<std::pair<HouseholdType, std::string_view>, 2> kHouseholdTypes{{
    {HouseholdType::kRegistered, "registered"},
    {HouseholdType::kActual, "actual"},
}};
constexpr std::array<std::pair<ResidentStatus, std::string_view>, 5> kStatuses{{
    {ResidentStatus::kRegisteredResident, "registered_resident"},
    {ResidentStatus::kFloating, "floating"},
    {ResidentStatus::kAway, "away"},
    {ResidentStatus::kMovedOut, "moved_out"},
    {ResidentStatus::kDeceased, "deceased"},
}};
constexpr std::array<std::pair<ResidentStatus, std::string_view>, 5> kStatusesChinese{{
    {ResidentStatus::kRegisteredResident, "户籍常住"},
    {ResidentStatus::kFloating, "流动人口"},
    {ResidentStatus::kAway, "外出"},
    {ResidentStatus::kMovedOut, "已迁出"},
    {ResidentStatus::kDeceased, "已死亡"},
}};
constexpr std::array<std::pair<Relation, std::string_view>, 7> kRelations{{
    {Relation::kHead, "head"},
    {Relation::kSpouse, "spouse"},
    {Relation::kChild, "child"},
    {Relation::kParent, "parent"},
    {Relation::kGrandchild, "grandchild"},
    {Relation::kSibling, "sibling"},
    {Relation::kOther, "other"},
}};
constexpr std::array<std::pair<HistoryEvent, std::string_view>, 5> kEvents{{
    {HistoryEvent::kBirth, "birth"},
    {HistoryEvent::kMoveIn, "move_in"},
    {HistoryEvent::kMoveOut, "move_out"},
    {HistoryEvent::kStatus, "status"},
    {HistoryEvent::kDeath, "death"},
}};

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string_view BuildingKindName(BuildingKind kind) { return NameOf(kBuildingKinds, kind); }
std::string_view HouseholdTypeName(HouseholdType type) { return NameOf(kHouseholdTypes, type); }
std::string_view ResidentStatusName(ResidentStatus status) { return NameOf(kStatuses, status); }
std::string_view ResidentStatusChineseName(ResidentStatus status) {
  return NameOf(kStatusesChinese, status);
}
std::string_view RelationName(Relation relation) { return NameOf(kRelations, relation); }
std::string_view HistoryEventName(HistoryEvent event) { return NameOf(kEvents, event); }
std::optional<BuildingKind> BuildingKindFromName(std::string_view name) {
  return FromName(kBuildingKinds, name);
}
std::optional<HouseholdType> HouseholdTypeFromName(std::string_view name) {
  return FromName(kHouseholdTypes, name);
}
std::optional<ResidentStatus> ResidentStatusFromName(std::string_view name) {
  return FromName(kStatuses, name);
}
std::optional<Relation> RelationFromName(std::string_view name) {
  return FromName(kRelations, name);
}
std::optional<HistoryEvent> HistoryEventFromName(std::string_view name) {
  return FromName(kEvents, name);
}

const std::vector<ResidentStatus>& AllResidentStatuses() {
  static const std::vector<ResidentStatus> kAll = {
      ResidentStatus::kRegisteredResident, ResidentStatus::kFloating, ResidentStatus::kAway,
      ResidentStatus::kMovedOut, ResidentStatus::kDeceased};
  return kAll;
}

bool IsCurrentStatus(ResidentStatus status) {
  return status == ResidentStatus::kRegisteredResident || status == ResidentStatus::kFloating ||
         status == ResidentStatus::kAway;
}

std::string PlaceCode(std::string_view community_code, std::string_view grid_code) {
  return std::string(grid_code.empty() ? community_code : grid_code);
}

core::Status CheckPersonName(std::string_view name) {
  if (Blank(name)) return core::Error::Validation("姓名不能为空", "name");
  if (CodePoints(name) > 50) return core::Error::Validation("姓名不能超过50个字", "name");
  return core::Ok();
}

core::Status CheckAddress(std::string_view address) {
  if (Blank(address)) return core::Error::Validation("地址不能为空", "address");
  if (CodePoints(address) > 200) return core::Error::Validation("地址不能超过200个字", "address");
  return core::Ok();
}

core::Status CheckRoom(std::string_view room) {
  if (Blank(room)) return core::Error::Validation("房号不能为空", "room");
  if (CodePoints(room) > 20) return core::Error::Validation("房号不能超过20个字", "room");
  return core::Ok();
}

core::Status CheckFloors(int64_t floors) {
  if (floors < 1 || floors > 200)
    return core::Error::Validation("楼层数应在 1 到 200 之间", "floors");
  return core::Ok();
}

core::Status CheckCoordinates(const std::optional<double>& lat, const std::optional<double>& lon) {
  if (lat.has_value() != lon.has_value()) {
    return core::Error::Validation("经度和纬度须同时填写", lat ? "lon" : "lat");
  }
  if (!lat) return core::Ok();
  if (!(*lat >= 3.0 && *lat <= 54.0)) {
    return core::Error::Validation("纬度应在中国境内（3 到 54 度之间）", "lat");
  }
  if (!(*lon >= 73.0 && *lon <= 136.0)) {
    return core::Error::Validation("经度应在中国境内（73 到 136 度之间）", "lon");
  }
  return core::Ok();
}

core::Result<identity::Date> CheckDate(std::string_view text, std::string_view field) {
  auto date = identity::ParseDate(text, field);
  if (!date.ok() || date->year < 1900 || date->year > 2999) {
    return core::Error::Validation("日期应为有效的 YYYY-MM-DD 日期", std::string(field));
  }
  return *date;
}

core::Status CheckTagCode(std::string_view code) {
  bool ok = code.size() >= 2 && code.size() <= 40;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) ok = false;
  }
  if (!ok) return core::Error::Validation("标签编码应为 2 到 40 位小写字母、数字或下划线", "code");
  return core::Ok();
}

identity::Date BirthDateLimit(const identity::Date& today, int years) {
  identity::Date limit{today.year - years, today.month, today.day};
  // Someone born on 29 February is a year older on 1 March in non-leap years (AgeOn): in such
  // a year the latest qualifying birth date is 28 February.
  if (limit.month == 2 && limit.day == 29 && !identity::IsLeapYear(limit.year)) limit.day = 28;
  return limit;
}

std::optional<ResidentSort> ResidentSortFromName(std::string_view name) {
  if (name == "name") return ResidentSort::kName;
  if (name == "age") return ResidentSort::kAge;
  if (name == "-age") return ResidentSort::kAgeDescending;
  if (name == "id") return ResidentSort::kId;
  return std::nullopt;
}

}  // namespace linli::people
