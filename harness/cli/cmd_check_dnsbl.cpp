// ascot check dnsbl: one subject looked up in a DNS blacklist or whitelist (RFC 5782), or the
// list's test entries checked (RFC 5782 5), with the reference implementation.
#include <boost/json.hpp>
#include <iostream>

#include "adapters/transcript.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/mail_input.hpp"
#include "core/json.hpp"
#include "dnsbl/dnsbl.hpp"

namespace ascot::cli {

namespace {

std::vector<OptionSpec> options() {
  std::vector<OptionSpec> out = {
      {"list", "ZONE", "the list's zone, e.g. bl.example.com (with --vector: the vector's list)"},
      {"kind", "ipv4|ipv6|ip|domain",
       "what the list holds (default: the subject's kind; ipv4 with --health)"},
      {"whitelist", "", "the list is a whitelist (DNSWL, RFC 5782 2.2): a listing allows"},
      {"meaning", "CODE=TEXT",
       "what a return code means, e.g. '127.0.0.2=spam source' (repeatable)", true},
      {"bitmask", "", "each bit of a code is one sublist (combined lists, RFC 5782 2.3)"},
      {"reason", "", "also ask for the TXT record of a listed subject (RFC 5782 2.1)"},
      {"health", "", "check the list's test entries (RFC 5782 5) instead of a subject"},
      {"trace", "", "print every DNS query and its answer"},
      {"json", "", "print the result as JSON"},
  };
  auto dns = dns_options(true);
  out.insert(out.end(), dns.begin(), dns.end());
  return out;
}

const CommandSpec kSpec{
    "ascot check dnsbl (--zone FILE | --dns HOST:PORT) --list ZONE [options] SUBJECT\n"
    "       ascot check dnsbl (--zone FILE | --dns HOST:PORT) --list ZONE --health [--kind KIND]",
    "Look SUBJECT (an IPv4 or IPv6 address, or a domain) up in a DNS list with the reference\n"
    "implementation of RFC 5782: the query name (2.1 reversed octets, 2.4 reversed nibbles, 3 the\n"
    "domain itself), the status (listed, not-listed, or temperror when the DNS gives no usable\n"
    "answer), what it means to a receiver (a blacklist listing blocks, a whitelist listing "
    "allows),\n"
    "the return codes with their meanings, and with --reason the TXT reasons. With --health, ask "
    "the\n"
    "test entries every list must and must not hold (RFC 5782 5: 127.0.0.2 and 127.0.0.1, their "
    "IPv6\n"
    "forms, TEST and INVALID) and say whether the list is healthy. The DNS is a real server "
    "(--dns)\n"
    "or zone data (--zone); with --zone FILE --vector ID of a DNSBL vector, the vector's list, "
    "subject\n"
    "and question are used unless given.\n"
    "Exit status: 0 when a lookup was made, whatever its outcome; for --health, 0 when the list "
    "is\n"
    "healthy and 1 when it is unhealthy or could not be judged; 2 for bad arguments, unusable "
    "zone\n"
    "data, or a subject or list that cannot be asked (no query is sent then).",
    options(), "SUBJECT",
    "  ascot check dnsbl --dns 127.0.0.1:5353 --list bl.example.com 192.0.2.99\n"
    "  ascot check dnsbl --zone zone.json --list dbl.example.com --reason --json spam.example.net\n"
    "  ascot check dnsbl --zone zone.json --list bl.example.com --health\n"
    "  ascot check dnsbl --zone vectors/dnsbl/rfc5782-ipv4.json --vector ipv4-reason-from-txt\n"};

class PrintingQueries final : public dns::QueryObserver {
 public:
  explicit PrintingQueries(bool to_stdout) : to_stdout_(to_stdout) {}
  void on_query(std::string_view name, dns::RRType type, const dns::Answer& answer) override {
    std::string line = harness::describe_query(name, type, answer);
    if (to_stdout_) std::cout << line << "\n";
    lines_.push_back(std::move(line));
  }
  boost::json::array json() const {
    boost::json::array out;
    for (const auto& l : lines_) out.emplace_back(l);
    return out;
  }

