// X.1240 7.8 (derived-from-heading): the sending server's address is "dynamic" or
// "residential". Two signs, both documented in docs/smtp.md: the reverse name matches one
// of the configured patterns (operators name dynamic pools "dyn", "dsl", "pool"...), or it
// spells out the client's own address (192-0-2-1.example.net), which is how pools of
// addresses are named in bulk. A DNS policy list of dynamic space (the RFC 5782 form) is the
// third sign, checked by SessionPolicy with the dnsbl code.
#include <regex>

#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {
namespace {

// Our bound on the name a pattern is run on: std::regex backtracks.
constexpr std::size_t kMaxNameForPatterns = 253;

bool spells_address(std::string_view name, const IpAddress& ip) {
  if (!ip.is_v4()) return false;
  const auto& o = ip.octets();
  std::string a = std::to_string(o[0]), b = std::to_string(o[1]), c = std::to_string(o[2]),
              d = std::to_string(o[3]);
  for (char sep : {'-', '.', '_'}) {
    std::string s(1, sep);
    for (const auto& form : {a + s + b + s + c + s + d, d + s + c + s + b + s + a}) {
      auto at = name.find(form);
      if (at == std::string_view::npos) continue;
      // The spelled address must stand as its own token, not inside a longer number.
      bool left = at == 0 || !ascii::is_digit(name[at - 1]);
      auto end = at + form.size();
      bool right = end == name.size() || !ascii::is_digit(name[end]);
      if (left && right) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<Finding> check_dynamic_name(const Config& config, const IpAddress& client,
                                          std::string_view reverse_name) {
  if (reverse_name.empty()) return std::nullopt;
  Finding f{Technique::dynamic};
  auto name = ascii::lower(reverse_name.substr(0, kMaxNameForPatterns));
  if (spells_address(name, client.unmapped())) {
    f.hit = true;
    f.check = "address-in-name";
    f.detail = name + " spells out " + client.to_string();
    return f;
  }
  for (const auto& [pattern, re] : config.dynamic_patterns) {
    if (std::regex_search(name, re)) {
      f.hit = true;
      f.check = "pattern";
      f.detail = name + " matches " + pattern;
      return f;
    }
  }
  f.check = "static";
  return f;
}

}  // namespace ascot::policy
