// The seam between the HTTP layer and the accounts module: turns a session token into a
// Principal. Implemented by the access module's session service.
// Thread-safety: implementations must be safe to call from several threads at once.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "domain/access/principal.hpp"

namespace linli::access {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // kUnauthenticated for an unknown, expired or revoked token or a disabled account.
  // via_cookie is recorded in the Principal (cookie requests need CSRF on writes).
  virtual core::Result<Principal> Authenticate(std::string_view token, bool via_cookie) = 0;
};

}  // namespace linli::access
