#include "core/identity/id_number.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace linli::identity {
namespace {

constexpr Date kToday{2024, 6, 1};

// Appends the correct check character to a 17-digit prefix.
std::string WithCheck(const std::string& first17) { return first17 + IdCheckCharacter(first17); }

TEST(IdNumberTest, ClassicExampleIsValid) {
  EXPECT_EQ(IdCheckCharacter("11010519491231002"), 'X');
  auto id = ParseIdNumber("11010519491231002X", kToday);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(id->text, "11010519491231002X");
  EXPECT_EQ(id->area_code, "110105");
  EXPECT_EQ(id->birth_date, (Date{1949, 12, 31}));
  EXPECT_EQ(id->sequence_code, "002");
  EXPECT_EQ(id->sex, Sex::kFemale);
}

TEST(IdNumberTest, ComputedExamples) {
  // Hand-checked: weighted sum of 32100219800101001 is 132, 132 mod 11 = 0 -> '1'.
  EXPECT_EQ(IdCheckCharacter("32100219800101001"), '1');
  auto male = ParseIdNumber("321002198001010011", kToday);
  ASSERT_TRUE(male.ok()) << male.error().message;
  EXPECT_EQ(male->sex, Sex::kMale);
  EXPECT_EQ(male->birth_date, (Date{1980, 1, 1}));
  EXPECT_EQ(SexName(male->sex), "male");
  // Sum of 44030420000229123 is 204, mod 11 = 6 -> '6'.
  EXPECT_EQ(IdCheckCharacter("44030420000229123"), '6');
  EXPECT_TRUE(ParseIdNumber("440304200002291236", kToday).ok());
}

TEST(IdNumberTest, LowerCaseXIsNormalised) {
  auto id = ParseIdNumber("11010519491231002x", kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->text, "11010519491231002X");
  auto padded = ParseIdNumber("  11010519491231002x ", kToday);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->text, "11010519491231002X");
}

void ExpectError(std::string_view text, std::string_view fragment, Date today = kToday) {
  auto id = ParseIdNumber(text, today);
  ASSERT_FALSE(id.ok()) << text;
  EXPECT_EQ(id.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(id.error().field, "id_number");
  EXPECT_NE(id.error().message.find(fragment), std::string::npos)
      << text << " -> " << id.error().message;
}

TEST(IdNumberTest, WrongCheckCharacter) {
  ExpectError("110105194912310021", "校验码错误");
  ExpectError("110105194912310020", "校验码错误");
  ExpectError("321002198001010015", "校验码错误");
  // The message does not reveal the expected character ('1').
  auto id = ParseIdNumber("321002198001010015", kToday);
  EXPECT_EQ(id.error().message.find('1'), std::string::npos);
}

TEST(IdNumberTest, LengthAndCharacters) {
  ExpectError("", "不能为空");
  ExpectError("11010519491231002", "长度");
  ExpectError("11010519491231002X1", "长度");
  ExpectError("110105194912310", "长度");  // old 15-digit numbers are not accepted
  ExpectError("1101051949123100XX", "非法字符");
  ExpectError("11010519491231002Y", "非法字符");
  ExpectError("1101051949123１002", "长度");  // a full-width digit is three bytes
  ExpectError("11010519491231 02X", "非法字符");
  ExpectError("X10105194912310020", "非法字符");
}

TEST(IdNumberTest, AreaCode) {
  ExpectError(WithCheck("00010519491231002"), "地区码");
  ExpectError(WithCheck("99010519491231002"), "地区码");
  ExpectError(WithCheck("24010519491231002"), "地区码");
  EXPECT_TRUE(ParseIdNumber(WithCheck("82010519491231002"), kToday).ok());
  EXPECT_TRUE(IsProvinceCode(32));
  EXPECT_FALSE(IsProvinceCode(83));
}

TEST(IdNumberTest, BirthDates) {
  // 29 February only in leap years.
  EXPECT_TRUE(ParseIdNumber(WithCheck("32100220000229001"), kToday).ok());
  ExpectError(WithCheck("32100220230229001"), "出生日期无效");
  ExpectError(WithCheck("32100219000229001"), "出生日期无效");
  ExpectError(WithCheck("32100219801301001"), "出生日期无效");
  ExpectError(WithCheck("32100219800431001"), "出生日期无效");
  ExpectError(WithCheck("32100219800100001"), "出生日期无效");
  // Not in the future, not before 1900.
  EXPECT_TRUE(ParseIdNumber(WithCheck("32100220240601001"), kToday).ok());
  ExpectError(WithCheck("32100220240602001"), "晚于今天");
  ExpectError(WithCheck("32100218991231001"), "早于 1900");
  EXPECT_TRUE(ParseIdNumber(WithCheck("32100219000101001"), kToday).ok());
}

TEST(IdNumberTest, Mask) {
  EXPECT_EQ(MaskIdNumber("320102198001011234"), "*****************4");
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "*****************X");
  EXPECT_EQ(MaskIdNumber("1234567"), "*******");
  EXPECT_EQ(MaskIdNumber(""), "");
}

