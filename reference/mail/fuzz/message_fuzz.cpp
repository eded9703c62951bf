// Fuzz target: message parsing (RFC 5322), mailbox lists (3.4) and the MIME walker (RFC 2045/2046).
// Every span must lie inside the message.
#include <cstdint>
#include <string>

#include "mail/address.hpp"
#include "mail/message.hpp"
#include "mail/mime.hpp"

namespace {
void check_part(const ascot::mail::Message& m, const ascot::mail::Part& p) {
  auto inside = [&](ascot::mail::Span s) {
    if (s.offset > m.bytes().size() || s.length > m.bytes().size() - s.offset) __builtin_trap();
  };
  inside(p.entity.body);
  for (const auto& f : p.entity.fields) {
    inside(f.whole);
    inside(f.name);
    inside(f.value);
  }
  for (const auto& c : p.children) check_part(m, c);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (bool lf : {false, true}) {
    auto m =
        ascot::mail::Message::parse(std::string(reinterpret_cast<const char*>(data), size), {lf});
    if (!m) continue;
    for (const auto& f : m->fields()) {
      (void)ascot::mail::unfold(m->value(f));
      (void)ascot::mail::parse_mailbox_list(m->value(f));
    }
    auto tree = ascot::mail::walk_mime(*m);
    if (tree) check_part(*m, *tree);
  }
  return 0;
}
