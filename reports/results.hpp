// reports/results.hpp: the result model of a conformance run.
//
// One Run is written once as results.json, the canonical record (schema in
// reports/schemas/results.schema.json, described in docs/results.md). Every other report
// (JUnit XML, HTML, the interop matrix later) is rendered from a Run read back from that
// file, so all of them always agree.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/clause.hpp"
#include "core/error.hpp"
#include "core/verdict.hpp"

namespace ascot::reports {

inline constexpr std::string_view kResultsFormat = "ascot-results/1";

struct CaseResult {
  std::string id;           // "<purpose id>/<vector id>"
  std::string vector;       // the vector id
  std::string vector_file;  // where the vector lives, relative to the data folder
  std::string comment;      // what the vector checks
  std::string clause;       // the vector's clause, e.g. "7208:4.6.4"
  Level level = Level::must;
  std::vector<std::string> flags;
  std::string expected;
  std::string observed;
  Verdict verdict = Verdict::error;
  std::string reason;
  std::string transcript;
  double duration_ms = 0;
};

struct ItuReference {
  std::string clause;   // "X.1240:7.4"
  std::string basis;    // "derived-from-heading" or "normative-text"
  std::string heading;  // the clause heading
};

struct PurposeResult {
  std::string id;
  std::string suite;
  std::string title;
  std::string description;
  Level level = Level::must;
  std::string rfc;  // "7208:4.6.4"
  std::vector<ItuReference> itu;
  std::vector<std::string> claims;
  Verdict verdict = Verdict::not_applicable;  // the worst of its cases
  std::string reason;                         // why not-applicable, when it is
  std::vector<CaseResult> cases;
};

struct Run {
  std::string format = std::string(kResultsFormat);
  std::string tool = "ascot";
  std::string tool_version;
  std::string suite_version;  // the tool version and a digest of the vectors and purposes
  std::string suite;          // the --suite selection
  std::string filter;         // the --filter selection, if any
  boost::json::value iut;     // the IUT profile as run (name, adapter, claims, pixit)
  std::string started;        // ISO 8601, UTC
  std::string finished;
  std::vector<PurposeResult> purposes;
};

// Counts of verdicts, for a summary line or a table row.
struct Counts {
  std::map<Verdict, int> by_verdict;
  int total() const;
  int count(Verdict v) const;
  void add(Verdict v) { ++by_verdict[v]; }
};

struct Summary {
  Counts purposes;
  Counts cases;
  Counts must_cases;    // cases of MUST-level vectors
  Counts should_cases;  // cases of SHOULD- and MAY-level vectors
  std::map<std::string, Counts, ClauseKeyLess> by_rfc_clause;  // vector clause -> case verdicts
  std::map<std::string, Counts, ClauseKeyLess>
      by_itu_clause;  // purpose ITU clause -> case verdicts
};

Summary summarize(const Run& run);

// passed reports whether nothing failed: no fail, inconclusive or error case.
bool passed(const Run& run);

boost::json::value to_json(const Run& run);
// from_json reads a results.json document strictly.
Expected<Run> from_json(const boost::json::value& doc);

// to_junit renders JUnit XML: a testsuite per purpose, a testcase per case; fail and
// inconclusive are failures, error is an error, not-applicable is skipped, and every
// testcase carries its ASCOT verdict as a property (non-strict passes are marked so).
std::string to_junit(const Run& run);

// to_html renders a single self-contained HTML page: summary, MUST/SHOULD split, tables per
// RFC and ITU clause, and every purpose with its cases, expected vs observed, and transcript.
std::string to_html(const Run& run);

// write_reports writes results.json, junit.xml and report.html into |dir| (created if
// missing). Each file is written atomically; results.json is written last.
Expected<void> write_reports(const Run& run, const std::string& dir);

// utc_now returns the current time as ISO 8601 UTC with seconds ("2026-11-28T16:22:39Z").
std::string utc_now();

}  // namespace ascot::reports
