// RFC 7208 sections 4, 5 and 6: the check_host() function, its mechanisms and modifiers.
#include <algorithm>

#include "core/ascii.hpp"
#include "dns/name.hpp"
#include "spf/check_host.hpp"
#include "spf/macro.hpp"
#include "spf/record.hpp"

namespace ascot::spf {

std::string_view identity_name(Identity identity) {
  return identity == Identity::mailfrom ? "mailfrom" : "helo";
}

namespace {

using dns::Answer;
using dns::RRType;

// What one mechanism evaluation produced (4.6.2): match, no match, or an exception.
enum class Match { match, no_match, temperror, permerror };

struct MechanismOutcome {
  Match match = Match::no_match;
  std::string problem;
};

// What one check_host() frame produced.
struct Frame {
  Result result = Result::neutral;
  std::string mechanism;
  std::string explanation;
  std::string problem;
};

MechanismOutcome matched(bool yes) {
  return {yes ? Match::match : Match::no_match, {}};
}
MechanismOutcome temperror(std::string why) {
  return {Match::temperror, std::move(why)};
}
MechanismOutcome permerror(std::string why) {
  return {Match::permerror, std::move(why)};
}

// 4.3: a <domain> that is malformed or not multi-label gives "none" without a lookup.
std::optional<std::string> malformed_domain_reason(std::string_view domain) {
  if (domain.empty()) return "the domain is empty";
  if (domain.starts_with('['))
    return "'" + ascii::printable(domain) + "' is an address literal, not a domain";
  if (!dns::is_valid_name(domain)) {
    return "'" + ascii::printable(domain) +
           "' is malformed (empty label, label over 63 octets or name over 253)";
  }
  std::string_view bare = domain.ends_with('.') ? domain.substr(0, domain.size() - 1) : domain;
  if (bare.find('.') == std::string_view::npos)
    return "'" + ascii::printable(domain) + "' is not a multi-label domain name";
  return std::nullopt;
}

class Evaluator {
 public:
  Evaluator(const Query& query, dns::Resolver& resolver, const Options& options, TraceSink* trace)
      : query_(query),
        resolver_(resolver),
        options_(options),
        trace_(trace),
        ip_(query.ip.unmapped()),
        deadline_(std::chrono::steady_clock::now() + options.time_limit) {}

  Outcome run() {
    Outcome out;
    std::uint64_t queries_before = resolver_.query_count();
    // 2.3 / 2.4 / 4.3: choose <domain> and <sender>.
    std::string domain;
    if (query_.identity == Identity::helo || query_.sender.empty()) {
      domain = query_.helo;
      sender_ = "postmaster@" + query_.helo;
    } else {
      auto at = query_.sender.rfind('@');
      if (at == std::string::npos) {
        domain = query_.sender;
        sender_ = "postmaster@" + query_.sender;
      } else {
        domain = query_.sender.substr(at + 1);
        sender_ = query_.sender;
        if (at == 0) sender_ = "postmaster" + query_.sender;  // 4.3: no local-part
      }
    }
    auto at = sender_.rfind('@');
    local_part_ = sender_.substr(0, at);
    sender_domain_ = sender_.substr(at + 1);
    if (domain.ends_with('.') && domain.size() > 1) domain.pop_back();
    note(0, "identity " + std::string(identity_name(query_.identity)) + ": sender '" + sender_ +
                "', client " + ip_.to_string() + ", helo '" + query_.helo + "'");
    Frame frame = check_host(domain, 0);
    out.result = frame.result;
    out.domain = domain;
    out.sender = sender_;
    out.mechanism = frame.mechanism;
    out.explanation = frame.explanation;
    out.problem = frame.problem;
    out.dns_terms = terms_;
    out.void_lookups = voids_;
    out.dns_queries = resolver_.query_count() - queries_before;
    note(0, "result: " + std::string(result_name(out.result)) +
                (out.problem.empty() ? "" : " (" + out.problem + ")") +
                (out.explanation.empty() ? "" : " explanation '" + out.explanation + "'"));
    return out;
  }

