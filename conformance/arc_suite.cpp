// The ARC suite: arc-validate vectors through an ArcProbe. The chain validation status must be
// one the vector allows; where the vector fixes oldest-pass (for pass) or the failing instance
// (for fail) and the IUT shows it, they must agree.
#include "conformance/typed_suite.hpp"
#include "vectors/arc_vectors.hpp"
#include "vectors/dkim_vectors.hpp"

namespace ascot::conformance {

namespace {

class ArcSuite final : public TypedSuite<vectors::ArcVector> {
 public:
  std::string_view name() const override { return "arc"; }
  std::string_view schema() const override { return "arc-validate.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_arc_vectors(file));
  }

  std::vector<std::string> claims(const std::string&) const override { return {}; }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.arc == nullptr)
      return not_applicable("the IUT cannot be asked to validate ARC chains");
    auto observation = probes.arc->validate(v->message, v->now, v->zone);
    if (!observation) return from_probe_error(observation.error());
    CaseOutcome out;
    out.transcript = std::move(observation->transcript);
    out.expected = "cv=" + vectors::set_text(v->cv);
    if (v->oldest_pass) out.expected += " oldest-pass=" + std::to_string(*v->oldest_pass);
    if (v->failed_instance) out.expected += " failing at i=" + std::to_string(*v->failed_instance);
    if (!observation->cv) {
      out.verdict = Verdict::inconclusive;
      out.observed = "no chain validation status";
      out.reason = "the IUT's interface does not show the ARC chain validation status";
      return out;
    }
    const std::string& cv = *observation->cv;
    out.observed = "cv=" + cv;
    if (observation->oldest_pass)
      out.observed += " oldest-pass=" + std::to_string(*observation->oldest_pass);
    if (observation->failed_instance) {
      out.observed += *observation->failed_instance == 0
                          ? std::string(" (no instance at fault)")
                          : " failing at i=" + std::to_string(*observation->failed_instance);
    }
    if (!v->cv.contains(cv)) {
      out.verdict = Verdict::fail;
      out.reason = "expected cv=" + vectors::set_text(v->cv) + " (" + v->meta.clause.to_string() +
                   "), got cv=" + cv;
      return out;
    }
    out.verdict = Verdict::pass;
    // RFC 8617 5.2 step 5: oldest-pass is part of the result of a passing chain.
    if (cv == "pass" && v->oldest_pass && observation->oldest_pass &&
        *observation->oldest_pass != *v->oldest_pass) {
      out.verdict = Verdict::fail;
      out.reason = "oldest-pass " + std::to_string(*observation->oldest_pass) + ", expected " +
                   std::to_string(*v->oldest_pass) + " (RFC 8617 5.2 step 5)";
    }
    if (cv == "fail" && v->failed_instance && observation->failed_instance &&
        *observation->failed_instance != *v->failed_instance) {
      out.verdict = Verdict::fail;
      out.reason = "validation failed at instance " +
                   std::to_string(*observation->failed_instance) + ", expected " +
                   std::to_string(*v->failed_instance) + " (RFC 8617 5.2 steps 4 and 6)";
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Suite> make_arc_suite() {
  return std::make_unique<ArcSuite>();
}

}  // namespace ascot::conformance
