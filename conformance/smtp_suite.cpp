// The SMTP suite: smtp-scenario vectors through an SmtpProbe. The observed outcome must be
// one the vector allows; "spam" stands for the action the IUT's profile claims for the
// technique (X.1240 7.15-7.19), "refused" for any 5xx before the message is accepted, and
// "greylisted" for a 4xx at RCPT followed by acceptance after the profile's delay.
#include "conformance/smtp_probe.hpp"
#include "conformance/typed_suite.hpp"
#include "vectors/dkim_vectors.hpp"
#include "vectors/vector_file.hpp"

namespace ascot::conformance {
namespace {

// The outcome each claimed action shows as.
std::optional<std::string> outcome_of_action(const std::string& action) {
  if (action == "reject") return "rejected";
  if (action == "tempfail") return "deferred";
  if (action == "discard") return "discarded";
  if (action == "bounce") return "bounced";
  if (action == "spam-box") return "spam-boxed";
  if (action == "mark") return "marked";
  return std::nullopt;
}

class SmtpSuite final : public TypedSuite<vectors::SmtpScenario> {
 public:
  std::string_view name() const override { return "smtp"; }
  std::string_view schema() const override { return "smtp-scenario.schema.json"; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_smtp_scenarios(file));
  }

  std::vector<std::string> claims(const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return {};
    return {vectors::scenario_claim(v->technique)};
  }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    if (probes.smtp == nullptr) return not_applicable("the IUT is not reached over SMTP");
    // What "spam" means for this IUT and technique.
    std::set<std::string> allowed;
    for (const auto& e : v->expected) {
      if (e == "spam") {
        auto action = probes.smtp->claimed_action(v->technique);
        auto outcome = action ? outcome_of_action(*action) : std::nullopt;
        if (!outcome) {
          CaseOutcome out;
          out.verdict = Verdict::error;
          out.reason = "the IUT profile names no action for technique '" + v->technique +
                       "' (pixit.actions; docs/iut-profile.md)";
          return out;
        }
        allowed.insert(*outcome);
      } else if (e == "refused") {
        allowed.insert("rejected");
      } else {
        allowed.insert(e);
      }
    }
    auto observation = probes.smtp->deliver(*v);
    if (!observation) return from_probe_error(observation.error());
    CaseOutcome out;
    out.transcript = std::move(observation->transcript);
    out.expected = vectors::set_text(allowed);
    out.observed = observation->outcome;
    if (observation->code) {
      out.observed += " (" + std::to_string(observation->code) +
                      (observation->status.empty() ? "" : " " + observation->status) + " at " +
                      observation->stage + ")";
    }
    if (observation->greylisted) out.observed += " after greylisting";
    bool match = allowed.contains(observation->outcome) ||
                 (allowed.contains("greylisted") && observation->greylisted);
    if (!match) {
      out.verdict = Verdict::fail;
      out.reason = "expected " + vectors::set_text(allowed) + " (" + v->meta.clause.to_string() +
                   "), observed " + out.observed;
      return out;
    }
    out.verdict = Verdict::pass;
    if (v->check_trace) {
      // RFC 5321 4.4: the Received field the IUT adds names the client.
      if (!observation->trace_ok) {
        out.verdict = Verdict::inconclusive;
        out.reason = "no delivered copy to examine for the Received field";
      } else if (!*observation->trace_ok) {
        out.verdict = Verdict::fail;
        out.reason = "Received field: " + observation->trace_detail + " (RFC 5321 4.4)";
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Suite> make_smtp_suite() {
  return std::make_unique<SmtpSuite>();
}

}  // namespace ascot::conformance
