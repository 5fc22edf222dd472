#include "core/identity/phone.hpp"

#include <algorithm>

namespace linli::identity {
namespace {

constexpr std::string_view kField = "phone";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')';
}

core::Error Invalid(std::string message) {
  return core::Error::Validation(std::move(message), std::string(kField));
}

bool IsMobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

size_t AreaCodeLength(std::string_view digits) {
  return digits.size() >= 2 && (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
}

// REQUIRES: area code and local number are digits.
core::Result<PhoneNumber> FixedLine(std::string_view area_code, std::string_view local_number) {
  if (area_code.size() != AreaCodeLength(area_code) || area_code[0] != '0' || area_code[1] == '0') {
    return Invalid("固定电话区号无效");
  }
  if (local_number.size() < 7 || local_number.size() > 8 || local_number[0] == '0') {
    return Invalid("固定电话号码应为区号加 7 至 8 位号码");
  }
  PhoneNumber phone;
  phone.kind = PhoneKind::kFixedLine;
  phone.area_code = std::string(area_code);
  phone.local_number = std::string(local_number);
  phone.text = phone.area_code + "-" + phone.local_number;
  return phone;
}

}  // namespace

core::Result<PhoneNumber> ParsePhone(std::string_view text) {
  std::string digits;
  size_t dash_position = std::string::npos;  // digits before the first dash
  bool international = false;
  size_t index = 0;
  while (index < text.size() && IsSeparator(text[index])) ++index;
  if (index < text.size() && text[index] == '+') {
    international = true;
    ++index;
  }
  for (; index < text.size(); ++index) {
    const char c = text[index];
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c == '-' && dash_position == std::string::npos) {
      dash_position = digits.size();
    } else if (!IsSeparator(c)) {
      return Invalid("电话号码含有非法字符");
    }
  }
  if (digits.empty()) return Invalid("电话号码不能为空");

  // Country code: "+86", "0086", or a bare "86" in front of a mobile number.
  std::string_view rest = digits;
  bool had_country_code = false;
  if (international) {
    if (rest.substr(0, 2) != "86") return Invalid("只支持中国大陆电话号码（+86）");
    rest.remove_prefix(2);
    had_country_code = true;
  } else if (rest.substr(0, 4) == "0086") {
    rest.remove_prefix(4);
    had_country_code = true;
  } else if (rest.size() == 13 && rest.substr(0, 2) == "86" && IsMobile(rest.substr(2))) {
    rest.remove_prefix(2);
    had_country_code = true;
  }
  if (had_country_code && dash_position != std::string::npos) {
    dash_position = std::string::npos;  // a dash after the country code says nothing here
  }

  if (!rest.empty() && rest[0] == '1') {
    if (!IsMobile(rest)) return Invalid("手机号码应为 11 位数字，以 13 至 19 开头");
    PhoneNumber phone;
    phone.kind = PhoneKind::kMobile;
    phone.text = std::string(rest);
    phone.local_number = phone.text;
    return phone;
  }

  // Fixed line. Internationally written numbers drop the area code's leading 0 (some keep it,
  // as in "+86 (0)514 …").
  std::string national =
      had_country_code && !rest.starts_with('0') ? "0" + std::string(rest) : std::string(rest);
  if (national.size() < 2 || national[0] != '0') {
    return Invalid("电话号码格式无效：应为 11 位手机号码或带区号的固定电话");
  }
  size_t area_length = AreaCodeLength(national);
  if (dash_position != std::string::npos && dash_position != area_length) {
    return Invalid("固定电话区号无效");
  }
  if (national.size() < area_length + 7) {
    return Invalid("固定电话号码应为区号加 7 至 8 位号码");
  }
  std::string_view national_view = national;
  return FixedLine(national_view.substr(0, area_length), national_view.substr(area_length));
}

std::string MaskPhone(std::string_view normalised_phone) {
  const size_t dash = normalised_phone.find('-');
  if (dash != std::string_view::npos && normalised_phone.size() > dash + 5) {
    std::string masked(normalised_phone.substr(0, dash + 1));
    masked.append(normalised_phone.size() - dash - 5, '*');
    masked.append(normalised_phone.substr(normalised_phone.size() - 4));
    return masked;
  }
  if (normalised_phone.size() == 11) {
    std::string masked(normalised_phone.substr(0, 3));
    masked.append("****");
    masked.append(normalised_phone.substr(7));
    return masked;
  }
  if (normalised_phone.size() <= 4) return std::string(normalised_phone.size(), '*');
  std::string masked(normalised_phone.size() - 4, '*');
  masked.append(normalised_phone.substr(normalised_phone.size() - 4));
  return masked;
}

}  // namespace linli::identity
