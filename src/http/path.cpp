#include "http/path.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>
#include <cstdint>

namespace linli::http {

namespace {

// Percent-decodes with Boost.URL; nullopt-like failure is reported through ok=false.
bool PercentDecode(std::string_view encoded, bool plus_as_space, std::string& out) {
  auto checked =
      boost::urls::make_pct_string_view(boost::urls::string_view(encoded.data(), encoded.size()));
  if (!checked) return false;
  boost::urls::encoding_opts options;
  options.space_as_plus = plus_as_space;
  out = checked->decode(options);
  return true;
}

}  // namespace

core::Result<std::vector<std::string>> DecodePath(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') {
    return core::Error::InvalidArgument("请求路径无效");
  }
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= raw_path.size()) {
    std::size_t end = raw_path.find('/', start);
    if (end == std::string_view::npos) end = raw_path.size();
    std::string_view encoded = raw_path.substr(start, end - start);
    start = end + 1;
    if (encoded.empty()) continue;
    std::string decoded;
    if (!PercentDecode(encoded, /*plus_as_space=*/false, decoded)) {
      return core::Error::InvalidArgument("请求路径含有无效的百分号编码");
    }
    if (decoded == "." || decoded == "..") {
      return core::Error::InvalidArgument("请求路径不能包含 . 或 .. 段");
    }
    if (decoded.find_first_of(std::string_view("\0/\\", 3)) != std::string::npos) {
      return core::Error::InvalidArgument("请求路径含有不允许的字符");
    }
    if (!IsValidUtf8(decoded)) return core::Error::InvalidArgument("请求路径不是有效的 UTF-8");
    segments.push_back(std::move(decoded));
  }
  return segments;
}

std::string JoinPath(const std::vector<std::string>& segments) {
  if (segments.empty()) return "/";
  std::string path;
  for (const auto& segment : segments) {
    path += '/';
    path += segment;
  }
  return path;
}

core::Result<std::multimap<std::string, std::string>> ParseQuery(std::string_view raw_query) {
  std::multimap<std::string, std::string> query;
  if (raw_query.empty()) return query;
  if (raw_query.size() > kMaxQueryLength) {
    return core::Error::InvalidArgument("查询字符串过长", "query");
  }
  std::size_t start = 0;
  std::size_t count = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    std::string_view pair = raw_query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    if (++count > kMaxQueryParameters) {
      return core::Error::InvalidArgument("查询参数过多（最多 100 个）", "query");
    }
    std::size_t equals = pair.find('=');
    std::string_view raw_name = pair.substr(0, equals);
    std::string_view raw_value =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    std::string name;
    if (!PercentDecode(raw_name, true, name) || !IsValidUtf8(name) ||
        name.find('\0') != std::string::npos) {
      return core::Error::InvalidArgument("查询参数名编码无效", "query");
    }
    if (name.empty()) return core::Error::InvalidArgument("查询参数名为空", "query");
    std::string value;
    if (!PercentDecode(raw_value, true, value) || !IsValidUtf8(value) ||
        value.find('\0') != std::string::npos) {
      return core::Error::InvalidArgument("查询参数 " + name + " 的编码无效", name);
    }
    query.emplace(std::move(name), std::move(value));
  }
  return query;
}

}  // namespace linli::http
