#include "domain/synthetic/people_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/identity/id_number.hpp"
#include "domain/synthetic/calibration.hpp"
#include "domain/synthetic/internal/names.hpp"

namespace linli::synthetic {
namespace {

using identity::Date;
using people::HistoryEvent;
using people::HouseholdType;
using people::Relation;
using people::ResidentStatus;

// Real county-level area codes of places Yangzhou's floating residents often come from
// (Taizhou, Yancheng, Huai'an, Suqian, Xuzhou in Jiangsu; Chuzhou, Bengbu, Fuyang, Bozhou in
// Anhui; Xinyang in Henan), in three groups of five: a community uses the group of its
// outside_code_group and its outside_lane inside it.
constexpr std::string_view kOutsideAreaCodes[3][5] = {
    {"321202", "321281", "321282", "321283", "320981"},
    {"320831", "320830", "341181", "341122", "341221"},
    {"341621", "340322", "320382", "321323", "411522"},
};

// Minority groups besides 回族 seen in Jiangsu (GB/T 3304 codes): 满 苗 土家 壮 蒙古.
constexpr std::string_view kOtherEthnicities[] = {"11", "06", "15", "08", "02"};

// Disability categories with their shares among disabled people (2006 survey).
struct Category {
  std::string_view name;
  double share;
};
constexpr Category kDisabilityCategories[] = {
    {"视力残疾", 14.86}, {"听力残疾", 24.16}, {"言语残疾", 1.53}, {"肢体残疾", 29.07},
    {"智力残疾", 6.68},  {"精神残疾", 7.40},  {"多重残疾", 16.30}};
constexpr double kDisabilityGradeShares[] = {0.13, 0.17, 0.28, 0.42};  // grades 1..4 (assumption)

// ----- dates -----
int64_t Days(const Date& date) { return identity::DaysFromCivil(date); }
Date AddDays(const Date& date, int64_t days) { return identity::CivilFromDays(Days(date) + days); }
Date AddYears(const Date& date, int years) {
  Date result{date.year + years, date.month, date.day};
  if (!identity::IsValidDate(result)) result.day = identity::DaysInMonth(result.year, result.month);
  return result;
}
std::string Text(const Date& date) { return identity::FormatDate(date); }

// A birth date giving exactly `age` whole years on `on`.
Date BirthForAge(Rng& rng, const Date& on, int age) {
  Date lower = AddYears(on, -age - 1);
  int64_t span = Days(AddYears(on, -age)) - Days(lower);
  return AddDays(lower, rng.Between(1, static_cast<int>(span)));
}

// ----- ages -----
// Relative size of birth cohorts in today's population (assumption shaped after China's
// pyramid: the 1962-75 boom, the famine dip, the 1985-92 echo, few births after 2017).
double CohortWeight(int birth_year) {
  if (birth_year >= 2018) return 0.55;
  if (birth_year >= 2011) return 0.9;
  if (birth_year >= 2001) return 0.8;
  if (birth_year >= 1993) return 0.9;
  if (birth_year >= 1985) return 1.25;
  if (birth_year >= 1976) return 1.0;
  if (birth_year >= 1962) return 1.4;
  if (birth_year >= 1959) return 0.7;
  return 1.0;
}
double Survival(int age) { return age < 70 ? 1.0 : std::exp(-(age - 70) / 11.0); }

int DrawAge(Rng& rng, int low, int high, int reference_year, bool survival) {
  if (high < low) return low;
  for (int tries = 0; tries < 64; ++tries) {
    int age = rng.Between(low, high);
    double weight = CohortWeight(reference_year - age) / 1.4;
    if (survival) weight *= Survival(age);
    if (rng.Chance(weight)) return age;
  }
  return rng.Between(low, high);
}

// ----- households -----
struct Member {
  Relation relation = Relation::kHead;
  bool male = true;
  int age = 30;
  std::string surname;
  ResidentStatus status = ResidentStatus::kRegisteredResident;
};

struct Draft {
  HouseholdType type = HouseholdType::kRegistered;
  std::vector<Member> members;
  bool floating = false;
  bool skip_generation = false;
};

enum Template { kElderlyAlone, kElderlyCouple, kSingle, kCouple, kNuclear, kThreeGen, kSkipGen };
//                                         alone couple single couple nuclear 3gen skip
constexpr double kUrbanTemplates[] = {0.11, 0.18, 0.11, 0.10, 0.29, 0.19, 0.02};
constexpr double kRuralTemplates[] = {0.12, 0.21, 0.06, 0.09, 0.19, 0.23, 0.10};
constexpr double kUrbanFloating = 0.09;
constexpr double kRuralFloating = 0.03;

class HouseholdDrawer {
 public:
  HouseholdDrawer(Rng& rng, int reference_year) : rng_(rng), year_(reference_year) {}

