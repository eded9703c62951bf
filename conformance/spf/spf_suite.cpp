// The SPF suite: spf-check vectors through an SpfProbe, judged by judge_spf.
#include "conformance/spf/spf_judge.hpp"
#include "conformance/typed_suite.hpp"

namespace ascot::conformance {

namespace {

class SpfSuite final : public TypedSuite<vectors::SpfVector> {
 public:
  std::string_view name() const override { return "spf"; }
  std::string_view schema() const override { return "spf-check.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_spf_vectors(file));
  }

  std::vector<std::string> claims(const std::string& id) const override {
    const auto* v = find(id);
    // RFC 7208 2.3: HELO checking is RECOMMENDED, not required; an IUT claims it separately.
    if (v != nullptr && v->query.identity == spf::Identity::helo) return {"spf.helo"};
    return {};
  }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.spf == nullptr) return not_applicable("the IUT cannot be asked SPF questions");
    auto observation = probes.spf->check(v->query, v->zone);
    if (!observation) return from_probe_error(observation.error());
    auto j = judge_spf(*v, *observation);
    return CaseOutcome{j.verdict, j.expected, j.observed, j.reason,
                       std::move(observation->transcript)};
  }
};

}  // namespace

std::unique_ptr<Suite> make_spf_suite() {
  return std::make_unique<SpfSuite>();
}

}  // namespace ascot::conformance
