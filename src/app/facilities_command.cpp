#include "app/facilities_command.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/fail.hpp"
#include "app/wiring.hpp"
#include "core/tabular/read_table.hpp"
#include "domain/facilities/osm.hpp"

namespace linli::app {

namespace {

core::Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::InvalidArgument("无法读取文件 " + path, "file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// .osm.pbf (and compressed XML) -> OSM XML through `osmium cat` (no shell: fork + execvp).
core::Result<std::string> ConvertWithOsmium(const std::string& path) {
  const auto output =
      std::filesystem::temp_directory_path() / ("linli-osm-" + std::to_string(::getpid()) + ".osm");
  const pid_t child = ::fork();
  if (child < 0) return core::Error::Internal("无法启动 osmium");
  if (child == 0) {
    const std::string out = output.string();
    const char* argv[] = {"osmium", "cat", "--no-progress", "--overwrite", "-f",
                          "osm",    "-o",  out.c_str(),     path.c_str(),  nullptr};
    ::execvp("osmium", const_cast<char* const*>(argv));
    std::_Exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::error_code ignored;
    std::filesystem::remove(output, ignored);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      return core::Error::Unavailable("找不到 osmium（osmium-tool），无法读取 .pbf 文件");
    }
    return core::Error::InvalidArgument("OSM 文件无法读取（osmium 转换失败，文件可能已损坏）",
                                        "file");
  }
  auto xml = ReadAll(output.string());
  std::error_code ignored;
  std::filesystem::remove(output, ignored);
  return xml;
}

int RunImportFacilities(Services& services, const FacilityCommands& commands) {
  auto bytes = tabular::ReadFileBytes(commands.file);
  if (!bytes.ok()) return Fail(bytes.error());
  auto table = tabular::ReadTable(*bytes);
  if (!table.ok()) return Fail(table.error());
  auto outcome = services.facilities->Import(*table, access::Caller::System(), commands.dry_run);
  if (!outcome.ok()) return Fail(outcome.error());
  if (outcome->problem_count > 0) {
    std::cerr << "linli: 导入未完成：发现 " << outcome->problem_count
              << " 处问题，未写入任何数据\n";
    for (const auto& p : outcome->problems) {
      std::cerr << "  第 " << p.row << " 行" << (p.cell.empty() ? "" : " " + p.cell)
                << (p.column.empty() ? "" : " [" + p.column + "]") << ": " << p.message << "\n";
    }
    if (!commands.error_copy.empty()) {
      auto copy = facilities::FacilityService::ErrorCopy(*table, *outcome);
      if (copy.ok()) {
        std::ofstream(commands.error_copy, std::ios::binary) << *copy;
        std::cerr << "error copy written to " << commands.error_copy << "\n";
      }
    }
    return 1;
  }
  std::cout << (commands.dry_run ? "checked (dry run, nothing written): " : "imported: ")
            << outcome->rows << " rows, " << outcome->imported << " facilities\n";
  return 0;
}

int RunImportOsm(Services& services, const Config& config, const FacilityCommands& commands) {
  const auto started = std::chrono::steady_clock::now();
  auto raw = ReadAll(commands.file);
  if (!raw.ok()) return Fail(raw.error());
  const size_t first = raw->find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const bool xml = first != std::string::npos && (*raw)[first] == '<';
  std::string text;
  if (xml && !EndsWith(commands.file, ".pbf")) {
    text = std::move(*raw);
  } else if (raw->empty()) {
    return Fail(core::Error::InvalidArgument("OSM 文件是空的", "file"));
  } else {
    auto converted = ConvertWithOsmium(commands.file);
    if (!converted.ok()) return Fail(converted.error());
    text = std::move(*converted);
  }
  const std::string& city = services.config.city_code;
  const std::string area = commands.town.empty() ? city : commands.town;
  auto info = services.facilities->ImportNetwork(
      area, text, std::filesystem::path(commands.file).filename().string(),
      access::Caller::CommandLine(city));
  if (!info.ok()) return Fail(info.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "walking network of " << area << ": " << info->node_count << " nodes, "
            << info->edge_count << " edges, " << seconds << " s\n";
  if (info->components) {
    std::cout << facilities::DescribeComponents(*info->components, info->anchors) << "\n";
  }
  return 0;
}

int RunComputeCircles(Services& services) {
  const auto started = std::chrono::steady_clock::now();
  auto summary = services.facilities->ComputeAll();
  if (!summary.ok()) return Fail(summary.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "computed " << summary->circles << " circles over " << summary->buildings
            << " buildings and " << summary->facilities << " open facilities";
  if (summary->straight_line_fallback) {
    std::cout << " (no walking network: straight line × 1.3)";
  } else {
    std::cout << " on " << summary->network_nodes << " nodes / " << summary->network_edges
              << " edges";
  }
  std::cout << "; " << summary->coverage_rows << " coverage rows, " << summary->gap_rows
            << " uncovered buildings; " << seconds << " s\n";
  return 0;
}

}  // namespace

void AddFacilityCommands(CLI::App& cli, CLI::App& import, FacilityCommands& commands) {
  commands.import_facilities = import.add_subcommand(
      "facilities", "import facilities from an .xlsx or .csv file (all or nothing)");
  commands.import_facilities->add_option("file", commands.file, "the .xlsx or .csv file")
      ->required();
  commands.import_facilities->add_flag("--dry-run", commands.dry_run, "check, write nothing");
  commands.import_facilities->add_option("--error-copy", commands.error_copy,
                                         "on problems, write the file with an error column here");
  commands.import_osm = import.add_subcommand(
      "osm", "import an OpenStreetMap walking network (.osm XML or .osm.pbf via osmium-tool)");
  commands.import_osm->add_option("file", commands.file, "the .osm or .osm.pbf file")->required();
  commands.import_osm->add_option("--town", commands.town,
                                  "area code the file covers (default: the city, LINLI_CITY)");
  auto* compute = cli.add_subcommand("compute", "recompute stored results");
  compute->require_subcommand(1);
  commands.compute_circles =
      compute->add_subcommand("circles", "recompute every life circle for the whole city");
}

int RunFacilityCommand(const Config& config, const FacilityCommands& commands) {
  const bool any = *commands.import_facilities || *commands.import_osm || *commands.compute_circles;
  if (!any) return -1;
  auto services = Wire(config);
  if (!services.ok()) return Fail(services.error());
  if (!(*services)->facilities) return Fail((*services)->facilities_error);
  if (*commands.import_facilities) return RunImportFacilities(**services, commands);
  if (*commands.import_osm) return RunImportOsm(**services, config, commands);
  return RunComputeCircles(**services);
}

}  // namespace linli::app
