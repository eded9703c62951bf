// ascot run: the conformance suite against an IUT, with reports.
#include <unistd.h>

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "adapters/adapter.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "runner/runner.hpp"

namespace ascot::cli {

namespace {

const CommandSpec kSpec{
    "ascot run [--iut IUT] [--suite SUITE] [--filter PREFIX] [--out DIR] [--list]",
    "Run the test purposes against an implementation under test, print a summary (counts per "
    "verdict and\n"
    "per clause) and write DIR/results.json, DIR/junit.xml and DIR/report.html, each atomically.\n"
    "IUT is 'reference' (the built-in implementation, in-process), 'reference-dns' (the same, "
    "asking the\n"
    "harness's DNS scenario server over the network), 'reference-mta' (the reference MTA started "
    "on\n"
    "loopback and driven over SMTP, for the smtp suite) or an IUT profile file "
    "(docs/iut-profile.md).\n"
    "Exit status: 0 when no case failed, was inconclusive or hit a harness error; 1 otherwise; 2 "
    "for bad\n"
    "arguments or data.",
    {
        {"iut", "IUT", "reference (default), reference-dns, reference-mta, or a profile file"},
        {"suite", "SUITE", "all (default) or one suite: spf"},
        {"filter", "PREFIX", "only purposes whose id starts with PREFIX, e.g. spf/4.6.4"},
        {"out", "DIR", "where to write the reports (default out/<iut>)"},
        {"list", "", "list the selected test purposes (id, level, clauses, cases) and run nothing"},
        {"quiet", "", "no progress line while running"},
    },
    "",
    "  ascot run --iut reference --suite spf --out out/reference\n"
    "  ascot run --list --filter spf/5\n"};

class TerminalProgress final : public harness::ProgressSink {
 public:
  explicit TerminalProgress(bool live) : live_(live) {}
  void case_done(std::size_t done, std::size_t total, const reports::CaseResult& result) override {
    counts_.add(result.verdict);
    if (!live_) return;
    std::cerr << "\r[" << done << "/" << total << "] pass " << counts_.count(Verdict::pass)
              << ", fail " << counts_.count(Verdict::fail) << ", other "
              << (done - counts_.count(Verdict::pass) - counts_.count(Verdict::fail)) << "   "
              << std::flush;
    if (done == total) std::cerr << "\n";
  }

 private:
  bool live_;
  reports::Counts counts_;
};

std::string counts_line(const reports::Counts& c) {
  std::string out;
  for (Verdict v : kAllVerdicts) {
    if (c.count(v) == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(c.count(v)) + " " + std::string(verdict_name(v));
  }
  return out.empty() ? "none" : out;
}

void print_summary(const reports::Run& run, const std::string& out_dir) {
  reports::Summary s = reports::summarize(run);
  std::cout << "\nIUT: "
            << (run.iut.as_object().contains("name") ? std::string(run.iut.at("name").get_string())
                                                     : "?")
            << "\nsuite " << run.suite << (run.filter.empty() ? "" : " (filter " + run.filter + ")")
            << ", version " << run.suite_version << "\n\n";
  std::cout << "test purposes: " << s.purposes.total() << " (" << counts_line(s.purposes) << ")\n";
  std::cout << "cases:         " << s.cases.total() << " (" << counts_line(s.cases) << ")\n";
  std::cout << "  MUST:        " << s.must_cases.total() << " (" << counts_line(s.must_cases)
            << ")\n";
  std::cout << "  SHOULD/MAY:  " << s.should_cases.total() << " (" << counts_line(s.should_cases)
            << ")\n\n";
  std::cout << "by ITU-T clause:\n";
  for (const auto& [clause, counts] : s.by_itu_clause) {
    std::cout << "  " << std::left << std::setw(14) << clause << counts_line(counts) << "\n";
  }
  std::cout << "by RFC clause:\n";
  for (const auto& [clause, counts] : s.by_rfc_clause) {
    std::cout << "  " << std::left << std::setw(14) << clause << counts_line(counts) << "\n";
  }
  std::vector<const reports::CaseResult*> bad;
  for (const auto& p : run.purposes) {
    for (const auto& c : p.cases) {
      if (c.verdict == Verdict::fail || c.verdict == Verdict::inconclusive ||
          c.verdict == Verdict::error)
        bad.push_back(&c);
    }
  }
  if (!bad.empty()) {
    std::cout << "\nnot passed:\n";
    for (const auto* c : bad)
      std::cout << "  " << verdict_name(c->verdict) << " " << c->id << ": " << c->reason << "\n";
  }
  std::cout << "\nreport: " << out_dir << "/report.html\n";
  std::cout << (reports::passed(run) ? "PASSED" : "FAILED") << "\n";
}

int list(const harness::SuiteData& data, const harness::RunOptions& options) {
  auto selected = data.catalogue.select(options.suite, options.filter);
  if (selected.empty()) {
    std::cerr << "ascot run: no test purpose matches\n";
    return kExitUsage;
  }
  std::size_t cases = 0;
  for (const auto* p : selected) {
    std::string itu;
    for (const auto& i : p->itu)
      itu += (itu.empty() ? "" : ", ") + i.clause.key() + " (" +
             std::string(basis_name(i.clause.basis)) + ")";
    std::cout << std::left << std::setw(34) << p->id << " " << std::setw(6) << level_name(p->level)
              << " RFC " << std::setw(10) << p->rfc.key() << " " << std::setw(3)
              << p->vectors.size() << " cases  " << p->title << "\n"
              << std::string(35, ' ') << "ITU-T " << itu << "\n";
    cases += p->vectors.size();
  }
  std::cout << selected.size() << " test purposes, " << cases << " cases\n";
  return kExitOk;
}

}  // namespace

int cmd_run(int argc, char** argv, int first) {
  int exit_code = kExitOk;
  auto args = parse_command(kSpec, "ascot run", argc, argv, first, exit_code);
  if (!args) return exit_code;
  auto data = harness::load_suite_data(harness::data_dir());
  if (!data) {
    std::cerr << "ascot run: " << data.error().to_string() << "\n";
    return kExitUsage;
  }
  harness::RunOptions options;
  options.suite = args->get_or("suite", "all");
  options.filter = args->get_or("filter", "");
  if (args->flag("list")) return list(*data, options);
  std::string iut = args->get_or("iut", "reference");
  auto adapter = harness::make_adapter(iut);
  if (!adapter) {
    std::cerr << "ascot run: " << adapter.error().to_string() << "\n";
    return kExitUsage;
  }
  std::string out_dir = args->get_or("out", "out/" + std::filesystem::path(iut).stem().string());
  TerminalProgress progress(!args->flag("quiet") && isatty(STDERR_FILENO));
  auto run = harness::run_suite(**adapter, *data, options, &progress);
  if (!run) {
    std::cerr << "ascot run: " << run.error().to_string() << "\n";
    return kExitUsage;
  }
  auto written = reports::write_reports(*run, out_dir);
  if (!written) {
    std::cerr << "ascot run: could not write the reports: " << written.error().to_string() << "\n";
    return kExitFailed;
  }
  print_summary(*run, out_dir);
  return reports::passed(*run) ? kExitOk : kExitFailed;
}

}  // namespace ascot::cli
