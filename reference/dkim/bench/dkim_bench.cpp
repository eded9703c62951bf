// Google Benchmark for DKIM verification (RFC 6376 6, RFC 8463). Messages of about 2 KB and
// 100 KB (a header of eleven fields and a plain-text body, c=relaxed/relaxed) are signed at
// start-up with the committed test keys vectors/dkim/keys/rsa-2048-a.pem and ed25519-a.pem,
// and verified against a ZoneResolver holding the key records (no I/O: the engine's cost).
//
//   Verify/<key>/<size>           verify() of the parsed message
//   ParseVerify/<key>/<size>      Message::parse of the bytes, then verify(): what a verifier
//                                 handed the bytes does (python3-dkim's dkim.verify does too)
//   Floor/SignatureVerify/<key>   the OpenSSL floor, part one: one EVP verification of the
//                                 message's signature over its precomputed header hash
//   Floor/BodySha256/<size>       the OpenSSL floor, part two: SHA-256 of the canonical body
//   Part/KeyLookup/<key>          lookup_key(): the TXT query, the key record and the key's
//                                 decoding (d2i_PUBKEY for RSA), a share of the overhead
//
// Verify / (SignatureVerify + BodySha256) is what everything else costs: the signature's tag
// list, the key lookup, the key record and its decoding, canonicalisation, the header hash.
//
// --write-corpus DIR writes each signed message (<key>-<size>.eml, the exact bytes verified
// here) and corpus.json (key records, verification time) before the benchmarks run, so that
// scripts/bench-dkim-compare has python3-dkim verify the very same bytes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/files.hpp"
#include "core/json.hpp"
#include "dkim/canonicalization.hpp"
#include "dkim/crypto.hpp"
#include "dkim/signature.hpp"
#include "dkim/verify.hpp"
#include "dns/zone_resolver.hpp"
#include "mail/message.hpp"

namespace {

using namespace ascot;

constexpr std::int64_t kSignedAt = 1700000000;  // t= of every signature
constexpr std::int64_t kVerifyAt = kSignedAt + 60;
constexpr std::string_view kDomain = "example.com";

struct Key {
  std::string name;      // rsa-sha256-2048, ed25519-sha256
  std::string file;      // under vectors/dkim/keys/
  std::string selector;  // s=
  dkim::PrivateKey private_key;
  std::string record;  // the TXT record's text
};

struct Size {
  std::string name;  // 2KB, 100KB
  std::size_t target = 0;
  std::string canonical_body;
};

struct Case {
  std::string name;  // <key>/<size>
  const Key* key = nullptr;
  const Size* size = nullptr;
  std::string bytes;  // the signed message
  std::unique_ptr<mail::Message> message;
  dkim::PublicKey public_key;
  std::string header_digest;  // SHA-256 of the header hash input (RFC 6376 3.7)
  std::string signature;      // b=, decoded
};

// The header of a message that has crossed one relay: eleven fields, the DKIM-recommended ones
// (RFC 6376 5.4.1) among them, which sign() lists in h=.
constexpr std::string_view kHeader =
    "Received: from mail.example.com (mail.example.com [192.0.2.25])\r\n"
    "\tby mx.example.org with ESMTPS id 4Xk2Lq0Zs3z9\r\n"
    "\tfor <bob@example.org>; Tue, 14 Nov 2023 22:13:20 +0000\r\n"
    "From: Alice Example <alice@example.com>\r\n"
    "To: Bob Example <bob@example.org>\r\n"
    "Cc: carol@example.org, Dave Example <dave@example.net>\r\n"
    "Subject: Quarterly report: the figures for the third quarter,\r\n"
    "\twith the notes from the review meeting\r\n"
    "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
    "Message-ID: <20231114221320.4f2a9c@mail.example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=\"utf-8\"; format=flowed\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "List-Id: Quarterly reports <reports.example.com>\r\n"
    "\r\n";

// About this many octets of a signed message are the DKIM-Signature field and the header.
constexpr std::size_t kSignatureAllowance = 512;

// make_body returns text lines of 60 to 75 octets in paragraphs, some with doubled spaces or
// trailing spaces for relaxed canonicalisation (3.4.4) to remove; deterministic.
std::string make_body(std::size_t size) {
  static constexpr std::string_view kWords[] = {
      "the",     "report",   "quarter", "figures", "revenue", "of",      "and",    "growth",
      "team",    "meeting",  "review",  "to",      "in",      "costs",   "market", "customers",
      "product", "schedule", "a",       "for",     "with",    "support", "plan",   "budget",
      "results", "next",     "summary", "as",      "we",      "expect",  "orders", "delivery"};
  std::uint32_t state = 0x2545F491u;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;  // Numerical Recipes' LCG
    return state >> 8;
  };
  std::string body;
  std::string line;
  for (int n = 1; body.size() < size; ++n) {
    line.clear();
    std::size_t width = 60 + next() % 12;
    while (line.size() < width) {
      if (!line.empty()) line += next() % 17 == 0 ? "  " : " ";
      line += kWords[next() % std::size(kWords)];
    }
    if (next() % 7 == 0) line += " \t";
    body += line;
    body += "\r\n";
    if (n % 6 == 0) body += "\r\n";
  }
  return body;
}

