// harness/cli/args.hpp: a small, strict command-line parser for the ascot CLI.
//
// Options are --name VALUE or --name=VALUE, and --flag for booleans. Every option a command
// accepts is declared with its help text; anything else is an error naming the option, so
// a typo never silently changes what a command does.
#pragma once

#include <csignal>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace ascot::cli {

struct OptionSpec {
  std::string name;   // without dashes: "ip"
  std::string value;  // placeholder shown in help ("ADDRESS"); empty for a flag
  std::string help;
  bool repeatable = false;
};

struct CommandSpec {
  std::string usage;        // "ascot check spf [options]"
  std::string description;  // a paragraph
  std::vector<OptionSpec> options;
  std::string positional;  // e.g. "FILE..." ; empty when none are accepted
  std::string examples;
};

class Args {
 public:
  // parse reads argv[first..] against |spec|. --help is always accepted.
  static Expected<Args> parse(const CommandSpec& spec, int argc, char** argv, int first);

  bool help() const { return help_; }
  bool flag(const std::string& name) const { return values_.contains(name); }
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> all(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  bool help_ = false;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// parse_command parses a command's arguments, printing its help for --help and the problem
// for a usage error (prefixed with |name|, e.g. "ascot run"). It returns nullopt when the
// command should stop, with |exit_code| set; otherwise the arguments.
std::optional<Args> parse_command(const CommandSpec& spec, const char* name, int argc, char** argv,
                                  int first, int& exit_code);

// help_text formats a command's help.
std::string help_text(const CommandSpec& spec);

// subcommand_help handles "ascot <command>" without its one subcommand |sub| ("serve", "mta"):
// it prints the help and returns the exit code when argv[first] is not |sub|, else nullopt.
std::optional<int> subcommand_help(const CommandSpec& spec, std::string_view sub, int argc,
                                   char** argv, int first);

// StopSignals blocks SIGINT and SIGTERM in every thread started after it (make one before
// starting a server), so that wait() alone receives them.
class StopSignals {
 public:
  StopSignals();
  // wait returns when SIGINT or SIGTERM arrives.
  void wait();

 private:
  sigset_t set_{};
};

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the command ran and found failures or problems
inline constexpr int kExitUsage = 2;   // bad arguments or unusable input

}  // namespace ascot::cli
