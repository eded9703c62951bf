// The greylisting suite: greylist-sequence vectors through a GreylistProbe (RFC 6647). Each
// attempt of the sequence must get one of the outcomes its step allows; an acceptable outcome (a
// SHOULD or MAY not followed) makes the case non-strict. An IUT that shows only "accepted"
// matches any pass outcome. The first attempt that fails ends the judgement: the receiver's
// state has left the sequence, so later steps could not be read.
#include <algorithm>

#include "conformance/typed_suite.hpp"
#include "vectors/dkim_vectors.hpp"
#include "vectors/greylist_vectors.hpp"

namespace ascot::conformance {

namespace {

// The coarse outcome of an IUT that shows only that it accepted, not which kind of pass.
constexpr std::string_view kAccept = "accept";

bool allows(const std::set<std::string>& outcomes, const std::string& observed) {
  if (outcomes.contains(observed)) return true;
  if (observed != kAccept) return false;
  for (const auto& o : outcomes) {
    if (o != greylist::outcome_name(greylist::Outcome::defer)) return true;
  }
  return false;
}

std::string attempt_text(const vectors::GreylistAttempt& a) {
  return "+" + std::to_string(a.at) + "s " + a.client.to_string() + " <" + a.mail_from + "> <" +
         a.rcpt_to + ">";
}

class GreylistSuite final : public TypedSuite<vectors::GreylistVector> {
 public:
  std::string_view name() const override { return "greylist"; }
  std::string_view schema() const override { return "greylist-sequence.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_greylist_vectors(file));
  }

  std::vector<std::string> claims(const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return {};
    std::vector<std::string> out;
    // RFC 6647 leaves automatic whitelisting and exemptions to the operator: an IUT claims them
    // separately, and is configured with the vector's policy for them.
    if (v->policy.auto_whitelist_after > 0) out.emplace_back("greylist.auto-whitelist");
    const auto& p = v->policy;
    if (!p.exempt_clients.empty() || !p.exempt_recipients.empty() ||
        !p.exempt_recipient_domains.empty()) {
      out.emplace_back("greylist.exemptions");
    }
    return out;
  }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.greylist == nullptr) {
      return not_applicable(
          "the IUT cannot be run through a timed sequence of attempts (no greylisting probe: "
          "over the network its clock cannot be set)");
    }
    auto observation = probes.greylist->run(v->policy, vectors::attempts(*v));
    if (!observation) return from_probe_error(observation.error());
    const auto& decisions = observation->decisions;
    CaseOutcome out;
    out.transcript = std::move(observation->transcript);
    out.verdict = Verdict::pass;
    for (std::size_t i = 0; i < v->steps.size(); ++i) {
      const auto& step = v->steps[i];
      std::string at = "+" + std::to_string(step.attempt.at) + "s ";
      out.expected += (i == 0 ? "" : "; ") + at + vectors::set_text(step.expected);
      if (!step.acceptable.empty())
        out.expected += " (acceptable: " + vectors::set_text(step.acceptable) + ")";
    }
    for (std::size_t i = 0; i < decisions.size(); ++i) {
      const auto& d = decisions[i];
      if (i > 0) out.observed += "; ";
      if (i < v->steps.size()) out.observed += "+" + std::to_string(v->steps[i].attempt.at) + "s ";
      out.observed += d.outcome + (d.detail.empty() ? "" : " (" + d.detail + ")");
    }
    for (std::size_t i = 0; i < v->steps.size(); ++i) {
      const auto& step = v->steps[i];
      std::string which =
          "attempt " + std::to_string(i + 1) + " (" + attempt_text(step.attempt) + ")";
      if (i >= decisions.size()) {
        out.verdict = worse(out.verdict, Verdict::inconclusive);
        out.reason += which + ": the IUT gave no decision. ";
        return out;
      }
      const auto& d = decisions[i];
      std::string seen = d.outcome + (d.detail.empty() ? "" : " (" + d.detail + ")");
      if (d.outcome != kAccept && !greylist::parse_outcome(d.outcome)) {
        out.verdict = Verdict::error;
        out.reason += which + ": the adapter reported the unknown outcome '" + d.outcome + "'. ";
        return out;
      }
      if (allows(step.expected, d.outcome)) {
        // RFC 5321 4.2.1: a deferral is a 4yz reply; where the vector names the codes, the IUT's
        // must be one of them.
        if (d.outcome == greylist::outcome_name(greylist::Outcome::defer) &&
            !step.reply_codes.empty() && d.reply_code &&
            std::find(step.reply_codes.begin(), step.reply_codes.end(), *d.reply_code) ==
                step.reply_codes.end()) {
          out.verdict = Verdict::fail;
          out.reason += which + ": deferred with reply code " + std::to_string(*d.reply_code) +
                        ", which is not a transient failure this vector allows. ";
          return out;
        }
        continue;
      }
      if (allows(step.acceptable, d.outcome)) {
        out.verdict = worse(out.verdict, Verdict::non_strict);
        out.reason += which + ": " + seen + " is tolerated, but the " +
                      std::string(level_name(v->meta.level)) + " of " + v->meta.clause.to_string() +
                      " asks for " + vectors::set_text(step.expected) + ". ";
        continue;
      }
      out.verdict = Verdict::fail;
      out.reason += which + ": expected " + vectors::set_text(step.expected) + " (" +
                    v->meta.clause.to_string() + "), got " + seen + ". ";
      return out;
    }
    if (decisions.size() > v->steps.size()) {
      out.verdict = Verdict::error;
      out.reason += "the adapter reported " + std::to_string(decisions.size()) + " decisions for " +
                    std::to_string(v->steps.size()) + " attempts. ";
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Suite> make_greylist_suite() {
  return std::make_unique<GreylistSuite>();
}

}  // namespace ascot::conformance
