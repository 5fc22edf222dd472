#include "domain/service_requests/indicator_sources.hpp"

namespace linli::service_requests {

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      RequestService& requests) {
  return registry.Register(
      {"service_requests",
       {"B3"},
       [&requests](
           std::string_view period, const indicators::PeriodSpan&,
           const indicators::PlaceIndex&) -> core::Result<std::vector<indicators::Measurement>> {
         FiguresRequest request;
         request.group_by = "community";
         request.from = indicators::FirstDayOf(period);
         request.to = indicators::LastDayOf(period);
         ASSIGN_OR_RETURN(auto figures, requests.ComputeFigures(request, access::Caller::System()));
         std::vector<indicators::Measurement> out;
         out.reserve(figures.rows.size());
         for (const auto& row : figures.rows) {
           out.push_back({"B3", row.key, static_cast<double>(row.online),
                          static_cast<double>(row.requests), ""});
         }
         return out;
       }});
}

}  // namespace linli::service_requests
