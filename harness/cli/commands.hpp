// harness/cli/commands.hpp: the ascot subcommands. Each returns the process exit code.
#pragma once

#include <string>

namespace ascot::cli {

int cmd_run(int argc, char** argv, int first);
int cmd_check(int argc, char** argv, int first);
// check dkim|arc|dmarc; |first| is the first option after the mechanism.
int cmd_check_mail(const std::string& mechanism, int argc, char** argv, int first);
// check dnsbl; |first| is the first option after the mechanism.
int cmd_check_dnsbl(int argc, char** argv, int first);
int cmd_sign(int argc, char** argv, int first);
int cmd_parse(int argc, char** argv, int first);
int cmd_report_arf(int argc, char** argv, int first);
int cmd_dmarc(int argc, char** argv, int first);
int cmd_vectors(int argc, char** argv, int first);
int cmd_dns(int argc, char** argv, int first);
int cmd_serve(int argc, char** argv, int first);
int cmd_report(int argc, char** argv, int first);
int cmd_traceability(int argc, char** argv, int first);

}  // namespace ascot::cli
