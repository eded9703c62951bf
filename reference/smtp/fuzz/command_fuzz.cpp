// Fuzz target: SMTP command lines (RFC 5321 4.1) as a server reads them, and reply lines
// (4.2) as a client reads them. What parses must print and parse back to the same value.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "smtp/command.hpp"
#include "smtp/reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto command = ascot::smtp::parse_command(input);
  if (command &&
      (command->verb == ascot::smtp::Verb::mail || command->verb == ascot::smtp::Verb::rcpt)) {
    std::string line = command->verb == ascot::smtp::Verb::mail ? "MAIL FROM:" : "RCPT TO:";
    line += command->path.to_string();
    for (const auto& p : command->parameters)
      line += " " + p.keyword + (p.value ? "=" + *p.value : "");
    auto again = ascot::smtp::parse_command(line);
    if (!again || !(again->path == command->path) || again->parameters != command->parameters) {
      std::abort();
    }
  }
  if (!command && command.error().lines.empty()) std::abort();
  // The same bytes as reply lines, split at LF.
  ascot::smtp::ReplyReader reader;
  std::size_t start = 0;
  while (start <= input.size()) {
    auto end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    auto done = reader.feed(input.substr(start, end - start));
    if (done && *done) {
      // A reply we read must format and read back to the same reply.
      ascot::smtp::ReplyReader again;
      std::string wire = ascot::smtp::format(**done);
      std::optional<ascot::smtp::Reply> back;
      std::size_t s = 0;
      while (s < wire.size()) {
        auto e = wire.find("\r\n", s);
        auto r = again.feed(std::string_view(wire).substr(s, e - s));
        if (!r) std::abort();
        if (*r) back = **r;
        s = e + 2;
      }
      if (!back || back->code != (*done)->code) std::abort();
    }
    start = end + 1;
  }
  return 0;
}
