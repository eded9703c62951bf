// ascot check spf: one SPF evaluation against a real DNS server or against zone data.
#include <boost/json.hpp>
#include <iostream>

#include "adapters/transcript.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/mail_input.hpp"
#include "core/json.hpp"
#include "dns/stub_resolver.hpp"
#include "dns/zone_resolver.hpp"
#include "spf/received_spf.hpp"

namespace ascot::cli {

namespace {

const CommandSpec kSpec{
    "ascot check spf|dkim|arc|dmarc|dnsbl [options]   (ascot check MECHANISM --help for each)\n"
    "       ascot check spf --ip ADDRESS --sender ADDRESS --helo NAME (--dns HOST:PORT | --zone "
    "FILE) "
    "[options]",
    "Evaluate one SPF query (RFC 7208 check_host()) with the reference implementation, like "
    "spfquery.\n"
    "The DNS is either a real server (--dns) or zone data in the vector format (--zone), which may "
    "be a\n"
    "vector file: with --vector ID the vector's zone is used, and its ip, sender and helo unless "
    "given.\n"
    "Exit status: 0 when a result was computed, whatever it is (an unreachable server gives "
    "temperror);\n"
    "2 for bad arguments or unreadable zone data.",
    {
        {"ip", "ADDRESS", "the SMTP client's IPv4 or IPv6 address"},
        {"sender", "ADDRESS", "the MAIL FROM address; \"\" for the null reverse-path"},
        {"helo", "NAME", "the HELO/EHLO name"},
        {"identity", "mailfrom|helo", "which identity to check (default mailfrom)"},
        {"dns", "HOST:PORT", "ask this DNS server (UDP, then TCP when truncated)"},
        {"zone", "FILE", "answer from zone data: a zone object or a vector file"},
        {"vector", "ID", "with --zone and a vector file: use this vector's zone and inputs"},
        {"receiver", "NAME",
         "the checking host's name, for %{r} and Received-SPF (default: unknown)"},
        {"timestamp", "SECONDS", "the time for %{t} (default: now)"},
        {"timeout", "MS", "per-query timeout with --dns (default 2000)"},
        {"trace", "", "print every DNS query and every term evaluated"},
        {"json", "", "print the result as JSON"},
    },
    "",
    "  ascot check spf --ip 192.0.2.1 --sender user@example.com --helo mail.example.com --dns "
    "127.0.0.1:5353\n"
    "  ascot check spf --zone vectors/spf/rfc7208-mechanisms.json --vector "
    "mech-include-pass-matches --trace\n"};

class PrintingTrace final : public dns::QueryObserver, public spf::TraceSink {
 public:
  explicit PrintingTrace(bool to_stdout) : to_stdout_(to_stdout) {}
  void on_query(std::string_view name, dns::RRType type, const dns::Answer& answer) override {
    emit(harness::describe_query(name, type, answer));
  }
  void trace(int depth, std::string_view line) override {
    emit(std::string(static_cast<std::size_t>(depth) * 2, ' ') + "spf: " + std::string(line));
  }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  void emit(std::string line) {
    if (to_stdout_) std::cout << line << "\n";
    lines_.push_back(std::move(line));
  }
  bool to_stdout_;
  std::vector<std::string> lines_;
};

}  // namespace

int cmd_check(int argc, char** argv, int first) {
  if (first >= argc || std::string(argv[first]) == "--help" || std::string(argv[first]) == "-h") {
    std::cout << help_text(kSpec);
    return first >= argc ? kExitUsage : kExitOk;
  }
  std::string mechanism = argv[first];
  if (mechanism == "dkim" || mechanism == "arc" || mechanism == "dmarc") {
    return cmd_check_mail(mechanism, argc, argv, first + 1);
  }
  if (mechanism == "dnsbl") return cmd_check_dnsbl(argc, argv, first + 1);
  if (mechanism != "spf") {
    std::cerr << "ascot check: unknown mechanism '" << mechanism
              << "' (choose spf, dkim, arc, dmarc or dnsbl)\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  auto args = parse_command(kSpec, "ascot check spf", argc, argv, first + 1, exit_code);
  if (!args) return exit_code;
  auto usage = [](const std::string& message) {
    std::cerr << "ascot check spf: " << message << "\n";
    return kExitUsage;
  };
  auto dns = make_dns(*args, true);
  if (!dns) return usage(dns.error().to_string());
  std::unique_ptr<dns::Resolver> resolver = std::move(dns->resolver);
  spf::Query query;
  query.timestamp = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  if (dns->zone && dns->zone->vector)
    query = dns->zone->vector->query;
  else if (dns->zone && args->get("vector"))
    return usage("--vector must name an SPF vector");
  if (auto ip = args->get("ip")) {
    auto parsed = IpAddress::parse(*ip);
    if (!parsed) return usage("--ip: '" + *ip + "' is not an IPv4 or IPv6 address");
    query.ip = *parsed;
  } else if (!args->get("vector")) {
    return usage("--ip is required");
  }
  if (auto s = args->get("sender"))
    query.sender = *s;
  else if (!args->get("vector"))
    return usage("--sender is required (\"\" for the null reverse-path)");
  if (auto h = args->get("helo"))
    query.helo = *h;
  else if (!args->get("vector"))
    return usage("--helo is required");
  if (auto identity = args->get("identity")) {
    if (*identity == "mailfrom")
      query.identity = spf::Identity::mailfrom;
    else if (*identity == "helo")
      query.identity = spf::Identity::helo;
    else
      return usage("--identity must be mailfrom or helo");
  }
  if (auto r = args->get("receiver")) query.receiver = *r;
  if (auto t = args->get("timestamp")) {
    try {
      query.timestamp = std::stoll(*t);
    } catch (...) {
      return usage("--timestamp: '" + *t + "' is not a number of seconds");
    }
  }

  bool json_output = args->flag("json");
  bool tracing = args->flag("trace");
  PrintingTrace trace(tracing && !json_output);
  if (tracing) resolver->set_observer(&trace);
  spf::Outcome outcome = spf::evaluate(query, *resolver, {}, tracing ? &trace : nullptr);
  std::string received = spf::received_spf_field(query, outcome, query.receiver);
  std::string auth = query.receiver + "; " + spf::authentication_results_spf(query, outcome);
  if (json_output) {
    boost::json::object o{{"result", spf::result_name(outcome.result)},
                          {"identity", spf::identity_name(query.identity)},
                          {"domain", outcome.domain},
                          {"sender", outcome.sender},
                          {"mechanism", outcome.mechanism},
                          {"explanation", outcome.explanation},
                          {"problem", outcome.problem},
                          {"dnsQueries", outcome.dns_queries},
                          {"dnsTerms", outcome.dns_terms},
                          {"voidLookups", outcome.void_lookups},
                          {"receivedSpf", received},
                          {"authenticationResults", auth}};
    if (tracing) {
      boost::json::array lines;
      for (const auto& l : trace.lines()) lines.emplace_back(l);
      o["trace"] = std::move(lines);
    }
    std::cout << json::pretty(o) << "\n";
    return kExitOk;
  }
  std::cout << "result: " << spf::result_name(outcome.result) << "\n";
  if (!outcome.mechanism.empty()) std::cout << "mechanism: " << outcome.mechanism << "\n";
  if (!outcome.explanation.empty()) std::cout << "explanation: " << outcome.explanation << "\n";
  if (!outcome.problem.empty()) std::cout << "problem: " << outcome.problem << "\n";
  std::cout << received << "\n"
            << "Authentication-Results: " << auth << "\n";
  std::cout << "dns: " << outcome.dns_queries << " queries, " << outcome.dns_terms
            << " DNS-querying terms, " << outcome.void_lookups << " void lookups\n";
  return kExitOk;
}

}  // namespace ascot::cli
