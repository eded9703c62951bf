#include "runner/runner.hpp"

#include <chrono>

#ifndef ASCOT_VERSION
#define ASCOT_VERSION "0.0.0"
#endif

namespace ascot::harness {

namespace {

reports::CaseResult run_case(Adapter& adapter, const conformance::Purpose& purpose,
                             const conformance::Suite& suite, const std::string& id) {
  reports::CaseResult c;
  c.id = purpose.id + "/" + id;
  c.vector = id;
  const vectors::VectorMeta* meta = suite.meta(id);
  if (meta == nullptr) {
    c.verdict = Verdict::error;
    c.reason = "no " + std::string(suite.name()) + " vector '" + id + "'";
    return c;
  }
  c.vector_file = meta->file;
  c.comment = meta->comment;
  c.clause = meta->clause.key();
  c.level = meta->level;
  c.flags = meta->flags;
  std::vector<std::string> needed = purpose.claims;
  for (auto& extra : suite.claims(id)) needed.push_back(std::move(extra));
  for (const auto& claim : needed) {
    if (!adapter.profile().claims.contains(claim)) {
      c.verdict = Verdict::not_applicable;
      c.reason = "the IUT does not claim " + claim;
      return c;
    }
  }
  auto start = std::chrono::steady_clock::now();
  conformance::CaseOutcome outcome = suite.run(adapter.probes(), id);
  c.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  c.expected = std::move(outcome.expected);
  c.observed = std::move(outcome.observed);
  c.verdict = outcome.verdict;
  c.reason = std::move(outcome.reason);
  c.transcript = std::move(outcome.transcript);
  return c;
}

}  // namespace

std::size_t case_count(const SuiteData& data, const RunOptions& options) {
  std::size_t n = 0;
  for (const auto* p : data.catalogue.select(options.suite, options.filter)) n += p->vectors.size();
  return n;
}

Expected<reports::Run> run_suite(Adapter& adapter, const SuiteData& data, const RunOptions& options,
                                 ProgressSink* progress) {
  auto suites = data.catalogue.suites();
  if (options.suite != "all" &&
      std::find(suites.begin(), suites.end(), options.suite) == suites.end()) {
    std::string known;
    for (const auto& s : suites) known += (known.empty() ? "" : ", ") + s;
    return fail(Errc::invalid_argument,
                "unknown suite '" + options.suite + "' (known: all, " + known + ")");
  }
  auto selected = data.catalogue.select(options.suite, options.filter);
  if (selected.empty()) {
    return fail(Errc::invalid_argument,
                "no test purpose matches the filter '" + options.filter + "'");
  }
  reports::Run run;
  run.tool_version = ASCOT_VERSION;
  run.suite_version = std::string(ASCOT_VERSION) + "+" + data.digest;
  run.suite = options.suite;
  run.filter = options.filter;
  run.iut = profile_to_json(adapter.profile());
  run.started = reports::utc_now();
  std::size_t total = case_count(data, options);
  std::size_t done = 0;
  for (const auto* purpose : selected) {
    reports::PurposeResult p;
    p.id = purpose->id;
    p.suite = purpose->suite;
    p.title = purpose->title;
    p.description = purpose->description;
    p.level = purpose->level;
    p.rfc = purpose->rfc.key();
    for (const auto& itu : purpose->itu) {
      p.itu.push_back({itu.clause.key(), std::string(basis_name(itu.clause.basis)), itu.heading});
    }
    p.claims = purpose->claims;
    bool any_applicable = false;
    Verdict verdict = Verdict::not_applicable;
    for (const auto& id : purpose->vectors) {
      const conformance::Suite* suite = data.suite(purpose->suite);
      reports::CaseResult c;
      if (suite == nullptr) {
        c.id = purpose->id + "/" + id;
        c.vector = id;
        c.verdict = Verdict::error;
        c.reason = "no suite '" + purpose->suite + "'";
      } else {
        c = run_case(adapter, *purpose, *suite, id);
      }
      if (c.verdict != Verdict::not_applicable) any_applicable = true;
      verdict = worse(verdict, c.verdict);
      p.cases.push_back(std::move(c));
      ++done;
      if (progress != nullptr) progress->case_done(done, total, p.cases.back());
    }
    p.verdict = verdict;
    if (!any_applicable && !p.cases.empty()) p.reason = p.cases.front().reason;
    run.purposes.push_back(std::move(p));
  }
  run.finished = reports::utc_now();
  return run;
}

}  // namespace ascot::harness
