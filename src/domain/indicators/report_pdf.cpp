// The monthly progress report as a PDF (IndicatorService::MonthlyReportPdf): the sheets of
// MonthlyReport laid out on A4 pages by core/pdf, with a chart of the place's own indicators
// this month against their targets (decision 0049-pdf).
#include <map>

#include "core/pdf/pdf_document.hpp"
#include "domain/indicators/indicator_service.hpp"

namespace linli::indicators {

namespace {

// The columns of ReportSheet::table (indicator_service.cpp, MonthlyReport).
namespace column {
enum : size_t {
  kPlaceCode,
  kPlace,
  kId,
  kName,
  kVariant,
  kTarget,
  kDeadline,
  kValue,
  kLast,
  kChange,
  kUnit,
  kStatus,
  kSource,
  kApproval,
  kResponsible
};
}  // namespace column

pdf::Tone ToneOf(const std::optional<Status>& status) {
  if (!status) return pdf::Tone::kNeutral;
  switch (*status) {
    case Status::kMet:
      return pdf::Tone::kGood;
    case Status::kOnTrack:
      return pdf::Tone::kNormal;
    case Status::kAtRisk:
      return pdf::Tone::kWarning;
    case Status::kBehind:
      return pdf::Tone::kBad;
    case Status::kNoData:
      break;
  }
  return pdf::Tone::kNeutral;
}

const std::string& Cell(const tabular::TableRow& row, size_t index) {
  return tabular::Table::Cell(row, index);
}

std::string IndicatorText(const tabular::TableRow& row) {
  std::string text = Cell(row, column::kName);
  if (!Cell(row, column::kVariant).empty()) text += "（" + Cell(row, column::kVariant) + "）";
  return text;
}

}  // namespace

core::Result<std::string> IndicatorService::MonthlyReportPdf(std::string_view place_code,
                                                             std::string_view period_in,
                                                             std::string_view department,
                                                             const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto sheets, MonthlyReport(place_code, period_in, department, caller));
  const std::string period = period_in.empty() ? CurrentPeriod() : std::string(period_in);
  std::string place_name(place_code);
  if (!sheets.empty() && !sheets.front().table.rows.empty()) {
    place_name = Cell(sheets.front().table.rows.front(), column::kPlace);
  }
  const std::string title = place_name + "规划指标月度报告";
  pdf::PdfOptions options;
  options.title = title + "（" + period + "）";
  options.footer = options.title;
  options.subject = "Linli indicators report, place " + std::string(place_code) + ", period " +
                    period + (department.empty() ? "" : ", one department");
  return pdf::RenderToBytes(options, [&](pdf::PdfDocument& document) {
    document.Title(title);
    std::string about = "统计月份：" + period + "；上月：" + PreviousPeriod(period) + "。";
    if (!department.empty()) about += "仅列 " + std::string(department) + " 负责的指标。";
    about += "方案：" + plan_.name + "。";
    document.Paragraph(about, {.size = 9.5, .space_after = 4, .grey = 0.25});
    if (!sheets.empty()) {
      // The place's own rows: how many of each status, and the chart.
      const ReportSheet& own = sheets.front();
      std::map<std::string, int> counts;
      for (const auto& row : own.table.rows) ++counts[Cell(row, column::kStatus)];
      std::string summary;
      for (const auto& [status, label] :
           {std::pair{Status::kMet, "已达标"}, std::pair{Status::kOnTrack, "进度正常"},
            std::pair{Status::kAtRisk, "有风险"}, std::pair{Status::kBehind, "滞后"},
            std::pair{Status::kNoData, "无数据"}}) {
        summary += std::string(summary.empty() ? "" : "，") + label + " " +
                   std::to_string(counts[std::string(kStatusNames.Label(status))]);
      }
      document.Paragraph(place_name + "本月指标：" + summary + "。", {.size = 9.5});
      pdf::BarChart chart;
      chart.title = place_name + "：本月值与目标";
      chart.value_legend = "本月值（颜色为状态）";
      chart.target_legend = "目标";
      for (size_t i = 0; i < own.table.rows.size() && i < own.figures.size(); ++i) {
        const auto& row = own.table.rows[i];
        const ReportFigure& figure = own.figures[i];
        std::string text = Cell(row, column::kValue).empty() ? "无数据" : Cell(row, column::kValue);
        if (!Cell(row, column::kUnit).empty() && !Cell(row, column::kValue).empty()) {
          text += " " + Cell(row, column::kUnit);
        }
        if (!Cell(row, column::kTarget).empty()) text += "｜目标 " + Cell(row, column::kTarget);
        chart.rows.push_back({Cell(row, column::kId) + " " + IndicatorText(row), figure.value,
                              figure.target, text, ToneOf(figure.status)});
      }
      document.Chart(chart);
    }
    for (const auto& sheet : sheets) {
      document.Heading(sheet.name);
      document.BeginTable({{"地区", 1.3},
                           {"编号", 0.6},
                           {"指标", 3.4},
                           {"目标", 1.0},
                           {"期限", 1.35},
                           {"本月值", 0.9, pdf::Align::kRight},
                           {"上月值", 0.9, pdf::Align::kRight},
                           {"变化", 0.75, pdf::Align::kRight},
                           {"单位", 0.7},
                           {"状态", 0.95},
                           {"来源", 0.95},
                           {"责任部门", 2.0}},
                          {.font_size = 6.5, .max_lines = 4});
      for (const auto& row : sheet.table.rows) {
        std::string source = Cell(row, column::kSource);
        if (!Cell(row, column::kApproval).empty()) {
          source += "·" + Cell(row, column::kApproval);
        }
        document.Row({Cell(row, column::kPlace), Cell(row, column::kId), IndicatorText(row),
                      Cell(row, column::kTarget), Cell(row, column::kDeadline),
                      Cell(row, column::kValue), Cell(row, column::kLast),
                      Cell(row, column::kChange), Cell(row, column::kUnit),
                      Cell(row, column::kStatus), source, Cell(row, column::kResponsible)});
      }
      document.EndTable();
    }
  });
}

}  // namespace linli::indicators
