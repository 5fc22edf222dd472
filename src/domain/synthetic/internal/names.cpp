#include "domain/synthetic/internal/names.hpp"

#include <array>

namespace linli::synthetic::internal {
namespace {

struct WeightedText {
  std::string_view text;
  double weight;
};

// Common surnames of Jiangsu with rough relative frequencies (assumption: shaped after the
// national ranking, with 徐/朱/顾/钱/陆/仇/卞 heavier as in central Jiangsu).
constexpr WeightedText kSurnames[] = {
    {"王", 7.5},   {"陈", 6.5}, {"张", 6.0}, {"李", 4.5}, {"刘", 4.0}, {"徐", 3.5}, {"朱", 3.0},
    {"周", 3.0},   {"吴", 3.0}, {"孙", 2.5}, {"杨", 2.5}, {"黄", 2.0}, {"赵", 1.8}, {"顾", 1.5},
    {"沈", 1.5},   {"许", 1.5}, {"钱", 1.3}, {"唐", 1.3}, {"胡", 1.3}, {"蒋", 1.2}, {"高", 1.2},
    {"陆", 1.0},   {"马", 1.0}, {"戴", 1.0}, {"丁", 1.0}, {"蔡", 1.0}, {"姚", 0.9}, {"范", 0.8},
    {"袁", 0.8},   {"夏", 0.8}, {"汪", 0.8}, {"潘", 0.7}, {"葛", 0.6}, {"邵", 0.6}, {"仇", 0.5},
    {"卞", 0.5},   {"殷", 0.5}, {"管", 0.4}, {"花", 0.3}, {"居", 0.3}, {"薛", 0.6}, {"季", 0.5},
    {"魏", 0.5},   {"梁", 0.5}, {"谢", 0.6}, {"宋", 0.6}, {"郭", 0.7}, {"曹", 0.7}, {"秦", 0.5},
    {"钟", 0.4},   {"汤", 0.5}, {"韩", 0.5}, {"冯", 0.5}, {"程", 0.5}, {"卢", 0.4}, {"严", 0.5},
    {"孔", 0.3},   {"施", 0.4}, {"毛", 0.4}, {"俞", 0.4}, {"史", 0.4}, {"杭", 0.2}, {"诸葛", 0.05},
    {"欧阳", 0.05}};

// Characters of given names by sex and era (born before 1960, 1960-1979, 1980-1999, 2000+).
constexpr std::string_view kMale[4][20] = {
    {"国", "建", "德", "文", "明", "志", "正", "永", "长", "福",
     "宝", "金", "树", "春", "海", "根", "荣", "华", "兴", "义"},
    {"伟", "军", "勇", "斌", "峰", "强", "磊", "涛", "杰", "刚",
     "平", "辉", "明", "华", "东", "建", "林", "海", "波", "卫"},
    {"浩", "宇", "杰", "俊", "晨", "鹏", "鑫", "文", "博", "超",
     "凯", "阳", "帆", "亮", "健", "成", "龙", "飞", "翔", "磊"},
    {"子", "轩", "浩", "宇", "睿", "泽", "梓", "铭", "沐", "宸",
     "辰", "逸", "一", "嘉", "皓", "航", "骏", "昊", "煜", "朗"}};
constexpr std::string_view kFemale[4][20] = {
    {"秀", "英", "兰", "珍", "凤", "芳", "桂", "玉", "梅", "华",
     "琴", "霞", "美", "花", "素", "云", "翠", "金", "月", "菊"},
    {"丽", "艳", "敏", "静", "红", "燕", "娟", "萍", "玲", "霞",
     "芳", "莉", "琳", "洁", "慧", "霞", "晓", "春", "梅", "文"},
    {"婷", "雪", "倩", "晶", "颖", "佳", "琪", "梦", "欣", "怡",
     "蕾", "丹", "璐", "娜", "瑶", "悦", "薇", "婧", "露", "洁"},
    {"梓", "涵", "萱", "欣", "雨", "诗", "一", "可", "若", "语",
     "佳", "思", "沫", "彤", "妍", "琪", "依", "芯", "瑶", "晴"}};

constexpr std::string_view kRoads[] = {
    "文昌中路", "汶河南路", "江阳中路", "扬子江北路", "运河西路", "维扬路", "邗江中路", "史可法路",
    "盐阜东路", "渡江南路", "南通东路", "淮海路",     "友谊路",   "百祥路", "新城河路", "长春路",
    "大学南路", "荷花池路", "念四路",   "解放南路",   "广陵路",   "国庆路", "琼花路",   "开发西路",
    "平山堂路", "兴城西路", "真州中路", "屏山路",     "海潮路",   "盂城路", "北海路",   "安宜路",
    "白田路",   "龙川路",   "文昌东路", "沙湾路",     "华扬路",   "曙光路", "江都路",   "仪扬路"};
constexpr std::string_view kCommonRoads[] = {
    "人民路",   "建设路",   "解放路",   "中山路",   "和平路",   "新华路",   "胜利路",   "文化路",
    "健康路",   "幸福路",   "光明路",   "团结路",   "友谊路",   "长江路",   "黄河路",   "东风路",
    "人民东路", "人民西路", "建设南路", "建设北路", "解放东路", "解放西路", "新华南路", "新华北路",
    "育才路",   "园林路",   "滨河路",   "迎宾路",   "站前路",   "工业路",   "朝阳路",   "青年路",
    "民主路",   "公园路",   "环城东路", "环城西路", "环城南路", "环城北路", "科技路",   "学府路"};
constexpr std::string_view kEstatePrefixes[] = {
    "琼花", "文昌", "锦绣", "翠岗", "春江", "阳光", "东方", "金色", "怡景", "紫藤",
    "梅岭", "月明", "康乐", "兴城", "润扬", "绿杨", "名城", "运河", "蓝天", "新华",
    "友好", "幸福", "丰乐", "双桥", "石桥", "万福", "西湖", "凤凰", "富春", "杉湾"};
constexpr std::string_view kEstateSuffixes[] = {"花园", "新村", "小区", "苑",   "家园",
                                                "公寓", "佳苑", "名都", "雅居", "山庄"};
constexpr std::string_view kMobilePrefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199"};
constexpr std::string_view kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

int Era(int birth_year) {
  if (birth_year < 1960) return 0;
  if (birth_year < 1980) return 1;
  if (birth_year < 2000) return 2;
  return 3;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string_view DrawSurname(Rng& rng) {
  static const auto weights = [] {
    std::array<double, std::size(kSurnames)> values{};
    for (size_t i = 0; i < values.size(); ++i) values[i] = kSurnames[i].weight;
    return values;
  }();
  return kSurnames[rng.Weighted(weights.data(), weights.size())].text;
}

std::string DrawGivenName(Rng& rng, bool male, int birth_year) {
  int era = Era(birth_year);
  const auto& pool = male ? kMale[era] : kFemale[era];
  double single = era == 0 ? 0.25 : era == 3 ? 0.12 : 0.2;
  size_t first = rng.Next() % 20;
  std::string name(pool[first]);
  if (!rng.Chance(single)) {
    size_t second = rng.Next() % 20;
    if (pool[second] == pool[first]) second = (second + 1) % 20;
    name += pool[second];
  }
  return name;
}

std::string_view DrawRoad(Rng& rng, std::string_view city_code) {
  return city_code == "3210" ? rng.Pick(kRoads) : rng.Pick(kCommonRoads);
}

std::string DrawEstateName(Rng& rng) {
  return std::string(rng.Pick(kEstatePrefixes)) + std::string(rng.Pick(kEstateSuffixes));
}

std::string DrawMobile(Rng& rng) {
  std::string number(rng.Pick(kMobilePrefixes));
  for (int i = 0; i < 8; ++i) number += static_cast<char>('0' + rng.Between(0, 9));
  return number;
}

std::string GridName(int number) {
  std::string text = "第";
  int tens = number / 10 % 10, ones = number % 10;
  if (number >= 100) text += std::string(kDigits[number / 100]) + "百";
  if (tens > 0) {
    if (!(tens == 1 && number < 100)) text += kDigits[tens];
    text += "十";
  } else if (number >= 100 && ones > 0) {
    text += "零";
  }
  if (ones > 0) text += kDigits[ones];
  return text + "网格";
}

std::string ShortPlaceName(std::string_view name, bool urban) {
  constexpr std::string_view kSuffixes[] = {"社区居民委员会", "社区居委会", "居民委员会",
                                            "社区居委",       "居委会",     "村民委员会",
                                            "村委会",         "委员会"};
  std::string_view stem = name;
  for (auto suffix : kSuffixes) {
    if (EndsWith(stem, suffix)) {
      stem = stem.substr(0, stem.size() - suffix.size());
      break;
    }
  }
  std::string result(stem);
  if (result.empty()) result = urban ? "新建" : "新庄";
  if (urban) {
    if (!EndsWith(result, "社区")) result += "社区";
  } else if (!EndsWith(result, "村")) {
    result += "村";
  }
  return result;
}

}  // namespace linli::synthetic::internal