  Draft Draw(bool urban) {
    Draft draft;
    if (rng_.Chance(urban ? kUrbanFloating : kRuralFloating)) {
      draft.type = HouseholdType::kActual;
      draft.floating = true;
      double pick = rng_.Uniform();
      if (pick < 0.45) {
        Single(draft, 19, 45);
      } else if (pick < 0.65) {
        Couple(draft, 21, 45);
      } else {
        Nuclear(draft, 24, 45, 16);
      }
      for (auto& member : draft.members) member.status = ResidentStatus::kFloating;
      return draft;
    }
    switch (static_cast<Template>(rng_.Weighted(urban ? kUrbanTemplates : kRuralTemplates, 7))) {
      case kElderlyAlone: {
        Member head{Relation::kHead, !rng_.Chance(0.6), DrawAge(rng_, 60, 98, year_, true),
                    std::string(internal::DrawSurname(rng_))};
        draft.members.push_back(head);
        break;
      }
      case kElderlyCouple: {
        int age = DrawAge(rng_, 62, 95, year_, true);
        AddCouple(draft, age, 60);
        break;
      }
      case kSingle:
        Single(draft, 20, 59);
        break;
      case kCouple:
        Couple(draft, 23, 59);
        break;
      case kNuclear:
        Nuclear(draft, 25, 58, 30);
        break;
      case kThreeGen:
        ThreeGeneration(draft);
        break;
      case kSkipGen:
        SkipGeneration(draft);
        break;
    }
    // Some working-age members of local households work elsewhere (外出).
    double away = urban ? 0.03 : 0.10;
    for (auto& member : draft.members) {
      if (member.relation != Relation::kHead && member.age >= 18 && member.age <= 45 &&
          member.status == ResidentStatus::kRegisteredResident && rng_.Chance(away)) {
        member.status = ResidentStatus::kAway;
      }
    }
    return draft;
  }