 private:
  void note(int depth, std::string_view line) {
    if (trace_ != nullptr) trace_->trace(depth, line);
  }

  MacroValues values(const std::string& domain) {
    MacroValues v;
    v.sender = sender_;
    v.local_part = local_part_;
    v.sender_domain = sender_domain_;
    v.domain = domain;
    v.ip = ip_;
    v.helo = query_.helo;
    v.receiver = query_.receiver;
    v.timestamp = query_.timestamp;
    v.validated_name = [this, domain]() { return validated_name_for_macro(domain); };
    return v;
  }

  // One DNS query under the time limit of 4.6.4.
  Answer lookup(std::string_view name, RRType type) {
    if (std::chrono::steady_clock::now() >= deadline_) {
      Answer late;
      late.status = Answer::Status::timeout;
      late.detail = "the evaluation time limit (RFC 7208 4.6.4) was reached";
      return late;
    }
    return resolver_.query(name, type);
  }

  // 4.6.4: counts a void answer of a term's query; returns a permerror outcome once the
  // limit is exceeded.
  std::optional<MechanismOutcome> count_void(const Answer& answer, std::string_view name,
                                             RRType type) {
    if (!answer.is_void()) return std::nullopt;
    ++voids_;
    if (options_.max_void_lookups && voids_ > *options_.max_void_lookups) {
      return permerror("more than " + std::to_string(*options_.max_void_lookups) +
                       " void lookups (RFC 7208 4.6.4); the last was " + dns::type_name(type) +
                       " " + std::string(name));
    }
    return std::nullopt;
  }

  // 4.6.4: counts a DNS-querying term; returns a permerror outcome past the limit.
  std::optional<MechanismOutcome> count_term(std::string_view term) {
    ++terms_;
    if (terms_ > kMaxDnsTerms) {
      return permerror("more than " + std::to_string(kMaxDnsTerms) +
                       " DNS-querying terms (RFC 7208 4.6.4) at '" + std::string(term) + "'");
    }
    return std::nullopt;
  }

  std::string dns_problem(const Answer& a, std::string_view name, RRType type) {
    std::string out = "DNS " + std::string(dns::status_name(a.status)) + " for " +
                      dns::type_name(type) + " " + std::string(name);
    if (!a.detail.empty()) out += " (" + a.detail + ")";
    return out;
  }

  // The <target-name> of a mechanism (4.8): the expanded domain-spec, or <domain>.
  // nullopt when the expansion is not a usable domain name.
  std::optional<std::string> target_name(const std::optional<MacroString>& spec,
                                         const std::string& domain) {
    if (!spec) return domain;
    std::string name = truncate_domain(expand(*spec, values(domain)));
    if (!dns::is_valid_name(name)) return std::nullopt;
    return name;
  }

  RRType address_type() const { return ip_.is_v4() ? RRType::A : RRType::AAAA; }
  int prefix_for(const Mechanism& m) const { return ip_.is_v4() ? m.cidr4 : m.cidr6; }

  bool any_address_matches(const Answer& answer, int prefix) const {
    for (const auto& r : answer.records) {
      if (const auto* a = r.address(); a != nullptr && ip_.matches_prefix(*a, prefix)) return true;
    }
    return false;
  }

  // 5.3 "a" and, per host, 5.4 "mx".
  MechanismOutcome match_host(const std::string& host, int prefix) {
    Answer answer = lookup(host, address_type());
    if (answer.is_error()) return temperror(dns_problem(answer, host, address_type()));
    if (auto exceeded = count_void(answer, host, address_type())) return *exceeded;
    return matched(any_address_matches(answer, prefix));
  }

