#include "domain/service_requests/service_item.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace linli::service_requests {
namespace {

ServiceItem ValidItem() {
  ServiceItem item;
  item.code = "YZ-SJ-001";
  item.name = "最低生活保障（低保）申请";
  item.category = ServiceCategory::kSocialAssistance;
  item.responsible_departments = {"乡镇人民政府（街道办事处）", "县（市、区）民政局"};
  item.eligible_groups = {"低收入家庭"};
  item.required_materials = {"低保申请书", "居民身份证"};
  item.legal_basis = "《社会救助暂行办法》";
  item.promised_working_days = 30;
  item.handling_modes = {HandlingMode::kHomeVisit, HandlingMode::kGridProxy};
  item.channels = {Channel::kWeb, Channel::kWindow};
  item.fully_online = true;
  return item;
}

// Breaks the item with `change` and expects a validation error on `field`.
template <typename Change>
void ExpectInvalid(Change change, const std::string& field, const std::string& message_part) {
  ServiceItem item = ValidItem();
  change(item);
  auto status = ValidateServiceItem(item);
  ASSERT_FALSE(status.ok()) << field;
  EXPECT_EQ(status.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(status.error().field, field);
  EXPECT_NE(status.error().message.find(message_part), std::string::npos) << status.error().message;
}

TEST(ServiceItemTest, ValidItemPasses) { EXPECT_TRUE(ValidateServiceItem(ValidItem()).ok()); }

TEST(ServiceItemTest, EveryFieldIsChecked) {
  ExpectInvalid([](ServiceItem& i) { i.code = ""; }, "code", "事项编码不能为空");
  ExpectInvalid([](ServiceItem& i) { i.code = "yz-1"; }, "code", "大写字母");
  ExpectInvalid([](ServiceItem& i) { i.code = "AB"; }, "code", "3–32");
  ExpectInvalid([](ServiceItem& i) { i.name = "  "; }, "name", "事项名称不能为空");
  ExpectInvalid([](ServiceItem& i) { i.category = static_cast<ServiceCategory>(99); }, "category",
                "类别");
  ExpectInvalid([](ServiceItem& i) { i.responsible_departments.clear(); },
                "responsible_departments", "责任部门");
  ExpectInvalid([](ServiceItem& i) { i.responsible_departments.push_back("县（市、区）民政局"); },
                "responsible_departments", "责任部门重复");
  ExpectInvalid([](ServiceItem& i) { i.eligible_groups = {""}; }, "eligible_groups", "空白");
  ExpectInvalid([](ServiceItem& i) { i.required_materials.clear(); }, "required_materials",
                "申请材料");
  ExpectInvalid([](ServiceItem& i) { i.legal_basis = ""; }, "legal_basis", "设定依据");
  ExpectInvalid([](ServiceItem& i) { i.fee_fen = -1; }, "fee_fen", "负数");
  ExpectInvalid([](ServiceItem& i) { i.promised_working_days = 366; }, "promised_working_days",
                "365");
  ExpectInvalid([](ServiceItem& i) { i.handling_modes.clear(); }, "handling_modes", "办理方式");
  ExpectInvalid([](ServiceItem& i) { i.handling_modes.push_back(HandlingMode::kGridProxy); },
                "handling_modes", "网格代办");
  ExpectInvalid([](ServiceItem& i) { i.channels.clear(); }, "channels", "受理渠道");
  ExpectInvalid(
      [](ServiceItem& i) {
        i.channels = {Channel::kWindow, Channel::kKiosk};
      },
      "fully_online", "网端或掌端");
  ExpectInvalid([](ServiceItem& i) { i.version = 0; }, "version", "版本号");
}

TEST(ServiceItemTest, RevisionKeepsTheCodeAndRaisesTheVersion) {
  const ServiceItem current = ValidItem();
  ServiceItem edited = current;
  edited.promised_working_days = 20;
  auto revised = ReviseServiceItem(current, edited);
  ASSERT_TRUE(revised.ok());
  EXPECT_EQ(revised->version, 2);
  EXPECT_EQ(revised->promised_working_days, 20);
  edited.code = "YZ-SJ-999";
  EXPECT_EQ(ReviseServiceItem(current, edited).error().field, "code");
}

TEST(ServiceItemTest, RequestMustUseAnAllowedChannelAndMode) {
  const ServiceItem item = ValidItem();
  EXPECT_TRUE(CheckRequestAllowed(item, Channel::kWeb, HandlingMode::kGridProxy).ok());
  auto kiosk = CheckRequestAllowed(item, Channel::kKiosk, HandlingMode::kGridProxy);
  ASSERT_FALSE(kiosk.ok());
  EXPECT_EQ(kiosk.error().field, "channel");
  EXPECT_NE(kiosk.error().message.find("自助端"), std::string::npos);
  EXPECT_EQ(CheckRequestAllowed(item, Channel::kWeb, HandlingMode::kSelfService).error().field,
            "handling_mode");
}

TEST(ServiceItemTest, JsonRoundTripAndPathErrors) {
  const ServiceItem item = ValidItem();
  auto parsed = ServiceItemFromJson(ServiceItemToJson(item));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, item);

  auto bad_channel = ParseCatalogueJson(
      R"({"items":[{"code":"YZ-X-1","name":"甲","category":"health","responsible_departments":["卫健委"],)"
      R"("eligible_groups":["居民"],"required_materials":["身份证"],"legal_basis":"某法",)"
      R"("promised_working_days":1,"handling_modes":["appointment"],"channels":["web","fax"],)"
      R"("fully_online":true}]})");
  ASSERT_FALSE(bad_channel.ok());
  EXPECT_EQ(bad_channel.error().field, "items[0].channels[1]");
  EXPECT_NE(bad_channel.error().message.find("fax"), std::string::npos);

  const std::string one =
      R"({"code":"YZ-X-1","name":"甲","category":"health","responsible_departments":["卫健委"],)"
      R"("eligible_groups":["居民"],"required_materials":["身份证"],"legal_basis":"某法",)"
      R"("promised_working_days":1,"handling_modes":["appointment"],"channels":["window"],)"
      R"("fully_online":true})";
  auto not_online = ParseCatalogueJson(R"({"items":[)" + one + "]}");
  ASSERT_FALSE(not_online.ok());
  EXPECT_EQ(not_online.error().field, "items[0].fully_online");
  EXPECT_NE(not_online.error().message.find("事项 YZ-X-1："), std::string::npos);

  std::string fixed = one;
  fixed.replace(fixed.find("\"fully_online\":true"), 19, "\"fully_online\":false");
  auto duplicate = ParseCatalogueJson(R"({"items":[)" + fixed + "," + fixed + "]}");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().field, "items[1].code");

