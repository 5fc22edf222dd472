#include "http/volunteers/volunteer_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "core/tabular/xlsx_writer.hpp"
#include "http/import_response.hpp"
#include "http/json_body.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using volunteers::VolunteerService;

json::value OptionalJson(const std::optional<int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object VolunteerJson(const volunteers::Volunteer& v) {
  json::object out;
  out["id"] = v.id;
  out["resident_id"] = OptionalJson(v.resident_id);
  out["account_id"] = OptionalJson(v.account_id);
  out["name"] = v.name;
  out["community_code"] = v.community_code;
  json::array skills;
  for (const auto& skill : v.skills) skills.emplace_back(skill);
  out["skills"] = std::move(skills);
  json::array windows;
  for (const auto& w : v.availability) {
    windows.push_back(json::object{{"weekday", w.weekday}, {"from", w.from}, {"until", w.until}});
  }
  out["availability"] = std::move(windows);
  out["status"] = v.status;
  out["balance_minutes"] = v.balance_minutes;
  out["created_at"] = v.created_at;
  out["synthetic"] = v.synthetic;
  return out;
}

json::object TeamJson(const volunteers::Team& t) {
  json::array members;
  for (int64_t id : t.members) members.emplace_back(id);
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"community_code", t.community_code},
                      {"members", std::move(members)},
                      {"created_at", t.created_at},
                      {"synthetic", t.synthetic}};
}

json::object ActivityJson(const volunteers::Activity& a) {
  json::array slots;
  int64_t wanted = 0, taken = 0;
  for (const auto& s : a.slots) {
    slots.push_back(
        json::object{{"id", s.id}, {"skill", s.skill}, {"wanted", s.wanted}, {"taken", s.taken}});
    wanted += s.wanted;
    taken += s.taken;
  }
  return json::object{{"id", a.id},
                      {"title", a.title},
                      {"community_code", a.community_code},
                      {"organiser_place_code", a.organiser_place_code},
                      {"team_id", OptionalJson(a.team_id)},
                      {"starts_at", a.starts_at},
                      {"ends_at", a.ends_at},
                      {"status", a.status},
                      {"slots", std::move(slots)},
                      {"wanted", wanted},
                      {"taken", taken},
                      {"verified_minutes", -a.balance_minutes},
                      {"synthetic", a.synthetic}};
}

json::object SignupJson(const volunteers::Signup& s) {
  return json::object{{"id", s.id},
                      {"activity_id", s.activity_id},
                      {"activity_title", s.activity_title},
                      {"community_code", s.community_code},
                      {"slot_id", s.slot_id},
                      {"volunteer_id", s.volunteer_id},
                      {"volunteer_name", s.volunteer_name},
                      {"status", volunteers::SignupStatusName(s.status)},
                      {"signed_up_at", s.signed_up_at},
                      {"checkin_at", OptionalJson(s.checkin_at)},
                      {"checkout_at", OptionalJson(s.checkout_at)},
                      {"verified_minutes", s.verified_minutes},
                      {"verified_at", OptionalJson(s.verified_at)}};
}

json::object EntryJson(const volunteers::LedgerEntry& e) {
  return json::object{{"id", e.id},
                      {"group_id", e.group_id},
                      {"account_kind", volunteers::AccountKindName(e.account_kind)},
                      {"account_id", e.account_id},
                      {"minutes", e.minutes},
                      {"reason", e.reason},
                      {"posted_at", e.posted_at}};
}

template <typename List, typename ToJson>
Response Items(const List& list, ToJson to_json) {
  json::array items;
  for (const auto& item : list) items.push_back(to_json(item));
  return Response::Json(json::object{{"items", std::move(items)}});
}

