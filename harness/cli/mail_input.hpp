// harness/cli/mail_input.hpp: what the message-handling commands (check dkim|arc|dmarc, sign,
// parse, report arf) share: reading inputs, choosing a DNS, the time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cli/args.hpp"
#include "cli/zone_input.hpp"
#include "core/error.hpp"
#include "dns/resolver.hpp"

namespace ascot::cli {

// read_input returns the bytes of |path|, or of standard input for "-".
Expected<std::string> read_input(const std::string& path);

// read_message reads a message like read_input and ends every line in CRLF, the form a message
// has on the wire (RFC 5321 2.3.8): files written on Unix end lines in LF alone.
Expected<std::string> read_message(const std::string& path);

// write_output writes |text| to |path| atomically, or to standard output when |path| is empty
// or "-".
Expected<void> write_output(const std::optional<std::string>& path, const std::string& text);

// DnsChoice is the DNS a command asks: a real server (--dns HOST:PORT, with --timeout MS) or
// zone data (--zone FILE, a zone object or a vector file, with --vector ID).
struct DnsChoice {
  std::unique_ptr<dns::Resolver> resolver;
  std::optional<ZoneInput> zone;  // with --zone
};

// dns_options are the options make_dns reads; commands list them in their CommandSpec.
std::vector<OptionSpec> dns_options(bool required);

// make_dns builds the resolver. With |required| false and neither option given, the resolver
// is null. Errors are usage errors, worded for the command line.
Expected<DnsChoice> make_dns(const Args& args, bool required);

// now_seconds is the current time, or --now SECONDS when given.
Expected<std::int64_t> time_option(const Args& args, const std::string& name);

// message_input returns the message of --message FILE, or the "message"/"messageBase64" of a
// vector chosen with --zone FILE --vector ID.
Expected<std::string> message_input(const Args& args, const DnsChoice& dns);

}  // namespace ascot::cli