 private:
  void Single(Draft& draft, int low, int high) {
    int age = DrawAge(rng_, low, high, year_, false);
    if (age > 40 && rng_.Chance(0.5)) age = DrawAge(rng_, low, std::min(high, 36), year_, false);
    draft.members.push_back(
        {Relation::kHead, rng_.Chance(0.64), age, std::string(internal::DrawSurname(rng_))});
  }
  // Head (usually the husband) of `age` and a spouse a few years apart.
  void AddCouple(Draft& draft, int age, int minimum_spouse_age) {
    bool head_male = rng_.Chance(0.8);
    int spouse_age = head_male ? age - rng_.Between(0, 4) : age + rng_.Between(0, 4);
    spouse_age = std::max(spouse_age, minimum_spouse_age);
    draft.members.push_back(
        {Relation::kHead, head_male, age, std::string(internal::DrawSurname(rng_))});
    draft.members.push_back(
        {Relation::kSpouse, !head_male, spouse_age, std::string(internal::DrawSurname(rng_))});
  }
  void Couple(Draft& draft, int low, int high) {
    AddCouple(draft, DrawAge(rng_, low, high, year_, false), 20);
  }
  const Member& Husband(const Draft& draft) const {
    return draft.members[0].male ? draft.members[0] : draft.members[1];
  }
  const Member& Wife(const Draft& draft) const {
    return draft.members[0].male ? draft.members[1] : draft.members[0];
  }
  // Children of the couple at members[0..1]; relation to the head: child.
  void AddChildren(Draft& draft, int oldest_child_age, Relation relation) {
    int mother_age = Wife(draft).age;
    std::string surname = Husband(draft).surname;
    double pick = rng_.Uniform();
    int count = pick < 0.62 ? 1 : pick < 0.97 ? 2 : 3;
    for (int i = 0; i < count; ++i) {
      int age = mother_age - rng_.Between(22, 36);
      if (age < 0 || age > oldest_child_age) continue;
      draft.members.push_back({relation, rng_.Chance(0.52), age, surname});
    }
  }
  void Nuclear(Draft& draft, int low, int high, int oldest_child_age) {
    AddCouple(draft, DrawAge(rng_, low, high, year_, false), 21);
    AddChildren(draft, oldest_child_age, Relation::kChild);
  }
  void ThreeGeneration(Draft& draft) {
    AddCouple(draft, DrawAge(rng_, 28, 60, year_, false), 22);
    AddChildren(draft, 30, Relation::kChild);
    // The head's parents (father carries the head's surname when the head is a man).
    const Member head = draft.members[0];
    int father_age = head.age + rng_.Between(23, 34);
    int mother_age = father_age - rng_.Between(0, 4);
    bool father = father_age <= 100 && rng_.Chance(0.7 * Survival(father_age + 3));
    bool mother = mother_age <= 100 && rng_.Chance(0.8 * Survival(mother_age));
    if (!father && !mother) mother = true;
    std::string father_surname =
        head.male ? head.surname : std::string(internal::DrawSurname(rng_));
    if (father) draft.members.push_back({Relation::kParent, true, father_age, father_surname});
    if (mother) {
      draft.members.push_back({Relation::kParent, false, std::min(mother_age, 100),
                               std::string(internal::DrawSurname(rng_))});
    }
  }
  // Grandparents with grandchildren; the children's parents work away (外出).
  void SkipGeneration(Draft& draft) {
    draft.skip_generation = true;
    int age = DrawAge(rng_, 52, 78, year_, true);
    if (rng_.Chance(0.8)) {
      AddCouple(draft, age, 50);
    } else {
      draft.members.push_back(
          {Relation::kHead, rng_.Chance(0.4), age, std::string(internal::DrawSurname(rng_))});
    }
    const Member head = draft.members[0];
    bool son = rng_.Chance(0.8);
    int parent_age = std::max(22, head.age - rng_.Between(24, 32));
    std::string child_surname = (head.male || draft.members.size() == 1) && son
                                    ? head.surname
                                    : std::string(internal::DrawSurname(rng_));
    std::string in_law_surname(internal::DrawSurname(rng_));
    draft.members.push_back(
        {Relation::kChild, son, parent_age, child_surname, ResidentStatus::kAway});
    if (rng_.Chance(0.85)) {
      draft.members.push_back({Relation::kOther, !son, parent_age - rng_.Between(-2, 3),
                               in_law_surname, ResidentStatus::kAway});
    }
    std::string grandchild_surname = son ? child_surname : in_law_surname;
    int mother_age = son ? parent_age - 1 : parent_age;
    int count = rng_.Chance(0.6) ? 1 : 2;
    for (int i = 0; i < count; ++i) {
      int grandchild_age = std::min(15, std::max(0, mother_age - rng_.Between(22, 32)));
      draft.members.push_back(
          {Relation::kGrandchild, rng_.Chance(0.52), grandchild_age, grandchild_surname});
    }
  }

  Rng& rng_;
  int year_;
};

// ----- buildings -----
struct Estate {
  std::string road;
  int number = 1;
  std::string name;
  int buildings = 0;
  int size = 0;
};

class BuildingMaker {
 public:
  BuildingMaker(Rng& rng, const CommunitySite& site, people::PeopleBatch& batch)
      : rng_(rng),
        site_(site),
        batch_(batch),
        place_name_(internal::ShortPlaceName(site.community_name, site.urban)) {}

  // A room for the next household: (building index, room).
  std::pair<int64_t, std::string> Place() {
    if (!site_.urban) return {NewHouse(), "1"};
    if (free_rooms_.empty()) NewBlock();
    std::string room = std::move(free_rooms_.back());
    free_rooms_.pop_back();
    return {static_cast<int64_t>(batch_.buildings.size()) - 1, room};
  }

 private:
  people::Building Base(double spread) {
    people::Building building;
    building.community_code = site_.community_code;
    building.lat = site_.lat + rng_.Between(-spread, spread);
    building.lon = site_.lon + rng_.Between(-spread, spread) * 1.18;
    building.synthetic = true;
    return building;
  }