  EXPECT_EQ(ParseCatalogueJson("{").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseCatalogueJson(R"({"items":[{"code":"YZ-X-1"}]})").error().field, "items[0].name");
}

TEST(ServiceItemTest, NamesRoundTrip) {
  EXPECT_EQ(AllServiceCategories().size(), 10u);
  EXPECT_EQ(AllHandlingModes().size(), 5u);
  EXPECT_EQ(AllChannels().size(), 4u);
  for (ServiceCategory category : AllServiceCategories()) {
    EXPECT_EQ(ServiceCategoryFromName(ServiceCategoryName(category)), category);
    EXPECT_FALSE(ServiceCategoryLabel(category).empty());
  }
  for (HandlingMode mode : AllHandlingModes()) {
    EXPECT_EQ(HandlingModeFromName(HandlingModeName(mode)), mode);
  }
  for (Channel channel : AllChannels()) EXPECT_EQ(ChannelFromName(ChannelName(channel)), channel);
  EXPECT_EQ(HandlingModeLabel(HandlingMode::kGridProxy), "网格代办");
  EXPECT_EQ(ChannelLabel(Channel::kMobile), "掌端");
}

TEST(ProcessStepsTest, ValidationNamesTheStep) {
  ServiceItem ok = ValidItem();
  ok.steps = {{"申请", "提交材料"}, {"受理", ""}, {"办结", "告知结果"}};
  EXPECT_TRUE(ValidateServiceItem(ok).ok());
  ExpectInvalid(
      [](ServiceItem& item) {
        item.steps = {{"申请", ""}, {"  ", "x"}};
      },
      "steps[1].title", "名称不能为空");
  ExpectInvalid(
      [](ServiceItem& item) {
        std::string thirty_one;
        for (int i = 0; i < 31; ++i) thirty_one += "受";
        item.steps = {{std::string(30, 'a'), ""}, {thirty_one, ""}};
      },
      "steps[1].title", "不超过 30 个字");
  ExpectInvalid(
      [](ServiceItem& item) {
        std::string long_text;
        for (int i = 0; i < 201; ++i) long_text += "字";
        item.steps = {{"申请", long_text}};
      },
      "steps[0].description", "不超过 200 个字");
  ExpectInvalid(
      [](ServiceItem& item) {
        item.steps = {{"申请", ""}, {"申请", ""}};
      },
      "steps[1].title", "重复");
  ExpectInvalid(
      [](ServiceItem& item) {
        for (int i = 0; i < 21; ++i) item.steps.push_back({"第" + std::to_string(i) + "步", ""});
      },
      "steps", "最多 20 步");
  // Text at the boundary: no control characters in a title, line breaks allowed in a description.
  ServiceItem control = ValidItem();
  control.steps = {{"申\x01请", ""}};
  auto status = ValidateServiceItem(control);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "steps[0].title");
  ServiceItem multiline = ValidItem();
  multiline.steps = {{"申请", "第一行\n第二行"}};
  EXPECT_TRUE(ValidateServiceItem(multiline).ok());
  // Exactly 30 characters and 20 steps are accepted.
  ServiceItem edge = ValidItem();
  std::string thirty;
  for (int i = 0; i < 30; ++i) thirty += "流";
  edge.steps.push_back({thirty, ""});
  for (int i = 1; i < kMaxProcessSteps; ++i) edge.steps.push_back({"步骤" + std::to_string(i), ""});
  EXPECT_TRUE(ValidateServiceItem(edge).ok());
}

