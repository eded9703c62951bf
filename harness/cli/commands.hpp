// harness/cli/commands.hpp: the ascot subcommands. Each returns the process exit code.
#pragma once

namespace ascot::cli {

int cmd_run(int argc, char** argv, int first);
int cmd_check(int argc, char** argv, int first);
int cmd_vectors(int argc, char** argv, int first);
int cmd_dns(int argc, char** argv, int first);
int cmd_report(int argc, char** argv, int first);
int cmd_traceability(int argc, char** argv, int first);

}  // namespace ascot::cli
