#include "http/people/resident_file_routes.hpp"

#include <boost/json/object.hpp>

#include "core/tabular/xlsx_writer.hpp"
#include "http/import_response.hpp"
#include "http/people/people_routes.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

ImportRoute ResidentImportRoute() {
  return ImportRoute{&people::ResidentFileService::ErrorCopy, "import-errors.xlsx",
                     "导入错误.xlsx"};
}

}  // namespace

std::vector<Route> ResidentFileRoutes(people::ResidentFileService& files, ImportGate& imports) {
  std::vector<Route> routes;
  routes.push_back(Route{
      "GET", "/api/v1/residents/import-template.xlsx", Permission::kPeopleImport,
      [](Request&) -> core::Result<Response> {
        tabular::XlsxWriteOptions options;
        options.sheet_name = "居民";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(
                                         people::ResidentFileService::ImportTemplate(), options));
        return XlsxAttachment(std::move(bytes), "residents-template.xlsx", "居民导入模板.xlsx");
      },
      "the residents import template (.xlsx)"});

  routes.push_back(imports.MakeRoute(
      "/api/v1/residents/import", Permission::kPeopleImport, ResidentImportRoute(),
      [&files](Request& request, const tabular::Table& table,
               const tabular::ImportOptions& options) -> core::Result<ImportAnswer> {
        ASSIGN_OR_RETURN(auto outcome, files.Import(table, request.Caller(), options));
        json::object body;
        body["imported"] = outcome.imported;
        body["updated"] = outcome.updated;
        body["unchanged"] = outcome.unchanged;
        body["rows"] = outcome.rows;
        body["buildings_created"] = outcome.buildings_created;
        body["households_created"] = outcome.households_created;
        body["dry_run"] = options.dry_run;
        body["written"] = outcome.written;
        return ImportAnswer{std::move(outcome), std::move(body)};
      },
      "import residents from an .xlsx or .csv body (all or nothing)"));

  routes.push_back(Route{
      "GET", "/api/v1/residents/export.xlsx", Permission::kPeopleExport,
      [&files](Request& request) -> core::Result<Response> {
        const people::ResidentSearchRequest search = ResidentSearchOf(request);
        const auto unmasked = request.Query("unmasked");
        if (unmasked && *unmasked != "true" && *unmasked != "false") {
          return core::Error::InvalidArgument("unmasked 应为 true 或 false", "unmasked");
        }
        ASSIGN_OR_RETURN(auto table, files.Export(search, request.Caller(), unmasked == "true"));
        tabular::XlsxWriteOptions options;
        options.sheet_name = "居民";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
        return XlsxAttachment(std::move(bytes), "residents.xlsx", "居民名单.xlsx");
      },
      "export the filtered residents as .xlsx (masked; unmasked=true with people.personal_data; "
      "audited)"});
  return routes;
}

}  // namespace linli::http
