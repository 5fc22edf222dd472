#include "http/metrics.hpp"

#include <cstdio>

namespace linli::http {

namespace {
constexpr std::array<std::string_view, 8> kMethodLabels = {"GET",   "HEAD",   "POST",    "PUT",
                                                           "PATCH", "DELETE", "OPTIONS", "OTHER"};
constexpr std::array<int, 23> kStatuses = {200, 201, 204, 206, 301, 302, 304, 400,
                                           401, 403, 404, 405, 408, 409, 413, 415,
                                           422, 429, 431, 500, 502, 503, 504};
constexpr std::size_t kOtherStatus = kStatuses.size();  // index for anything else

std::size_t MethodIndex(std::string_view method) {
  for (std::size_t i = 0; i + 1 < kMethodLabels.size(); ++i) {
    if (kMethodLabels[i] == method) return i;
  }
  return kMethodLabels.size() - 1;
}

std::size_t StatusIndex(int status) {
  for (std::size_t i = 0; i < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kOtherStatus;
}

std::string EscapeLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatDouble(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}
}  // namespace

struct Metrics::Series {
  std::array<std::array<std::atomic<uint64_t>, kStatuses.size() + 1>, kMethodLabels.size()>
      counts{};
  // Non-cumulative; the last one counts requests slower than the largest bound.
  std::array<std::atomic<uint64_t>, Metrics::kBuckets.size() + 1> buckets{};
  std::atomic<uint64_t> sum_microseconds{0};
};

Metrics::Metrics(std::vector<std::string> route_labels)
    : labels_(std::move(route_labels)), series_(new Series[labels_.size()]) {}

Metrics::~Metrics() = default;

void Metrics::Record(std::size_t label_index, std::string_view method, int status, double seconds) {
  if (label_index >= labels_.size()) return;
  Series& series = series_[label_index];
  series.counts[MethodIndex(method)][StatusIndex(status)].fetch_add(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  series.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  series.sum_microseconds.fetch_add(static_cast<uint64_t>(seconds * 1e6 + 0.5),
                                    std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  out.reserve(4096);
  out += "# HELP linli_http_requests_total HTTP requests answered.\n";
  out += "# TYPE linli_http_requests_total counter\n";
  for (std::size_t r = 0; r < labels_.size(); ++r) {
    const std::string route = EscapeLabel(labels_[r]);
    for (std::size_t m = 0; m < kMethodLabels.size(); ++m) {
      for (std::size_t s = 0; s <= kStatuses.size(); ++s) {
        uint64_t value = series_[r].counts[m][s].load(std::memory_order_relaxed);
        if (value == 0) continue;
        std::string status = s == kOtherStatus ? "other" : std::to_string(kStatuses[s]);
        out += "linli_http_requests_total{route=\"" + route + "\",method=\"" +
               std::string(kMethodLabels[m]) + "\",status=\"" + status + "\"} " +
               std::to_string(value) + "\n";
      }
    }
  }
  out +=
      "# HELP linli_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE linli_http_request_duration_seconds histogram\n";
  for (std::size_t r = 0; r < labels_.size(); ++r) {
    std::array<uint64_t, kBuckets.size() + 1> buckets;
    uint64_t count = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      buckets[b] = series_[r].buckets[b].load(std::memory_order_relaxed);
      count += buckets[b];
    }
    if (count == 0) continue;
    const std::string route = EscapeLabel(labels_[r]);
    uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += buckets[b];
      out += "linli_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" +
             FormatDouble(kBuckets[b]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "linli_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
           std::to_string(count) + "\n";
    out += "linli_http_request_duration_seconds_sum{route=\"" + route + "\"} " +
           FormatDouble(series_[r].sum_microseconds.load(std::memory_order_relaxed) / 1e6) + "\n";
    out += "linli_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(count) + "\n";
  }
  out += "# HELP linli_http_requests_in_flight Requests being handled now.\n";
  out += "# TYPE linli_http_requests_in_flight gauge\n";
  out += "linli_http_requests_in_flight " + std::to_string(in_flight()) + "\n";
  return out;
}

}  // namespace linli::http