  // 5.5: the validated names of <ip> (from at most the first kMaxPtrNames PTR names).
  // When |within| is given, only names at or below it are validated: the others could not
  // make the mechanism match, so skipping them saves lookups without changing any result.
  struct Validation {
    std::vector<std::string> names;
    std::optional<MechanismOutcome> exceeded;  // the void lookup limit was passed
  };
  Validation validate_names(const std::string* within, bool count_voids, int depth) {
    Validation out;
    std::string reverse = ip_.reverse_name();
    Answer ptr = lookup(reverse, RRType::PTR);
    if (ptr.is_error()) {
      note(depth, "PTR lookup failed; no validated names (RFC 7208 5.5)");
      return out;
    }
    if (count_voids) {
      out.exceeded = count_void(ptr, reverse, RRType::PTR);
      if (out.exceeded) return out;
    }
    std::size_t considered = 0;
    for (const auto& r : ptr.records) {
      const std::string* name = r.target();
      if (name == nullptr) continue;
      if (considered++ == kMaxPtrNames) {
        note(depth, "more than " + std::to_string(kMaxPtrNames) +
                        " PTR names; the rest are ignored (RFC 7208 4.6.4)");
        break;
      }
      if (within != nullptr && !dns::is_at_or_below(*name, *within)) continue;
      Answer addresses = lookup(*name, address_type());
      if (addresses.is_error()) continue;  // 5.5: that name is skipped
      for (const auto& a : addresses.records) {
        if (const auto* ip = a.address(); ip != nullptr && *ip == ip_) {
          out.names.push_back(*name);
          break;
        }
      }
    }
    return out;
  }

  // 7.3 "p": the validated name, preferring <domain>, then a subdomain of it. The names
  // are looked up once per evaluation: a record may hold %{p} many times, and 4.6.4 puts
  // its PTR work under the same limits as the "ptr" mechanism.
  std::string validated_name_for_macro(const std::string& domain) {
    if (!ptr_names_) ptr_names_ = validate_names(nullptr, false, 0).names;
    const auto& names = *ptr_names_;
    if (names.empty()) return "unknown";
    for (const auto& n : names) {
      if (ascii::iequals(dns::canonical(n), dns::canonical(domain))) return n;
    }
    for (const auto& n : names) {
      if (dns::is_at_or_below(n, domain)) return n;
    }
    return names.front();
  }

  MechanismOutcome evaluate_mechanism(const Mechanism& m, const std::string& domain, int depth) {
    switch (m.kind) {
      case MechanismKind::all:
        return matched(true);
      case MechanismKind::ip4:
      case MechanismKind::ip6:
        return matched(
            ip_.matches_prefix(m.network, m.kind == MechanismKind::ip4 ? m.cidr4 : m.cidr6));
      default:
        break;
    }
    if (auto exceeded = count_term(m.text)) return *exceeded;
    if (m.kind == MechanismKind::include) {
      auto target = target_name(m.domain_spec, domain);
      if (!target)
        return permerror("include target of '" + m.text + "' is not a valid domain name");
      Frame inner = check_host(*target, depth + 1);
      // 5.2: the table of recursive results.
      switch (inner.result) {
        case Result::pass:
          return matched(true);
        case Result::fail:
        case Result::softfail:
        case Result::neutral:
          return matched(false);
        case Result::temperror:
          return temperror(inner.problem);
        case Result::permerror:
          return permerror(inner.problem);
        case Result::none:
          return permerror("include:" + *target +
                           " has no SPF record (RFC 7208 5.2: none gives permerror)" +
                           (inner.problem.empty() ? "" : "; " + inner.problem));
      }
    }
    auto target = target_name(m.domain_spec, domain);
    if (!target) {
      // 4.8 leaves the handling of an invalid expanded name undefined; ASCOT treats it as
      // not matching and sends no query (docs/spf.md).
      note(depth, "'" + m.text + "' expands to an invalid domain name; no match");
      return matched(false);
    }
    switch (m.kind) {
      case MechanismKind::a:
        return match_host(*target, prefix_for(m));
      case MechanismKind::mx: {
        Answer mx = lookup(*target, RRType::MX);
        if (mx.is_error()) return temperror(dns_problem(mx, *target, RRType::MX));
        if (auto exceeded = count_void(mx, *target, RRType::MX)) return *exceeded;
        // 4.6.4 / 5.4: more than 10 MX names would need more than 10 address lookups.
        if (mx.records.size() > kMaxMxNames) {
          return permerror(std::to_string(mx.records.size()) + " MX names for " + *target +
                           "; at most " + std::to_string(kMaxMxNames) +
                           " may be looked up (RFC 7208 4.6.4)");
        }
        // 5.4: no implicit MX; a null MX (RFC 7505, exchange ".") names no host.
        for (const auto& r : mx.records) {
          const dns::Mx* entry = r.mx();
          if (entry == nullptr || entry->exchange.empty()) continue;
          auto host = match_host(entry->exchange, prefix_for(m));
          if (host.match != Match::no_match) return host;
        }
        return matched(false);
      }
      case MechanismKind::ptr: {
        auto validation = validate_names(&*target, true, depth);
        if (validation.exceeded) return *validation.exceeded;
        return matched(!validation.names.empty());
      }
      case MechanismKind::exists: {
        // 5.7: an A query, even for an IPv6 client; any A record matches.
        Answer answer = lookup(*target, RRType::A);
        if (answer.is_error()) return temperror(dns_problem(answer, *target, RRType::A));
        if (auto exceeded = count_void(answer, *target, RRType::A)) return *exceeded;
        return matched(!answer.records.empty());
      }
      default:
        return permerror("internal: unexpected mechanism");
    }
  }

