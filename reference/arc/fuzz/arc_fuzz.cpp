// Fuzz target: ARC instance tags and chain validation (RFC 8617 4.2.1, 5.2) of the input as a
// message against a small zone, and sealing of it when it parses.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "arc/arc.hpp"
#include "dns/zone_resolver.hpp"
#include "mail/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ascot::arc::instance_of("ARC-Authentication-Results", text);
  (void)ascot::arc::instance_of("ARC-Seal", text);
  auto message = ascot::mail::Message::parse(std::string(text));
  if (!message) return 0;
  static auto zone = [] {
    auto z = std::make_shared<ascot::dns::Zone>();
    z->add({"sel._domainkey.example.net", ascot::dns::RRType::TXT, 300,
            std::vector<std::string>{
                "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}});
    return z;
  }();
  ascot::dns::ZoneResolver resolver(zone);
  (void)ascot::arc::validate(*message, resolver, {.now = 1767225600});
  (void)ascot::arc::collect(*message);
  return 0;
}
