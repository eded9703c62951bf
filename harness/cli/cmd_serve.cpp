// ascot serve mta: the reference MTA from the command line (docs/smtp.md).
#include <csignal>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "dns/stub_resolver.hpp"
#include "mta/reference_mta.hpp"

namespace ascot::cli {

namespace {

const CommandSpec kSpec{
    "ascot serve mta --policy FILE [--listen HOST:PORT] [--dns HOST:PORT] [--relay HOST:PORT] ...",
    "Run the reference MTA: an ESMTP server (PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES,\n"
    "STARTTLS, AUTH PLAIN over TLS, XCLIENT for trusted networks) applying the X.1240 techniques\n"
    "and X.1241 controls of the policy file. Accepted mail is relayed to --relay, spam-box mail\n"
    "is filed under --spam-box, greylisting state is kept in --state (SQLite) so a restart loses\n"
    "nothing. It listens on loopback only. SIGINT or SIGTERM stops it.",
    {{"policy", "FILE", "the policy (JSON; docs/smtp.md)"},
     {"listen", "HOST:PORT", "where to listen (default 127.0.0.1:2525)"},
     {"dns", "HOST:PORT", "the DNS server for every lookup (default 127.0.0.1:53)"},
     {"relay", "HOST:PORT", "the next hop for accepted mail and DSNs"},
     {"spam-box", "DIR", "maildir root of the spam box (X.1240 7.18)"},
     {"state", "FILE", "SQLite file for greylisting state (default: the policy's state_file)"},
     {"xclient", "CIDR", "a network whose clients may use XCLIENT (default 127.0.0.0/8)"},
     {"tls-cert", "FILE", "PEM certificate chain for STARTTLS"},
     {"tls-key", "FILE", "PEM private key for STARTTLS"},
     {"idle-timeout", "SECONDS",
      "close idle sessions after this long (default 300, RFC 5321 4.5.3.2.7)"}},
    "",
    "  ascot dns serve --zone vectors/smtp/x1240-techniques.json --vector helo-fqdn &\n"
    "  ascot serve mta --policy profiles/reference-mta.policy.json --dns 127.0.0.1:5353 \\\n"
    "      --relay 127.0.0.1:2526 --spam-box /tmp/spam\n"
    "  swaks --server 127.0.0.1:2525 --to b@example.org\n"};

}  // namespace

int cmd_serve(int argc, char** argv, int first) {
  if (auto help = subcommand_help(kSpec, "mta", argc, argv, first)) return *help;
  int exit_code = kExitOk;
  auto args = parse_command(kSpec, "ascot serve mta", argc, argv, first + 1, exit_code);
  if (!args) return exit_code;
  auto usage = [](const std::string& what) {
    std::cerr << "ascot serve mta: " << what << "\n";
    return kExitUsage;
  };
  auto policy = args->get("policy");
  if (!policy) return usage("--policy is required");
  mta::ReferenceMtaOptions o;
  o.policy_file = *policy;
  dns::StubOptions listen;
  listen.port = 2525;
  if (auto r = dns::parse_endpoint(args->get_or("listen", "127.0.0.1:2525"), listen); !r) {
    return usage("--listen: " + r.error().message);
  }
  o.server.host = listen.host;
  o.server.port = listen.port;
  o.dns = args->get_or("dns", "127.0.0.1:53");
  o.relay = args->get_or("relay", "");
  o.spam_box_dir = args->get_or("spam-box", "");
  o.state_file = args->get_or("state", "");
  auto network = mta::parse_network(args->get_or("xclient", "127.0.0.0/8"));
  if (!network) return usage("--xclient: " + network.error().message);
  o.server.xclient_networks.push_back(*network);
  o.server.tls_certificate_file = args->get_or("tls-cert", "");
  o.server.tls_key_file = args->get_or("tls-key", "");
  try {
    o.server.idle_timeout = std::chrono::seconds(std::stoi(args->get_or("idle-timeout", "300")));
  } catch (const std::exception&) {
    return usage("--idle-timeout must be a number of seconds");
  }
  // Before the server threads start, so that only wait() sees the stop signals.
  StopSignals stop;
  auto mta = mta::ReferenceMta::start(std::move(o));
  if (!mta) {
    std::cerr << "ascot serve mta: " << mta.error().to_string() << "\n";
    return kExitFailed;
  }
  std::cout << "reference MTA " << (*mta)->policy().hostname << " listening on "
            << (*mta)->server().endpoint() << "; Ctrl-C stops" << std::endl;
  stop.wait();
  auto stats = (*mta)->server().stats();
  std::cout << "stopping: " << stats.connections << " connections, " << stats.messages
            << " messages accepted, " << (*mta)->delivery().relayed() << " relayed, "
            << (*mta)->delivery().filed() << " filed in the spam box" << std::endl;
  (*mta)->stop();
  return kExitOk;
}

}  // namespace ascot::cli
