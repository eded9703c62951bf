// Fuzz target: URI host extraction from an untrusted body (X.1240 7.7, RFC 3986 3.2), and the
// domain validation of RFC 5782 3 that every extracted host must then pass.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ascii.hpp"
#include "dnsbl/dnsbl.hpp"
#include "dnsbl/uri_hosts.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ascot;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  for (bool bare_www : {true, false}) {
    auto hosts = dnsbl::extract_uri_hosts(body, {.bare_www = bare_www});
    if (hosts.domains.size() + hosts.addresses.size() > dnsbl::kMaxUriHosts) __builtin_trap();
    for (const auto& d : hosts.domains) {
      // Every host is a lower-case name the DNS can carry: a domain list may reject it only
      // for its length together with the zone, never as malformed.
      if (d != ascii::lower(d) || d.ends_with('.')) __builtin_trap();
      auto name = dnsbl::domain_query_name(d, "dbl.example.com");
      if (!name && name.error().code != ascot::Errc::limit_exceeded) __builtin_trap();
      if (name && name->size() > dnsbl::kMaxNameLength) __builtin_trap();
    }
  }
  // The raw input as a domain subject: any outcome but a crash, and no over-long name.
  auto name = dnsbl::domain_query_name(body.substr(0, 600), "dbl.example.com");
  if (name && (name->size() > dnsbl::kMaxNameLength || *name != ascii::lower(*name)))
    __builtin_trap();
  return 0;
}
