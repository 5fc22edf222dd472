#include "domain/access/password_policy.hpp"

#include <fstream>

#include "domain/access/password.hpp"

namespace linli::access {

namespace {

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

PasswordPolicy::PasswordPolicy(std::vector<std::string> common_passwords) {
  auto set = std::make_shared<std::unordered_set<std::string>>();
  for (auto& password : common_passwords) set->insert(LowerAscii(password));
  common_ = std::move(set);
}

core::Result<PasswordPolicy> PasswordPolicy::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::Error::NotFound("无法读取常见密码表 " + path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    lines.push_back(std::move(line));
  }
  return PasswordPolicy(std::move(lines));
}

core::Status PasswordPolicy::Check(std::string_view password, std::string_view username) const {
  TRY(CheckPasswordPolicy(password));
  const std::string lower = LowerAscii(password);
  if (common_ && common_->contains(lower)) {
    return core::Error::Validation("密码过于常见，请换一个不易猜到的密码", "password");
  }
  const std::string name = LowerAscii(username);
  if (!name.empty() && lower.find(name) != std::string::npos) {
    return core::Error::Validation("密码不能包含用户名", "password");
  }
  return core::Ok();
}

}  // namespace linli::access
