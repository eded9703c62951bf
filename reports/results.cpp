#include "reports/results.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "core/files.hpp"
#include "core/json.hpp"

namespace ascot::reports {

int Counts::total() const {
  int n = 0;
  for (const auto& [v, c] : by_verdict) n += c;
  return n;
}

int Counts::count(Verdict v) const {
  auto it = by_verdict.find(v);
  return it == by_verdict.end() ? 0 : it->second;
}

Summary summarize(const Run& run) {
  Summary s;
  for (const auto& p : run.purposes) {
    s.purposes.add(p.verdict);
    for (const auto& c : p.cases) {
      s.cases.add(c.verdict);
      (c.level == Level::must ? s.must_cases : s.should_cases).add(c.verdict);
      s.by_rfc_clause[c.clause].add(c.verdict);
      for (const auto& itu : p.itu) s.by_itu_clause[itu.clause].add(c.verdict);
    }
  }
  return s;
}

bool passed(const Run& run) {
  Summary s = summarize(run);
  return s.cases.count(Verdict::fail) == 0 && s.cases.count(Verdict::inconclusive) == 0 &&
         s.cases.count(Verdict::error) == 0;
}

std::string utc_now() {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

boost::json::array strings(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

}  // namespace

boost::json::value to_json(const Run& run) {
  boost::json::array purposes;
  for (const auto& p : run.purposes) {
    boost::json::array cases;
    for (const auto& c : p.cases) {
      cases.emplace_back(boost::json::object{{"id", c.id},
                                             {"vector", c.vector},
                                             {"vectorFile", c.vector_file},
                                             {"comment", c.comment},
                                             {"clause", c.clause},
                                             {"level", level_name(c.level)},
                                             {"flags", strings(c.flags)},
                                             {"expected", c.expected},
                                             {"observed", c.observed},
                                             {"verdict", verdict_name(c.verdict)},
                                             {"reason", c.reason},
                                             {"transcript", c.transcript},
                                             {"durationMs", c.duration_ms}});
    }
    boost::json::array itu;
    for (const auto& i : p.itu) {
      itu.emplace_back(
          boost::json::object{{"clause", i.clause}, {"basis", i.basis}, {"heading", i.heading}});
    }
    purposes.emplace_back(boost::json::object{{"id", p.id},
                                              {"suite", p.suite},
                                              {"title", p.title},
                                              {"description", p.description},
                                              {"level", level_name(p.level)},
                                              {"rfc", p.rfc},
                                              {"itu", std::move(itu)},
                                              {"claims", strings(p.claims)},
                                              {"verdict", verdict_name(p.verdict)},
                                              {"reason", p.reason},
                                              {"cases", std::move(cases)}});
  }
  Summary s = summarize(run);
  auto counts = [](const Counts& c) {
    boost::json::object o;
    for (Verdict v : kAllVerdicts) o[verdict_name(v)] = c.count(v);
    o["total"] = c.total();
    return o;
  };
  return boost::json::object{
      {"format", run.format},
      {"tool", run.tool},
      {"toolVersion", run.tool_version},
      {"suiteVersion", run.suite_version},
      {"suite", run.suite},
      {"filter", run.filter},
      {"iut", run.iut},
      {"started", run.started},
      {"finished", run.finished},
      {"summary", boost::json::object{{"purposes", counts(s.purposes)},
                                      {"cases", counts(s.cases)},
                                      {"mustCases", counts(s.must_cases)},
                                      {"shouldCases", counts(s.should_cases)}}},
      {"purposes", std::move(purposes)}};
}

namespace {

template <class T>
Expected<void> read(json::Object& obj, std::string_view key, T& into) {
  if constexpr (std::is_same_v<T, std::string>) {
    auto v = obj.string(key);
    if (!v) return std::unexpected(v.error());
    into = *v;
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    auto v = obj.strings(key);
    if (!v) return std::unexpected(v.error());
    into = *v;
  }
  return {};
}

Expected<Verdict> read_verdict(json::Object& obj) {
  std::string name;
  auto r = read(obj, "verdict", name);
  if (!r) return std::unexpected(r.error());
  auto v = parse_verdict(name);
  if (!v)
    return fail(Errc::parse_error, "unknown verdict '" + name + "'", obj.child_path("verdict"));
  return *v;
}

Expected<Level> read_level(json::Object& obj) {
  std::string name;
  auto r = read(obj, "level", name);
  if (!r) return std::unexpected(r.error());
  auto l = parse_level(name);
  if (!l) return fail(Errc::parse_error, "unknown level '" + name + "'", obj.child_path("level"));
  return *l;
}

#define ASCOT_TRY(expr)                                    \
  do {                                                     \
    auto ascot_r = (expr);                                 \
    if (!ascot_r) return std::unexpected(ascot_r.error()); \
  } while (0)

Expected<CaseResult> read_case(const boost::json::value& v, const std::string& path) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  CaseResult c;
  ASCOT_TRY(read(*obj, "id", c.id));
  ASCOT_TRY(read(*obj, "vector", c.vector));
  ASCOT_TRY(read(*obj, "vectorFile", c.vector_file));
  ASCOT_TRY(read(*obj, "comment", c.comment));
  ASCOT_TRY(read(*obj, "clause", c.clause));
  ASCOT_TRY(read(*obj, "flags", c.flags));
  ASCOT_TRY(read(*obj, "expected", c.expected));
  ASCOT_TRY(read(*obj, "observed", c.observed));
  ASCOT_TRY(read(*obj, "reason", c.reason));
  ASCOT_TRY(read(*obj, "transcript", c.transcript));
  auto level = read_level(*obj);
  if (!level) return std::unexpected(level.error());
  c.level = *level;
  auto verdict = read_verdict(*obj);
  if (!verdict) return std::unexpected(verdict.error());
  c.verdict = *verdict;
  const auto* d = obj->value("durationMs");
  if (d == nullptr || !d->is_number())
    return fail(Errc::parse_error, "expected a number", obj->child_path("durationMs"));
  c.duration_ms = d->to_number<double>();
  ASCOT_TRY(obj->finish());
  return c;
}

Expected<PurposeResult> read_purpose(const boost::json::value& v, const std::string& path) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  PurposeResult p;
  ASCOT_TRY(read(*obj, "id", p.id));
  ASCOT_TRY(read(*obj, "suite", p.suite));
  ASCOT_TRY(read(*obj, "title", p.title));
  ASCOT_TRY(read(*obj, "description", p.description));
  ASCOT_TRY(read(*obj, "rfc", p.rfc));
  ASCOT_TRY(read(*obj, "claims", p.claims));
  ASCOT_TRY(read(*obj, "reason", p.reason));
  auto level = read_level(*obj);
  if (!level) return std::unexpected(level.error());
  p.level = *level;
  auto verdict = read_verdict(*obj);
  if (!verdict) return std::unexpected(verdict.error());
  p.verdict = *verdict;
  auto itu = obj->array("itu");
  if (!itu) return std::unexpected(itu.error());
  for (std::size_t i = 0; i < (*itu)->size(); ++i) {
    auto entry = json::Object::of((**itu)[i], json::index_path(obj->child_path("itu"), i));
    if (!entry) return std::unexpected(entry.error());
    ItuReference ref;
    ASCOT_TRY(read(*entry, "clause", ref.clause));
    ASCOT_TRY(read(*entry, "basis", ref.basis));
    ASCOT_TRY(read(*entry, "heading", ref.heading));
    ASCOT_TRY(entry->finish());
    p.itu.push_back(std::move(ref));
  }
  auto cases = obj->array("cases");
  if (!cases) return std::unexpected(cases.error());
  for (std::size_t i = 0; i < (*cases)->size(); ++i) {
    auto c = read_case((**cases)[i], json::index_path(obj->child_path("cases"), i));
    if (!c) return std::unexpected(c.error());
    p.cases.push_back(std::move(*c));
  }
  ASCOT_TRY(obj->finish());
  return p;
}

}  // namespace