  void NewBlock() {
    if (estate_.buildings >= estate_.size) {
      estate_.road = std::string(internal::DrawRoad(rng_, site_.city_code));
      estate_.number = rng_.Between(1, 60) * 2 + (rng_.Chance(0.5) ? 1 : 0);
      estate_.name = internal::DrawEstateName(rng_);
      estate_.buildings = 0;
      estate_.size = rng_.Between(6, 30);
    }
    ++estate_.buildings;
    constexpr int kFloors[] = {4, 5, 6, 7, 11, 12, 17, 18, 24, 26, 33};
    constexpr double kWeights[] = {0.05, 0.15, 0.30, 0.06, 0.10, 0.04,
                                   0.08, 0.10, 0.04, 0.04, 0.04};
    int floors = kFloors[rng_.Weighted(kWeights, std::size(kWeights))];
    int units = floors <= 7 ? rng_.Between(2, 4) : rng_.Between(1, 2);
    people::Building building = Base(0.0027);
    building.floors = floors;
    building.kind =
        rng_.Chance(0.05) ? people::BuildingKind::kMixed : people::BuildingKind::kResidential;
    building.address = estate_.road + std::to_string(estate_.number) + "号" + estate_.name +
                       std::to_string(estate_.buildings) + "幢";
    batch_.buildings.push_back(std::move(building));
    std::vector<std::string> flats;
    for (int unit = 1; unit <= units; ++unit) {
      for (int floor = 1; floor <= floors; ++floor) {
        for (int door = 1; door <= 2; ++door) {
          char room[32];
          std::snprintf(room, sizeof(room), "%d单元%d%02d室", unit, floor, door);
          flats.emplace_back(room);
        }
      }
    }
    // Partial Fisher-Yates: occupy 70-95% of the flats.
    size_t occupied = std::max<size_t>(
        1, static_cast<size_t>(std::lround(flats.size() * rng_.Between(0.70, 0.95))));
    for (size_t i = 0; i < occupied; ++i) {
      size_t j = i + rng_.Next() % (flats.size() - i);
      std::swap(flats[i], flats[j]);
    }
    flats.resize(occupied);
    std::reverse(flats.begin(), flats.end());
    free_rooms_ = std::move(flats);
  }

  int64_t NewHouse() {
    if (house_number_ >= group_size_) {
      ++group_;
      house_number_ = 0;
      group_size_ = rng_.Between(25, 45);
    }
    ++house_number_;
    people::Building building = Base(0.005);
    building.floors = rng_.Chance(0.15) ? 1 : rng_.Chance(0.85) ? 2 : 3;
    building.address =
        place_name_ + std::to_string(group_) + "组" + std::to_string(house_number_) + "号";
    batch_.buildings.push_back(std::move(building));
    return static_cast<int64_t>(batch_.buildings.size()) - 1;
  }

  Rng& rng_;
  const CommunitySite& site_;
  people::PeopleBatch& batch_;
  std::string place_name_;
  Estate estate_;
  std::vector<std::string> free_rooms_;
  int group_ = 0;
  int house_number_ = 0;
  int group_size_ = 0;
};

// ----- residents -----
class ResidentMaker {
 public:
  ResidentMaker(Rng& rng, const CommunitySite& site, const Date& reference, CommunityData& data)
      : rng_(rng), site_(site), reference_(reference), data_(data) {}

