// Google Benchmark for content filtering (X.1240 7.9 (derived-from-heading)): the cost per
// message of reading, tokenising and classifying it, and of the rules.
//
//   Tokenize/<size>        read_text + tokenize
//   Classify/Memory/<size> tokenise, look up in a MemoryModel and score
//   Classify/Sqlite/<size> the same against a SqliteModel in a temporary file
//   Rules/<size>           read_text + reference/content/testdata/rules.json
// Sizes are 4 KB and 100 KB: multipart/alternative messages with a plain part and a
// quoted-printable HTML part with links, the usual shape of bulk mail. The models are trained
// on 200 generated messages over the same vocabulary, so most lookups find their token.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>

#include "content/classifier.hpp"
#include "content/memory_model.hpp"
#include "content/rules.hpp"
#include "content/sqlite_model.hpp"
#include "content/text.hpp"
#include "content/tokenizer.hpp"

namespace {

using namespace ascot;
using namespace ascot::content;

// A deterministic vocabulary of made-up words and a linear congruential generator, so every
// run benchmarks the same bytes.
struct Words {
  std::vector<std::string> list;
  std::uint32_t state = 12345;

  Words() {
    for (int i = 0; i < 2000; ++i) {
      std::string w;
      for (int n = i + 26 * 26; n > 0; n /= 26) w += static_cast<char>('a' + n % 26);
      list.push_back(w);
    }
  }
  std::uint32_t next() {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  }
  // pick returns a word from [from, from + span) of the vocabulary.
  const std::string& pick(std::size_t from, std::size_t span) { return list[from + next() % span]; }
};

std::string generate(Words& words, std::size_t size, std::size_t from, std::size_t span) {
  std::string plain, html;
  int n = 0;
  while (plain.size() + html.size() < size) {
    const std::string& w = words.pick(from, span);
    plain += w;
    plain += ++n % 12 == 0 ? "\r\n" : " ";
    html += n % 40 == 0 ? "<a href=3D\"http://www." + w + ".example/p\">" + w + "</a> " : w + " ";
    if (n % 12 == 0) html += "=\r\n";
  }
  return "From: sender@example.com\r\nTo: rcpt@example.org\r\nSubject: " + words.pick(from, span) +
         " " + words.pick(from, span) +
         "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
         "--b\r\nContent-Type: text/plain\r\n\r\n" +
         plain +
         "\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: "
         "quoted-printable\r\n\r\n<html><body><p>" +
         html + "</p></body></html>\r\n--b--\r\n";
}

struct Fixture {
  mail::Message small = *mail::Message::parse("X: y\r\n\r\n");
  mail::Message large = *mail::Message::parse("X: y\r\n\r\n");
  MemoryModel memory;
  std::unique_ptr<SqliteModel> sqlite;
  RuleSet rules;
  std::string dir;
};

Fixture& fixture() {
  static Fixture* f = [] {
    auto* out = new Fixture;
    Words words;
    out->small = *mail::Message::parse(generate(words, 4 * 1024, 0, 2000));
    out->large = *mail::Message::parse(generate(words, 100 * 1024, 0, 2000));
    std::string pattern =
        (std::filesystem::temp_directory_path() / "content-bench-XXXXXX").string();
    out->dir = ::mkdtemp(pattern.data());
    auto sqlite = SqliteModel::open(out->dir + "/model.db");
    if (!sqlite) {
      std::cerr << sqlite.error().to_string() << "\n";
      std::exit(2);
    }
    out->sqlite = std::move(*sqlite);
    auto work = [&](Trainer& t) -> Expected<void> {
      Words corpus;
      for (int i = 0; i < 200; ++i) {
        bool spam = i % 2 == 1;
        auto m = mail::Message::parse(generate(corpus, 2048, spam ? 800 : 0, 1200));
        if (!m) return std::unexpected(m.error());
        if (auto r = t.learn(tokenize(*m).tokens, spam ? Label::spam : Label::ham); !r) return r;
      }
      return {};
    };
    if (!out->memory.train(work) || !out->sqlite->train(work)) std::exit(2);
    auto rules =
        RuleSet::load(std::string(ASCOT_SOURCE_DIR) + "/reference/content/testdata/rules.json");
    if (!rules) {
      std::cerr << rules.error().to_string() << "\n";
      std::exit(2);
    }
    out->rules = std::move(*rules);
    return out;
  }();
  return *f;
}

const mail::Message& sized(benchmark::State& state) {
  return state.range(0) == 4 ? fixture().small : fixture().large;
}

void BM_Tokenize(benchmark::State& state) {
  const mail::Message& m = sized(state);
  for (auto _ : state) benchmark::DoNotOptimize(tokenize(m));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * m.bytes().size()));
}
BENCHMARK(BM_Tokenize)->Name("Tokenize")->Arg(4)->Arg(100)->ArgName("KB");

void classify_with(benchmark::State& state, const Model& model) {
  const mail::Message& m = sized(state);
  for (auto _ : state) {
    auto s = classify(m, model);
    if (!s) {
      state.SkipWithError(s.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * m.bytes().size()));
}

void BM_ClassifyMemory(benchmark::State& state) {
  classify_with(state, fixture().memory);
}
BENCHMARK(BM_ClassifyMemory)->Name("Classify/Memory")->Arg(4)->Arg(100)->ArgName("KB");

void BM_ClassifySqlite(benchmark::State& state) {
  classify_with(state, *fixture().sqlite);
}
BENCHMARK(BM_ClassifySqlite)->Name("Classify/Sqlite")->Arg(4)->Arg(100)->ArgName("KB");

void BM_Rules(benchmark::State& state) {
  const mail::Message& m = sized(state);
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(m, fixture().rules));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * m.bytes().size()));
}
BENCHMARK(BM_Rules)->Name("Rules")->Arg(4)->Arg(100)->ArgName("KB");

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Fixture& f = fixture();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  f.sqlite.reset();
  std::error_code ec;
  std::filesystem::remove_all(f.dir, ec);
  return 0;
}