Expected<Run> from_json(const boost::json::value& doc) {
  auto obj = json::Object::of(doc, "");
  if (!obj) return std::unexpected(obj.error());
  Run run;
  ASCOT_TRY(read(*obj, "format", run.format));
  if (run.format != kResultsFormat) {
    return fail(Errc::unsupported,
                "results format '" + run.format + "' is not " + std::string(kResultsFormat),
                "format");
  }
  ASCOT_TRY(read(*obj, "tool", run.tool));
  ASCOT_TRY(read(*obj, "toolVersion", run.tool_version));
  ASCOT_TRY(read(*obj, "suiteVersion", run.suite_version));
  ASCOT_TRY(read(*obj, "suite", run.suite));
  ASCOT_TRY(read(*obj, "filter", run.filter));
  ASCOT_TRY(read(*obj, "started", run.started));
  ASCOT_TRY(read(*obj, "finished", run.finished));
  const auto* iut = obj->value("iut");
  if (iut == nullptr || !iut->is_object())
    return fail(Errc::parse_error, "expected an object", "iut");
  run.iut = *iut;
  obj->value("summary");  // derived from the purposes; recomputed, not trusted
  auto purposes = obj->array("purposes");
  if (!purposes) return std::unexpected(purposes.error());
  for (std::size_t i = 0; i < (*purposes)->size(); ++i) {
    auto p = read_purpose((**purposes)[i], json::index_path("purposes", i));
    if (!p) return std::unexpected(p.error());
    run.purposes.push_back(std::move(*p));
  }
  ASCOT_TRY(obj->finish());
  return run;
}

Expected<void> write_reports(const Run& run, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(Errc::io_error, "cannot create the output folder: " + ec.message(), dir);
  std::string json_text = json::pretty(to_json(run));
  // Render from what will be on disk, so that the reports cannot disagree with it.
  auto reread = from_json(boost::json::parse(json_text));
  if (!reread)
    return fail(Errc::internal, "results.json does not read back: " + reread.error().to_string());
  auto r = write_file_atomic(dir + "/junit.xml", to_junit(*reread));
  if (!r) return r;
  r = write_file_atomic(dir + "/report.html", to_html(*reread));
  if (!r) return r;
  return write_file_atomic(dir + "/results.json", json_text + "\n");
}

}  // namespace ascot::reports
