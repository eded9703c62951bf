// The single-file HTML report: readable offline, no script needed, every value escaped.
#include <cctype>
#include <sstream>

#include "reports/results.hpp"

namespace ascot::reports {

namespace {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string anchor(std::string_view id) {
  std::string out = "p-";
  for (char c : id) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
  return out;
}

std::string badge(Verdict v) {
  return "<span class=\"v " + std::string(verdict_name(v)) + "\">" + std::string(verdict_name(v)) +
         "</span>";
}

void counts_header(std::ostringstream& o, const char* first) {
  o << "<tr><th>" << first << "</th>";
  for (Verdict v : kAllVerdicts) o << "<th>" << verdict_name(v) << "</th>";
  o << "<th>total</th></tr>\n";
}

void counts_row(std::ostringstream& o, const std::string& label, const Counts& c) {
  o << "<tr><td>" << label << "</td>";
  for (Verdict v : kAllVerdicts) {
    int n = c.count(v);
    o << "<td class=\"n" << (n ? " " + std::string(verdict_name(v)) : std::string()) << "\">" << n
      << "</td>";
  }
  o << "<td class=\"n\">" << c.total() << "</td></tr>\n";
}

constexpr const char* kStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin:1.5em 0 .3em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}td.n{text-align:right}code,pre{font:12px/1.35 ui-monospace,monospace}
pre{background:#f7f7f7;padding:.5em;overflow-x:auto;white-space:pre-wrap}
.v{display:inline-block;padding:0 .4em;border-radius:3px;font-weight:600;font-size:.9em}
.pass{background:#d8f0d8}.fail{background:#f6c8c8}.non-strict{background:#fbe9b7}.inconclusive{background:#e2d5f0}
.not-applicable{background:#e8e8e8}.error{background:#f0b0b0}
td.pass,td.fail,td.non-strict,td.inconclusive,td.not-applicable,td.error{font-weight:600}
.meta td:first-child{font-weight:600}.muted{color:#666}details{margin:.2em 0}
)";

}  // namespace

std::string to_html(const Run& run) {
  Summary s = summarize(run);
  std::ostringstream o;
  std::string iut_name =
      run.iut.is_object() && run.iut.as_object().contains("name") && run.iut.at("name").is_string()
          ? std::string(run.iut.at("name").get_string())
          : "unknown IUT";
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ASCOT report: "
    << esc(iut_name) << " (" << esc(run.suite) << ")</title>\n<style>" << kStyle
    << "</style></head><body>\n";
  o << "<h1>ASCOT conformance report</h1>\n<table class=\"meta\">\n";
  o << "<tr><td>IUT</td><td>" << esc(iut_name) << "</td></tr>\n";
  if (run.iut.is_object()) {
    for (const char* key : {"adapter", "description", "source"}) {
      if (run.iut.as_object().contains(key) && run.iut.at(key).is_string()) {
        o << "<tr><td>" << key << "</td><td>" << esc(run.iut.at(key).get_string())
          << "</td></tr>\n";
      }
    }
    if (run.iut.as_object().contains("claims") && run.iut.at("claims").is_array()) {
      o << "<tr><td>claims</td><td>";
      for (const auto& c : run.iut.at("claims").get_array()) {
        if (c.is_string()) o << "<code>" << esc(c.get_string()) << "</code> ";
      }
      o << "</td></tr>\n";
    }
  }
  o << "<tr><td>suite</td><td>" << esc(run.suite)
    << (run.filter.empty() ? "" : " (filter " + esc(run.filter) + ")")
    << "</td></tr>\n<tr><td>suite version</td><td>" << esc(run.suite_version) << "</td></tr>\n"
    << "<tr><td>tool</td><td>" << esc(run.tool) << " " << esc(run.tool_version) << "</td></tr>\n"
    << "<tr><td>run</td><td>" << esc(run.started) << " to " << esc(run.finished) << "</td></tr>\n"
    << "<tr><td>outcome</td><td>" << (passed(run) ? badge(Verdict::pass) : badge(Verdict::fail))
    << " " << s.cases.count(Verdict::pass) << " of " << s.cases.total()
    << " cases pass</td></tr>\n</table>\n";

  o << "<h2>Summary</h2>\n<table>\n";
  counts_header(o, "");
  counts_row(o, "test purposes", s.purposes);
  counts_row(o, "cases", s.cases);
  counts_row(o, "cases of MUST requirements", s.must_cases);
  counts_row(o, "cases of SHOULD/MAY requirements", s.should_cases);
  o << "</table>\n<p class=\"muted\">non-strict: a SHOULD not followed, in a way the specification "
       "permits. "
       "inconclusive: the harness could not observe a result. not-applicable: the IUT does not "
       "claim the feature.</p>\n";

  o << "<h2>By ITU-T clause</h2>\n<p class=\"muted\">derived-from-heading: the mapping rests on "
       "the clause heading "
       "only; the Recommendation's normative text was not available.</p>\n<table>\n";
  counts_header(o, "clause");
  for (const auto& [clause, counts] : s.by_itu_clause) {
    std::string label = clause;
    for (const auto& p : run.purposes) {
      for (const auto& itu : p.itu) {
        if (itu.clause == clause) label = clause + " " + itu.heading + " (" + itu.basis + ")";
      }
    }
    counts_row(o, esc(label), counts);
  }
  o << "</table>\n<h2>By RFC clause</h2>\n<table>\n";
  counts_header(o, "clause");
  for (const auto& [clause, counts] : s.by_rfc_clause) counts_row(o, esc(clause), counts);
  o << "</table>\n";

  o << "<h2>Test "
       "purposes</h2>\n<table>\n<tr><th>purpose</th><th>title</th><th>level</th><th>RFC</th>"
       "<th>cases</th><th>verdict</th></tr>\n";
  for (const auto& p : run.purposes) {
    o << "<tr><td><a href=\"#" << anchor(p.id) << "\"><code>" << esc(p.id) << "</code></a></td><td>"
      << esc(p.title) << "</td><td>" << level_name(p.level) << "</td><td>" << esc(p.rfc)
      << "</td><td class=\"n\">" << p.cases.size() << "</td><td>" << badge(p.verdict)
      << "</td></tr>\n";
  }
  o << "</table>\n";

  for (const auto& p : run.purposes) {
    o << "<h3 id=\"" << anchor(p.id) << "\">" << badge(p.verdict) << " <code>" << esc(p.id)
      << "</code> " << esc(p.title) << "</h3>\n<p>" << esc(p.description)
      << "</p>\n<p class=\"muted\">" << level_name(p.level) << " &middot; RFC " << esc(p.rfc);
    for (const auto& itu : p.itu)
      o << " &middot; " << esc(itu.clause) << " " << esc(itu.heading) << " (" << esc(itu.basis)
        << ")";
    o << " &middot; claims:";
    for (const auto& c : p.claims) o << " <code>" << esc(c) << "</code>";
    o << "</p>\n";
    if (!p.reason.empty()) o << "<p>" << esc(p.reason) << "</p>\n";
    o << "<table>\n<tr><th>vector</th><th>clause</th><th>expected</th><th>observed</"
         "th><th>verdict</th></tr>\n";
    for (const auto& c : p.cases) {
      o << "<tr><td><code>" << esc(c.vector) << "</code><br><span class=\"muted\">"
        << esc(c.comment) << "</span>";
      if (!c.reason.empty()) o << "<br>" << esc(c.reason);
      if (!c.transcript.empty())
        o << "<details><summary>transcript</summary><pre>" << esc(c.transcript)
          << "</pre></details>";
      o << "</td><td>" << esc(c.clause) << " " << level_name(c.level) << "</td><td>"
        << esc(c.expected) << "</td><td>" << esc(c.observed) << "</td><td>" << badge(c.verdict)
        << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  o << "<p class=\"muted\">Rendered from results.json by " << esc(run.tool) << " "
    << esc(run.tool_version) << ".</p>\n</body></html>\n";
  return o.str();
}

}  // namespace ascot::reports