// txt_strings splits a key record into character-strings of at most 255 octets (RFC 1035
// 3.3.14); verifiers concatenate them (RFC 6376 3.6.2.2).
std::vector<std::string> txt_strings(const std::string& record) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < record.size(); i += 255) out.push_back(record.substr(i, 255));
  return out;
}

dkim::Algorithm algorithm_of(const Key& key) {
  return key.private_key.type() == dkim::KeyType::rsa ? dkim::Algorithm::rsa_sha256
                                                      : dkim::Algorithm::ed25519_sha256;
}

// prepare reads the keys, puts their records in |zone| and signs a message of each size with each
// key.
Expected<void> prepare(std::vector<Key>& keys, std::vector<Size>& sizes, std::vector<Case>& cases,
                       dns::Zone& zone) {
  for (Key& key : keys) {
    auto pem = read_file(std::string(ASCOT_SOURCE_DIR) + "/vectors/dkim/keys/" + key.file);
    if (!pem) return std::unexpected(pem.error());
    auto private_key = dkim::PrivateKey::from_pem(*pem);
    if (!private_key) return std::unexpected(private_key.error());
    key.private_key = std::move(*private_key);
    auto p = key.private_key.public_record_p();
    if (!p) return std::unexpected(p.error());
    key.record = std::string("v=DKIM1; k=") +
                 (key.private_key.type() == dkim::KeyType::rsa ? "rsa" : "ed25519") + "; p=" + *p;
    zone.add({key.selector + "._domainkey." + std::string(kDomain), dns::RRType::TXT, 300,
              txt_strings(key.record)});
  }
  for (Size& size : sizes) {
    std::string text =
        std::string(kHeader) + make_body(size.target - kHeader.size() - kSignatureAllowance);
    auto unsigned_message = mail::Message::parse(text);
    if (!unsigned_message) return std::unexpected(unsigned_message.error());
    size.canonical_body =
        dkim::canonical_body(unsigned_message->body(), dkim::Canonicalization::relaxed);
    for (Key& key : keys) {
      Case c;
      c.name = key.name + "/" + size.name;
      c.key = &key;
      c.size = &size;
      auto field = dkim::sign(
          *unsigned_message, key.private_key,
          {.domain = std::string(kDomain), .selector = key.selector, .timestamp = kSignedAt});
      if (!field) return std::unexpected(field.error());
      c.bytes = *field + text;
      auto message = mail::Message::parse(c.bytes);
      if (!message) return std::unexpected(message.error());
      c.message = std::make_unique<mail::Message>(std::move(*message));
      const mail::HeaderField* sig_field = c.message->named("DKIM-Signature").front();
      auto sig = dkim::parse_signature(c.message->value(*sig_field));
      if (!sig) return fail(Errc::internal, c.name + ": " + sig.error().detail);
      c.signature = sig->signature;
      c.header_digest = dkim::digest(
          dkim::HashAlgorithm::sha256,
          dkim::header_hash_input(*c.message, sig->headers, sig->header_canonicalization,
                                  c.message->whole(*sig_field)));
      cases.push_back(std::move(c));
    }
  }
  return {};
}

// check makes sure that every message verifies before anything is timed, and takes the public
// key for the floor from the resolver as verify() does.
Expected<void> check(std::vector<Case>& cases, dns::Resolver& resolver) {
  for (Case& c : cases) {
    auto results = dkim::verify(*c.message, resolver, {.now = kVerifyAt});
    if (results.size() != 1 || results[0].result != dkim::Result::pass) {
      return fail(Errc::internal,
                  c.name + " does not verify: " + (results.empty() ? "" : results[0].detail));
    }
    auto found = dkim::lookup_key(resolver, c.key->selector, kDomain, algorithm_of(*c.key));
    if (!found) return fail(Errc::internal, c.name + ": " + found.error().detail);
    c.public_key = std::move(found->key);
    if (!c.public_key.verify(dkim::HashAlgorithm::sha256, c.header_digest, c.signature)) {
      return fail(Errc::internal, c.name + ": the floor's signature check fails");
    }
  }
  return {};
}

std::string file_name(const Case& c) {
  return c.key->name + "-" + c.size->name + ".eml";
}

Expected<void> write_corpus(const std::string& dir, const std::vector<Case>& cases) {
  boost::json::array list;
  for (const Case& c : cases) {
    auto written = write_file_atomic(dir + "/" + file_name(c), c.bytes);
    if (!written) return written;
    list.push_back(
        boost::json::object{{"name", c.name},
                            {"file", file_name(c)},
                            {"bytes", c.bytes.size()},
                            {"key", c.key->name},
                            {"size", c.size->name},
                            {"keyName", c.key->selector + "._domainkey." + std::string(kDomain)},
                            {"keyRecord", c.key->record}});
  }
  boost::json::object doc{{"now", kVerifyAt}, {"cases", std::move(list)}};
  return write_file_atomic(dir + "/corpus.json", json::pretty(doc));
}