 private:
  bool to_stdout_;
  std::vector<std::string> lines_;
};

// Question is what the command asks: a list, and a subject or the list's health.
struct Question {
  dnsbl::List list;
  std::optional<dnsbl::Subject> subject;
  bool want_reason = false;
  bool health = false;
};

Expected<Question> question(const Args& args, const DnsChoice& dns) {
  Question q;
  const vectors::DnsblVector* vector =
      dns.zone && dns.zone->dnsbl_vector ? &*dns.zone->dnsbl_vector : nullptr;
  if (args.get("vector") && vector == nullptr)
    return fail(Errc::invalid_argument, "--vector must name a DNSBL vector");
  if (vector != nullptr) {
    q.list = vector->list;
    q.subject = vector->subject;
    q.want_reason = vector->want_reason;
    q.health = vector->health.has_value();
  }
  if (auto zone = args.get("list")) {
    q.list.zone = *zone;
  } else if (vector == nullptr) {
    return fail(Errc::invalid_argument, "--list ZONE is required (the list's zone)");
  }
  if (args.flag("health")) q.health = true;
  if (args.flag("reason")) q.want_reason = true;
  if (args.flag("whitelist")) q.list.role = dnsbl::Role::whitelist;
  if (args.flag("bitmask")) q.list.encoding = dnsbl::Encoding::bitmask;
  for (const auto& m : args.all("meaning")) {
    auto eq = m.find('=');
    auto code = IpAddress::parse_v4(m.substr(0, eq == std::string::npos ? m.size() : eq));
    if (eq == std::string::npos || !code || eq + 1 == m.size())
      return fail(Errc::invalid_argument,
                  "--meaning: '" + m + "' is not CODE=TEXT with CODE an IPv4 address");
    q.list.meanings[*code] = m.substr(eq + 1);
  }
  const auto& positional = args.positional();
  if (positional.size() > 1) return fail(Errc::invalid_argument, "give one SUBJECT");
  if (q.health && !positional.empty())
    return fail(Errc::invalid_argument, "--health checks the list itself: give no SUBJECT");
  if (!positional.empty()) {
    // An address is asked as one; anything else as a domain (a domain list refuses a literal).
    if (auto ip = IpAddress::parse(positional.front()))
      q.subject = *ip;
    else
      q.subject = positional.front();
  }
  if (!q.health && !q.subject)
    return fail(Errc::invalid_argument, "give the SUBJECT to look up (or --health)");
  if (auto kind = args.get("kind")) {
    auto parsed = dnsbl::parse_kind(*kind);
    if (!parsed) return fail(Errc::invalid_argument, "--kind must be ipv4, ipv6, ip or domain");
    q.list.kind = *parsed;
  } else if (vector == nullptr) {
    const IpAddress* ip = q.subject ? std::get_if<IpAddress>(&*q.subject) : nullptr;
    q.list.kind = !q.subject               ? dnsbl::Kind::ipv4
                  : ip == nullptr          ? dnsbl::Kind::domain
                  : ip->unmapped().is_v4() ? dnsbl::Kind::ipv4
                                           : dnsbl::Kind::ipv6;
  }
  return q;
}

boost::json::array strings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

int print_lookup(const Question& q, const dnsbl::Result& r, bool json_output,
                 const PrintingQueries& trace, bool tracing) {
  if (json_output) {
    boost::json::array codes;
    for (const auto& c : r.codes) {
      codes.push_back(boost::json::object{{"code", c.address.to_string()},
                                          {"meanings", strings(c.meanings)},
                                          {"inLoopbackNet", c.in_loopback_net}});
    }
    boost::json::object o{{"list", q.list.zone},
                          {"kind", dnsbl::kind_name(q.list.kind)},
                          {"role", dnsbl::role_name(q.list.role)},
                          {"subject", vectors::subject_text(*q.subject)},
                          {"queryName", r.query_name},
                          {"status", dnsbl::status_name(r.status)},
                          {"effect", dnsbl::effect_name(r.effect())},
                          {"codes", std::move(codes)},
                          {"reasons", strings(r.reasons)},
                          {"problem", r.problem},
                          {"notes", strings(r.notes)},
                          {"dnsQueries", r.dns_queries}};
    if (tracing) o["trace"] = trace.json();
    std::cout << json::pretty(o) << "\n";
    return kExitOk;
  }
  std::cout << "query: " << r.query_name << "\n"
            << "status: " << dnsbl::status_name(r.status) << "\n"
            << "effect: " << dnsbl::effect_name(r.effect()) << " (" << dnsbl::role_name(r.role)
            << ")\n";
  for (const auto& c : r.codes) {
    std::cout << "code: " << c.address.to_string();
    std::string meanings;
    for (const auto& m : c.meanings) meanings += (meanings.empty() ? "" : "; ") + m;
    std::cout << " (" << meanings << ")\n";
  }
  for (const auto& reason : r.reasons) std::cout << "reason: " << reason << "\n";
  if (!r.problem.empty()) std::cout << "problem: " << r.problem << "\n";
  for (const auto& note : r.notes) std::cout << "note: " << note << "\n";
  std::cout << "dns: " << r.dns_queries << " queries\n";
  return kExitOk;
}

std::string_view outcome_name(dnsbl::CheckOutcome outcome) {
  switch (outcome) {
    case dnsbl::CheckOutcome::pass:
      return "pass";
    case dnsbl::CheckOutcome::fail:
      return "fail";
    case dnsbl::CheckOutcome::inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

int print_health(const Question& q, const dnsbl::Health& h, bool json_output,
                 const PrintingQueries& trace, bool tracing) {
  int exit_code = h.status == dnsbl::HealthStatus::healthy ? kExitOk : kExitFailed;
  if (json_output) {
    boost::json::array checks;
    for (const auto& c : h.checks) {
      checks.push_back(boost::json::object{{"id", c.id},
                                           {"queryName", c.query_name},
                                           {"mustBeListed", c.must_be_listed},
                                           {"observed", dnsbl::status_name(c.observed)},
                                           {"outcome", outcome_name(c.outcome)},
                                           {"problem", c.problem}});
    }
    boost::json::object o{{"list", q.list.zone},
                          {"kind", dnsbl::kind_name(q.list.kind)},
                          {"status", dnsbl::health_status_name(h.status)},
                          {"checks", std::move(checks)},
                          {"failed", strings(h.failed())},
                          {"inconclusive", strings(h.inconclusive())}};
    if (tracing) o["trace"] = trace.json();
    std::cout << json::pretty(o) << "\n";
    return exit_code;
  }
  for (const auto& c : h.checks) {
    std::cout << "check " << c.id << ": " << c.query_name << " " << dnsbl::status_name(c.observed)
              << " (" << (c.must_be_listed ? "must" : "must not")
              << " be listed): " << outcome_name(c.outcome);
    if (!c.problem.empty()) std::cout << " (" << c.problem << ")";
    std::cout << "\n";
  }
  std::cout << "health: " << dnsbl::health_status_name(h.status) << "\n";
  return exit_code;
}

}  // namespace

int cmd_check_dnsbl(int argc, char** argv, int first) {
  int exit_code = kExitOk;
  auto args = parse_command(kSpec, "ascot check dnsbl", argc, argv, first, exit_code);
  if (!args) return exit_code;
  auto usage = [](const std::string& message) {
    std::cerr << "ascot check dnsbl: " << message << "\n";
    return kExitUsage;
  };
  auto dns = make_dns(*args, true);
  if (!dns) return usage(dns.error().to_string());
  auto q = question(*args, *dns);
  if (!q) return usage(q.error().message);
  bool json_output = args->flag("json");
  bool tracing = args->flag("trace");
  PrintingQueries trace(tracing && !json_output);
  if (tracing) dns->resolver->set_observer(&trace);
  if (q->health) {
    auto health = dnsbl::check_health(*dns->resolver, q->list);
    if (!health) return usage(health.error().to_string());
    return print_health(*q, *health, json_output, trace, tracing);
  }
  auto result =
      dnsbl::lookup(*dns->resolver, q->list, *q->subject, {.want_reason = q->want_reason});
  if (!result) return usage("cannot ask: " + result.error().to_string());
  return print_lookup(*q, *result, json_output, trace, tracing);
}

}  // namespace ascot::cli
