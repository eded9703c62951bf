// Fuzz target: the SPF record parser (RFC 7208 4.5, 4.6.1, 5, 6) and, for records that
// parse, a full evaluation against a small zone, so that every parsed term is also run.
#include <cstdint>
#include <memory>
#include <string_view>

#include "dns/zone.hpp"
#include "dns/zone_resolver.hpp"
#include "spf/check_host.hpp"
#include "spf/record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = ascot::spf::parse_record(text);
  if (!record || size > 2000) return 0;
  auto zone = std::make_shared<ascot::dns::Zone>();
  ascot::dns::Record txt{"example.com", ascot::dns::RRType::TXT, 300, std::vector<std::string>{}};
  std::vector<std::string> strings;
  for (std::size_t i = 0; i < text.size(); i += 255) strings.emplace_back(text.substr(i, 255));
  txt.data = strings;
  zone->add(txt);
  zone->add({"example.com", ascot::dns::RRType::A, 300, *ascot::IpAddress::parse("192.0.2.1")});
  zone->add({"example.com", ascot::dns::RRType::MX, 300, ascot::dns::Mx{10, "example.com"}});
  ascot::dns::ZoneResolver resolver(zone);
  ascot::spf::Query query;
  query.ip = *ascot::IpAddress::parse("192.0.2.1");
  query.sender = "user@example.com";
  query.helo = "mail.example.com";
  auto outcome = ascot::spf::evaluate(query, resolver);
  // 4.6.4: however the record is written, one evaluation stays within the DNS limits. The
  // record can reach itself through include/redirect, so every term may cost a few queries.
  if (outcome.dns_terms > ascot::spf::kMaxDnsTerms + 1 || resolver.query_count() > 400)
    __builtin_trap();
  return 0;
}
