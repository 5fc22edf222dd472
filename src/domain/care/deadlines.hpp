// The working-day deadlines of care's procedures as data (data/care/deadlines.json; issue 19;
// decisions 0034 and 0035): how long the children's director and the county have to acknowledge
// and to close a mandatory report (强制报告), and how long each stage of an application for
// assistance has — the town's review, the county's approval, an emergency's (救急难) decision.
// Read once at start (config `care_deadlines_file`); a city edits the file to its own rules. A
// deadline is counted in working days of the calendar in force, from the moment the stage began;
// the deadline jobs tell the level above of each stage past its deadline.
// Thread-safety: plain values.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace linli::care {

struct CareDeadlines {
  // Mandatory reports: from filing to acknowledgement, and to closing.
  int report_acknowledge_working_days = 1;
  int report_close_working_days = 5;
  // Applications: the town's review of a benefit, the county's approval after it, and the town's
  // decision on an emergency.
  int town_review_working_days = 5;
  int county_approval_working_days = 10;
  int emergency_working_days = 1;
};

// The deadlines file, checked: an object with `mandatory_reports` {acknowledge, close} and
// `applications` {town_review, county_approval, emergency}, each a whole number of working days
// of 1–60 (a report closes no sooner than it is acknowledged). Every field is required, so that
// the file says all the rules it sets. Errors name the JSON path.
core::Result<CareDeadlines> ParseCareDeadlines(std::string_view text);

}  // namespace linli::care