  void AddHousehold(const Draft& draft, int64_t building_index, std::string room) {
    people::HouseholdLoad load;
    people::Household& household = load.household;
    household.room = std::move(room);
    household.type = draft.type;
    household.community_code = site_.community_code;
    household.synthetic = true;
    load.building_index = building_index;

    // Birth dates first: the household's since-date depends on the head's age.
    std::vector<Date> births;
    for (const auto& member : draft.members) {
      births.push_back(BirthForAge(rng_, reference_, member.age));
    }
    const Member& head = draft.members[0];
    Date since;
    if (draft.floating) {
      since = AddDays(reference_, -rng_.Between(30, 6 * 365));
    } else {
      int years_back = rng_.Between(0, std::max(0, std::min(40, head.age - 22)));
      since = AddDays(AddYears(reference_, -years_back), -rng_.Between(0, 364));
    }
    Date adult = AddYears(births[0], 18);
    if (since < adult) since = adult;
    if (since > reference_) since = reference_;
    household.since = Text(since);
    int64_t household_index = static_cast<int64_t>(data_.people.households.size());
    data_.people.households.push_back(std::move(load));

    std::string ethnicity = DrawEthnicity();
    bool in_hardship = false;
    bool has_disabled = false;
    size_t first = data_.people.residents.size();
    int current_members = 0;
    for (const auto& member : draft.members) {
      if (member.status != ResidentStatus::kAway) ++current_members;
    }
    for (size_t i = 0; i < draft.members.size(); ++i) {
      const Member& member = draft.members[i];
      people::ResidentLoad load_resident;
      people::Resident& resident = load_resident.resident;
      Date birth = UniqueBirth(births[i], member, draft.floating);
      resident.birth_date = birth;
      resident.sex = member.male ? identity::Sex::kMale : identity::Sex::kFemale;
      resident.id_number = IdNumberFor(member, birth, draft.floating);
      resident.name = member.surname + internal::DrawGivenName(rng_, member.male, birth.year);
      int age = identity::AgeOn(birth, reference_);
      if ((age >= 18 && age <= 75 && rng_.Chance(0.96)) || (age > 75 && rng_.Chance(0.45)) ||
          (age >= 14 && age < 18 && rng_.Chance(0.4))) {
        resident.phone = internal::DrawMobile(rng_);
      }
      resident.ethnicity_code =
          member.relation == Relation::kSpouse || member.relation == Relation::kOther
              ? DrawEthnicity()
              : ethnicity;
      resident.status = member.status;
      resident.relation = member.relation;
      resident.community_code = site_.community_code;
      resident.synthetic = true;
      if (since <= birth) {
        resident.status_since = Text(birth);
        load_resident.event = HistoryEvent::kBirth;
      } else {
        resident.status_since = Text(since);
        load_resident.event = HistoryEvent::kMoveIn;
      }
      load_resident.household_index = household_index;
      AddPersonalTags(load_resident, age,
                      current_members == 1 && member.status != ResidentStatus::kAway, draft);
      for (const auto& tag : load_resident.tags) {
        if (tag.code == "disability") has_disabled = true;
      }
      data_.people.residents.push_back(std::move(load_resident));
    }
    in_hardship = AddHouseholdTags(first, draft, has_disabled, current_members);
    AddChildTags(first, draft, in_hardship);
    AddLaterChanges(first, draft);
  }

 private:
  std::string DrawEthnicity() {
    if (rng_.Chance(site_.hui_share)) return "03";
    if (rng_.Chance(0.0025)) return std::string(rng_.Pick(kOtherEthnicities));
    return "01";
  }

  std::string_view AreaCodeFor(const Member& member, int birth_year, bool floating) {
    if (floating) {
      const auto& group =
          kOutsideAreaCodes[site_.outside_code_group % std::size(kOutsideAreaCodes)];
      return group[rng_.Next() % 5];
    }
    (void)member;
    if (!site_.old_area_code.empty() && birth_year < site_.old_area_code_before_year) {
      return site_.old_area_code;
    }
    return site_.id_area_code;
  }

  // Moves the birth date back a day at a time until it is one of the community's day class (see
  // CommunitySite) and (area, date, sex) is free in the community.
  Date UniqueBirth(Date birth, const Member& member, bool floating) {
    const int classes = floating ? site_.outside_day_classes : site_.id_day_classes;
    const int own_class = floating ? site_.outside_day_class : site_.id_day_class;
    if (classes > 1) {
      const int64_t days = identity::DaysFromCivil(birth);
      const int64_t shift = ((days - own_class) % classes + classes) % classes;
      birth = AddDays(birth, -static_cast<int>(shift));
    }
    pending_area_ = std::string(AreaCodeFor(member, birth.year, floating));
    while (true) {
      if (!floating && !site_.old_area_code.empty()) {
        pending_area_ = std::string(AreaCodeFor(member, birth.year, false));
      }
      std::string key = pending_area_ + Text(birth) + (member.male ? "1" : "0");
      if (used_.insert(key).second) return birth;
      birth = AddDays(birth, -std::max(classes, 1));
    }
  }

