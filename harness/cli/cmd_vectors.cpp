// ascot vectors run | lint: vector files against the reference, or against their schemas.
#include <iostream>

#include "adapters/reference_adapter.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "conformance/suite.hpp"
#include "runner/suite_data.hpp"
#include "vectors/json_schema.hpp"
#include "vectors/vector_file.hpp"

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

// suite_for loads |path| and returns a fresh suite holding its vectors.
Expected<std::unique_ptr<conformance::Suite>> suite_for(const std::string& path,
                                                        const vectors::SchemaStore& schemas) {
  auto file = vectors::load_vector_file(path, schemas);
  if (!file) return std::unexpected(file.error());
  for (auto& suite : conformance::make_suites()) {
    if (suite->schema() != file->schema) continue;
    auto added = suite->add_file(*file);
    if (!added) return std::unexpected(added.error());
    return std::move(suite);
  }
  return fail(Errc::unsupported, "no suite reads vectors of " + file->schema, path);
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
    auto suite = suite_for(path, schemas);
    if (!suite) {
      std::cerr << "ascot vectors run: " << suite.error().to_string() << "\n";
      return kExitUsage;
    }
    for (const auto* meta : (*suite)->metas()) {
      if (!filter.empty() && meta->id.find(filter) == std::string::npos) continue;
      conformance::CaseOutcome o = (*suite)->run((*adapter)->probes(), meta->id);
      bool ok = o.verdict == Verdict::pass || o.verdict == Verdict::non_strict;
      (ok ? passed : failed) += 1;
      if (o.verdict == Verdict::non_strict) ++non_strict;
      std::string tag = o.verdict == Verdict::pass         ? "PASS"
                        : o.verdict == Verdict::non_strict ? "NON-STRICT"
                                                           : "FAIL";
      std::cout << tag << " " << meta->id << " [" << meta->clause.key() << " "
                << level_name(meta->level) << "] expected " << o.expected << ", got " << o.observed
                << "\n";
      if (!ok) {
        if (!o.reason.empty()) std::cout << "     " << o.reason << "\n";
        if (args.flag("verbose")) std::cout << o.transcript;
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
    // Reading the vectors as the suite does catches what a schema cannot (bad addresses...).
    auto suite = suite_for(path, schemas);
    if (!suite) problems.push_back(suite.error().to_string());
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
