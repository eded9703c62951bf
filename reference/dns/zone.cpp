#include "dns/zone.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/json.hpp"
#include "dns/name.hpp"

namespace ascot::dns {

namespace {

const std::vector<Record> kNoRecords;

Expected<std::vector<std::string>> read_strings(const boost::json::value& v,
                                                const std::string& path) {
  std::vector<std::string> out;
  auto take = [&](const boost::json::value& s, const std::string& where) -> Expected<void> {
    if (!s.is_string()) return fail(Errc::parse_error, "expected a string", where);
    if (s.get_string().size() > 255) {
      return fail(Errc::parse_error,
                  "a character-string holds at most 255 octets (RFC 1035 3.3); split it", where);
    }
    out.emplace_back(s.get_string());
    return {};
  };
  if (v.is_array()) {
    if (v.get_array().empty()) return fail(Errc::parse_error, "needs at least one string", path);
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
      auto r = take(v.get_array()[i], json::index_path(path, i));
      if (!r) return std::unexpected(r.error());
    }
  } else {
    auto r = take(v, path);
    if (!r) return std::unexpected(r.error());
  }
  return out;
}

Expected<std::string> read_target(const boost::json::value& v, const std::string& path) {
  if (!v.is_string()) return fail(Errc::parse_error, "expected a domain name", path);
  std::string_view text = v.get_string();
  if (text != "." && !is_valid_name(text)) {
    return fail(Errc::parse_error, "'" + std::string(text) + "' is not a valid domain name", path);
  }
  return text == "." ? std::string() : canonical(text);
}

Expected<Record> read_record(std::string owner, const boost::json::object& obj,
                             const std::string& path) {
  if (obj.size() != 1) {
    return fail(Errc::parse_error, "a record is an object with exactly one key, its type", path);
  }
  const auto& [key, value] = *obj.begin();
  std::string where = path + "." + std::string(key);
  Record rec;
  rec.name = std::move(owner);
  auto type = parse_type(key);
  if (!type)
    return fail(Errc::parse_error, "unknown record type '" + std::string(key) + "'", where);
  rec.type = *type;
  switch (*type) {
    case RRType::A:
    case RRType::AAAA: {
      if (!value.is_string()) return fail(Errc::parse_error, "expected an address", where);
      auto ip = *type == RRType::A ? IpAddress::parse_v4(value.get_string())
                                   : IpAddress::parse_v6(value.get_string());
      if (!ip) {
        return fail(Errc::parse_error,
                    "'" + std::string(value.get_string()) + "' is not an " +
                        (*type == RRType::A ? "IPv4" : "IPv6") + " address",
                    where);
      }
      rec.data = *ip;
      break;
    }
    case RRType::MX: {
      if (!value.is_string())
        return fail(Errc::parse_error, "expected \"<preference> <exchange>\"", where);
      std::string_view text = value.get_string();
      auto space = text.find(' ');
      unsigned pref = 0;
      auto [ptr, ec] = std::from_chars(
          text.data(), text.data() + (space == std::string_view::npos ? 0 : space), pref);
      if (space == std::string_view::npos || ec != std::errc() || ptr != text.data() + space ||
          pref > 65535) {
        return fail(
            Errc::parse_error,
            "expected \"<preference 0-65535> <exchange>\", found '" + std::string(text) + "'",
            where);
      }
      auto exchange = read_target(boost::json::value(text.substr(space + 1)), where);
      if (!exchange) return std::unexpected(exchange.error());
      rec.data = Mx{static_cast<std::uint16_t>(pref), *exchange};
      break;
    }
    case RRType::TXT:
    case RRType::SPF: {
      auto strings = read_strings(value, where);
      if (!strings) return std::unexpected(strings.error());
      rec.data = std::move(*strings);
      break;
    }
    case RRType::PTR:
    case RRType::CNAME:
    case RRType::NS: {
      auto target = read_target(value, where);
      if (!target) return std::unexpected(target.error());
      rec.data = *target;
      break;
    }
    default:
      return fail(Errc::parse_error,
                  "record type '" + std::string(key) + "' is not supported in zone data", where);
  }
  return rec;
}

}  // namespace

Expected<Zone> Zone::from_json(const boost::json::value& zone, const std::string& path) {
  if (!zone.is_object())
    return fail(Errc::parse_error, "zone data must be an object of owner names", path);
  Zone out;
  for (const auto& [key, entries] : zone.get_object()) {
    std::string owner_path = path + "[\"" + std::string(key) + "\"]";
    std::string_view owner = key;
    std::string_view check = owner.starts_with("*.") ? owner.substr(2) : owner;
    if (!is_valid_name(check)) {
      return fail(Errc::parse_error,
                  "owner '" + std::string(owner) + "' is not a valid domain name", owner_path);
    }
    if (!entries.is_array() || entries.get_array().empty()) {
      return fail(Errc::parse_error, "expected a non-empty array of records", owner_path);
    }
    std::string name = canonical(owner);
    for (std::size_t i = 0; i < entries.get_array().size(); ++i) {
      const auto& entry = entries.get_array()[i];
      std::string where = json::index_path(owner_path, i);
      if (entry.is_string()) {
        std::string_view p = entry.get_string();
        Pseudo pseudo = p == "TIMEOUT"    ? Pseudo::timeout
                        : p == "SERVFAIL" ? Pseudo::servfail
                        : p == "NXDOMAIN" ? Pseudo::nxdomain
                                          : Pseudo::none;
        if (pseudo == Pseudo::none) {
          return fail(
              Errc::parse_error,
              "unknown pseudo-record '" + std::string(p) + "' (TIMEOUT, SERVFAIL or NXDOMAIN)",
              where);
        }
        out.add_pseudo(name, pseudo);
        continue;
      }
      if (!entry.is_object())
        return fail(Errc::parse_error, "expected a record object or a pseudo-record", where);
      auto rec = read_record(name, entry.get_object(), where);
      if (!rec) return std::unexpected(rec.error());
      out.add(std::move(*rec));
    }
  }
  return out;
}

