#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

TEST(MetricsTest, RendersCountersAndCumulativeHistogram) {
  Metrics metrics({"/api/v1/grids/{code}", "static"});
  metrics.Record(0, "GET", 200, 0.0003);
  metrics.Record(0, "GET", 200, 0.02);
  metrics.Record(0, "GET", 404, 7.0);
  metrics.Record(1, "BREW", 599, 0.001);
  metrics.Enter();
  std::string text = metrics.Render();
  EXPECT_NE(text.find("linli_http_requests_total{route=\"/api/v1/grids/{code}\",method=\"GET\","
                      "status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"404\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("route=\"static\",method=\"OTHER\",status=\"other\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("duration_seconds_bucket{route=\"/api/v1/grids/{code}\",le=\"0.0005\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("duration_seconds_bucket{route=\"/api/v1/grids/{code}\",le=\"0.025\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("duration_seconds_bucket{route=\"/api/v1/grids/{code}\",le=\"5\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("duration_seconds_bucket{route=\"/api/v1/grids/{code}\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("duration_seconds_count{route=\"/api/v1/grids/{code}\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_http_requests_in_flight 1\n"), std::string::npos);
}

}  // namespace
}  // namespace linli::http
