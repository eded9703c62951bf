#include "runner/runner.hpp"

#include <chrono>

#include "conformance/spf/spf_judge.hpp"

#ifndef ASCOT_VERSION
#define ASCOT_VERSION "0.0.0"
#endif

namespace ascot::harness {

namespace {

reports::CaseResult run_spf_case(Adapter& adapter, const conformance::Purpose& purpose,
                                 const vectors::SpfVector& vector) {
  reports::CaseResult c;
  c.id = purpose.id + "/" + vector.id;
  c.vector = vector.id;
  c.vector_file = vector.file;
  c.comment = vector.comment;
  c.clause = vector.clause.key();
  c.level = vector.level;
  c.flags = vector.flags;
  std::vector<std::string> needed = purpose.claims;
  // 2.3: HELO checking is RECOMMENDED, not required; an IUT claims it separately.
  if (vector.query.identity == spf::Identity::helo) needed.emplace_back("spf.helo");
  for (const auto& claim : needed) {
    if (!adapter.profile().claims.contains(claim)) {
      c.verdict = Verdict::not_applicable;
      c.reason = "the IUT does not claim " + claim;
      return c;
    }
  }
  conformance::SpfProbe* probe = adapter.spf();
  if (probe == nullptr) {
    c.verdict = Verdict::not_applicable;
    c.reason =
        "the IUT's adapter (" + adapter.profile().adapter + ") cannot be asked SPF questions";
    return c;
  }
  auto start = std::chrono::steady_clock::now();
  auto observation = probe->check(vector.query, vector.zone);
  c.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!observation) {
    const Error& e = observation.error();
    bool iut_side = e.code == Errc::timeout || e.code == Errc::io_error;
    c.verdict = iut_side ? Verdict::inconclusive : Verdict::error;
    c.reason = (iut_side ? "could not observe the IUT: " : "harness fault: ") + e.to_string();
    return c;
  }
  auto judgement = conformance::judge_spf(vector, *observation);
  c.expected = judgement.expected;
  c.observed = judgement.observed;
  c.verdict = judgement.verdict;
  c.reason = judgement.reason;
  c.transcript = std::move(observation->transcript);
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
      reports::CaseResult c;
      if (purpose->suite == "spf") {
        c = run_spf_case(adapter, *purpose, *data.spf_by_id.at(id));
      } else {
        c.id = purpose->id + "/" + id;
        c.vector = id;
        c.verdict = Verdict::error;
        c.reason = "no case runner for suite '" + purpose->suite + "'";
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
