// The password policy every create, reset and own change obeys (issue 15 item 6): at least 12
// characters (CheckPasswordPolicy), not one of a shipped list of common passwords
// (data/passwords/common.txt, compared case-insensitively), and not containing the username
// (case-insensitively). Login also asks Satisfies() of the password it just verified, so an
// account whose stored password predates the rule is made to choose another.
// Thread-safety: immutable after construction; copies share the list.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"

namespace linli::access {

class PasswordPolicy {
 public:
  PasswordPolicy() = default;  // length and username rules only, no list
  explicit PasswordPolicy(std::vector<std::string> common_passwords);
  // One password a line; blank lines and lines starting with '#' are skipped.
  static core::Result<PasswordPolicy> LoadFile(const std::string& path);

  // 422 (field "password") naming the rule that is broken.
  core::Status Check(std::string_view password, std::string_view username) const;
  bool Satisfies(std::string_view password, std::string_view username) const {
    return Check(password, username).ok();
  }
  size_t common_count() const { return common_ ? common_->size() : 0; }

 private:
  std::shared_ptr<const std::unordered_set<std::string>> common_;
};

}  // namespace linli::access