  std::string IdNumberFor(const Member& member, const Date& birth, bool floating) {
    int lane = floating ? site_.outside_lane : site_.id_lane;
    char first17[24];
    std::snprintf(first17, sizeof(first17), "%s%04d%02d%02d%03d", pending_area_.c_str(), birth.year,
                  birth.month, birth.day, 2 * lane + (member.male ? 1 : 0));
    std::string number(first17, 17);
    number += identity::IdCheckCharacter(number);
    return number;
  }

  people::ResidentTag Tag(std::string_view code, const Date& from,
                          std::optional<Date> until = std::nullopt) {
    people::ResidentTag tag;
    tag.code = std::string(code);
    tag.valid_from = Text(from);
    if (until) tag.valid_until = Text(*until);
    tag.source = std::string(kSyntheticTagSource);
    return tag;
  }
  Date RecentDate(const Date& not_before, int max_days_back) {
    Date date = AddDays(reference_, -rng_.Between(0, max_days_back));
    return date < not_before ? not_before : date;
  }

  void AddPersonalTags(people::ResidentLoad& load, int age, bool lives_alone, const Draft& draft) {
    const people::Resident& resident = load.resident;
    const Date& birth = resident.birth_date;
    bool male = resident.sex == identity::Sex::kMale;
    auto& tags = load.tags;
    if (age <= 6) tags.push_back(Tag("health_0_6", birth, AddYears(birth, 7)));
    if (age >= 65) tags.push_back(Tag("health_65_plus", AddYears(birth, 65)));
    if (lives_alone && age >= 60) {
      Date from =
          std::max(AddYears(birth, 60),
                   identity::ParseDate(data_.people.households.back().household.since).value());
      tags.push_back(Tag("elderly_alone", from));
    }
    // Disability: prevalence rises with age (overall ≈ 6.3%, 2006 survey).
    double disability = age < 15   ? 0.012
                        : age < 45 ? 0.024
                        : age < 60 ? 0.06
                        : age < 70 ? 0.10
                        : age < 80 ? 0.17
                                   : 0.28;
    int disability_grade = 0;
    if (rng_.Chance(disability)) {
      double shares[std::size(kDisabilityCategories)];
      for (size_t i = 0; i < std::size(shares); ++i) shares[i] = kDisabilityCategories[i].share;
      size_t category = rng_.Weighted(shares, std::size(shares));
      disability_grade = static_cast<int>(rng_.Weighted(kDisabilityGradeShares, 4)) + 1;
      people::ResidentTag tag = Tag("disability", kDisabilityCategories[category].name == "智力残疾"
                                                      ? birth
                                                      : RecentDate(AddYears(birth, 1), 20 * 365));
      tag.grade = disability_grade;
      tag.subcategory = std::string(kDisabilityCategories[category].name);
      tags.push_back(std::move(tag));
    }
    if (age >= 60) {
      double special = lives_alone && age >= 80                        ? 0.35
                       : disability_grade > 0 && disability_grade <= 2 ? 0.30
                                                                       : 0.01;
      if (rng_.Chance(special)) {
        tags.push_back(Tag("elderly_special_difficulty", RecentDate(AddYears(birth, 60), 3650)));
      }
    }
    if (age >= 35) {
      double chronic = age < 60 ? 0.12 : age < 75 ? 0.35 : 0.45;
      if (rng_.Chance(chronic)) {
        people::ResidentTag tag = Tag("chronic_disease", RecentDate(AddYears(birth, 30), 15 * 365));
        double pick = rng_.Uniform();
        tag.subcategory = pick < 0.7 ? "高血压" : pick < 0.9 ? "糖尿病" : "高血压合并糖尿病";
        tags.push_back(std::move(tag));
      }
    }
    if (age >= 18 && age <= 80 && rng_.Chance(0.0056)) {
      tags.push_back(Tag("severe_mental_disorder", RecentDate(AddYears(birth, 16), 20 * 365)));
    }
    if (age >= 15 && rng_.Chance(0.0003)) {
      Date from = RecentDate(birth, 180);
      tags.push_back(Tag("tuberculosis", from, AddDays(from, 183)));
    }
    if (!male && age >= 20 && age <= 42 && draft.members.size() >= 2 &&
        (load.resident.relation == Relation::kHead ||
         load.resident.relation == Relation::kSpouse) &&
        rng_.Chance(0.045)) {
      Date from = RecentDate(birth, 250);
      tags.push_back(Tag("pregnant", from, AddDays(from, 322)));
    }
    if (age >= 22 && rng_.Chance(male ? 0.03 : 0.001)) {
      tags.push_back(Tag("veteran", AddYears(birth, rng_.Between(20, 24))));
    }
    if (age >= 18) {
      double party = age <= 30 ? 0.045 : age <= 60 ? 0.085 : 0.12;
      party *= male ? 1.4 : 0.6;
      if (rng_.Chance(party)) {
        tags.push_back(Tag("party_member", AddYears(birth, std::min(age, rng_.Between(18, 40)))));
      }
      if (age <= 75 && rng_.Chance(calibration::kVolunteerOfAdults)) {
        tags.push_back(Tag("volunteer", RecentDate(AddYears(birth, 18), 8 * 365)));
      }
    }
  }

