#include "http/workbench/workbench_routes.hpp"

#include <boost/json.hpp>

namespace linli::http {

namespace json = boost::json;

namespace {

json::value LinkJson(const std::optional<workbench::Link>& link) {
  if (!link) return nullptr;
  json::object query;
  for (const auto& [key, value] : link->query) query[key] = value;
  return json::object{{"page", link->page},
                      {"id", link->id.empty() ? json::value(nullptr) : json::value(link->id)},
                      {"query", std::move(query)}};
}

json::value FigureJson(const std::optional<int64_t>& figure) {
  return figure ? json::value(*figure) : json::value(nullptr);
}

}  // namespace

json::object CardJson(const workbench::Card& card) {
  json::array items;
  for (const auto& item : card.items) {
    items.push_back(json::object{{"label", item.label},
                                 {"note", item.note},
                                 {"figure", FigureJson(item.figure)},
                                 {"tone", workbench::ToneName(item.tone)},
                                 {"link", LinkJson(item.link)}});
  }
  return json::object{
      {"id", card.id},
      {"title", card.title},
      {"figure", FigureJson(card.figure)},
      {"unit", card.unit},
      {"tone", workbench::ToneName(card.tone)},
      {"items", std::move(items)},
      {"link", LinkJson(card.link)},
      {"error", card.error.empty() ? json::value(nullptr) : json::value(card.error)}};
}

std::vector<Route> WorkbenchRoutes(const workbench::Workbench& bench) {
  std::vector<Route> routes;
  routes.push_back(Route{"GET", "/api/v1/workbench", access::Permission::kSelf,
                         [&bench](Request& request) -> core::Result<Response> {
                           json::array cards;
                           for (const auto& card : bench.CardsFor(request.Caller())) {
                             cards.push_back(CardJson(card));
                           }
                           return Response::Json(json::object{{"cards", std::move(cards)}});
                         },
                         "the cards of my workbench (工作台), by my roles"});
  return routes;
}

}  // namespace linli::http
