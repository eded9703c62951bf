// RFC 7489 3.1 (alignment), 6.6.2-6.6.4 (policy discovery and application); RFC 9989 4.10
// (the DNS tree walk), 4.10.1 (policy discovery), 4.10.2 (organizational domains), 5.3
// (results).
#include <algorithm>
#include <map>

#include "core/ascii.hpp"
#include "dmarc/evaluate.hpp"
#include "dns/name.hpp"

namespace ascot::dmarc {

std::string_view result_name(Result r) {
  switch (r) {
    case Result::pass:
      return "pass";
    case Result::fail:
      return "fail";
    case Result::none:
      return "none";
    case Result::temperror:
      return "temperror";
    case Result::permerror:
      return "permerror";
  }
  return "none";
}

namespace {

// What one _dmarc query found.
struct Lookup {
  bool error = false;            // a DNS error (not NXDOMAIN): temperror
  std::size_t valid = 0;         // how many DMARC records the name holds
  std::optional<Record> record;  // the record, when there is exactly one
};

struct Found {
  std::string domain;
  Record record;
};

std::size_t label_count(std::string_view d) {
  return static_cast<std::size_t>(std::count(d.begin(), d.end(), '.')) + 1;
}

std::string drop_labels(std::string_view d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    auto dot = d.find('.');
    if (dot == std::string_view::npos) return {};
    d.remove_prefix(dot + 1);
  }
  return std::string(d);
}

Policy downgrade(Policy p) {
  return p == Policy::reject ? Policy::quarantine : Policy::none;
}

class Evaluator {
 public:
  Evaluator(const Question& q, dns::Resolver& resolver, const Options& options)
      : q_(q), resolver_(resolver), options_(options) {}

  Evaluation run() {
    from_ = dns::canonical(q_.from_domain);
    note("From domain " + from_ + ", " + (q_.mode == Mode::rfc7489 ? "RFC 7489" : "RFC 9989") +
         " rules");
    if (!dns::is_valid_name(from_) || from_.find('.') == std::string::npos) {
      out_.result = Result::none;
      out_.problem = "the From domain '" + from_ + "' is not a domain name DMARC can evaluate";
      return finish();
    }
    bool discovered = q_.mode == Mode::rfc7489 ? discover_7489() : discover_9989();
    if (!discovered) return finish();
    decide();
    return finish();
  }

 private:
  void note(std::string line) { out_.trace.push_back(std::move(line)); }

  Evaluation finish() {
    note("result: " + std::string(result_name(out_.result)) +
         (out_.problem.empty() ? "" : " (" + out_.problem + ")"));
    return std::move(out_);
  }

  // RFC 7489 6.1 / RFC 9989 4.7: the TXT records at _dmarc.<domain>, strings concatenated.
  const Lookup& lookup(const std::string& domain) {
    auto cached = cache_.find(domain);
    if (cached != cache_.end()) return cached->second;
    Lookup l;
    std::string name = "_dmarc." + domain;
    dns::Answer a = resolver_.query(name, dns::RRType::TXT);
    if (a.is_error()) {
      l.error = true;
      note("TXT " + name + ": " + std::string(dns::status_name(a.status)));
    } else {
      for (const auto& r : a.records) {
        std::string text;
        for (const auto& piece : *r.strings()) text += piece;
        if (auto record = parse_record(text, q_.mode)) {
          ++l.valid;
          l.record = std::move(*record);
        }
      }
      if (l.valid != 1) l.record.reset();
      note("TXT " + name + ": " + std::to_string(l.valid) + " DMARC record(s)");
    }
    return cache_.emplace(domain, std::move(l)).first->second;
  }

  // RFC 7489 6.6.3 steps 6: a record without a usable p (or with an invalid sp) counts as
  // p=none when it names a valid rua; otherwise DMARC does not apply.
  bool usable_7489(Record& r) {
    if (r.p && !r.sp_invalid) return true;
    if (r.valid_rua) {
      note("no valid p (or an invalid sp) but a valid rua: acting as p=none (RFC 7489 6.6.3)");
      r.p = Policy::none;
      if (r.sp_invalid) r.sp.reset();
      return true;
    }
    return false;
  }