  // Assistance is decided per household (低保 etc. are granted to households).
  bool AddHouseholdTags(size_t first, const Draft& draft, bool has_disabled, int current_members) {
    if (draft.floating) return false;
    double weight = 1.0;
    if (has_disabled) weight *= 3.0;
    if (!site_.urban) weight *= 1.4;
    if (current_members == 1) weight *= 1.8;
    std::string_view code;
    double pick = rng_.Uniform();
    if (current_members == 1 && draft.members[0].age >= 60 && pick < 0.02 * weight) {
      code = "tekun";
    } else if (pick < 0.0070 * weight) {
      code = "dibao";
    } else if (pick < 0.0090 * weight) {
      code = "dibian";
    } else if (pick < 0.0100 * weight) {
      code = "expenditure_difficulty";
    }
    if (code.empty()) return false;
    Date from = RecentDate(
        identity::ParseDate(data_.people.households.back().household.since).value(), 6 * 365);
    for (size_t i = first; i < data_.people.residents.size(); ++i) {
      auto& load = data_.people.residents[i];
      if (load.resident.status == ResidentStatus::kAway) continue;
      Date tag_from = std::max(from, load.resident.birth_date);
      load.tags.push_back(Tag(code, tag_from));
    }
    return code == "dibao" || code == "tekun";
  }

  void AddChildTags(size_t first, const Draft& draft, bool in_hardship) {
    for (size_t i = first; i < data_.people.residents.size(); ++i) {
      auto& load = data_.people.residents[i];
      const Date& birth = load.resident.birth_date;
      int age = identity::AgeOn(birth, reference_);
      if (age >= 18) continue;
      bool disabled = false;
      for (const auto& tag : load.tags) disabled = disabled || tag.code == "disability";
      if ((in_hardship && rng_.Chance(0.6)) || (disabled && rng_.Chance(0.5))) {
        load.tags.push_back(
            Tag("child_in_difficulty", RecentDate(birth, 3 * 365), AddYears(birth, 18)));
      }
      if (draft.skip_generation && !site_.urban && age < 16 &&
          load.resident.relation == Relation::kGrandchild) {
        load.tags.push_back(
            Tag("left_behind_child", RecentDate(birth, 4 * 365), AddYears(birth, 16)));
      }
    }
  }

