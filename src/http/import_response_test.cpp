// The import gate: imports beyond the limit answer 429 with Retry-After and the error envelope,
// a file over the cells or text budget answers 413 whatever the route reports, and the route
// the gate builds carries its body limit.
#include "http/import_response.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <future>
#include <string>
#include <thread>

namespace linli::http {
namespace {

ImportRoute TestRoute(bool report_unreadable_file) {
  return ImportRoute{nullptr, "errors.xlsx", "", report_unreadable_file};
}

Request Upload(std::string body) {
  Request request;
  request.method = "POST";
  request.path = "/api/v1/things/import";
  request.body = std::move(body);
  request.request_id = "req-1";
  return request;
}

// An import that reports the rows it was given.
core::Result<ImportAnswer> CountRows(Request&, const tabular::Table& table,
                                     const tabular::ImportOptions&) {
  ImportAnswer answer;
  answer.accepted["rows"] = static_cast<int64_t>(table.rows.size());
  return answer;
}

std::string HeaderOf(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(ImportGateTest, ImportsBeyondTheLimitAnswer429WithRetryAfter) {
  ImportLimits limits;
  limits.concurrent = 1;
  limits.retry_after_seconds = 7;
  ImportGate gate(limits);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  const RunImport blocking = [&](Request& request, const tabular::Table& table,
                                 const tabular::ImportOptions& options) {
    entered.set_value();
    released.wait();
    return CountRows(request, table, options);
  };
  std::thread first([&] {
    Request request = Upload("a,b\n1,2\n");
    auto answer = gate.Answer(request, TestRoute(true), blocking);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->status, 200);
  });
  entered.get_future().wait();
  EXPECT_EQ(gate.running(), 1);

  Request second = Upload("a,b\n1,2\n");
  auto busy = gate.Answer(second, TestRoute(true), CountRows);
  ASSERT_TRUE(busy.ok());
  EXPECT_EQ(busy->status, 429);
  EXPECT_EQ(HeaderOf(*busy, "Retry-After"), "7");
  const auto body = boost::json::parse(busy->body).as_object();
  EXPECT_EQ(body.at("error").at("code").as_string(), "resource_exhausted");
  EXPECT_EQ(body.at("error").at("request_id").as_string(), "req-1");
  EXPECT_NE(std::string(body.at("error").at("message").as_string()).find("同时进行的导入已达上限"),
            std::string::npos);

  release.set_value();
  first.join();
  EXPECT_EQ(gate.running(), 0);
  Request third = Upload("a,b\n1,2\n3,4\n");
  auto after = gate.Answer(third, TestRoute(true), CountRows);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(boost::json::parse(after->body).at("rows").as_int64(), 2);
}

TEST(ImportGateTest, FilesOverTheBudgetAre413OnEveryRoute) {
  ImportLimits limits;
  limits.max_text_bytes = 1024;
  limits.max_cells = 100;
  ImportGate gate(limits);
  const std::string long_text = "h\n" + std::string(600, 'x') + "\n" + std::string(600, 'y') + "\n";
  for (bool report_unreadable_file : {true, false}) {
    Request request = Upload(long_text);
    auto answer = gate.Answer(request, TestRoute(report_unreadable_file), CountRows);
    ASSERT_FALSE(answer.ok()) << report_unreadable_file;
    EXPECT_EQ(answer.error().code, core::ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(answer.error().message,
              "文件内容过大：解码后的文本超过 1 KB（第 3 行），请拆分后再导入");
    EXPECT_EQ(gate.running(), 0);  // the slot is given back on every path
  }
  std::string many = "h\n";
  for (int i = 0; i < 120; ++i) many += "1\n";
  Request request = Upload(many);
  auto answer = gate.Answer(request, TestRoute(true), CountRows);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_NE(answer.error().message.find("单元格总数超过 100"), std::string::npos);
  // Within the budget the same route reads and runs.
  Request small = Upload("h\n1\n");
  auto accepted = gate.Answer(small, TestRoute(true), CountRows);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->status, 200);
}

TEST(ImportGateTest, TheRouteCarriesTheGatesBodyLimitAndRowsFollowTheCells) {
  ImportLimits limits;
  limits.body_bytes = 12345;
  limits.max_cells = 1000;
  ImportGate gate(limits);
  Route route = gate.MakeRoute("/api/v1/things/import", access::Permission::kPeopleImport,
                               TestRoute(true), CountRows, "import things");
  EXPECT_EQ(route.method, "POST");
  EXPECT_EQ(route.body_limit, 12345u);
  Request request = Upload("h\n1\n2\n");
  auto answer = route.handler(request);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(boost::json::parse(answer->body).at("rows").as_int64(), 2);
  const tabular::ReadLimits read = limits.Read();
  EXPECT_EQ(read.max_total_cells, 1000u);
  EXPECT_EQ(read.max_rows, 1000u);
  EXPECT_EQ(read.max_shared_strings, 1000u);
  EXPECT_EQ(read.max_total_text_bytes, limits.max_text_bytes);
}

}  // namespace
}  // namespace linli::http
