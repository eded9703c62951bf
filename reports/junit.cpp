// JUnit XML from a Run, written with pugixml. The format follows the de-facto schema that
// CI systems read (testsuites/testsuite/testcase with failure, error and skipped).
#include <pugixml.hpp>
#include <sstream>

#include "reports/results.hpp"

namespace ascot::reports {

std::string to_junit(const Run& run) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = ("ascot " + run.suite).c_str();
  Summary all = summarize(run);
  suites.append_attribute("tests") = all.cases.total();
  suites.append_attribute("failures") =
      all.cases.count(Verdict::fail) + all.cases.count(Verdict::inconclusive);
  suites.append_attribute("errors") = all.cases.count(Verdict::error);
  suites.append_attribute("skipped") = all.cases.count(Verdict::not_applicable);
  for (const auto& p : run.purposes) {
    auto suite = suites.append_child("testsuite");
    Counts counts;
    double seconds = 0;
    for (const auto& c : p.cases) {
      counts.add(c.verdict);
      seconds += c.duration_ms / 1000.0;
    }
    suite.append_attribute("name") = p.id.c_str();
    suite.append_attribute("tests") = counts.total();
    suite.append_attribute("failures") =
        counts.count(Verdict::fail) + counts.count(Verdict::inconclusive);
    suite.append_attribute("errors") = counts.count(Verdict::error);
    suite.append_attribute("skipped") = counts.count(Verdict::not_applicable);
    suite.append_attribute("time") = seconds;
    suite.append_attribute("timestamp") = run.started.c_str();
    auto props = suite.append_child("properties");
    auto prop = [&](pugi::xml_node parent, const char* name, const std::string& value) {
      auto node = parent.append_child("property");
      node.append_attribute("name") = name;
      node.append_attribute("value") = value.c_str();
    };
    prop(props, "rfc", p.rfc);
    prop(props, "level", std::string(level_name(p.level)));
    for (const auto& itu : p.itu) prop(props, "itu", itu.clause + " (" + itu.basis + ")");
    prop(props, "verdict", std::string(verdict_name(p.verdict)));
    for (const auto& c : p.cases) {
      auto tc = suite.append_child("testcase");
      tc.append_attribute("classname") = p.id.c_str();
      tc.append_attribute("name") = c.vector.c_str();
      tc.append_attribute("time") = c.duration_ms / 1000.0;
      auto case_props = tc.append_child("properties");
      prop(case_props, "verdict", std::string(verdict_name(c.verdict)));
      prop(case_props, "clause", c.clause);
      prop(case_props, "level", std::string(level_name(c.level)));
      std::string message = "expected " + c.expected + ", observed " + c.observed +
                            (c.reason.empty() ? "" : ": " + c.reason);
      switch (c.verdict) {
        case Verdict::fail:
        case Verdict::inconclusive: {
          auto f = tc.append_child("failure");
          f.append_attribute("type") = std::string(verdict_name(c.verdict)).c_str();
          f.append_attribute("message") = message.c_str();
          break;
        }
        case Verdict::error: {
          auto e = tc.append_child("error");
          e.append_attribute("message") = message.c_str();
          break;
        }
        case Verdict::not_applicable: {
          auto s = tc.append_child("skipped");
          s.append_attribute("message") = c.reason.c_str();
          break;
        }
        case Verdict::pass:
        case Verdict::non_strict:
          break;
      }
      if (!c.transcript.empty())
        tc.append_child("system-out")
            .append_child(pugi::node_pcdata)
            .set_value(c.transcript.c_str());
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace ascot::reports
