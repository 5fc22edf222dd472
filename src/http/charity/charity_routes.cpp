#include "http/charity/charity_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "http/json_body.hpp"

namespace linli::charity {
BOOST_DESCRIBE_STRUCT(Fund, (),
                      (id, community_code, community_name, name, opened_on, managing_organisation,
                       balance_fen, created_at, synthetic))
BOOST_DESCRIBE_STRUCT(Donation, (),
                      (id, fund_id, community_code, amount_fen, item, quantity, unit,
                       estimated_value_fen, donor_name, anonymous, donor_phone, donated_on,
                       facility_id, facility_name, reversed, recorded_by_name, recorded_at,
                       synthetic))
BOOST_DESCRIBE_STRUCT(Need, (),
                      (id, community_code, community_name, title, description, amount_fen,
                       disbursed_fen, created_by_name, created_at, synthetic))
BOOST_DESCRIBE_STRUCT(Disbursement, (),
                      (id, fund_id, community_code, fund_name, need_id, need_title, purpose,
                       amount_fen, requested_by, requested_by_name, requested_at, decided_by,
                       decided_by_name, decided_at, decision_note, paid_on, synthetic))
BOOST_DESCRIBE_STRUCT(LedgerEntry, (),
                      (id, fund_id, amount_fen, donation_id, disbursement_id, reverses_entry_id,
                       entry_on, note, at, actor_name, synthetic))
BOOST_DESCRIBE_STRUCT(MonthTotals, (), (month, income_fen, spending_fen))
BOOST_DESCRIBE_STRUCT(PublicDonation, (),
                      (id, donor, kind, amount_fen, item, quantity, unit, estimated_value_fen,
                       donated_on))
BOOST_DESCRIBE_STRUCT(PublicDisbursement, (),
                      (id, purpose, need_id, need_title, amount_fen, paid_on))
BOOST_DESCRIBE_STRUCT(NewDonation, (),
                      (amount_fen, item, quantity, unit, estimated_value_fen, donor_name, anonymous,
                       donor_phone, facility_id))
}  // namespace linli::charity

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

json::object FundJson(const charity::Fund& fund) {
  json::object out = FieldsJson(fund);
  out["status"] = charity::kFundStatusNames.Name(fund.status);
  out["status_label"] = charity::kFundStatusNames.Label(fund.status);
  return out;
}

json::object DonationJson(const charity::Donation& donation) {
  json::object out = FieldsJson(donation);
  out["kind"] = charity::kDonationKindNames.Name(donation.kind);
  out["kind_label"] = charity::kDonationKindNames.Label(donation.kind);
  return out;
}

json::object NeedJson(const charity::Need& need) {
  json::object out = FieldsJson(need);
  out["status"] = charity::kNeedStatusNames.Name(need.status);
  out["status_label"] = charity::kNeedStatusNames.Label(need.status);
  return out;
}

json::object DisbursementJson(const charity::Disbursement& d) {
  json::object out = FieldsJson(d);
  out["status"] = charity::kDisbursementStatusNames.Name(d.status);
  out["status_label"] = charity::kDisbursementStatusNames.Label(d.status);
  return out;
}

json::object EntryJson(const charity::LedgerEntry& entry) {
  json::object out = FieldsJson(entry);
  out["kind"] = charity::kEntryKindNames.Name(entry.kind);
  out["kind_label"] = charity::kEntryKindNames.Label(entry.kind);
  return out;
}

template <typename T, typename ToJson>
json::object Items(const std::vector<T>& items, ToJson to_json) {
  json::array array;
  array.reserve(items.size());
  for (const auto& item : items) array.push_back(to_json(item));
  json::object out;
  out["items"] = std::move(array);
  return out;
}

// An optional positive id in the query string (0 when absent).
core::Result<int64_t> QueryId(Request& request, const char* name, const char* what) {
  const auto text = request.Query(name);
  if (!text || text->empty()) return int64_t{0};
  auto id = ParseId(*text, what);
  if (!id.ok()) return core::Error::InvalidArgument(std::string(name) + " 应为正整数", name);
  return *id;
}

core::Result<std::string> Note(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto note, OptionalString(body, field));
  return note.value_or("");
}

}  // namespace