void Zone::add(Record record) {
  record.name = canonical(record.name);
  for (std::string_view up = parent(record.name); !up.empty(); up = parent(up)) {
    nonterminals_.emplace(up);
  }
  records_[record.name].push_back(std::move(record));
}

void Zone::add_pseudo(std::string_view name, Pseudo pseudo) {
  std::string key = canonical(name);
  for (std::string_view up = parent(key); !up.empty(); up = parent(up)) nonterminals_.emplace(up);
  pseudo_[key] = pseudo;
}

bool Zone::exists(const std::string& name) const {
  return records_.contains(name) || pseudo_.contains(name) || nonterminals_.contains(name);
}

const std::vector<Record>& Zone::records(std::string_view name) const {
  auto it = records_.find(canonical(name));
  return it == records_.end() ? kNoRecords : it->second;
}

Pseudo Zone::pseudo(std::string_view name) const {
  auto it = pseudo_.find(canonical(name));
  return it == pseudo_.end() ? Pseudo::none : it->second;
}

// RFC 4592 4.3, simplified to what zone data can express: when |name| does not exist, the
// wildcard at its closest existing ancestor ("*.<ancestor>") stands in for it.
const std::vector<Record>* Zone::find_owner(const std::string& name,
                                            std::string& wildcard_owner) const {
  if (auto it = records_.find(name); it != records_.end()) return &it->second;
  if (exists(name)) return nullptr;
  for (std::string_view up = parent(name); !up.empty(); up = parent(up)) {
    std::string candidate = "*." + std::string(up);
    if (auto it = records_.find(candidate); it != records_.end()) {
      wildcard_owner = candidate;
      return &it->second;
    }
    if (exists(std::string(up))) break;
  }
  return nullptr;
}

ZoneAnswer Zone::lookup(std::string_view qname, RRType type) const {
  ZoneAnswer out;
  std::string name = canonical(qname);
  std::string shown(qname.ends_with('.') ? qname.substr(0, qname.size() - 1) : qname);
  for (int hop = 0; hop <= kMaxCnameChain; ++hop) {
    switch (pseudo(name)) {
      case Pseudo::timeout:
        out.kind = ZoneAnswer::Kind::timeout;
        return out;
      case Pseudo::servfail:
        out.kind = ZoneAnswer::Kind::servfail;
        return out;
      case Pseudo::nxdomain:
        out.kind = ZoneAnswer::Kind::nxdomain;
        return out;
      case Pseudo::none:
        break;
    }
    std::string wildcard_owner;
    const std::vector<Record>* recs = find_owner(name, wildcard_owner);
    if (recs == nullptr) {
      if (!exists(name)) out.kind = ZoneAnswer::Kind::nxdomain;
      return out;
    }
    const Record* cname = nullptr;
    for (const auto& r : *recs) {
      if (r.type == RRType::CNAME) cname = &r;
    }
    if (cname != nullptr && type != RRType::CNAME) {
      Record link = *cname;
      link.name = shown;
      out.chain.push_back(link);
      name = *cname->target();
      shown = name;
      continue;
    }
    for (const auto& r : *recs) {
      if (r.type == type || type == RRType::ANY) {
        Record copy = r;
        copy.name = shown;
        out.chain.push_back(std::move(copy));
      }
    }
    return out;
  }
  // A CNAME chain longer than kMaxCnameChain is treated as a server failure.
  out.kind = ZoneAnswer::Kind::servfail;
  out.chain.clear();
  return out;
}

std::vector<std::string> Zone::names() const {
  std::set<std::string> all;
  for (const auto& [name, _] : records_) all.insert(name);
  for (const auto& [name, _] : pseudo_) all.insert(name);
  return {all.begin(), all.end()};
}

boost::json::value Zone::to_json() const {
  boost::json::object zone;
  for (const auto& name : names()) {
    boost::json::array entries;
    switch (pseudo(name)) {
      case Pseudo::timeout:
        entries.emplace_back("TIMEOUT");
        break;
      case Pseudo::servfail:
        entries.emplace_back("SERVFAIL");
        break;
      case Pseudo::nxdomain:
        entries.emplace_back("NXDOMAIN");
        break;
      case Pseudo::none:
        break;
    }
    for (const auto& r : records(name)) {
      boost::json::object rec;
      std::string key = type_name(r.type);
      if (const auto* a = r.address()) {
        rec[key] = a->to_string();
      } else if (const auto* t = r.target()) {
        rec[key] = t->empty() ? std::string(".") : *t;
      } else if (const auto* m = r.mx()) {
        rec[key] = std::to_string(m->preference) + " " + (m->exchange.empty() ? "." : m->exchange);
      } else if (const auto* s = r.strings()) {
        if (s->size() == 1) {
          rec[key] = (*s)[0];
        } else {
          boost::json::array parts;
          for (const auto& p : *s) parts.emplace_back(p);
          rec[key] = std::move(parts);
        }
      }
      entries.emplace_back(std::move(rec));
    }
    zone[name] = std::move(entries);
  }
  return zone;
}

}  // namespace ascot::dns