  // 6.2: the explanation of a fail result. Any problem means "as if no exp were given".
  std::string explanation(const Record& record, const std::string& domain, int depth) {
    auto target = target_name(record.exp, domain);
    if (!target) {
      note(depth, "exp= expands to an invalid name; no explanation");
      return {};
    }
    Answer answer = lookup(*target, RRType::TXT);
    if (answer.status != Answer::Status::ok || answer.records.size() != 1) {
      note(depth, "exp=" + *target + ": " + std::string(dns::status_name(answer.status)) +
                      " with " + std::to_string(answer.records.size()) +
                      " TXT records; no explanation");
      return {};
    }
    std::string text;
    for (const auto& piece : *answer.records[0].strings()) text += piece;  // 6.2: no spaces added
    // 6.2: "the explanation string MUST be limited to US-ASCII".
    for (unsigned char c : text) {
      if (c < 0x20 || c > 0x7e) {
        note(depth, "exp text holds a byte outside printable US-ASCII; no explanation");
        return {};
      }
    }
    auto parsed = parse_macro_string(text, MacroContext::explanation);
    if (!parsed) {
      note(depth, "exp text is not a valid explain-string (" + parsed.error().message +
                      "); no explanation");
      return {};
    }
    std::string out = expand(*parsed, values(domain));
    if (out.size() > kMaxExplanationLength) out.resize(kMaxExplanationLength);
    return out;
  }

