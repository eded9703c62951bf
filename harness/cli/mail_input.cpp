#include "cli/mail_input.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <iterator>

#include "core/base64.hpp"
#include "core/files.hpp"
#include "dns/stub_resolver.hpp"
#include "dns/zone_resolver.hpp"

namespace ascot::cli {

Expected<std::string> read_input(const std::string& path) {
  if (path != "-") return read_file(path);
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) return fail(Errc::io_error, "cannot read standard input");
  return text;
}

Expected<std::string> read_message(const std::string& path) {
  auto text = read_input(path);
  if (!text) return text;
  std::string out;
  out.reserve(text->size() + text->size() / 32);
  for (std::size_t i = 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c == '\n' && (i == 0 || (*text)[i - 1] != '\r')) out += '\r';
    out += c;
  }
  return out;
}

Expected<void> write_output(const std::optional<std::string>& path, const std::string& text) {
  if (!path || *path == "-") {
    std::cout << text << std::flush;
    return {};
  }
  return write_file_atomic(*path, text);
}

std::vector<OptionSpec> dns_options(bool required) {
  std::string which = required ? "" : " (needed only to look keys up)";
  return {
      {"dns", "HOST:PORT", "ask this DNS server (UDP, then TCP when truncated)" + which},
      {"zone", "FILE", "answer from zone data: a zone object or a vector file" + which},
      {"vector", "ID", "with --zone and a vector file: use this vector's zone (and inputs)"},
      {"timeout", "MS", "per-query timeout with --dns (default 2000)"},
  };
}

Expected<DnsChoice> make_dns(const Args& args, bool required) {
  DnsChoice out;
  bool dns = args.get("dns").has_value();
  bool zone = args.get("zone").has_value();
  if (dns && zone) return fail(Errc::invalid_argument, "give only one of --dns and --zone");
  if (!dns && !zone) {
    if (required)
      return fail(Errc::invalid_argument, "give one of --dns HOST:PORT and --zone FILE");
    if (args.get("vector")) return fail(Errc::invalid_argument, "--vector needs --zone");
    return out;
  }
  if (args.get("vector") && !zone) return fail(Errc::invalid_argument, "--vector needs --zone");
  if (zone) {
    auto input = load_zone_input(*args.get("zone"), args.get("vector"));
    if (!input) return std::unexpected(input.error());
    out.resolver = std::make_unique<dns::ZoneResolver>(input->zone);
    out.zone = std::move(*input);
    return out;
  }
  dns::StubOptions options;
  auto endpoint = dns::parse_endpoint(*args.get("dns"), options);
  if (!endpoint) return fail(Errc::invalid_argument, "--dns: " + endpoint.error().message);
  if (auto t = args.get("timeout")) {
    try {
      options.timeout = std::chrono::milliseconds(std::stoi(*t));
    } catch (...) {
      return fail(Errc::invalid_argument,
                  "--timeout: '" + *t + "' is not a number of milliseconds");
    }
  }
  auto stub = dns::StubResolver::create(options);
  if (!stub) return std::unexpected(stub.error());
  out.resolver = std::move(*stub);
  return out;
}

Expected<std::int64_t> time_option(const Args& args, const std::string& name) {
  if (auto t = args.get(name)) {
    try {
      std::size_t used = 0;
      std::int64_t v = std::stoll(*t, &used);
      if (used == t->size() && v >= 0) return v;
    } catch (...) {
    }
    return fail(Errc::invalid_argument,
                "--" + name + ": '" + *t + "' is not a number of seconds since the epoch");
  }
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Expected<std::string> message_input(const Args& args, const DnsChoice& dns) {
  if (auto path = args.get("message")) {
    auto text = read_message(*path);
    if (!text) return std::unexpected(text.error());
    return text;
  }
  if (dns.zone && dns.zone->vector_json) {
    const auto& v = *dns.zone->vector_json;
    if (const auto* m = v.if_contains("message"); m && m->is_string())
      return std::string(m->get_string());
    if (const auto* m = v.if_contains("messageBase64"); m && m->is_string()) {
      auto bytes = base64_decode(m->get_string(), true);
      if (!bytes) return fail(Errc::parse_error, "the vector's messageBase64 is not base64");
      return *bytes;
    }
  }
  return fail(Errc::invalid_argument,
              "--message FILE is required (or --zone FILE --vector ID of a vector with a message)");
}

}  // namespace ascot::cli
