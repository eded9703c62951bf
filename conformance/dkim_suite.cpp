// The DKIM suite: dkim-verify vectors through a DkimProbe. Every signature's result must be
// one of those the vector allows (or an acceptable one: non-strict); where both the vector
// and the IUT give a reason, they must agree.
#include "conformance/typed_suite.hpp"
#include "vectors/dkim_vectors.hpp"

namespace ascot::conformance {

namespace {

class DkimSuite final : public TypedSuite<vectors::DkimVector> {
 public:
  std::string_view name() const override { return "dkim"; }
  std::string_view schema() const override { return "dkim-verify.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_dkim_vectors(file));
  }

  std::vector<std::string> claims(const std::string&) const override { return {}; }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.dkim == nullptr)
      return not_applicable("the IUT cannot be asked to verify DKIM signatures");
    auto observation = probes.dkim->verify(v->message, v->now, v->zone);
    if (!observation) return from_probe_error(observation.error());
    CaseOutcome out;
    out.transcript = std::move(observation->transcript);
    for (const auto& e : v->signatures) {
      if (!out.expected.empty()) out.expected += "; ";
      out.expected += vectors::set_text(e.result);
      if (!e.acceptable.empty())
        out.expected += " (acceptable: " + vectors::set_text(e.acceptable) + ")";
      if (e.reason) out.expected += " " + *e.reason;
    }
    if (v->signatures.empty()) out.expected = "no signatures";
    if (!observation->signatures) {
      out.verdict = Verdict::inconclusive;
      out.observed = "no per-signature results";
      out.reason = "the IUT's interface does not show the result of each signature";
      return out;
    }
    const auto& seen = *observation->signatures;
    for (const auto& s : seen) {
      if (!out.observed.empty()) out.observed += "; ";
      out.observed += s.result + (s.reason && !s.reason->empty() ? " " + *s.reason : "");
    }
    if (seen.empty()) out.observed = "no signatures";
    if (seen.size() != v->signatures.size()) {
      out.verdict = Verdict::fail;
      out.reason = "expected results for " + std::to_string(v->signatures.size()) +
                   " signature(s), got " + std::to_string(seen.size());
      return out;
    }
    out.verdict = Verdict::pass;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      const auto& e = v->signatures[i];
      const auto& s = seen[i];
      std::string which = "signature " + std::to_string(i + 1);
      if (e.result.contains(s.result)) {
        if (e.reason && s.reason && !s.reason->empty() && *e.reason != *s.reason &&
            s.result != "pass") {
          out.verdict = worse(out.verdict, Verdict::fail);
          out.reason += which + ": reason " + *s.reason + ", expected " + *e.reason + ". ";
        }
      } else if (e.acceptable.contains(s.result)) {
        out.verdict = worse(out.verdict, Verdict::non_strict);
        out.reason += which + ": " + s.result + " is tolerated, not what " +
                      v->meta.clause.to_string() + " asks. ";
      } else {
        out.verdict = worse(out.verdict, Verdict::fail);
        out.reason += which + ": expected " + vectors::set_text(e.result) + " (" +
                      v->meta.clause.to_string() + "), got " + s.result + ". ";
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Suite> make_dkim_suite() {
  return std::make_unique<DkimSuite>();
}

}  // namespace ascot::conformance