  bool discover_7489() {
    if (options_.psl == nullptr) {
      out_.result = Result::permerror;
      out_.problem = "RFC 7489 evaluation needs a public suffix list";
      return false;
    }
    out_.org_domain = options_.psl->organizational_domain(from_);
    // 6.6.3 steps 1-5: the From domain, then (only when it holds no record) the
    // organizational domain; several records end discovery.
    std::vector<std::string> candidates{from_};
    if (out_.org_domain != from_) candidates.push_back(out_.org_domain);
    for (const auto& domain : candidates) {
      const Lookup& l = lookup(domain);
      if (l.error) {
        out_.result = Result::temperror;
        out_.problem = "a DNS error looking up _dmarc." + domain;
        return false;
      }
      if (l.valid == 0) continue;
      if (l.valid > 1) {
        out_.result = Result::none;
        out_.problem = std::to_string(l.valid) + " DMARC records at _dmarc." + domain +
                       " (RFC 7489 6.6.3 step 5)";
        return false;
      }
      record_ = *l.record;
      out_.policy_domain = domain;
      if (!usable_7489(record_)) {
        out_.result = Result::none;
        out_.problem = "the record at _dmarc." + domain +
                       " has no valid p and no valid rua (RFC 7489 6.6.3 step 6)";
        return false;
      }
      // 6.3: p for the domain itself, sp (else p) for its subdomains.
      out_.policy = domain == from_ ? *record_.p : record_.sp.value_or(*record_.p);
      return true;
    }
    out_.result = Result::none;
    out_.problem = "no DMARC record for " + from_;
    return false;
  }

  // RFC 9989 4.10: the walk from |start| (queried first) towards the root; returns the
  // single records found, stopping after one with psd=y or psd=n. nullopt on a DNS error.
  std::optional<std::vector<Found>> walk(const std::string& start) {
    std::vector<Found> found;
    std::string target = start;
    std::size_t queries = 0;
    bool first = true;
    while (!target.empty() && queries < kMaxWalkQueries) {
      const Lookup& l = lookup(target);
      ++queries;
      if (l.error) return std::nullopt;
      if (l.record) {
        found.push_back({target, *l.record});
        if (l.record->psd == 'y' || l.record->psd == 'n') break;
      }
      // Step 4: from the starting point, a name of eight or more labels jumps to seven.
      std::size_t labels = label_count(target);
      std::size_t drop = first && labels >= 8 ? labels - 7 : 1;
      first = false;
      target = drop_labels(target, drop);
    }
    return found;
  }

  // RFC 9989 4.10.2 rules 1-4, applied from the longest name to the shortest.
  static std::string organizational(const std::string& start, const std::vector<Found>& found) {
    for (const auto& f : found) {
      if (f.record.psd == 'n') return f.domain;
      if (f.record.psd == 'y' && f.domain != start) {
        // The domain one label below the PSD, towards |start|.
        std::size_t keep = label_count(f.domain) + 1;
        return drop_labels(start, label_count(start) - keep);
      }
    }
    if (!found.empty()) return found.back().domain;  // the fewest labels
    return start;
  }

  // The organizational domain of |domain| (cached); nullopt on a DNS error.
  std::optional<std::string> org_9989(const std::string& domain) {
    auto it = orgs_.find(domain);
    if (it != orgs_.end()) return it->second;
    auto found = walk(domain);
    std::optional<std::string> org;
    if (found) org = organizational(domain, *found);
    orgs_[domain] = org;
    return org;
  }

  bool discover_9989() {
    auto found = walk(from_);
    if (!found) {
      out_.result = Result::temperror;
      out_.problem = "a DNS error during the tree walk from " + from_ + " (RFC 9989 5.3.6)";
      return false;
    }
    out_.org_domain = organizational(from_, *found);
    orgs_[from_] = out_.org_domain;
    // 4.10.1: the Author Domain's record, else the organizational domain's, else the PSD's.
    const Found* chosen = nullptr;
    for (const auto& f : *found) {
      if (f.domain == from_) chosen = &f;
    }
    for (const auto& f : *found) {
      if (chosen == nullptr && f.domain == out_.org_domain) chosen = &f;
    }
    for (const auto& f : *found) {
      if (chosen == nullptr && f.record.psd == 'y') chosen = &f;
    }
    if (chosen == nullptr) {
      out_.result = Result::none;
      out_.problem = "no DMARC record for " + from_ + " (RFC 9989 4.10.1)";
      return false;
    }
    record_ = chosen->record;
    out_.policy_domain = chosen->domain;
    // 4.10.1: a record without a valid p (or with an invalid sp or np) counts as p=none when it
    // names a valid rua; otherwise DMARC does not apply. 4.7: a record that simply lacks p is
    // treated as p=none.
    if (record_.p_invalid || record_.sp_invalid || record_.np_invalid) {
      if (!record_.valid_rua) {
        out_.result = Result::none;
        out_.problem = "the record at _dmarc." + chosen->domain +
                       " has an invalid p, sp or np and no valid rua (RFC 9989 4.10.1)";
        return false;
      }
      note("an invalid p, sp or np with a valid rua: acting as p=none (RFC 9989 4.10.1)");
      record_.p = Policy::none;
      record_.sp.reset();
      record_.np.reset();
    }
    Policy p = record_.p.value_or(Policy::none);
    if (chosen->domain == from_) {
      out_.policy = p;
      return true;
    }
    // A subdomain: np if it does not exist (NXDOMAIN, 3.2.13), else sp; each falls back.
    Policy sp = record_.sp.value_or(p);
    if (record_.np) {
      dns::Answer a = resolver_.query(from_, dns::RRType::A);
      note("A " + from_ + " (does it exist?): " + std::string(dns::status_name(a.status)));
      if (a.is_error()) {
        out_.result = Result::temperror;
        out_.problem = "a DNS error checking whether " + from_ + " exists (RFC 9989 5.3.6)";
        return false;
      }
      out_.policy = a.status == dns::Answer::Status::nxdomain ? *record_.np : sp;
    } else {
      out_.policy = sp;
    }
    return true;
  }

