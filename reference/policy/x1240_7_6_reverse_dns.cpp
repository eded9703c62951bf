// X.1240 7.6 (derived-from-heading): the existence of a pointer record. Two checks: the
// client address has a PTR record, and one of its names leads back to the address
// (forward-confirmed reverse DNS, the "iprev" method of RFC 8601 3).
#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {

ReverseDns check_reverse_dns(dns::Resolver& resolver, const IpAddress& client) {
  ReverseDns out;
  out.ptr.technique = Technique::ptr;
  out.fcrdns.technique = Technique::fcrdns;
  const IpAddress ip = client.unmapped();
  auto ptr = resolver.query(ip.reverse_name(), dns::RRType::PTR);
  if (ptr.is_error()) {
    // RFC 8601 2.7.3: a DNS failure is iprev=temperror.
    out.ptr.temporary = out.fcrdns.temporary = true;
    out.ptr.check = out.fcrdns.check = "temperror";
    out.ptr.detail = out.fcrdns.detail =
        "PTR lookup for " + ip.to_string() + ": " + std::string(dns::status_name(ptr.status));
    out.iprev = "temperror";
    return out;
  }
  std::vector<std::string> names;
  for (const auto& r : ptr.records) {
    if (const auto* t = r.target()) names.push_back(ascii::lower(*t));
  }
  if (names.empty()) {
    out.ptr.hit = out.fcrdns.hit = true;
    out.ptr.check = out.fcrdns.check = "no-ptr";
    out.ptr.detail = out.fcrdns.detail = ip.to_string() + " has no PTR record";
    out.iprev = "permerror";  // RFC 8601 2.7.3: no PTR is a permanent error
    return out;
  }
  out.ptr.check = "ptr";
  out.ptr.detail = ip.to_string() + " has PTR " + names.front();
  bool temporary = false;
  // RFC 8601 3 leaves the number of names to try to the implementation; ours is named.
  if (names.size() > kMaxPtrNames) names.resize(kMaxPtrNames);
  for (const auto& name : names) {
    auto forward = resolver.query(name, ip.is_v4() ? dns::RRType::A : dns::RRType::AAAA);
    if (forward.is_error()) {
      temporary = true;
      continue;
    }
    for (const auto& r : forward.records) {
      const auto* a = r.address();
      if (a && a->unmapped() == ip) {
        out.verified_name = name;
        if (!out.verified_name.empty() && out.verified_name.back() == '.')
          out.verified_name.pop_back();
        out.fcrdns.check = "confirmed";
        out.fcrdns.detail = name + " resolves back to " + ip.to_string();
        out.iprev = "pass";
        return out;
      }
    }
  }
  if (temporary) {
    out.fcrdns.temporary = true;
    out.fcrdns.check = "temperror";
    out.fcrdns.detail = "a forward lookup of the PTR names of " + ip.to_string() + " failed";
    out.iprev = "temperror";
    return out;
  }
  out.fcrdns.hit = true;
  out.fcrdns.check = "not-confirmed";
  out.fcrdns.detail = "no PTR name of " + ip.to_string() + " resolves back to it";
  out.iprev = "fail";
  return out;
}

}  // namespace ascot::policy
