// X.1240 7.3 (derived-from-heading): combining tests. Our
// reading (docs/smtp.md): each technique that hits adds its configured score; an allow-list
// hit ends the evaluation with no action; the total is compared with the thresholds in the
// order of severity, reject (7.15), bounce (7.17), discard (7.16), spam box (7.18), mark
// (7.19), and the first threshold reached gives the action.
#include <cstdio>

#include "policy/policy.hpp"

namespace ascot::policy {

Scored score(const Config& config, const std::vector<Finding>& findings) {
  Scored out;
  for (const auto& f : findings) {
    if (f.allow) return {};
    if (f.hit && config.enabled(f.technique)) out.total += config.technique(f.technique).score;
  }
  const auto& t = config.thresholds;
  auto reached = [&](const std::optional<double>& threshold) {
    return threshold && out.total >= *threshold;
  };
  if (reached(t.reject)) {
    out.action = Action::reject;
  } else if (reached(t.bounce)) {
    out.action = Action::bounce;
  } else if (reached(t.discard)) {
    out.action = Action::discard;
  } else if (reached(t.spam_box)) {
    out.action = Action::spam_box;
  } else if (reached(t.mark)) {
    out.action = Action::mark;
  }
  return out;
}

std::string findings_header(const std::vector<Finding>& findings, double total) {
  std::string out;
  for (const auto& f : findings) {
    if (!out.empty()) out += "; ";
    out += std::string(info(f.technique).name) + "=";
    if (f.allow) {
      out += "allow";
    } else if (f.temporary) {
      out += "temperror";
    } else {
      out += f.hit ? "hit" : "pass";
    }
    if (!f.check.empty()) out += "(" + f.check + ")";
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", total);
  if (!out.empty()) out += "; ";
  return out + "score=" + buffer;
}

}  // namespace ascot::policy
