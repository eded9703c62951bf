// The DNSBL suite: dnsbl-lookup vectors through a DnsblProbe (RFC 5782). A lookup must give the
// expected status, and every other part of the outcome the vector pins (query name, effect,
// codes, meanings, TXT reasons) must match where the IUT shows it; bad input must be refused
// without a query; a check of the test entries (section 5) must reach the expected health with
// the same failed and undecided entries. The vectors offer no acceptable alternatives, so any
// other outcome is a fail, whatever the level.
#include "conformance/typed_suite.hpp"
#include "core/ascii.hpp"
#include "vectors/dnsbl_vectors.hpp"

namespace ascot::conformance {

namespace {

std::string list_text(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& v : values) out += (out.size() > 1 ? ", " : "") + v;
  return out + "]";
}

// Judgement collects what was compared, in the order it was compared, and the worst verdict.
struct Judgement {
  CaseOutcome out;

  void mismatch(const std::string& what, const std::string& want, const std::string& got) {
    out.verdict = worse(out.verdict, Verdict::fail);
    out.reason += what + ": expected " + want + ", got " + got + ". ";
  }

  // compare records one optional part of the outcome; unobserved parts are not judged.
  void compare(const std::string& what, const std::optional<std::string>& want,
               const std::optional<std::string>& got, bool case_insensitive = false) {
    if (!want) return;
    out.expected += ", " + what + " " + *want;
    out.observed += ", " + what + " " + got.value_or("(not shown)");
    if (!got) return;
    bool same = case_insensitive ? ascii::iequals(*want, *got) : *want == *got;
    if (!same) mismatch(what, *want, *got);
  }

  void compare(const std::string& what, const std::optional<std::vector<std::string>>& want,
               const std::optional<std::vector<std::string>>& got) {
    std::optional<std::string> seen;
    if (got) seen = list_text(vectors::sorted(*got));
    compare(what, want ? std::optional<std::string>(list_text(*want)) : std::nullopt, seen);
  }
};

std::optional<std::string> query_name_text(const std::optional<std::string>& name) {
  if (!name) return name;
  std::string n = *name;
  if (!n.empty() && n.back() == '.') n.pop_back();  // presentation form with or without the dot
  return n;
}

class DnsblSuite final : public TypedSuite<vectors::DnsblVector> {
 public:
  std::string_view name() const override { return "dnsbl"; }
  std::string_view schema() const override { return "dnsbl-lookup.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_dnsbl_vectors(file));
  }

