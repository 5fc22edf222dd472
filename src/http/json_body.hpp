// Parsing JSON request bodies into typed values with clear, field-named errors.
// Malformed JSON or a wrong type is invalid_argument (400); handlers add semantic checks.
// Writers of nullable fields and of a record's plain fields (FieldsJson) beside them.
// Thread-safety: pure functions.
#pragma once

#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/page.hpp"
#include "core/result.hpp"
#include "http/handler.hpp"

namespace linli::http {

// Parses a body that must be one JSON object (max depth 32).
core::Result<boost::json::object> ParseJsonObject(std::string_view body);

// Field readers: absent (or null) -> nullopt; present with the wrong type -> 400 naming the field.
core::Result<std::optional<std::string>> OptionalString(const boost::json::object& object,
                                                        std::string_view field);
core::Result<std::optional<int64_t>> OptionalInt(const boost::json::object& object,
                                                 std::string_view field);
core::Result<std::optional<bool>> OptionalBool(const boost::json::object& object,
                                               std::string_view field);
// A number (integer or decimal).
core::Result<std::optional<double>> OptionalNumber(const boost::json::object& object,
                                                   std::string_view field);
// "application/json", optionally with parameters ("; charset=utf-8"), any case. Public routes
// that write (login, sign-up) take only JSON: a cross-site form (text/plain, urlencoded,
// multipart) needs no CORS preflight and would otherwise reach them from another site.
bool IsJsonContentType(std::string_view value);
// The 415 answer for a body that is not JSON, in the error envelope.
Response UnsupportedMediaType(std::string_view request_id);

// Required variants: absent -> 400 "缺少字段 <field>".
core::Result<std::string> RequiredString(const boost::json::object& object, std::string_view field);
core::Result<int64_t> RequiredInt(const boost::json::object& object, std::string_view field);
core::Result<double> RequiredNumber(const boost::json::object& object, std::string_view field);

// Readers of a request record's fields: every field named in the record's BOOST_DESCRIBE_STRUCT
// (written in the route file, in the record's namespace), each from the body field of the same
// name, by the member's type. An optional member is nullopt when the field is absent; a plain one
// keeps its default. Required fields are read beside it with Required*; a wrong type is 400
// naming the field, and the first one stops the reading.
core::Status ReadField(const boost::json::object& object, std::string_view field,
                       std::optional<std::string>& out);
core::Status ReadField(const boost::json::object& object, std::string_view field,
                       std::optional<int64_t>& out);
core::Status ReadField(const boost::json::object& object, std::string_view field,
                       std::optional<double>& out);
core::Status ReadField(const boost::json::object& object, std::string_view field,
                       std::optional<bool>& out);
core::Status ReadField(const boost::json::object& object, std::string_view field, std::string& out);
core::Status ReadField(const boost::json::object& object, std::string_view field, int64_t& out);
core::Status ReadField(const boost::json::object& object, std::string_view field, double& out);
core::Status ReadField(const boost::json::object& object, std::string_view field, bool& out);

template <typename T>
core::Status ReadFields(const boost::json::object& object, T& record) {
  core::Status status;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
      [&](auto member) {
        if (status.ok()) status = ReadField(object, member.name, record.*member.pointer);
      });
  return status;
}

// Writers of nullable fields: an absent value, or an empty text, is JSON null.
template <typename T>
boost::json::value OrNull(const std::optional<T>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}
boost::json::value TextOrNull(std::string_view text);

// The plain fields of a record: every field named in the record's BOOST_DESCRIBE_STRUCT, each
// under its own name, an absent optional as null. The description is written once, in the route
// file that sends the record (in the record's namespace), and names only the fields that go out
// as they are; the writer adds the rest (wire names of enums, labels, renamed or derived fields).
template <typename T>
boost::json::object FieldsJson(const T& record) {
  return boost::json::value_from(record).as_object();
}

// JSON for a page: {"items":[...],"next_cursor":...}.
template <typename T, typename ToJson>
boost::json::object PageJson(const core::Page<T>& page, ToJson to_json) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(to_json(item));
  boost::json::object out;
  out["items"] = std::move(items);
  if (page.next_cursor) {
    out["next_cursor"] = *page.next_cursor;
  } else {
    out["next_cursor"] = nullptr;
  }
  return out;
}

}  // namespace linli::http