// For random valid prefixes, the computed check character makes the number valid, and changing
// any single digit (MOD 11-2 detects every single-character error) makes it invalid.
TEST(IdNumberTest, CheckCharacterProperty) {
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> province_index(0, 3);
  std::uniform_int_distribution<int> day_offset(0, 40000);
  const char* provinces[] = {"11", "32", "44", "65"};
  const int64_t first_day = DaysFromCivil({1900, 1, 1});
  for (int round = 0; round < 10000; ++round) {
    std::string prefix = provinces[province_index(random)];
    for (int i = 0; i < 4; ++i) prefix.push_back(static_cast<char>('0' + digit(random)));
    const Date birth = CivilFromDays(first_day + day_offset(random));
    char date_text[16];
    std::snprintf(date_text, sizeof date_text, "%04d%02d%02d", birth.year, birth.month, birth.day);
    prefix += date_text;
    for (int i = 0; i < 3; ++i) prefix.push_back(static_cast<char>('0' + digit(random)));
    ASSERT_EQ(prefix.size(), 17u);

    const std::string id = WithCheck(prefix);
    auto parsed = ParseIdNumber(id, kToday);
    ASSERT_TRUE(parsed.ok()) << id << ": " << parsed.error().message;
    ASSERT_EQ(parsed->birth_date, birth);
    ASSERT_EQ(parsed->sex, (prefix[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale);

    // One random other character at every position (all 10,000 rounds together try every
    // replacement at every position many times).
    std::uniform_int_distribution<int> shift(1, 9);
    for (size_t position = 0; position < 17; ++position) {
      std::string changed = id;
      changed[position] = static_cast<char>('0' + (id[position] - '0' + shift(random)) % 10);
      ASSERT_NE(changed[position], id[position]);
      ASSERT_FALSE(ParseIdNumber(changed, kToday).ok()) << id << " -> " << changed;
    }
    constexpr std::string_view kCheckCharacters = "0123456789X";
    std::string changed = id;
    const size_t check_index = kCheckCharacters.find(id[17]);
    changed[17] = kCheckCharacters[(check_index + static_cast<size_t>(shift(random))) % 11];
    ASSERT_NE(changed[17], id[17]);
    ASSERT_FALSE(ParseIdNumber(changed, kToday).ok()) << id << " -> " << changed;
  }
}

// Issue 15 item 7, as a property over generated people: from what a masked view shows — the
// region (assumed known exactly: the community code gives it), the age on a known day, the sex
// and the masked number — at least 10,000 valid ID numbers remain possible for every person.
// (The old mask, first three and last four characters, left about 30.)
TEST(IdNumberTest, AMaskedViewLeavesAtLeastTenThousandCandidates) {
  std::mt19937 random(20261205);
  const int64_t today_days = DaysFromCivil(kToday);
  int64_t fewest = INT64_MAX;
  for (int person = 0; person < 40; ++person) {
    const Date birth = CivilFromDays(today_days - 365 * 5 - int64_t(random() % (365 * 90)));
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "321002%04d%02d%02d%03u", birth.year, birth.month,
                  birth.day, unsigned(random() % 1000));
    auto id = ParseIdNumber(WithCheck(prefix), kToday);
    ASSERT_TRUE(id.ok()) << prefix;
    // What the view shows.
    const std::string masked = MaskIdNumber(id->text);
    ASSERT_EQ(masked.find_first_not_of('*'), 17u);
    const char shown_last = masked.back();
    const int age = AgeOn(id->birth_date, kToday);
    const Sex sex = id->sex;
    // Every number consistent with it: a birth date giving that age, a sequence of that sex, the
    // check character shown.
    int64_t candidates = 0;
    for (int64_t day = today_days - 366 * (age + 2); day <= today_days; ++day) {
      const Date d = CivilFromDays(day);
      if (AgeOn(d, kToday) != age) continue;
      for (int sequence = sex == Sex::kMale ? 1 : 0; sequence < 1000; sequence += 2) {
        char first17[32];
        std::snprintf(first17, sizeof first17, "321002%04d%02d%02d%03d", d.year, d.month, d.day,
                      sequence);
        if (IdCheckCharacter(first17) == shown_last) ++candidates;
      }
    }
    fewest = std::min(fewest, candidates);
  }
  EXPECT_GE(fewest, 10000);
}

}  // namespace
}  // namespace linli::identity