void count(benchmark::State& state, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

void BM_Verify(benchmark::State& state, const Case& c, dns::Resolver& resolver) {
  const dkim::VerifyOptions options{.now = kVerifyAt};
  for (auto _ : state) {
    auto results = dkim::verify(*c.message, resolver, options);
    if (results[0].result != dkim::Result::pass) {
      state.SkipWithError(("verify gives " + results[0].reason).c_str());
      break;
    }
    benchmark::DoNotOptimize(results);
  }
  count(state, c.bytes.size());
}

void BM_ParseVerify(benchmark::State& state, const Case& c, dns::Resolver& resolver) {
  const dkim::VerifyOptions options{.now = kVerifyAt};
  for (auto _ : state) {
    auto message = mail::Message::parse(c.bytes);
    auto results = dkim::verify(*message, resolver, options);
    if (results[0].result != dkim::Result::pass) {
      state.SkipWithError(("verify gives " + results[0].reason).c_str());
      break;
    }
    benchmark::DoNotOptimize(results);
  }
  count(state, c.bytes.size());
}

void BM_SignatureVerify(benchmark::State& state, const Case& c) {
  for (auto _ : state) {
    bool ok = c.public_key.verify(dkim::HashAlgorithm::sha256, c.header_digest, c.signature);
    if (!ok) {
      state.SkipWithError("the signature does not verify");
      break;
    }
    benchmark::DoNotOptimize(ok);
  }
  count(state, c.header_digest.size());
}

void BM_KeyLookup(benchmark::State& state, const Case& c, dns::Resolver& resolver) {
  const dkim::Algorithm algorithm = algorithm_of(*c.key);
  for (auto _ : state) {
    auto found = dkim::lookup_key(resolver, c.key->selector, kDomain, algorithm);
    if (!found) {
      state.SkipWithError(found.error().detail.c_str());
      break;
    }
    benchmark::DoNotOptimize(found);
  }
  count(state, c.key->record.size());
}

void BM_BodySha256(benchmark::State& state, const Size& size) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(dkim::digest(dkim::HashAlgorithm::sha256, size.canonical_body));
  }
  count(state, size.canonical_body.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus_dir;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--write-corpus") == 0 && i + 1 < argc) {
      corpus_dir = argv[++i];
    } else if (std::strncmp(argv[i], "--write-corpus=", 15) == 0) {
      corpus_dir = argv[i] + 15;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;

  static std::vector<Key> keys;
  keys.push_back({.name = "rsa-sha256-2048", .file = "rsa-2048-a.pem", .selector = "rsa2048"});
  keys.push_back({.name = "ed25519-sha256", .file = "ed25519-a.pem", .selector = "ed25519"});
  static std::vector<Size> sizes{{.name = "2KB", .target = 2 * 1024},
                                 {.name = "100KB", .target = 100 * 1024}};
  static std::vector<Case> cases;
  auto zone = std::make_shared<dns::Zone>();
  if (auto ready = prepare(keys, sizes, cases, *zone); !ready) {
    std::cerr << "dkim_bench: " << ready.error().to_string() << "\n";
    return 2;
  }
  static dns::ZoneResolver resolver(std::move(zone));
  if (auto checked = check(cases, resolver); !checked) {
    std::cerr << "dkim_bench: " << checked.error().to_string() << "\n";
    return 2;
  }
  if (!corpus_dir.empty()) {
    if (auto written = write_corpus(corpus_dir, cases); !written) {
      std::cerr << "dkim_bench: --write-corpus: " << written.error().to_string() << "\n";
      return 2;
    }
  }
  for (const Case& c : cases) {
    benchmark::RegisterBenchmark(("Verify/" + c.name).c_str(),
                                 [&c](benchmark::State& st) { BM_Verify(st, c, resolver); });
  }
  for (const Case& c : cases) {
    benchmark::RegisterBenchmark(("ParseVerify/" + c.name).c_str(),
                                 [&c](benchmark::State& st) { BM_ParseVerify(st, c, resolver); });
  }
  // The signature check costs the same for every message size: one benchmark per key.
  for (const Case& c : cases) {
    if (c.size != &sizes.front()) continue;
    benchmark::RegisterBenchmark(("Floor/SignatureVerify/" + c.key->name).c_str(),
                                 [&c](benchmark::State& st) { BM_SignatureVerify(st, c); });
  }
  for (const Size& size : sizes) {
    benchmark::RegisterBenchmark(("Floor/BodySha256/" + size.name).c_str(),
                                 [&size](benchmark::State& st) { BM_BodySha256(st, size); });
  }
  for (const Case& c : cases) {
    if (c.size != &sizes.front()) continue;
    benchmark::RegisterBenchmark(("Part/KeyLookup/" + c.key->name).c_str(),
                                 [&c](benchmark::State& st) { BM_KeyLookup(st, c, resolver); });
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
