#include "core/identity/ethnicity.hpp"

#include <array>

namespace linli::identity {
namespace {

constexpr std::array<Ethnicity, 58> kEthnicities = {{
    {"01", "汉族"},       {"02", "蒙古族"},
    {"03", "回族"},       {"04", "藏族"},
    {"05", "维吾尔族"},   {"06", "苗族"},
    {"07", "彝族"},       {"08", "壮族"},
    {"09", "布依族"},     {"10", "朝鲜族"},
    {"11", "满族"},       {"12", "侗族"},
    {"13", "瑶族"},       {"14", "白族"},
    {"15", "土家族"},     {"16", "哈尼族"},
    {"17", "哈萨克族"},   {"18", "傣族"},
    {"19", "黎族"},       {"20", "傈僳族"},
    {"21", "佤族"},       {"22", "畲族"},
    {"23", "高山族"},     {"24", "拉祜族"},
    {"25", "水族"},       {"26", "东乡族"},
    {"27", "纳西族"},     {"28", "景颇族"},
    {"29", "柯尔克孜族"}, {"30", "土族"},
    {"31", "达斡尔族"},   {"32", "仫佬族"},
    {"33", "羌族"},       {"34", "布朗族"},
    {"35", "撒拉族"},     {"36", "毛南族"},
    {"37", "仡佬族"},     {"38", "锡伯族"},
    {"39", "阿昌族"},     {"40", "普米族"},
    {"41", "塔吉克族"},   {"42", "怒族"},
    {"43", "乌孜别克族"}, {"44", "俄罗斯族"},
    {"45", "鄂温克族"},   {"46", "德昂族"},
    {"47", "保安族"},     {"48", "裕固族"},
    {"49", "京族"},       {"50", "塔塔尔族"},
    {"51", "独龙族"},     {"52", "鄂伦春族"},
    {"53", "赫哲族"},     {"54", "门巴族"},
    {"55", "珞巴族"},     {"56", "基诺族"},
    {"97", "其他"},       {"98", "外国血统中国籍人士"},
}};

constexpr std::string_view kGroupSuffix = "族";

}  // namespace

std::span<const Ethnicity> AllEthnicities() { return kEthnicities; }

bool IsEthnicGroup(const Ethnicity& ethnicity) {
  return ethnicity.code.size() == 2 && ethnicity.code >= "01" && ethnicity.code <= "56";
}

std::optional<Ethnicity> EthnicityByCode(std::string_view code) {
  if (code.size() == 1) {
    const char padded[2] = {'0', code[0]};
    return EthnicityByCode(std::string_view(padded, 2));
  }
  for (const Ethnicity& ethnicity : kEthnicities) {
    if (ethnicity.code == code) return ethnicity;
  }
  return std::nullopt;
}

std::optional<Ethnicity> EthnicityByName(std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (const Ethnicity& ethnicity : kEthnicities) {
    if (ethnicity.name == name) return ethnicity;
    // "汉" for "汉族": the name is exactly `name` followed by 族.
    if (IsEthnicGroup(ethnicity) && ethnicity.name.size() == name.size() + kGroupSuffix.size() &&
        ethnicity.name.starts_with(name) && ethnicity.name.ends_with(kGroupSuffix)) {
      return ethnicity;
    }
  }
  return std::nullopt;
}

core::Result<Ethnicity> ParseEthnicity(std::string_view code_or_name) {
  while (!code_or_name.empty() && code_or_name.front() == ' ') code_or_name.remove_prefix(1);
  while (!code_or_name.empty() && code_or_name.back() == ' ') code_or_name.remove_suffix(1);
  if (code_or_name.empty()) return core::Error::Validation("民族不能为空", "ethnicity");
  if (auto by_code = EthnicityByCode(code_or_name)) return *by_code;
  if (auto by_name = EthnicityByName(code_or_name)) return *by_name;
  return core::Error::Validation("民族无效：应为 GB/T 3304 中的代码或名称", "ethnicity");
}

}  // namespace linli::identity