core::Result<std::vector<std::string>> StringList(const json::object& body, const char* field) {
  std::vector<std::string> out;
  if (!body.contains(field) || body.at(field).is_null()) return out;
  if (!body.at(field).is_array()) {
    return core::Error::InvalidArgument(std::string(field) + " 应为字符串数组", field);
  }
  for (const auto& item : body.at(field).as_array()) {
    if (!item.is_string()) {
      return core::Error::InvalidArgument(std::string(field) + " 应为字符串数组", field);
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

core::Result<std::vector<int64_t>> IdList(const json::object& body, const char* field) {
  std::vector<int64_t> out;
  if (!body.contains(field) || body.at(field).is_null()) return out;
  if (!body.at(field).is_array()) {
    return core::Error::InvalidArgument(std::string(field) + " 应为编号数组", field);
  }
  for (const auto& item : body.at(field).as_array()) {
    if (!item.is_int64()) {
      return core::Error::InvalidArgument(std::string(field) + " 应为编号数组", field);
    }
    out.push_back(item.as_int64());
  }
  return out;
}

core::Result<volunteers::NewVolunteer> ReadVolunteer(const json::object& body) {
  volunteers::NewVolunteer input;
  ASSIGN_OR_RETURN(input.resident_id, OptionalInt(body, "resident_id"));
  ASSIGN_OR_RETURN(input.account_id, OptionalInt(body, "account_id"));
  ASSIGN_OR_RETURN(input.name, RequiredString(body, "name"));
  ASSIGN_OR_RETURN(input.community_code, RequiredString(body, "community_code"));
  ASSIGN_OR_RETURN(input.skills, StringList(body, "skills"));
  if (body.contains("availability") && !body.at("availability").is_null()) {
    if (!body.at("availability").is_array()) {
      return core::Error::InvalidArgument("availability 应为数组", "availability");
    }
    for (const auto& item : body.at("availability").as_array()) {
      if (!item.is_object()) {
        return core::Error::InvalidArgument("availability 应为时段对象数组", "availability");
      }
      volunteers::AvailabilityWindow window;
      ASSIGN_OR_RETURN(auto weekday, RequiredInt(item.as_object(), "weekday"));
      window.weekday = static_cast<int>(std::clamp<int64_t>(weekday, 0, 8));
      ASSIGN_OR_RETURN(window.from, RequiredString(item.as_object(), "from"));
      ASSIGN_OR_RETURN(window.until, RequiredString(item.as_object(), "until"));
      input.availability.push_back(std::move(window));
    }
  }
  return input;
}

core::Result<volunteers::NewActivity> ReadActivity(const json::object& body) {
  volunteers::NewActivity input;
  ASSIGN_OR_RETURN(input.title, RequiredString(body, "title"));
  ASSIGN_OR_RETURN(input.community_code, RequiredString(body, "community_code"));
  ASSIGN_OR_RETURN(auto organiser, OptionalString(body, "organiser_place_code"));
  input.organiser_place_code = organiser.value_or("");
  ASSIGN_OR_RETURN(input.team_id, OptionalInt(body, "team_id"));
  ASSIGN_OR_RETURN(input.starts_at, RequiredInt(body, "starts_at"));
  ASSIGN_OR_RETURN(input.ends_at, RequiredInt(body, "ends_at"));
  if (!body.contains("slots") || !body.at("slots").is_array()) {
    return core::Error::InvalidArgument("缺少岗位 slots", "slots");
  }
  for (const auto& item : body.at("slots").as_array()) {
    if (!item.is_object()) return core::Error::InvalidArgument("slots 应为对象数组", "slots");
    volunteers::NewSlot slot;
    ASSIGN_OR_RETURN(slot.skill, RequiredString(item.as_object(), "skill"));
    ASSIGN_OR_RETURN(slot.wanted, RequiredInt(item.as_object(), "wanted"));
    input.slots.push_back(std::move(slot));
  }
  return input;
}

using StepFn = core::Result<volunteers::Signup> (VolunteerService::*)(int64_t,
                                                                      const access::Caller&);

Route StepRoute(VolunteerService& service, const char* pattern, StepFn step, const char* summary) {
  return Route{"POST", pattern, Permission::kVolunteersManage,
               [&service, step](Request& request) -> core::Result<Response> {
                 ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "报名记录"));
                 ASSIGN_OR_RETURN(auto signup, (service.*step)(id, request.Caller()));
                 return Response::Json(SignupJson(signup));
               },
               summary};
}

}  // namespace