  Frame check_host(const std::string& domain, int depth) {
    Frame frame;
    if (auto why = malformed_domain_reason(domain)) {
      frame.result = Result::none;
      frame.problem = *why + " (RFC 7208 4.3)";
      note(depth, "check_host(" + ascii::printable(domain) + "): " + frame.problem);
      return frame;
    }
    // 4.4: TXT only.
    Answer txt = lookup(domain, RRType::TXT);
    if (txt.is_error()) {
      frame.result = Result::temperror;
      frame.problem = dns_problem(txt, domain, RRType::TXT);
      note(depth, "check_host(" + domain + "): " + frame.problem);
      return frame;
    }
    if (txt.status == Answer::Status::nxdomain) {
      frame.result = Result::none;
      frame.problem = domain + " does not exist (NXDOMAIN, RFC 7208 4.3)";
      note(depth, "check_host(" + domain + "): " + frame.problem);
      return frame;
    }
    // 3.3: the strings of one TXT record are concatenated without spaces. 4.5: selection.
    std::vector<std::string> records;
    for (const auto& r : txt.records) {
      std::string joined;
      for (const auto& piece : *r.strings()) joined += piece;
      if (is_spf_record(joined)) records.push_back(std::move(joined));
    }
    if (records.empty()) {
      frame.result = Result::none;
      frame.problem = "no SPF record at " + domain + " (RFC 7208 4.5)";
      note(depth, "check_host(" + domain + "): " + frame.problem);
      return frame;
    }
    if (records.size() > 1) {
      frame.result = Result::permerror;
      frame.problem =
          std::to_string(records.size()) + " SPF records at " + domain + " (RFC 7208 4.5)";
      note(depth, "check_host(" + domain + "): " + frame.problem);
      return frame;
    }
    note(depth, "check_host(" + domain + "): '" + ascii::printable(records[0], 1000) + "'");
    auto record = parse_record(records[0]);
    if (!record) {
      frame.result = Result::permerror;
      frame.problem = "syntax error in the record of " + domain + ": " + record.error().message;
      note(depth, frame.problem);
      return frame;
    }
    for (const auto& m : record->mechanisms) {
      MechanismOutcome outcome = evaluate_mechanism(m, domain, depth);
      switch (outcome.match) {
        case Match::no_match:
          note(depth, m.text + ": no match");
          continue;
        case Match::temperror:
        case Match::permerror:
          frame.result = outcome.match == Match::temperror ? Result::temperror : Result::permerror;
          frame.problem = outcome.problem;
          frame.mechanism = m.text;
          note(depth,
               m.text + ": " + std::string(result_name(frame.result)) + ": " + frame.problem);
          return frame;
        case Match::match:
          frame.result = qualifier_result(m.qualifier);
          frame.mechanism = m.text;
          note(depth, m.text + ": match, " + std::string(result_name(frame.result)));
          if (frame.result == Result::fail && record->exp)
            frame.explanation = explanation(*record, domain, depth);
          return frame;
      }
    }
    // 6.1: redirect applies when nothing matched, unless the record has "all" (5.1).
    if (record->redirect && !record->has_all) {
      std::string term = "redirect=" + record->redirect->text;
      if (auto exceeded = count_term(term)) {
        frame.result = Result::permerror;
        frame.problem = exceeded->problem;
        frame.mechanism = term;
        return frame;
      }
      auto target = target_name(record->redirect, domain);
      if (!target) {
        frame.result = Result::permerror;
        frame.problem = "redirect target is not a valid domain name (RFC 7208 6.1)";
        frame.mechanism = term;
        return frame;
      }
      note(depth, term + ": to " + *target);
      // 6.2: with redirect, the exp of the original domain is not used; the target's is.
      Frame inner = check_host(*target, depth + 1);
      if (inner.result == Result::none) {
        inner.result = Result::permerror;
        inner.problem = "redirect target " + *target + " has no SPF record (RFC 7208 6.1)" +
                        (inner.problem.empty() ? "" : "; " + inner.problem);
        inner.mechanism = term;
      }
      return inner;
    }
    // 4.7: the default result.
    frame.result = Result::neutral;
    frame.mechanism = "default";
    note(depth, "no mechanism matched: neutral (RFC 7208 4.7)");
    return frame;
  }

  const Query& query_;
  dns::Resolver& resolver_;
  const Options& options_;
  TraceSink* trace_;
  IpAddress ip_;
  std::chrono::steady_clock::time_point deadline_;
  std::string sender_, local_part_, sender_domain_;
  int terms_ = 0;
  int voids_ = 0;
  std::optional<std::vector<std::string>> ptr_names_;  // for %{p}
};

}  // namespace

Outcome evaluate(const Query& query, dns::Resolver& resolver, const Options& options,
                 TraceSink* trace) {
  Evaluator evaluator(query, resolver, options, trace);
  return evaluator.run();
}

}  // namespace ascot::spf
