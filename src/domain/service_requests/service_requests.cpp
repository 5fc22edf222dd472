#include "domain/service_requests/service_requests.hpp"

namespace linli::service_requests {

void ApplyToRequest(const StateChange& change, ServiceRequest& request) {
  request.state = change.to;
  request.updated_at = change.record.at;
  if (change.received_at) request.received_at = *change.received_at;
  if (change.deadline_at) request.deadline_at = *change.deadline_at;
  if (change.completed_at) request.completed_at = *change.completed_at;
  if (change.handling_working_days) request.handling_working_days = *change.handling_working_days;
  if (change.on_time) request.on_time = *change.on_time;
  if (change.outcome) request.outcome = *change.outcome;
  if (change.rating) {
    request.rating = *change.rating;
    request.rating_comment = change.rating_comment.value_or("");
    request.rated_at = change.record.at;
  }
}

std::string_view FiguresGroupingName(FiguresGrouping grouping) {
  switch (grouping) {
    case FiguresGrouping::kItem:
      return "item";
    case FiguresGrouping::kCommunity:
      return "community";
    case FiguresGrouping::kTown:
      return "town";
    case FiguresGrouping::kCounty:
      return "county";
  }
  return "community";
}

std::optional<FiguresGrouping> FiguresGroupingFromName(std::string_view name) {
  for (FiguresGrouping grouping : {FiguresGrouping::kItem, FiguresGrouping::kCommunity,
                                   FiguresGrouping::kTown, FiguresGrouping::kCounty}) {
    if (FiguresGroupingName(grouping) == name) return grouping;
  }
  return std::nullopt;
}

std::string_view SniffMaterialType(std::string_view bytes) {
  if (bytes.size() >= 5 && bytes.substr(0, 5) == "%PDF-") return "application/pdf";
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 &&
      static_cast<unsigned char>(bytes[2]) == 0xFF) {
    return "image/jpeg";
  }
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    return "image/png";
  }
  return "";
}

}  // namespace linli::service_requests
