#include "cli/args.hpp"

#include <iostream>

namespace ascot::cli {

Expected<Args> Args::parse(const CommandSpec& spec, int argc, char** argv, int first) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      args.help_ = true;
      continue;
    }
    if (a == "--") {
      for (++i; i < argc; ++i) args.positional_.emplace_back(argv[i]);
      break;
    }
    if (!a.starts_with("--")) {
      if (spec.positional.empty()) {
        return fail(Errc::invalid_argument, "unexpected argument '" + a + "'");
      }
      args.positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* option = nullptr;
    for (const auto& o : spec.options) {
      if (o.name == name) option = &o;
    }
    if (option == nullptr) {
      return fail(Errc::invalid_argument, "unknown option '--" + name + "' (see --help)");
    }
    if (option->value.empty()) {
      if (inline_value) return fail(Errc::invalid_argument, "--" + name + " takes no value");
      args.values_[name].emplace_back();
      continue;
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return fail(Errc::invalid_argument, "--" + name + " needs a value (" + option->value + ")");
    }
    if (!option->repeatable && args.values_.contains(name)) {
      return fail(Errc::invalid_argument, "--" + name + " given more than once");
    }
    args.values_[name].push_back(value);
  }
  return args;
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<Args> parse_command(const CommandSpec& spec, const char* name, int argc, char** argv,
                                  int first, int& exit_code) {
  auto args = Args::parse(spec, argc, argv, first);
  if (!args) {
    std::cerr << name << ": " << args.error().message << "\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  if (args->help()) {
    std::cout << help_text(spec);
    exit_code = kExitOk;
    return std::nullopt;
  }
  return std::move(*args);
}

std::string help_text(const CommandSpec& spec) {
  std::string out = "Usage: " + spec.usage + "\n\n" + spec.description + "\n";
  if (!spec.options.empty()) {
    out += "\nOptions:\n";
    for (const auto& o : spec.options) {
      std::string left = "  --" + o.name + (o.value.empty() ? "" : " " + o.value);
      if (left.size() < 26)
        left.append(26 - left.size(), ' ');
      else
        left += "\n" + std::string(26, ' ');
      out += left + o.help + "\n";
    }
    out += "  --help                  show this help\n";
  }
  if (!spec.examples.empty()) out += "\nExamples:\n" + spec.examples;
  return out;
}

std::optional<int> subcommand_help(const CommandSpec& spec, std::string_view sub, int argc,
                                   char** argv, int first) {
  if (first < argc && std::string_view(argv[first]) == sub) return std::nullopt;
  std::cout << help_text(spec);
  bool asked = first < argc &&
               (std::string_view(argv[first]) == "--help" || std::string_view(argv[first]) == "-h");
  return asked ? kExitOk : kExitUsage;
}

StopSignals::StopSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

void StopSignals::wait() {
  int signal = 0;
  sigwait(&set_, &signal);
}

}  // namespace ascot::cli