std::vector<Route> VolunteerRoutes(VolunteerService& service) {
  std::vector<Route> routes;

  routes.push_back(
      Route{"GET", "/api/v1/volunteer-skills", Permission::kSelf,
            [&service](Request&) -> core::Result<Response> {
              return Items(service.Skills(), [](const volunteers::Skill& s) {
                return json::object{{"code", s.code}, {"name", s.name}, {"name_en", s.name_en}};
              });
            },
            "the skills volunteers offer and slots ask for"});

  routes.push_back(Route{"GET", "/api/v1/volunteers", Permission::kVolunteersRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list, service.ListVolunteers(
                                                           request.Query("skill").value_or(""),
                                                           request.Caller()));
                           return Items(list, VolunteerJson);
                         },
                         "volunteers in scope, optionally with a skill"});

  routes.push_back(Route{
      "GET", "/api/v1/volunteers/export.xlsx", Permission::kVolunteersRead,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto table, service.ExportVolunteers(request.Query("skill").value_or(""),
                                                              request.Caller()));
        tabular::XlsxWriteOptions options;
        options.sheet_name = "志愿者";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
        return XlsxAttachment(std::move(bytes), "volunteers.xlsx", "志愿者.xlsx");
      },
      "the volunteers in scope as .xlsx"});

  routes.push_back(Route{"POST", "/api/v1/volunteers", Permission::kVolunteersManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadVolunteer(body));
                           ASSIGN_OR_RETURN(auto made,
                                            service.CreateVolunteer(input, request.Caller()));
                           return Response::Json(VolunteerJson(made), 201);
                         },
                         "register a volunteer bound to a registered person or an account"});

  routes.push_back(Route{"GET", "/api/v1/volunteers/{id}", Permission::kVolunteersRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "志愿者"));
                           ASSIGN_OR_RETURN(auto found, service.GetVolunteer(id, request.Caller()));
                           return Response::Json(VolunteerJson(found));
                         },
                         "one volunteer"});

  routes.push_back(Route{"GET", "/api/v1/volunteers/{id}/hours", Permission::kVolunteersRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "志愿者"));
                           ASSIGN_OR_RETURN(auto found, service.GetVolunteer(id, request.Caller()));
                           ASSIGN_OR_RETURN(auto lines, service.Hours(id, request.Caller()));
                           json::array items;
                           for (const auto& line : lines) items.push_back(EntryJson(line));
                           return Response::Json(
                               json::object{{"volunteer", VolunteerJson(found)},
                                            {"balance_minutes", found.balance_minutes},
                                            {"items", std::move(items)}});
                         },
                         "a volunteer's ledger lines, newest first, and balance"});

  routes.push_back(Route{"GET", "/api/v1/volunteer-teams", Permission::kVolunteersRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list, service.ListTeams(request.Caller()));
                           return Items(list, TeamJson);
                         },
                         "volunteer teams in scope"});

  routes.push_back(Route{"POST", "/api/v1/volunteer-teams", Permission::kVolunteersManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           volunteers::NewTeam input;
                           ASSIGN_OR_RETURN(input.name, RequiredString(body, "name"));
                           ASSIGN_OR_RETURN(input.community_code,
                                            RequiredString(body, "community_code"));
                           ASSIGN_OR_RETURN(input.members, IdList(body, "members"));
                           ASSIGN_OR_RETURN(auto made, service.CreateTeam(input, request.Caller()));
                           return Response::Json(TeamJson(made), 201);
                         },
                         "create a volunteer team"});

  routes.push_back(Route{"GET", "/api/v1/volunteer-activities", Permission::kVolunteersRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list, service.ListActivities(request.Caller()));
                           return Items(list, ActivityJson);
                         },
                         "volunteer activities in scope, newest first"});

  routes.push_back(Route{"POST", "/api/v1/volunteer-activities", Permission::kVolunteersManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadActivity(body));
                           ASSIGN_OR_RETURN(auto made,
                                            service.CreateActivity(input, request.Caller()));
                           return Response::Json(ActivityJson(made), 201);
                         },
                         "create an activity with slots typed by skill"});

  routes.push_back(Route{"GET", "/api/v1/volunteer-activities/{id}", Permission::kVolunteersRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "活动"));
                           ASSIGN_OR_RETURN(auto found, service.GetActivity(id, request.Caller()));
                           ASSIGN_OR_RETURN(auto signups, service.SignupsOf(id, request.Caller()));
                           json::object out = ActivityJson(found);
                           json::array items;
                           for (const auto& s : signups) items.push_back(SignupJson(s));
                           out["signups"] = std::move(items);
                           return Response::Json(out);
                         },
                         "one activity with its slots and sign-ups"});

  routes.push_back(
      Route{"POST", "/api/v1/volunteer-activities/{id}/signups", Permission::kVolunteersManage,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "活动"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(int64_t volunteer, RequiredInt(body, "volunteer_id"));
              ASSIGN_OR_RETURN(auto skill, RequiredString(body, "skill"));
              ASSIGN_OR_RETURN(auto signup, service.SignUp(id, skill, volunteer, request.Caller()));
              return Response::Json(SignupJson(signup), 201);
            },
            "sign a volunteer up for a slot on their behalf"});

  routes.push_back(StepRoute(service, "/api/v1/volunteer-signups/{id}/check-in",
                             &VolunteerService::CheckIn, "check a signed-up volunteer in"));
  routes.push_back(StepRoute(service, "/api/v1/volunteer-signups/{id}/check-out",
                             &VolunteerService::CheckOut, "check a volunteer out"));

  routes.push_back(Route{
      "POST", "/api/v1/volunteer-signups/{id}/verify", Permission::kVolunteersVerify,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "报名记录"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body.empty() ? "{}" : request.body));
        ASSIGN_OR_RETURN(auto minutes, OptionalInt(body, "minutes"));
        ASSIGN_OR_RETURN(auto signup, service.Verify(id, minutes, request.Caller()));
        return Response::Json(SignupJson(signup));
      },
      "verify a checked-out volunteer's hours (posted to the ledger)"});

  routes.push_back(
      Route{"POST", "/api/v1/volunteer-signups/{id}/correct", Permission::kVolunteersVerify,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "报名记录"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(int64_t minutes, RequiredInt(body, "minutes"));
              ASSIGN_OR_RETURN(auto reason, RequiredString(body, "reason"));
              ASSIGN_OR_RETURN(auto signup, service.Correct(id, minutes, reason, request.Caller()));
              return Response::Json(SignupJson(signup));
            },
            "correct verified hours: a reversing group and a new one"});

  routes.push_back(Route{"GET", "/api/v1/volunteer-ledger/verify", Permission::kVolunteersVerify,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto report, service.VerifyLedger(request.Caller()));
                           json::array problems;
                           for (const auto& p : report.problems) problems.emplace_back(p);
                           return Response::Json(
                               json::object{{"intact", report.intact},
                                            {"accounts", report.accounts},
                                            {"entries", report.entries},
                                            {"groups", report.groups},
                                            {"audit_records", report.audit_records},
                                            {"audit_chain_intact", report.audit_chain_intact},
                                            {"audit_chain_entries", report.audit_chain_entries},
                                            {"problems", std::move(problems)},
                                            {"seconds", report.seconds}});
                         },
                         "prove every hours balance against the entries and the audit chain"});

  routes.push_back(Route{"GET", "/api/v1/volunteer-stats", std::nullopt,
                         [&service](Request& request) -> core::Result<Response> {
                           const std::string place = request.Query("place").value_or("");
                           ASSIGN_OR_RETURN(auto stats, service.PublicStats(place));
                           return Items(stats, [](const volunteers::Stats& s) {
                             return json::object{{"community_code", s.community_code},
                                                 {"volunteers", s.volunteers},
                                                 {"activities", s.activities},
                                                 {"verified_minutes", s.verified_minutes}};
                           });
                         },
                         "published figures per community under a place (no personal data)"});

  routes.push_back(Route{"GET", "/api/v1/me/volunteer", Permission::kVolunteerSelf,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto mine, service.Mine(request.Caller()));
                           json::array signups;
                           for (const auto& s : mine.signups) signups.push_back(SignupJson(s));
                           json::array hours;
                           for (const auto& e : mine.hours) hours.push_back(EntryJson(e));
                           json::object out;
                           out["volunteer"] = VolunteerJson(mine.volunteer);
                           out["signups"] = std::move(signups);
                           out["hours"] = std::move(hours);
                           return Response::Json(out);
                         },
                         "the volunteer's own profile, sign-ups and ledger lines"});

  routes.push_back(Route{"GET", "/api/v1/me/volunteer/activities", Permission::kVolunteerSelf,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list, service.ListActivities(request.Caller()));
                           return Items(list, ActivityJson);
                         },
                         "the activities of the volunteer's community to sign up for"});

  routes.push_back(Route{"POST", "/api/v1/me/volunteer/signups", Permission::kVolunteerSelf,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(int64_t activity, RequiredInt(body, "activity_id"));
                           ASSIGN_OR_RETURN(auto skill, RequiredString(body, "skill"));
                           ASSIGN_OR_RETURN(
                               auto signup,
                               service.SignUp(activity, skill, std::nullopt, request.Caller()));
                           return Response::Json(SignupJson(signup), 201);
                         },
                         "the volunteer signs up for a slot itself"});

  return routes;
}

}  // namespace linli::http
