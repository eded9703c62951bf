// ascot sign dkim | arc: sign a message (RFC 6376 5) or add an ARC Set (RFC 8617 5.1) with the
// reference implementation, and print the key record to publish.
#include <iostream>

#include "arc/arc.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/mail_input.hpp"
#include "core/ascii.hpp"
#include "core/files.hpp"
#include "dkim/crypto.hpp"
#include "dkim/verify.hpp"
#include "mail/message.hpp"

namespace ascot::cli {

namespace {

const std::vector<OptionSpec> kSigningOptions = {
    {"message", "FILE", "the message to sign; - for standard input"},
    {"key", "PEM", "the private key: RSA (at least 1024 bits, RFC 8301) or Ed25519 (RFC 8463)"},
    {"domain", "DOMAIN", "d=, the signing domain"},
    {"selector", "SELECTOR", "s=; the key record is published at SELECTOR._domainkey.DOMAIN"},
    {"headers", "NAME:NAME...",
     "h=, the fields to sign (default: From and those of RFC 6376 5.4.1 present)"},
    {"canonicalization", "HEADER/BODY", "c=, simple or relaxed each (default relaxed/relaxed)"},
    {"timestamp", "SECONDS", "t= (default: now)"},
    {"no-timestamp", "", "leave t= out"},
    {"out", "FILE", "write the signed message to FILE (atomically) instead of standard output"},
    {"record", "", "print the key record to publish for --key (TXT data) and stop"},
};

std::vector<OptionSpec> dkim_options() {
  auto out = kSigningOptions;
  out.insert(
      out.end(),
      {{"identity", "ADDRESS", "i=, the agent or user identifier (in DOMAIN or below)"},
       {"length", "OCTETS", "l=, sign only this much of the canonical body (not recommended)"},
       {"expire-after", "SECONDS", "x= this long after t="},
       {"oversign", "",
        "list every signed field once more, so that adding one breaks the signature"}});
  return out;
}

std::vector<OptionSpec> arc_options() {
  auto out = kSigningOptions;
  out.insert(out.end(),
             {{"authserv-id", "NAME",
               "the authserv-id of the ARC-Authentication-Results (default: DOMAIN)"},
              {"results", "TEXT",
               "what the AAR reports, e.g. 'spf=pass smtp.mailfrom=example.com; dkim=pass "
               "header.d=example.com' (default: none)"},
              {"cv", "none|pass|fail",
               "the chain validation status to seal (default: validate the chain first)"},
              {"now", "SECONDS", "the time for validating the chain (default: now)"}});
  auto dns = dns_options(false);
  out.insert(out.end(), dns.begin(), dns.end());
  return out;
}

const CommandSpec kDkimSpec{
    "ascot sign dkim --message FILE --key PEM --domain DOMAIN --selector SELECTOR [options]",
    "Sign a message with the reference implementation (RFC 6376 5; rsa-sha256 for an RSA key,\n"
    "ed25519-sha256 for an Ed25519 key) and print it with the new DKIM-Signature field on top.\n"
    "With --record, print the key record to publish in DNS instead. Exit status: 0 when signed;\n"
    "2 for bad arguments, an unreadable key or message, or a key RFC 8301 forbids.",
    dkim_options(), "",
    "  ascot sign dkim --key vectors/dkim/keys/ed25519-a.pem --record\n"
    "  ascot sign dkim --message m.eml --key key.pem --domain example.com --selector s1 --out "
    "signed.eml\n"};

const CommandSpec kArcSpec{
    "ascot sign arc --message FILE --key PEM --domain DOMAIN --selector SELECTOR [--cv STATUS | "
    "--dns ... | "
    "--zone ...] [options]",
    "Add an ARC Set to a message as an intermediary does (RFC 8617 5.1): validate the chain it\n"
    "carries (through --dns or --zone, unless --cv gives the status), then add\n"
    "ARC-Authentication-Results, ARC-Message-Signature and ARC-Seal. A broken chain is sealed "
    "with\n"
    "cv=fail over the new set only (5.1.2); a chain already sealed with cv=fail is not continued.\n"
    "Exit status as for sign dkim.",
    arc_options(), "",
    "  ascot sign arc --message in.eml --key key.pem --domain lists.example.org --selector arc1 "
    "--results 'dkim=pass header.d=example.com' --dns 127.0.0.1:5353\n"};

int usage(const std::string& command, const std::string& message) {
  std::cerr << "ascot sign " << command << ": " << message << "\n";
  return kExitUsage;
}

// The parts of signing both commands share: the key, the message, the common tags.
struct Signing {
  dkim::PrivateKey key;
  std::optional<mail::Message> message;
  std::string domain;
  std::string selector;
  std::vector<std::string> headers;
  dkim::Canonicalization header_c = dkim::Canonicalization::relaxed;
  dkim::Canonicalization body_c = dkim::Canonicalization::relaxed;
  std::optional<std::int64_t> timestamp;
};

Expected<Signing> read_signing(const Args& args) {
  Signing s;
  auto key_path = args.get("key");
  if (!key_path) return fail(Errc::invalid_argument, "--key PEM is required");
  auto pem = read_file(*key_path);
  if (!pem) return std::unexpected(pem.error());
  auto key = dkim::PrivateKey::from_pem(*pem);
  if (!key) return fail(Errc::invalid_argument, *key_path + ": " + key.error().message);
  s.key = std::move(*key);
  if (args.flag("record")) return s;
  auto path = args.get("message");
  if (!path) return fail(Errc::invalid_argument, "--message FILE is required");
  auto text = read_message(*path);
  if (!text) return std::unexpected(text.error());
  auto message = mail::Message::parse(std::move(*text));
  if (!message)
    return fail(Errc::parse_error, "the message does not parse: " + message.error().to_string());
  s.message = std::move(*message);
  auto domain = args.get("domain");
  auto selector = args.get("selector");
  if (!domain || !selector)
    return fail(Errc::invalid_argument, "--domain and --selector are required");
  s.domain = *domain;
  s.selector = *selector;
  if (auto h = args.get("headers")) {
    for (auto name : ascii::split(*h, ':')) {
      if (name.empty()) return fail(Errc::invalid_argument, "--headers: an empty field name");
      s.headers.emplace_back(name);
    }
  }
  if (auto c = args.get("canonicalization")) {
    auto slash = c->find('/');
    auto parse = [](std::string_view v) -> std::optional<dkim::Canonicalization> {
      if (v == "simple") return dkim::Canonicalization::simple;
      if (v == "relaxed") return dkim::Canonicalization::relaxed;
      return std::nullopt;
    };
    auto hc = parse(std::string_view(*c).substr(0, slash));
    auto bc = slash == std::string::npos ? hc : parse(std::string_view(*c).substr(slash + 1));
    if (!hc || !bc)
      return fail(Errc::invalid_argument,
                  "--canonicalization: '" + *c + "' is not simple|relaxed[/simple|relaxed]");
    s.header_c = *hc;
    s.body_c = *bc;
  }
  if (!args.flag("no-timestamp")) {
    auto t = time_option(args, "timestamp");
    if (!t) return std::unexpected(t.error());
    s.timestamp = *t;
  } else if (args.get("timestamp")) {
    return fail(Errc::invalid_argument, "give --timestamp or --no-timestamp, not both");
  }
  return s;
}

int print_record(const dkim::PrivateKey& key) {
  auto p = key.public_record_p();
  if (!p) return usage("dkim", p.error().to_string());
  std::cout << "v=DKIM1; k=" << (key.type() == dkim::KeyType::ed25519 ? "ed25519" : "rsa")
            << "; p=" << *p << "\n";
  return kExitOk;
}

Expected<std::uint64_t> number_option(const Args& args, const std::string& name) {
  const std::string text = *args.get(name);
  try {
    std::size_t used = 0;
    auto v = std::stoull(text, &used);
    if (used == text.size() && !text.empty() && text.front() != '-') return v;
  } catch (...) {
  }
  return fail(Errc::invalid_argument,
              "--" + name + ": '" + text + "' is not a non-negative number");
}

int sign_dkim(const Args& args) {
  auto s = read_signing(args);
  if (!s) return usage("dkim", s.error().to_string());
  if (args.flag("record")) return print_record(s->key);
  dkim::SignOptions o{.domain = s->domain,
                      .selector = s->selector,
                      .header_canonicalization = s->header_c,
                      .body_canonicalization = s->body_c,
                      .headers = s->headers,
                      .oversign = args.flag("oversign"),
                      .identity = args.get("identity"),
                      .timestamp = s->timestamp};
  if (args.get("length")) {
    auto l = number_option(args, "length");
    if (!l) return usage("dkim", l.error().message);
    o.length = *l;
  }
  if (args.get("expire-after")) {
    auto x = number_option(args, "expire-after");
    if (!x) return usage("dkim", x.error().message);
    if (!s->timestamp) return usage("dkim", "--expire-after needs t= (do not give --no-timestamp)");
    o.expiration = *s->timestamp + static_cast<std::int64_t>(*x);
  }
  auto field = dkim::sign(*s->message, s->key, o);
  if (!field) return usage("dkim", field.error().to_string());
  auto written = write_output(args.get("out"), *field + s->message->bytes());
  if (!written) return usage("dkim", written.error().to_string());
  return kExitOk;
}

int sign_arc(const Args& args) {
  auto s = read_signing(args);
  if (!s) return usage("arc", s.error().to_string());
  if (args.flag("record")) return print_record(s->key);
  arc::SealOptions o{.domain = s->domain,
                     .selector = s->selector,
                     .authserv_id = args.get_or("authserv-id", s->domain),
                     .results = args.get_or("results", ""),
                     .headers = s->headers,
                     .header_canonicalization = s->header_c,
                     .body_canonicalization = s->body_c,
                     .timestamp = s->timestamp};
  if (auto cv = args.get("cv")) {
    auto status = arc::parse_chain_status(*cv);
    if (!status) return usage("arc", "--cv must be none, pass or fail");
    o.chain_status = *status;
  } else {
    auto dns = make_dns(args, false);
    if (!dns) return usage("arc", dns.error().to_string());
    if (!dns->resolver) {
      arc::Collection present = arc::collect(*s->message);
      if (present.any_arc_field) {
        return usage(
            "arc",
            "the message carries ARC fields: give --dns or --zone to validate them, or --cv");
      }
    } else {
      auto now = time_option(args, "now");
      if (!now) return usage("arc", now.error().message);
      arc::ChainResult incoming = arc::validate(*s->message, *dns->resolver, {.now = *now});
      std::cerr << "ascot sign arc: the chain as received: cv="
                << arc::chain_status_name(incoming.status) << " (" << incoming.reason << ")\n";
      o.chain_status = incoming.status;
    }
  }
  auto set = arc::seal(*s->message, s->key, o);
  if (!set) return usage("arc", set.error().to_string());
  auto written = write_output(args.get("out"), *set + s->message->bytes());
  if (!written) return usage("arc", written.error().to_string());
  return kExitOk;
}

}  // namespace

int cmd_sign(int argc, char** argv, int first) {
  if (first >= argc || std::string(argv[first]) == "--help" || std::string(argv[first]) == "-h") {
    std::cout << "Usage: ascot sign dkim|arc [options]   ('ascot sign dkim --help', 'ascot sign "
                 "arc --help')\n";
    return first >= argc ? kExitUsage : kExitOk;
  }
  std::string what = argv[first];
  if (what != "dkim" && what != "arc") {
    std::cerr << "ascot sign: unknown mechanism '" << what << "' (choose dkim or arc)\n";
    return kExitUsage;
  }
  std::string name = "ascot sign " + what;
  int exit_code = kExitOk;
  auto args = parse_command(what == "dkim" ? kDkimSpec : kArcSpec, name.c_str(), argc, argv,
                            first + 1, exit_code);
  if (!args) return exit_code;
  return what == "dkim" ? sign_dkim(*args) : sign_arc(*args);
}

}  // namespace ascot::cli
