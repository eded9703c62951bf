// Fuzz target: DKIM tag lists, DKIM-Signature fields and key records (RFC 6376 3.2, 3.5,
// 3.6.1), and a full verification of the input as a message against a small zone.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dkim/signature.hpp"
#include "dkim/verify.hpp"
#include "dns/zone_resolver.hpp"
#include "mail/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ascot::dkim::parse_signature(text);
  (void)ascot::dkim::parse_key_record(text);
  (void)ascot::dkim::signature_input_field(text, ascot::dkim::Canonicalization::relaxed);
  (void)ascot::dkim::canonical_body(text, ascot::dkim::Canonicalization::relaxed);
  auto message = ascot::mail::Message::parse(std::string(text));
  if (!message) return 0;
  static auto zone = [] {
    auto z = std::make_shared<ascot::dns::Zone>();
    z->add({"sel._domainkey.example.com", ascot::dns::RRType::TXT, 300,
            std::vector<std::string>{"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}});
    return z;
  }();
  ascot::dns::ZoneResolver resolver(zone);
  (void)ascot::dkim::verify(*message, resolver, {.now = 1767225600});
  return 0;
}