TEST(ProcessStepsTest, JsonRoundTripKeepsOrderAndOldItemsHaveNone) {
  ServiceItem item = ValidItem();
  item.steps = {{"申请", "提交材料"}, {"受理", ""}, {"入户调查", "社区工作人员上门"}};
  auto parsed = ServiceItemFromJson(ServiceItemToJson(item));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, item);
  // An item written before steps existed reads with none.
  ServiceItem old = ValidItem();
  std::string text = ServiceItemToJson(old);
  const std::string marker = ",\"steps\":[]";
  ASSERT_NE(text.find(marker), std::string::npos);
  text.erase(text.find(marker), marker.size());
  auto read = ServiceItemFromJson(text);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->steps.empty());
  // A step that is not an object, or steps that are not an array, name the path.
  auto bad = ServiceItemFromJson(
      R"({"code":"YZ-X-1","name":"x","category":"health","responsible_departments":["a"],)"
      R"("eligible_groups":["b"],"required_materials":["c"],"legal_basis":"d",)"
      R"("promised_working_days":1,"handling_modes":["appointment"],"channels":["web"],)"
      R"("fully_online":false,"steps":["申请"]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "steps[0]");
}

TEST(GuideButtonsTest, OnlineApplicationAndAppointment) {
  ServiceItem item = ValidItem();  // web + window, home visit + grid proxy
  EXPECT_TRUE(OffersOnlineApplication(item));
  EXPECT_FALSE(OffersAppointment(item));
  item.channels = {Channel::kWindow, Channel::kKiosk};
  item.fully_online = false;
  item.handling_modes = {HandlingMode::kAppointment};
  EXPECT_FALSE(OffersOnlineApplication(item));
  EXPECT_TRUE(OffersAppointment(item));
  item.channels = {Channel::kMobile};
  EXPECT_TRUE(OffersOnlineApplication(item));
}

TEST(ShippedCatalogueTest, EveryItemIsValid) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/catalogue/yangzhou-service-items.json");
  ASSERT_TRUE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto items = ParseCatalogueJson(buffer.str());
  ASSERT_TRUE(items.ok()) << items.error().message << " @ " << items.error().field;
  EXPECT_GE(items->size(), 40u);
  std::map<ServiceCategory, int> per_category;
  std::set<HandlingMode> modes;
  std::set<Channel> channels;
  int fully_online = 0;
  for (const ServiceItem& item : *items) {
    EXPECT_TRUE(ValidateServiceItem(item).ok()) << item.code;
    ++per_category[item.category];
    modes.insert(item.handling_modes.begin(), item.handling_modes.end());
    channels.insert(item.channels.begin(), item.channels.end());
    if (item.fully_online) ++fully_online;
    // 办理流程: every shipped item has its steps, starting with the application.
    EXPECT_GE(item.steps.size(), 3u) << item.code;
    EXPECT_LE(item.steps.size(), static_cast<size_t>(kMaxProcessSteps)) << item.code;
  }
  // Every category, handling mode and channel appears; a mix of online and offline items.
  EXPECT_EQ(per_category.size(), AllServiceCategories().size());
  EXPECT_EQ(modes.size(), AllHandlingModes().size());
  EXPECT_EQ(channels.size(), AllChannels().size());
  EXPECT_GT(fully_online, 0);
  EXPECT_LT(fully_online, static_cast<int>(items->size()));
}

}  // namespace
}  // namespace linli::service_requests
