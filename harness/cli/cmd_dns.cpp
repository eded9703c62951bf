// ascot dns serve: the DNS scenario server from the command line.
#include <csignal>
#include <iostream>
#include <mutex>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/zone_input.hpp"
#include "dns/stub_resolver.hpp"
#include "dnsserver/scenario_server.hpp"

namespace ascot::cli {

namespace {

const CommandSpec kSpec{
    "ascot dns serve --zone FILE [--vector ID] [--listen HOST:PORT]",
    "Serve zone data authoritatively over UDP and TCP, as the harness does for a product under "
    "test:\n"
    "TIMEOUT names get no answer, SERVFAIL and NXDOMAIN names get those codes, UDP answers over "
    "512\n"
    "octets are truncated so that clients retry over TCP. Only loopback addresses can be used. "
    "Each\n"
    "query is printed; SIGINT or SIGTERM stops the server.",
    {{"zone", "FILE", "zone data: a zone object, or a vector file (with --vector ID)"},
     {"vector", "ID", "serve the zone of this vector's group"},
     {"listen", "HOST:PORT", "where to listen (default 127.0.0.1:5353)"},
     {"quiet", "", "do not print each query"}},
    "",
    "  ascot dns serve --zone vectors/spf/rfc7208-mechanisms.json --vector mech-mx-ipv6-pass\n"
    "  dig @127.0.0.1 -p 5353 example.com TXT\n"};

}  // namespace

int cmd_dns(int argc, char** argv, int first) {
  if (auto help = subcommand_help(kSpec, "serve", argc, argv, first)) return *help;
  int exit_code = kExitOk;
  auto args = parse_command(kSpec, "ascot dns serve", argc, argv, first + 1, exit_code);
  if (!args) return exit_code;
  auto zone_file = args->get("zone");
  if (!zone_file) {
    std::cerr << "ascot dns serve: --zone is required\n";
    return kExitUsage;
  }
  auto input = load_zone_input(*zone_file, args->get("vector"));
  if (!input) {
    std::cerr << "ascot dns serve: " << input.error().to_string() << "\n";
    return kExitUsage;
  }
  dns::StubOptions endpoint;
  endpoint.port = 5353;
  auto parsed = dns::parse_endpoint(args->get_or("listen", "127.0.0.1:5353"), endpoint);
  if (!parsed) {
    std::cerr << "ascot dns serve: --listen: " << parsed.error().message << "\n";
    return kExitUsage;
  }
  // Before the server thread starts, so that only wait() sees the stop signals.
  StopSignals stop;
  auto server = harness::ScenarioServer::start(endpoint.host, endpoint.port, input->zone);
  if (!server) {
    std::cerr << "ascot dns serve: " << server.error().to_string() << "\n";
    return kExitFailed;
  }
  std::mutex out;
  if (!args->flag("quiet")) {
    (*server)->set_log([&out](const harness::ServedQuery& q) {
      std::lock_guard lock(out);
      std::cout << (q.transport == harness::Transport::udp ? "udp " : "tcp ")
                << dns::type_name(q.type) << " " << (q.name.empty() ? "-" : q.name) << " -> "
                << q.outcome << std::endl;
    });
  }
  std::cout << "serving " << input->description << " (" << input->zone->names().size()
            << " names) on " << (*server)->endpoint() << " over UDP and TCP; Ctrl-C stops"
            << std::endl;
  stop.wait();
  std::cout << "stopping after " << (*server)->requests() << " requests" << std::endl;
  (*server)->stop();
  return kExitOk;
}

}  // namespace ascot::cli
