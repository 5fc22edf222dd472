#include "http/json_body.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace linli::http {
namespace {

struct Sample {
  std::string name = "默认";
  int64_t floors = 1;
  double area = 0.0;
  bool open = true;
  std::optional<std::string> note;
  std::optional<int64_t> capacity;
  std::optional<double> lat;
  std::optional<bool> is_public;
  std::string secret = "never sent";  // not described: neither read nor written
};
BOOST_DESCRIBE_STRUCT(Sample, (), (name, floors, area, open, note, capacity, lat, is_public))

boost::json::object Parse(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(ReadFieldsTest, AbsentFieldsKeepDefaultsAndPresentOnesAreRead) {
  Sample sample;
  ASSERT_TRUE(
      ReadFields(Parse(R"({"floors": 6, "note": "东门", "lat": 32, "secret": "x"})"), sample).ok());
  EXPECT_EQ(sample.name, "默认");
  EXPECT_EQ(sample.floors, 6);
  EXPECT_TRUE(sample.open);
  EXPECT_EQ(sample.note, "东门");
  EXPECT_EQ(sample.capacity, std::nullopt);
  EXPECT_EQ(sample.lat, 32.0);  // an integer is a number
  EXPECT_EQ(sample.secret, "never sent");

  Sample nulls;
  ASSERT_TRUE(ReadFields(Parse(R"({"name": null, "note": null})"), nulls).ok());
  EXPECT_EQ(nulls.name, "默认");
  EXPECT_EQ(nulls.note, std::nullopt);
}

TEST(ReadFieldsTest, AWrongTypeIsAnErrorNamingTheField) {
  Sample sample;
  auto status = ReadFields(Parse(R"({"floors": "six"})"), sample);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "floors");
  auto flag = ReadFields(Parse(R"({"is_public": 1})"), sample);
  ASSERT_FALSE(flag.ok());
  EXPECT_EQ(flag.error().field, "is_public");
}

TEST(FieldsJsonTest, WritesDescribedFieldsWithAbsentOptionalsAsNull) {
  Sample sample;
  sample.capacity = 30;
  const auto out = FieldsJson(sample);
  EXPECT_EQ(out.size(), 8u);
  EXPECT_EQ(out.at("name").as_string(), "默认");
  EXPECT_EQ(out.at("capacity").as_int64(), 30);
  EXPECT_TRUE(out.at("note").is_null());
  EXPECT_TRUE(out.at("open").as_bool());
  EXPECT_FALSE(out.contains("secret"));
}

}  // namespace
}  // namespace linli::http