  std::vector<std::string> claims(const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return {};
    std::vector<std::string> out;
    // RFC 5782 3: domain-name lists are a kind of their own; many clients ask IP lists only.
    if (v->list.kind == dnsbl::Kind::domain) out.emplace_back("dnsbl.domain");
    // RFC 5782 5: checking a list's test entries is a feature of its own.
    if (v->health) out.emplace_back("dnsbl.health");
    return out;
  }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.dnsbl == nullptr)
      return not_applicable("the IUT cannot be asked to look subjects up in DNS lists");
    if (v->health) return run_health(*probes.dnsbl, *v);
    auto observation = probes.dnsbl->lookup(v->list, *v->subject, v->want_reason, v->zone);
    if (!observation) return from_probe_error(observation.error());
    return v->error ? judge_refusal(*v, *observation) : judge_lookup(*v, *observation);
  }

 private:
  static CaseOutcome judge_refusal(const vectors::DnsblVector& v, const DnsblObservation& o) {
    Judgement j;
    j.out.transcript = o.transcript;
    j.out.expected = "refused without a query (" + *v.error + ")";
    if (!o.refused) {
      j.out.verdict = Verdict::fail;
      j.out.observed = o.status ? std::string(dnsbl::status_name(*o.status)) : "a lookup";
      if (o.query_name) j.out.observed += " for " + *o.query_name;
      j.out.reason = "the input must be refused (" + v.meta.clause.to_string() +
                     "): no valid query name can be built for " +
                     vectors::subject_text(*v.subject) + " in '" + v.list.zone + "'";
      return j.out;
    }
    j.out.verdict = Verdict::pass;
    j.out.observed =
        "refused" + (o.error_code ? " (" + *o.error_code + ")" : std::string()) + ": " + *o.refused;
    if (o.error_code && *o.error_code != *v.error)
      j.mismatch("the kind of error", *v.error, *o.error_code);
    if (o.dns_queries && *o.dns_queries > 0) {
      j.out.verdict = Verdict::fail;
      j.out.reason += "refused, but only after " + std::to_string(*o.dns_queries) +
                      " DNS queries: bad input must not reach the DNS. ";
    }
    return j.out;
  }

  static CaseOutcome judge_lookup(const vectors::DnsblVector& v, const DnsblObservation& o) {
    const auto& e = *v.expected;
    Judgement j;
    j.out.transcript = o.transcript;
    j.out.expected = std::string(dnsbl::status_name(e.status));
    if (o.refused) {
      j.out.verdict = Verdict::fail;
      j.out.observed = "refused: " + *o.refused;
      j.out.reason = "a subject that can be looked up was refused";
      return j.out;
    }
    if (!o.status) {
      j.out.verdict = Verdict::inconclusive;
      j.out.observed = "no status";
      j.out.reason = "the IUT's interface does not show whether the subject is listed";
      return j.out;
    }
    j.out.observed = std::string(dnsbl::status_name(*o.status));
    j.out.verdict = Verdict::pass;
    if (*o.status != e.status) {
      j.mismatch("status (" + v.meta.clause.to_string() + ")",
                 std::string(dnsbl::status_name(e.status)),
                 std::string(dnsbl::status_name(*o.status)));
    }
    j.compare("query", e.query_name, query_name_text(o.query_name), true);
    auto effect = [](const std::optional<dnsbl::Effect>& x) -> std::optional<std::string> {
      if (!x) return std::nullopt;
      return std::string(dnsbl::effect_name(*x));
    };
    j.compare("effect", effect(e.effect), effect(o.effect));
    j.compare("codes", e.codes, o.codes);
    j.compare("meanings", e.meanings, o.meanings);
    j.compare("reasons", e.reasons, o.reasons);
    return j.out;
  }

  static CaseOutcome run_health(DnsblProbe& probe, const vectors::DnsblVector& v) {
    auto observation = probe.check_health(v.list, v.zone);
    if (!observation) return from_probe_error(observation.error());
    const auto& e = *v.health;
    const auto& o = *observation;
    Judgement j;
    j.out.transcript = o.transcript;
    j.out.expected = std::string(dnsbl::health_status_name(e.status));
    if (!o.status) {
      j.out.verdict = Verdict::inconclusive;
      j.out.observed = "no health status";
      j.out.reason = "the IUT's interface does not show how it judges the list";
      return j.out;
    }
    j.out.observed = std::string(dnsbl::health_status_name(*o.status));
    j.out.verdict = Verdict::pass;
    if (*o.status != e.status) {
      j.mismatch("health (" + v.meta.clause.to_string() + ")",
                 std::string(dnsbl::health_status_name(e.status)),
                 std::string(dnsbl::health_status_name(*o.status)));
    }
    auto text =
        [](const std::optional<std::vector<std::string>>& ids) -> std::optional<std::string> {
      if (!ids) return std::nullopt;
      return list_text(*ids);  // in check order, as the vector lists them
    };
    j.compare("failed", list_text(e.failed), text(o.failed));
    j.compare("undecided", list_text(e.inconclusive), text(o.inconclusive));
    return j.out;
  }
};

}  // namespace

std::unique_ptr<Suite> make_dnsbl_suite() {
  return std::make_unique<DnsblSuite>();
}

}  // namespace ascot::conformance
