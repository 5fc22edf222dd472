#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <mutex>
#include <sstream>
#include <utility>

namespace linli::http {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kMaxCachedFile = 8u << 20;
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view ExtensionOf(std::string_view file_name) {
  std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return file_name.substr(dot + 1);
}
}  // namespace

std::string_view MimeTypeOf(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kTypes = {{
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},  // the installable app's manifest
      {"map", "application/json; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"txt", "text/plain; charset=utf-8"},
      {"wasm", "application/wasm"},
  }};
  std::string extension = Lower(ExtensionOf(file_name));
  for (const auto& [name, type] : kTypes) {
    if (name == extension) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string web_root, std::size_t cache_bytes) : cache_cap_(cache_bytes) {
  if (web_root.empty()) return;
  std::error_code error;
  fs::path canonical = fs::canonical(web_root, error);
  if (!error && fs::is_directory(canonical, error)) root_ = canonical;
}

std::shared_ptr<const StaticFiles::File> StaticFiles::Load(const std::vector<std::string>& segments,
                                                           std::string_view cache_control) const {
  std::string key;
  for (const auto& segment : segments) {
    key += '/';
    key += segment;
  }
  {
    std::shared_lock lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  fs::path candidate = root_;
  for (const auto& segment : segments) {
    // DecodePath already refuses these; a second check keeps this class safe on its own.
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return nullptr;
    }
    candidate /= segment;
  }
  std::error_code error;
  fs::path resolved = fs::canonical(candidate, error);
  if (error) return nullptr;
  // Must stay inside the root after symlinks are followed.
  auto [root_end, resolved_it] =
      std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
  if (root_end != root_.end() || resolved_it == resolved.end()) return nullptr;
  if (!fs::is_regular_file(resolved, error) || error) return nullptr;
  std::ifstream stream(resolved, std::ios::binary);
  if (!stream) return nullptr;
  std::ostringstream content;
  content << stream.rdbuf();
  auto file = std::make_shared<File>();
  file->content = std::move(content).str();
  file->content_type = std::string(MimeTypeOf(segments.back()));
  file->cache_control = std::string(cache_control);
  if (file->content.size() <= kMaxCachedFile) {
    std::unique_lock lock(mutex_);
    if (cached_bytes_ + file->content.size() <= cache_cap_ && !cache_.count(key)) {
      cached_bytes_ += file->content.size();
      cache_.emplace(key, file);
    }
  }
  return file;
}

std::optional<Response> StaticFiles::Serve(const std::vector<std::string>& segments) const {
  if (root_.empty()) return std::nullopt;
  if (!segments.empty() && segments.front() == "api") return std::nullopt;
  std::shared_ptr<const File> file;
  if (!segments.empty()) {
    // Vite's hashed output never changes under one name; everything else is revalidated.
    bool immutable = segments.size() > 1 && segments.front() == "assets";
    file = Load(segments, immutable ? kImmutable : kNoCache);
    if (!file && !ExtensionOf(segments.back()).empty()) return std::nullopt;
  }
  if (!file) file = Load({"index.html"}, kNoCache);  // SPA fallback
  if (!file) return std::nullopt;
  Response response;
  response.status = 200;
  response.content_type = file->content_type;
  response.body = file->content;
  response.headers.emplace_back("Cache-Control", file->cache_control);
  return response;
}

}  // namespace linli::http