  // Alignment of one identifier (RFC 7489 3.1, RFC 9989 3.2.10); nullopt when its
  // organizational domain cannot be found for a DNS error.
  std::optional<bool> aligned(const std::string& identifier, bool strict) {
    std::string id = dns::canonical(identifier);
    if (strict || id == from_) return id == from_;
    if (q_.mode == Mode::rfc7489) return options_.psl->organizational_domain(id) == out_.org_domain;
    auto org = org_9989(id);
    if (!org) return std::nullopt;
    return *org == out_.org_domain;
  }

  void decide() {
    bool pass = false;
    bool temporary = false;
    auto consider = [&](const AuthResult& a, bool strict, std::optional<bool>& aligned_any,
                        const char* what) {
      std::string result = ascii::lower(a.result);
      if (result != "pass" && result != "temperror") return;
      auto al = aligned(a.domain, strict);
      note(std::string(what) + " " + result + " for " + a.domain + ": " +
           (al ? (*al ? "aligned" : "not aligned") : "alignment unknown (DNS error)"));
      if (!al) {
        temporary = true;
        return;
      }
      if (result == "pass") aligned_any = aligned_any.value_or(false) || *al;
      if (!*al) return;
      if (result == "pass") pass = true;
      if (result == "temperror") temporary = true;
    };
    std::optional<bool> spf_aligned, dkim_aligned;
    consider(q_.spf, record_.strict_spf, spf_aligned, "SPF");
    for (const auto& d : q_.dkim) consider(d, record_.strict_dkim, dkim_aligned, "DKIM");
    out_.spf_aligned = spf_aligned.value_or(false);
    out_.dkim_aligned = dkim_aligned.value_or(false);
    if (pass) {
      out_.result = Result::pass;
      return;
    }
    // RFC 7489 6.6.2 / RFC 9989 5.3.6: a temporary error where a pass could have been means
    // neither pass nor fail.
    if (temporary) {
      out_.result = Result::temperror;
      out_.problem = "an aligned identifier has a temporary error and none passes";
      return;
    }
    out_.result = Result::fail;
    Policy disposition = *out_.policy;
    if (q_.mode == Mode::rfc7489 && q_.sample && *q_.sample >= record_.pct) {
      note("pct=" + std::to_string(record_.pct) + ", draw " + std::to_string(*q_.sample) +
           ": not sampled (RFC 7489 6.6.4)");
      disposition = downgrade(disposition);
    }
    if (q_.mode == Mode::rfc9989 && record_.testing) {
      note("t=y: testing mode (RFC 9989 4.7)");
      disposition = downgrade(disposition);
    }
    out_.disposition = disposition;
  }

  const Question& q_;
  dns::Resolver& resolver_;
  const Options& options_;
  Evaluation out_;
  std::string from_;
  Record record_;
  std::map<std::string, Lookup> cache_;
  std::map<std::string, std::optional<std::string>> orgs_;
};

}  // namespace

Evaluation evaluate(const Question& question, dns::Resolver& resolver, const Options& options) {
  Evaluator e(question, resolver, options);
  return e.run();
}

// RFC 8601 2.7.6, RFC 7489 11.2: dmarc=<result> header.from=<domain>, the policy in a comment.
std::string authentication_results_dmarc(const Evaluation& e, std::string_view from_domain) {
  std::string out = "dmarc=" + std::string(result_name(e.result));
  if (e.policy) {
    out += " (p=" + std::string(policy_name(*e.policy)) +
           (e.disposition ? " dis=" + std::string(policy_name(*e.disposition)) : std::string()) +
           ")";
  }
  return out + " header.from=" + std::string(from_domain);
}

}  // namespace ascot::dmarc
