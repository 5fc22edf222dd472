// Prometheus metrics of the HTTP server: request counts by route pattern, method and status,
// a latency histogram per route pattern and an in-flight gauge.
//
// Series are fixed at construction (one per route label), so recording is a handful of
// relaxed atomic increments with no lock and no allocation.
// Thread-safety: Record/Enter/Leave/Render are safe from any thread at once.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace linli::http {

class Metrics {
 public:
  // Upper bounds of the latency histogram, in seconds (0.5 ms .. 5 s).
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

  // One label per series index ("/api/v1/divisions/{code}", "static", "unmatched", ...).
  explicit Metrics(std::vector<std::string> route_labels);
  ~Metrics();

  // REQUIRES: label_index < number of labels.
  void Record(std::size_t label_index, std::string_view method, int status, double seconds);
  void Enter() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void Leave() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // Prometheus text exposition format (version 0.0.4).
  std::string Render() const;

 private:
  struct Series;
  std::vector<std::string> labels_;
  std::unique_ptr<Series[]> series_;
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace linli::http