  // A few residents died or moved away recently: their history gets a second record.
  void AddLaterChanges(size_t first, const Draft& draft) {
    if (draft.floating) return;
    for (size_t i = first; i < data_.people.residents.size(); ++i) {
      auto& load = data_.people.residents[i];
      auto& resident = load.resident;
      if (resident.relation == Relation::kHead) continue;
      int age = identity::AgeOn(resident.birth_date, reference_);
      Date since = identity::ParseDate(resident.status_since).value();
      LaterStatusChange change;
      change.resident_index = i;
      if (age >= 75 && draft.members.size() >= 3 && rng_.Chance(0.03)) {
        change.status = ResidentStatus::kDeceased;
        change.event = HistoryEvent::kDeath;
      } else if (resident.relation == Relation::kChild && age >= 20 && age <= 35 &&
                 resident.status == ResidentStatus::kRegisteredResident && rng_.Chance(0.03)) {
        change.status = ResidentStatus::kMovedOut;
        change.event = HistoryEvent::kMoveOut;
        change.leaves_household = true;
      } else {
        continue;
      }
      Date date = AddDays(reference_, -rng_.Between(20, 1000));
      if (date <= since) date = AddDays(since, 1);
      if (date > reference_) continue;
      change.date = Text(date);
      // Tags end with a death; those that would start later are dropped.
      if (change.status == ResidentStatus::kDeceased) {
        std::vector<people::ResidentTag> kept;
        for (auto& tag : load.tags) {
          if (tag.valid_from >= change.date) continue;
          if (!tag.valid_until || *tag.valid_until > change.date) tag.valid_until = change.date;
          kept.push_back(std::move(tag));
        }
        load.tags = std::move(kept);
      }
      data_.later_changes.push_back(std::move(change));
    }
  }

  Rng& rng_;
  const CommunitySite& site_;
  Date reference_;
  CommunityData& data_;
  std::unordered_set<std::string> used_;
  std::string pending_area_;
};

// ----- grids -----
void AssignGrids(CommunityData& data, const SeedOptions& options) {
  auto& batch = data.people;
  std::vector<int64_t> per_building(batch.buildings.size(), 0);
  for (const auto& household : batch.households) ++per_building[household.building_index];
  int64_t total = static_cast<int64_t>(batch.households.size());
  int grid_count = std::max<int>(
      1, static_cast<int>(std::lround(static_cast<double>(total) / kGridTargetHouseholds)));
  grid_count = std::min(grid_count, 999);
  double per_grid = static_cast<double>(total) / grid_count;
  std::vector<int> grid_of(batch.buildings.size(), 1);
  std::vector<int64_t> planned(grid_count + 1, 0);
  int64_t seen = 0;
  for (size_t i = 0; i < batch.buildings.size(); ++i) {
    int grid =
        std::min<int>(grid_count, 1 + static_cast<int>((seen + per_building[i] / 2) / per_grid));
    grid_of[i] = grid;
    planned[grid] += per_building[i];
    seen += per_building[i];
  }
  auto code_of = [&](int number) {
    char digits[16];
    std::snprintf(digits, sizeof(digits), "%03d", number);
    return data.site.community_code + digits;
  };
  for (int number = 1; number <= grid_count; ++number) {
    grids::Grid grid;
    grid.code = code_of(number);
    grid.community_code = data.site.community_code;
    grid.level = grids::GridLevel::kGrid;
    grid.name = internal::GridName(number);
    grid.kind = grids::GridKind::kOrdinary;
    grid.planned_households = planned[number];
    grid.valid_from = std::string(kGridValidFrom);
    data.grids.push_back(std::move(grid));
  }
  for (size_t i = 0; i < batch.buildings.size(); ++i) {
    batch.buildings[i].grid_code = code_of(grid_of[i]);
  }
  for (auto& household : batch.households) {
    household.household.grid_code = batch.buildings[household.building_index].grid_code;
  }
  for (auto& resident : batch.residents) {
    resident.resident.grid_code = batch.households[resident.household_index].household.grid_code;
  }
  (void)options;
}

class PeopleGenerator : public ModuleGenerator {
 public:
  std::string_view Name() const override { return kPeopleModuleName; }

  void Generate(const SeedOptions& options, Rng& rng, CommunityData& data) const override {
    const CommunitySite& site = data.site;
    HouseholdDrawer drawer(rng, options.reference_date.year);
    BuildingMaker buildings(rng, site, data.people);
    ResidentMaker residents(rng, site, options.reference_date, data);
    int64_t people = 0;
    while (people < site.target_residents) {
      Draft draft = drawer.Draw(site.urban);
      auto [building_index, room] = buildings.Place();
      residents.AddHousehold(draft, building_index, std::move(room));
      people += static_cast<int64_t>(draft.members.size());
    }
    AssignGrids(data, options);
  }
};

}  // namespace

std::unique_ptr<ModuleGenerator> MakePeopleGenerator() {
  return std::make_unique<PeopleGenerator>();
}

}  // namespace linli::synthetic
