// RFC 5782 sections 2.1 to 2.4 and 3: asking a DNS list, and reading its answer.
#include <algorithm>
#include <array>
#include <utility>

#include "core/ascii.hpp"
#include "dns/types.hpp"
#include "dnsbl/dnsbl.hpp"

namespace ascot::dnsbl {

namespace {

template <class E, std::size_t N>
std::optional<E> parse_name(std::string_view name,
                            const std::array<std::pair<E, std::string_view>, N>& table) {
  for (const auto& [value, text] : table) {
    if (ascii::iequals(name, text)) return value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(E value, const std::array<std::pair<E, std::string_view>, N>& table) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "unknown";
}

constexpr std::array<std::pair<Kind, std::string_view>, 4> kKinds = {
    {{Kind::ipv4, "ipv4"}, {Kind::ipv6, "ipv6"}, {Kind::ip, "ip"}, {Kind::domain, "domain"}}};
constexpr std::array<std::pair<Role, std::string_view>, 2> kRoles = {
    {{Role::blacklist, "blacklist"}, {Role::whitelist, "whitelist"}}};
constexpr std::array<std::pair<Encoding, std::string_view>, 2> kEncodings = {
    {{Encoding::exact, "exact"}, {Encoding::bitmask, "bitmask"}}};
constexpr std::array<std::pair<Status, std::string_view>, 3> kStatuses = {
    {{Status::listed, "listed"},
     {Status::not_listed, "not-listed"},
     {Status::temperror, "temperror"}}};
constexpr std::array<std::pair<Effect, std::string_view>, 3> kEffects = {
    {{Effect::none, "none"}, {Effect::block, "block"}, {Effect::allow, "allow"}}};
constexpr std::array<std::pair<HealthStatus, std::string_view>, 3> kHealth = {
    {{HealthStatus::healthy, "healthy"},
     {HealthStatus::unhealthy, "unhealthy"},
     {HealthStatus::inconclusive, "inconclusive"}}};

std::uint32_t low24(const IpAddress& v4) {
  const auto& o = v4.octets();
  return (std::uint32_t{o[1]} << 16) | (std::uint32_t{o[2]} << 8) | std::uint32_t{o[3]};
}

const IpAddress kLoopbackNet = IpAddress::v4({127, 0, 0, 0});

bool in_loopback_net(const IpAddress& a) {
  return a.matches_prefix(kLoopbackNet, 8);
}

// 2.3: a list that combines sublists tells them apart by the A record value, either one
// value per sublist or one bit per sublist. What each value means is the client's
// configuration; RFC 5782 fixes no registry of codes.
std::vector<std::string> meanings_of(const List& list, const IpAddress& code) {
  std::vector<std::string> out;
  if (list.encoding == Encoding::exact) {
    if (auto it = list.meanings.find(code); it != list.meanings.end()) out.push_back(it->second);
  } else if (in_loopback_net(code)) {
    std::uint32_t bits = low24(code);
    for (const auto& [key, meaning] : list.meanings) {
      if (!key.is_v4() || !in_loopback_net(key)) continue;
      std::uint32_t want = low24(key);
      if (want != 0 && (bits & want) == want) out.push_back(meaning);
    }
  }
  if (out.empty()) out.push_back(list.default_meaning);
  return out;
}

std::string failure_text(std::string_view type, const std::string& name,
                         const dns::Answer& answer) {
  std::string text = std::string(type) + " query for " + name + ": " +
                     std::string(dns::status_name(answer.status));
  if (!answer.detail.empty()) text += " (" + answer.detail + ")";
  return text;
}

}  // namespace

std::string_view kind_name(Kind kind) {
  return name_of(kind, kKinds);
}
std::optional<Kind> parse_kind(std::string_view name) {
  return parse_name(name, kKinds);
}
std::string_view role_name(Role role) {
  return name_of(role, kRoles);
}
std::optional<Role> parse_role(std::string_view name) {
  return parse_name(name, kRoles);
}
std::string_view encoding_name(Encoding encoding) {
  return name_of(encoding, kEncodings);
}
std::optional<Encoding> parse_encoding(std::string_view name) {
  return parse_name(name, kEncodings);
}
std::string_view status_name(Status status) {
  return name_of(status, kStatuses);
}
std::optional<Status> parse_status(std::string_view name) {
  return parse_name(name, kStatuses);
}
std::string_view effect_name(Effect effect) {
  return name_of(effect, kEffects);
}
std::optional<Effect> parse_effect(std::string_view name) {
  return parse_name(name, kEffects);
}
std::string_view health_status_name(HealthStatus status) {
  return name_of(status, kHealth);
}
std::optional<HealthStatus> parse_health_status(std::string_view name) {
  return parse_name(name, kHealth);
}

Effect Result::effect() const {
  if (status != Status::listed) return Effect::none;
  // 2.2: a whitelist has the structure of a blacklist; only what a listing means differs.
  return role == Role::blacklist ? Effect::block : Effect::allow;
}

Expected<Result> lookup(dns::Resolver& resolver, const List& list, const Subject& subject,
                        const Options& options) {
  auto name = query_name(list, subject);
  if (!name) return std::unexpected(name.error());
  Result out;
  out.role = list.role;
  out.query_name = *name;
  std::uint64_t before = resolver.query_count();

  // 2.1: the A record decides. A client must check it (a TXT record alone lists nothing);
  // NXDOMAIN and NOERROR without an A record both mean "not listed". The answer's size is
  // bounded by the resolver's message size, so every A record is read.
  dns::Answer a = resolver.query(out.query_name, dns::RRType::A);
  switch (a.status) {
    case dns::Answer::Status::nxdomain:
      out.status = Status::not_listed;
      break;
    case dns::Answer::Status::ok:
      for (const auto& record : a.records) {
        const IpAddress* value = record.type == dns::RRType::A ? record.address() : nullptr;
        if (value == nullptr || !value->is_v4()) continue;
        bool seen = std::any_of(out.codes.begin(), out.codes.end(),
                                [&](const Code& c) { return c.address == *value; });
        if (seen) continue;
        Code code{*value, meanings_of(list, *value), in_loopback_net(*value)};
        if (!code.in_loopback_net) {
          // 2.1: any A record is a listing, whatever its value; lists put their codes in
          // 127.0.0.0/8, so a value elsewhere is reported (it is also what a resolver that
          // rewrites NXDOMAIN to an address of its own would return).
          out.notes.push_back("code " + value->to_string() +
                              " is outside 127.0.0.0/8; counted as a listing (RFC 5782 2.1)");
        }
        out.codes.push_back(std::move(code));
      }
      out.status = out.codes.empty() ? Status::not_listed : Status::listed;
      break;
    case dns::Answer::Status::servfail:
    case dns::Answer::Status::error:
    case dns::Answer::Status::timeout:
      // Without an answer the A record was never checked (2.1): the subject is neither
      // listed nor unlisted. Reporting "not listed" would let a blacklisted source through
      // whenever the list is slow; reporting "listed" would block everyone.
      out.status = Status::temperror;
      out.problem = failure_text("A", out.query_name, a);
      break;
  }

  if (out.status == Status::listed && options.want_reason) {
    // 2.1: the TXT record at the same name gives the reason for the listing in words. It
    // is optional for the list and for the client, so its failure never changes the status.
    dns::Answer txt = resolver.query(out.query_name, dns::RRType::TXT);
    if (txt.is_error()) {
      out.notes.push_back(failure_text("TXT", out.query_name, txt) + "; no reason");
    } else {
      for (const auto& record : txt.records) {
        const auto* strings = record.type == dns::RRType::TXT ? record.strings() : nullptr;
        if (strings == nullptr) continue;
        std::string reason;
        for (const auto& s : *strings) reason += s;
        if (reason.size() > kMaxReasonLength) {
          out.notes.push_back("a TXT reason of " + std::to_string(reason.size()) +
                              " octets was cut to " + std::to_string(kMaxReasonLength));
          reason.resize(kMaxReasonLength);
        }
        if (std::find(out.reasons.begin(), out.reasons.end(), reason) == out.reasons.end())
          out.reasons.push_back(std::move(reason));
      }
    }
  }
  out.dns_queries = resolver.query_count() - before;
  return out;
}

}  // namespace ascot::dnsbl
