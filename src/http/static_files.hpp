// Serves the built web app (web/dist) with the right MIME types and cache headers.
//
// A path is resolved under web_root, canonicalised (symlinks followed) and must stay inside
// the canonical root; anything else is "not found". /assets/ files (Vite's hashed output) are
// immutable for a year; index.html is no-cache. A GET for a path without an extension that is
// not a file falls back to index.html (the SPA's router takes over). File contents are cached
// in memory up to a byte cap; the cache assumes web_root does not change while serving.
// Thread-safety: Serve may be called from several threads at once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/handler.hpp"

namespace linli::http {

// "text/html; charset=utf-8" for "index.html"; "application/octet-stream" when unknown.
std::string_view MimeTypeOf(std::string_view file_name);

class StaticFiles {
 public:
  // An empty or missing web_root serves nothing (every lookup is nullopt).
  StaticFiles(std::string web_root, std::size_t cache_bytes = 64u << 20);

  // segments: decoded path segments (see DecodePath). nullopt: not a static file and no
  // fallback applies (the caller answers 404).
  std::optional<Response> Serve(const std::vector<std::string>& segments) const;

 private:
  struct File {
    std::string content;
    std::string content_type;
    std::string cache_control;
  };
  std::shared_ptr<const File> Load(const std::vector<std::string>& segments,
                                   std::string_view cache_control) const;

  std::filesystem::path root_;  // canonical, empty when unusable
  std::size_t cache_cap_;
  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const File>> cache_;
  mutable std::size_t cached_bytes_ = 0;
};

}  // namespace linli::http
