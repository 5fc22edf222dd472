#include "core/identity/id_number.hpp"

#include <algorithm>
#include <array>

namespace linli::identity {
namespace {

constexpr std::string_view kField = "id_number";
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";  // indexed by weighted sum mod 11
constexpr std::array<int, 34> kProvinceCodes = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                                35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                                53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
constexpr Date kEarliestBirth{1900, 1, 1};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int NumberAt(std::string_view text, size_t position, size_t count) {
  int value = 0;
  for (size_t i = position; i < position + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

core::Error Invalid(std::string message) {
  return core::Error::Validation(std::move(message), std::string(kField));
}

}  // namespace

std::string_view SexName(Sex sex) { return sex == Sex::kMale ? "male" : "female"; }

bool IsProvinceCode(int code) {
  return std::binary_search(kProvinceCodes.begin(), kProvinceCodes.end(), code);
}

char IdCheckCharacter(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < kWeights.size() && i < first17.size(); ++i) {
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckCharacters[sum % 11];
}

core::Result<IdNumber> ParseIdNumber(std::string_view text, Date today) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  if (text.empty()) return Invalid("身份证号码不能为空");
  if (text.size() != 18) return Invalid("身份证号码长度应为 18 位");

  std::string normalised(text);
  if (normalised[17] == 'x') normalised[17] = 'X';
  const bool body_digits = std::all_of(normalised.begin(), normalised.begin() + 17, IsDigit);
  if (!body_digits || !(IsDigit(normalised[17]) || normalised[17] == 'X')) {
    return Invalid("身份证号码含有非法字符：前 17 位应为数字，最后一位为数字或 X");
  }

  if (!IsProvinceCode(NumberAt(normalised, 0, 2))) return Invalid("身份证号码地区码无效");

  const Date birth{NumberAt(normalised, 6, 4), NumberAt(normalised, 10, 2),
                   NumberAt(normalised, 12, 2)};
  if (!IsValidDate(birth)) return Invalid("身份证号码出生日期无效：日期不存在");
  if (birth < kEarliestBirth) return Invalid("身份证号码出生日期无效：早于 1900 年");
  if (birth > today) return Invalid("身份证号码出生日期无效：晚于今天");

  if (IdCheckCharacter(std::string_view(normalised).substr(0, 17)) != normalised[17]) {
    return Invalid("身份证号码校验码错误");
  }

  IdNumber result;
  result.area_code = normalised.substr(0, 6);
  result.birth_date = birth;
  result.sequence_code = normalised.substr(14, 3);
  result.sex = (normalised[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  result.text = std::move(normalised);
  return result;
}

std::string MaskIdNumber(std::string_view id_number) {
  if (id_number.size() < 8) return std::string(id_number.size(), '*');
  std::string masked(id_number.size() - 1, '*');
  masked += id_number.back();
  return masked;
}

}  // namespace linli::identity
