// The DMARC suite: dmarc-evaluate vectors through a DmarcProbe. The result must be expected;
// every other field the vector pins (policy, disposition, policy and organizational domains,
// alignment) must match where the IUT shows it.
#include "conformance/typed_suite.hpp"
#include "core/ascii.hpp"
#include "vectors/dkim_vectors.hpp"
#include "vectors/dmarc_vectors.hpp"

namespace ascot::conformance {

namespace {

class DmarcSuite final : public TypedSuite<vectors::DmarcVector> {
 public:
  std::string_view name() const override { return "dmarc"; }
  std::string_view schema() const override { return "dmarc-evaluate.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_dmarc_vectors(file));
  }

  std::vector<std::string> claims(const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return {};
    return {"dmarc." + v->question.mode};  // dmarc.rfc7489 or dmarc.rfc9989
  }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.dmarc == nullptr) return not_applicable("the IUT cannot be asked DMARC questions");
    auto observation = probes.dmarc->evaluate(v->question, v->zone);
    if (!observation) return from_probe_error(observation.error());
    const auto& e = v->expected;
    const auto& o = *observation;
    CaseOutcome out;
    out.transcript = o.transcript;
    out.expected = "result " + vectors::set_text(e.result);
    out.observed = "result " + o.result.value_or("?");
    out.verdict = Verdict::pass;
    auto mismatch = [&](const std::string& what, const std::string& want,
                        const std::optional<std::string>& got) {
      out.expected += ", " + what + " " + want;
      out.observed += ", " + what + " " + got.value_or("(not shown)");
      if (!got) return;
      out.verdict = worse(out.verdict, Verdict::fail);
      out.reason += what + ": expected " + want + ", got " + *got + ". ";
    };
    if (!o.result) {
      out.verdict = Verdict::inconclusive;
      out.reason = "the IUT reported no DMARC result";
      return out;
    }
    if (!e.result.contains(*o.result)) mismatch("result", vectors::set_text(e.result), o.result);
    auto check_set = [&](const char* what, const std::optional<std::set<std::string>>& want,
                         const std::optional<std::string>& got) {
      if (!want) return;
      if (got && want->contains(*got)) {
        out.expected += std::string(", ") + what + " " + vectors::set_text(*want);
        out.observed += std::string(", ") + what + " " + *got;
        return;
      }
      mismatch(what, vectors::set_text(*want), got);
    };
    check_set("policy", e.policy, o.policy);
    check_set("disposition", e.disposition, o.disposition);
    auto check_domain = [&](const char* what, const std::optional<std::string>& want,
                            const std::optional<std::string>& got) {
      if (!want) return;
      if (got && ascii::iequals(*want, *got)) {
        out.expected += std::string(", ") + what + " " + *want;
        out.observed += std::string(", ") + what + " " + *got;
        return;
      }
      mismatch(what, *want, got);
    };
    check_domain("policy domain", e.policy_domain, o.policy_domain);
    check_domain("organizational domain", e.org_domain, o.org_domain);
    auto text = [](const std::optional<bool>& b) -> std::optional<std::string> {
      if (!b) return std::nullopt;
      return std::string(*b ? "yes" : "no");
    };
    if (e.spf_aligned && text(e.spf_aligned) != text(o.spf_aligned))
      mismatch("SPF aligned", *text(e.spf_aligned), text(o.spf_aligned));
    if (e.dkim_aligned && text(e.dkim_aligned) != text(o.dkim_aligned))
      mismatch("DKIM aligned", *text(e.dkim_aligned), text(o.dkim_aligned));
    return out;
  }
};

}  // namespace

std::unique_ptr<Suite> make_dmarc_suite() {
  return std::make_unique<DmarcSuite>();
}

}  // namespace ascot::conformance
