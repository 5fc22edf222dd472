// Route tests call handlers directly: the handler of one method and pattern, with a Request as
// the pipeline would hand it over (a signed-in caller holding one grant), without a server.
// Test-only (header-only; included by *_test.cpp files).
#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/handler.hpp"

namespace linli::http::testing {

inline core::Result<Response> CallRoute(const std::vector<Route>& routes, const std::string& method,
                                        const std::string& pattern,
                                        std::map<std::string, std::string> path_params,
                                        access::RoleGrant grant, std::string body = "",
                                        std::multimap<std::string, std::string> query = {},
                                        int64_t account_id = 0) {
  for (const auto& route : routes) {
    if (route.method != method || route.pattern != pattern) continue;
    Request request;
    request.method = method;
    request.path_params = std::move(path_params);
    request.query = std::move(query);
    request.body = std::move(body);
    request.request_id = "r-1";
    request.remote_address = "10.0.0.1";
    access::Principal principal;
    principal.account_id = account_id;
    principal.username = "tester";
    principal.grants = {std::move(grant)};
    request.caller.emplace(principal, "127.0.0.1", "r-test");
    return route.handler(request);
  }
  ADD_FAILURE() << "no route " << method << " " << pattern;
  return core::Error::Internal("no route");
}

// The JSON object a successful response carries.
inline boost::json::object BodyOf(const core::Result<Response>& response) {
  return boost::json::parse(response->body).as_object();
}

}  // namespace linli::http::testing