std::vector<Route> CharityRoutes(charity::CharityService& service) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/charity-funds", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto funds,
                                            service.ListFunds(request.Query("place").value_or(""),
                                                              request.Caller()));
                           return Response::Json(Items(funds, FundJson));
                         },
                         "charity funds in scope"});

  routes.push_back(Route{"POST", "/api/v1/charity-funds", Permission::kCharityManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           charity::NewFund input;
                           ASSIGN_OR_RETURN(input.community_code,
                                            RequiredString(body, "community"));
                           ASSIGN_OR_RETURN(input.name, RequiredString(body, "name"));
                           ASSIGN_OR_RETURN(input.opened_on, RequiredString(body, "opened_on"));
                           ASSIGN_OR_RETURN(input.managing_organisation,
                                            RequiredString(body, "managing_organisation"));
                           ASSIGN_OR_RETURN(auto fund, service.CreateFund(input, request.Caller()));
                           return Response::Json(FundJson(fund), 201);
                         },
                         "open a community charity fund"});

  routes.push_back(Route{"GET", "/api/v1/charity-funds/verify", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto checks, service.Verify(request.Caller()));
                           json::array items;
                           bool balanced = true;
                           for (const auto& check : checks) {
                             balanced = balanced && check.balanced();
                             items.push_back(json::object{{"fund_id", check.fund_id},
                                                          {"fund_name", check.fund_name},
                                                          {"community_code", check.community_code},
                                                          {"stored_fen", check.stored_fen},
                                                          {"recomputed_fen", check.recomputed_fen},
                                                          {"entries", check.entries},
                                                          {"balanced", check.balanced()}});
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           out["balanced"] = balanced;
                           return Response::Json(out);
                         },
                         "each fund's balance recomputed from its ledger"});

  routes.push_back(Route{"GET", "/api/v1/charity-funds/{id}", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "慈善基金"));
                           ASSIGN_OR_RETURN(auto fund, service.GetFund(id, request.Caller()));
                           return Response::Json(FundJson(fund));
                         },
                         "one charity fund"});

  routes.push_back(Route{"GET", "/api/v1/charity-funds/{id}/ledger", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "慈善基金"));
                           ASSIGN_OR_RETURN(auto entries, service.Ledger(id, request.Caller()));
                           return Response::Json(Items(entries, EntryJson));
                         },
                         "a fund's ledger, oldest first"});

  routes.push_back(Route{
      "POST", "/api/v1/charity-funds/{id}/ledger/{entry}/reversal", Permission::kCharityManage,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "慈善基金"));
        ASSIGN_OR_RETURN(int64_t entry, PathId(request, "entry", "账目"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(auto reason, RequiredString(body, "reason"));
        ASSIGN_OR_RETURN(auto posted, service.Reverse(id, entry, reason, request.Caller()));
        return Response::Json(EntryJson(posted), 201);
      },
      "post the reversing entry of a ledger entry"});

  routes.push_back(Route{"GET", "/api/v1/charity-donations", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t fund, QueryId(request, "fund", "慈善基金"));
                           if (fund == 0) {
                             return core::Error::InvalidArgument("缺少参数 fund", "fund");
                           }
                           ASSIGN_OR_RETURN(auto list,
                                            service.ListDonations(fund, request.Caller()));
                           json::object out = Items(list.items, DonationJson);
                           out["phones_unmasked"] = list.phones_unmasked;
                           return Response::Json(out);
                         },
                         "a fund's donations (donor phones masked unless people.personal_data)"});

  routes.push_back(Route{"POST", "/api/v1/charity-donations", Permission::kCharityManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           charity::NewDonation input;
                           ASSIGN_OR_RETURN(input.fund_id, RequiredInt(body, "fund_id"));
                           ASSIGN_OR_RETURN(input.kind, RequiredString(body, "kind"));
                           ASSIGN_OR_RETURN(input.donated_on, RequiredString(body, "donated_on"));
                           TRY(ReadFields(body, input));
                           ASSIGN_OR_RETURN(auto donation,
                                            service.RecordDonation(input, request.Caller()));
                           return Response::Json(DonationJson(donation), 201);
                         },
                         "record a donation (money posts to the fund's ledger)"});

  routes.push_back(Route{"GET", "/api/v1/charity-needs", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto needs,
                                            service.ListNeeds(request.Query("place").value_or(""),
                                                              request.Query("status").value_or(""),
                                                              request.Caller()));
                           return Response::Json(Items(needs, NeedJson));
                         },
                         "charity needs in scope"});

  routes.push_back(Route{"POST", "/api/v1/charity-needs", Permission::kCharityManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           charity::NewNeed input;
                           ASSIGN_OR_RETURN(input.community_code,
                                            RequiredString(body, "community"));
                           ASSIGN_OR_RETURN(input.title, RequiredString(body, "title"));
                           ASSIGN_OR_RETURN(input.description, RequiredString(body, "description"));
                           ASSIGN_OR_RETURN(input.amount_fen, RequiredInt(body, "amount_fen"));
                           ASSIGN_OR_RETURN(auto need, service.PostNeed(input, request.Caller()));
                           return Response::Json(NeedJson(need), 201);
                         },
                         "post a community's charity need"});

  routes.push_back(Route{"POST", "/api/v1/charity-needs/{id}/close", Permission::kCharityManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "需求"));
                           ASSIGN_OR_RETURN(auto need, service.CloseNeed(id, request.Caller()));
                           return Response::Json(NeedJson(need));
                         },
                         "close an open or partly met need"});

  routes.push_back(Route{"GET", "/api/v1/charity-disbursements", Permission::kCharityRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t fund, QueryId(request, "fund", "慈善基金"));
                           ASSIGN_OR_RETURN(
                               auto list,
                               service.ListDisbursements(fund, request.Query("status").value_or(""),
                                                         request.Caller()));
                           return Response::Json(Items(list, DisbursementJson));
                         },
                         "disbursements in scope (of one fund, of one status)"});

  routes.push_back(Route{"POST", "/api/v1/charity-disbursements", Permission::kCharityManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           charity::NewDisbursement input;
                           ASSIGN_OR_RETURN(input.fund_id, RequiredInt(body, "fund_id"));
                           ASSIGN_OR_RETURN(input.need_id, OptionalInt(body, "need_id"));
                           ASSIGN_OR_RETURN(input.purpose, Note(body, "purpose"));
                           ASSIGN_OR_RETURN(input.amount_fen, RequiredInt(body, "amount_fen"));
                           ASSIGN_OR_RETURN(auto d,
                                            service.RequestDisbursement(input, request.Caller()));
                           return Response::Json(DisbursementJson(d), 201);
                         },
                         "ask for a disbursement from a fund (pending approval)"});

  for (const bool approve : {true, false}) {
    routes.push_back(
        Route{"POST",
              std::string("/api/v1/charity-disbursements/{id}/") + (approve ? "approve" : "reject"),
              Permission::kCharityApprove,
              [&service, approve](Request& request) -> core::Result<Response> {
                ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "拨付申请"));
                json::object body;
                if (!request.body.empty()) {
                  ASSIGN_OR_RETURN(body, ParseJsonObject(request.body));
                }
                ASSIGN_OR_RETURN(auto note, Note(body, "note"));
                ASSIGN_OR_RETURN(auto d, approve ? service.Approve(id, note, request.Caller())
                                                 : service.Reject(id, note, request.Caller()));
                return Response::Json(DisbursementJson(d));
              },
              approve ? "approve a disbursement: pays it from the fund (refused beyond the balance)"
                      : "reject a disbursement"});
  }

  routes.push_back(
      Route{"GET", "/api/v1/public/charity-funds/{id}", std::nullopt,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "慈善基金"));
              ASSIGN_OR_RETURN(auto disclosure, service.PublicDisclosure(id));
              const auto& fund = disclosure.fund;
              json::object out;
              out["fund"] = json::object{{"id", fund.id},
                                         {"name", fund.name},
                                         {"community_name", fund.community_name},
                                         {"opened_on", fund.opened_on},
                                         {"managing_organisation", fund.managing_organisation},
                                         {"status", charity::kFundStatusNames.Name(fund.status)},
                                         {"balance_fen", fund.balance_fen}};
              out["income_fen"] = disclosure.income_fen;
              out["spending_fen"] = disclosure.spending_fen;
              out["months"] = Items(disclosure.months, FieldsJson<charity::MonthTotals>)["items"];
              out["donations"] =
                  Items(disclosure.donations, FieldsJson<charity::PublicDonation>)["items"];
              out["disbursements"] =
                  Items(disclosure.disbursements, FieldsJson<charity::PublicDisbursement>)["items"];
              return Response::Json(out);
            },
            "a fund's public disclosure: monthly income and spending, donors masked, no phone"});
  return routes;
}

}  // namespace linli::http
