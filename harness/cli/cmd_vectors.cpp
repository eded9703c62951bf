// ascot vectors run | lint: vector files against the reference, or against their schemas.
#include <iostream>

#include "adapters/reference_adapter.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "conformance/spf/spf_judge.hpp"
#include "runner/suite_data.hpp"
#include "vectors/spf_vectors.hpp"

namespace ascot::cli {

namespace {

const CommandSpec kRunSpec{
    "ascot vectors run [options] FILE...",
    "Run every vector of the given files against the reference implementation and print one line "
    "per\n"
    "vector, then 'N passed, M failed'. Exit status 1 when any vector fails.",
    {{"filter", "TEXT", "run only vectors whose id contains TEXT"},
     {"verbose", "", "print the transcript of every failing vector"}},
    "FILE...",
    "  ascot vectors run vectors/spf/*.json\n  ascot vectors run --filter void "
    "vectors/spf/rfc7208-limits.json\n"};

const CommandSpec kLintSpec{
    "ascot vectors lint FILE...",
    "Check vector files: each against the JSON schema it names (unknown keys, types, patterns), "
    "and all of\n"
    "them together: ids unique, numberOfVectors equal to the vectors present, every flag used "
    "defined in\n"
    "notes and every defined flag used, clauses well formed. Exit status 1 when anything is wrong.",
    {},
    "FILE...",
    "  ascot vectors lint vectors/spf/*.json\n"};

// load_schemas reads the shipped schemas; on failure it says so under |who| and returns false.
bool load_schemas(vectors::SchemaStore& schemas, const char* who) {
  auto loaded = schemas.load_directory(harness::data_dir() + "/vectors/schemas");
  if (!loaded) std::cerr << who << ": " << loaded.error().to_string() << "\n";
  return loaded.has_value();
}

int run(const Args& args) {
  vectors::SchemaStore schemas;
  if (!load_schemas(schemas, "ascot vectors run")) return kExitUsage;
  auto adapter = harness::make_reference_adapter(false, harness::reference_profile("reference"));
  if (!adapter) {
    std::cerr << "ascot vectors run: " << adapter.error().to_string() << "\n";
    return kExitFailed;
  }
  std::string filter = args.get_or("filter", "");
  int passed = 0, failed = 0, non_strict = 0;
  for (const auto& path : args.positional()) {
    auto file = vectors::load_vector_file(path, schemas);
    if (!file) {
      std::cerr << "ascot vectors run: " << file.error().to_string() << "\n";
      return kExitUsage;
    }
    auto vecs = vectors::load_spf_vectors(*file);
    if (!vecs) {
      std::cerr << "ascot vectors run: " << vecs.error().to_string() << "\n";
      return kExitUsage;
    }
    for (const auto& v : *vecs) {
      if (!filter.empty() && v.id.find(filter) == std::string::npos) continue;
      auto observation = (*adapter)->spf()->check(v.query, v.zone);
      conformance::CaseJudgement j;
      if (observation) {
        j = conformance::judge_spf(v, *observation);
      } else {
        j.verdict = Verdict::error;
        j.reason = observation.error().to_string();
      }
      bool ok = j.verdict == Verdict::pass || j.verdict == Verdict::non_strict;
      (ok ? passed : failed) += 1;
      if (j.verdict == Verdict::non_strict) ++non_strict;
      std::string tag = j.verdict == Verdict::pass         ? "PASS"
                        : j.verdict == Verdict::non_strict ? "NON-STRICT"
                                                           : "FAIL";
      std::cout << tag << " " << v.id << " [" << v.clause.key() << " " << level_name(v.level)
                << "] expected " << j.expected << ", got " << j.observed << "\n";
      if (!ok) {
        if (!j.reason.empty()) std::cout << "     " << j.reason << "\n";
        if (args.flag("verbose") && observation) std::cout << observation->transcript;
      }
    }
  }
  if (non_strict > 0) std::cout << "(" << non_strict << " of the passed are non-strict)\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kExitOk : kExitFailed;
}

int lint(const Args& args) {
  vectors::SchemaStore schemas;
  if (!load_schemas(schemas, "ascot vectors lint")) return kExitUsage;
  std::vector<vectors::VectorFile> files;
  std::vector<std::string> problems;
  std::size_t count = 0;
  for (const auto& path : args.positional()) {
    auto file = vectors::load_vector_file(path, schemas);
    if (!file) {
      problems.push_back(file.error().to_string());
      continue;
    }
    if (file->schema == "spf-check.schema.json") {
      auto typed = vectors::load_spf_vectors(*file);
      if (!typed) problems.push_back(typed.error().to_string());
    }
    count += vectors::count_vectors(*file);
    files.push_back(std::move(*file));
  }
  for (auto& p : vectors::lint(files)) problems.push_back(std::move(p));
  for (const auto& p : problems) std::cout << p << "\n";
  std::cout << args.positional().size() << " files, " << count << " vectors, " << problems.size()
            << " problems\n";
  return problems.empty() ? kExitOk : kExitFailed;
}

}  // namespace

int cmd_vectors(int argc, char** argv, int first) {
  std::string sub = first < argc ? argv[first] : "";
  if (sub != "run" && sub != "lint") {
    std::cout << help_text(kRunSpec) << "\n" << help_text(kLintSpec);
    return sub == "--help" || sub == "-h" ? kExitOk : kExitUsage;
  }
  const CommandSpec& spec = sub == "run" ? kRunSpec : kLintSpec;
  int exit_code = kExitOk;
  auto args =
      parse_command(spec, ("ascot vectors " + sub).c_str(), argc, argv, first + 1, exit_code);
  if (!args) return exit_code;
  if (args->positional().empty()) {
    std::cerr << "ascot vectors " << sub
              << ": give one or more vector files (e.g. vectors/spf/*.json)\n";
    return kExitUsage;
  }
  return sub == "run" ? run(*args) : lint(*args);
}

}  // namespace ascot::cli
