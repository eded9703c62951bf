// ascot: the Anti-Spam COnformance Toolkit command line.
#include <iostream>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"

#ifndef ASCOT_VERSION
#define ASCOT_VERSION "0.0.0"
#endif

namespace {

constexpr const char* kUsage =
    "ascot " ASCOT_VERSION
    " - Anti-Spam COnformance Toolkit (ITU-T X.1240 series)\n"
    "\n"
    "Usage: ascot <command> [options]\n"
    "\n"
    "Commands:\n"
    "  run            run test purposes against an IUT and write results.json, junit.xml, "
    "report.html\n"
    "  check spf      evaluate one SPF query against a DNS server or zone data (like spfquery)\n"
    "  check dkim     verify the DKIM signatures of a message\n"
    "  check arc      validate the ARC chain of a message\n"
    "  check dmarc    SPF, DKIM and DMARC for a message, as a receiver evaluates it\n"
    "  check dnsbl    look an address or domain up in a DNS blacklist or whitelist, or check "
    "the list\n"
    "  sign dkim      sign a message with DKIM (or print the key record to publish)\n"
    "  sign arc       add an ARC Set to a message, as an intermediary does\n"
    "  parse authres  parse an Authentication-Results field and print it as JSON\n"
    "  parse arf      parse an abuse report (ARF, RFC 5965) and print it as JSON\n"
    "  report arf     write an abuse report (ARF) about a message\n"
    "  dmarc aggregate  summarise (or convert) a DMARC aggregate report\n"
    "  vectors run    run vector files against the reference implementation\n"
    "  vectors lint   check vector files against their schemas and each other\n"
    "  dns serve      serve zone data over DNS (UDP and TCP) on a loopback port\n"
    "  serve mta      run the reference MTA (X.1240 techniques, X.1241 controls) on loopback\n"
    "  report         render junit.xml and report.html again from a results.json\n"
    "  traceability   print the table of clauses, test purposes and vectors\n"
    "  version        print the version\n"
    "\n"
    "'ascot <command> --help' describes a command. The data (vectors/, conformance/) is found "
    "through\n"
    "$ASCOT_DATA_DIR, else the installed share/ascot, else the source tree ascot was built from.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace ascot::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "version" || command == "--version") {
    std::cout << "ascot " << ASCOT_VERSION << "\n";
    return kExitOk;
  }
  if (command == "run") return cmd_run(argc, argv, 2);
  if (command == "check") return cmd_check(argc, argv, 2);
  if (command == "vectors") return cmd_vectors(argc, argv, 2);
  if (command == "dns") return cmd_dns(argc, argv, 2);
  if (command == "serve") return cmd_serve(argc, argv, 2);
  if (command == "report") {
    if (argc > 2 && std::string(argv[2]) == "arf") return cmd_report_arf(argc, argv, 3);
    return cmd_report(argc, argv, 2);
  }
  if (command == "sign") return cmd_sign(argc, argv, 2);
  if (command == "parse") return cmd_parse(argc, argv, 2);
  if (command == "dmarc") return cmd_dmarc(argc, argv, 2);
  if (command == "traceability") return cmd_traceability(argc, argv, 2);
  std::cerr << "ascot: unknown command '" << command << "'\n\n" << kUsage;
  return kExitUsage;
}
