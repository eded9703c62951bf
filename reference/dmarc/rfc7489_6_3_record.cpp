// RFC 7489 6.3 (tags), 6.4 (ABNF), 3.2 (organizational domain); RFC 9989 4.7 and 4.8.
#include <algorithm>
#include <charconv>

#include "core/ascii.hpp"
#include "core/files.hpp"
#include "dmarc/record.hpp"

namespace ascot::dmarc {

std::string_view policy_name(Policy p) {
  switch (p) {
    case Policy::none:
      return "none";
    case Policy::quarantine:
      return "quarantine";
    case Policy::reject:
      return "reject";
  }
  return "none";
}

std::optional<Policy> parse_policy(std::string_view text) {
  for (Policy p : {Policy::none, Policy::quarantine, Policy::reject}) {
    if (ascii::iequals(text, policy_name(p))) return p;
  }
  return std::nullopt;
}

namespace {

// dmarc-uri = URI [ "!" size ]: a scheme (RFC 3986 3.1) and something after the colon.
bool is_valid_uri(std::string_view uri) {
  auto bang = uri.find('!');
  std::string_view base = uri.substr(0, bang);
  auto colon = base.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == base.size()) return false;
  if (!ascii::is_alpha(base.front())) return false;
  for (char c : base.substr(0, colon)) {
    if (!ascii::is_alnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (char c : base) {
    if (static_cast<unsigned char>(c) <= 32 || static_cast<unsigned char>(c) >= 127) return false;
  }
  return true;
}

std::vector<std::string> split_uris(std::string_view value) {
  std::vector<std::string> out;
  for (auto piece : ascii::split(value, ',')) {
    std::string_view trimmed = ascii::trim(piece);
    if (!trimmed.empty()) out.emplace_back(trimmed);
  }
  return out;
}

}  // namespace

std::optional<Record> parse_record(std::string_view text, Mode mode) {
  // dmarc-sep = *WSP ";" *WSP; equals = *WSP "=" *WSP.
  std::vector<std::pair<std::string, std::string>> tags;
  for (auto piece : ascii::split(text, ';')) {
    std::string_view spec = ascii::trim(piece);
    if (spec.empty()) continue;
    auto eq = spec.find('=');
    if (eq == std::string_view::npos) {
      tags.emplace_back(ascii::lower(spec), std::string());  // a malformed tag; ignored below
      continue;
    }
    tags.emplace_back(ascii::lower(ascii::trim(spec.substr(0, eq))),
                      std::string(ascii::trim(spec.substr(eq + 1))));
  }
  // 6.3: "v" first, and exactly "DMARC1".
  if (tags.empty() || tags.front().first != "v" || tags.front().second != "DMARC1")
    return std::nullopt;
  Record r;
  r.text = std::string(text);
  std::vector<std::string> seen;
  for (std::size_t i = 1; i < tags.size(); ++i) {
    const auto& [name, value] = tags[i];
    // A repeated tag: the first occurrence counts.
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    if (name == "p") {
      r.p = parse_policy(value);
      r.p_invalid = !r.p;
    } else if (name == "sp") {
      r.sp = parse_policy(value);
      r.sp_invalid = !r.sp;
    } else if (name == "np" && mode == Mode::rfc9989) {
      r.np = parse_policy(value);
      r.np_invalid = !r.np;
    } else if (name == "adkim" || name == "aspf") {
      // r (default) or s; anything else keeps the default.
      bool strict = ascii::iequals(value, "s");
      (name == "adkim" ? r.strict_dkim : r.strict_spf) = strict;
    } else if (name == "pct" && mode == Mode::rfc7489) {
      int v = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      bool ok = ec == std::errc() && ptr == value.data() + value.size() && value.size() <= 3;
      r.pct = ok ? std::clamp(v, 0, 100) : 100;
    } else if (name == "t" && mode == Mode::rfc9989) {
      r.testing = ascii::iequals(value, "y");
    } else if (name == "psd" && mode == Mode::rfc9989) {
      char c = value.size() == 1 ? ascii::to_lower(value[0]) : 'u';
      r.psd = (c == 'y' || c == 'n') ? c : 'u';
    } else if (name == "rua" || name == "ruf") {
      auto uris = split_uris(value);
      if (name == "rua") {
        r.rua = uris;
        r.valid_rua = std::any_of(uris.begin(), uris.end(),
                                  [](const std::string& u) { return is_valid_uri(u); });
      } else {
        r.ruf = uris;
      }
    }
    // Unknown tags, and in RFC 7489 mode the tags of RFC 9989, are ignored (6.3).
  }
  return r;
}

PublicSuffixList PublicSuffixList::from_rules(const std::vector<std::string>& lines) {
  PublicSuffixList psl;
  for (const auto& line : lines) {
    std::string_view rule = ascii::trim(line);
    if (rule.empty() || rule.starts_with("//")) continue;
    auto space = rule.find_first_of(" \t");
    if (space != std::string_view::npos) rule = rule.substr(0, space);
    std::string lowered = ascii::lower(rule);
    if (lowered.starts_with("!")) {
      psl.exceptions_.push_back(lowered.substr(1));
    } else if (lowered.starts_with("*.")) {
      psl.wildcards_.push_back(lowered.substr(2));
    } else {
      psl.rules_.push_back(lowered);
    }
  }
  for (auto* v : {&psl.rules_, &psl.wildcards_, &psl.exceptions_}) std::sort(v->begin(), v->end());
  return psl;
}

Expected<PublicSuffixList> PublicSuffixList::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  std::vector<std::string> lines;
  for (auto line : ascii::split(*text, '\n')) lines.emplace_back(line);
  auto psl = from_rules(lines);
  if (psl.size() == 0) return fail(Errc::parse_error, "no rules in the public suffix list", path);
  return psl;
}

std::string PublicSuffixList::public_suffix(std::string_view domain) const {
  std::string d = ascii::lower(domain);
  if (d.ends_with('.')) d.pop_back();
  auto labels = ascii::split(d, '.');
  auto has = [](const std::vector<std::string>& v, std::string_view s) {
    return std::binary_search(v.begin(), v.end(), s, std::less<>());
  };
  // Try every suffix of |d|, longest first; the first that a rule makes a public suffix wins,
  // with exceptions taking precedence (the PSL algorithm).
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::size_t offset = 0;
    for (std::size_t k = 0; k < i; ++k) offset += labels[k].size() + 1;
    std::string_view suffix = std::string_view(d).substr(offset);
    if (has(exceptions_, suffix)) {
      // "!a.b": a.b is not a suffix; its parent is.
      return std::string(suffix.substr(labels[i].size() + (i + 1 < labels.size() ? 1 : 0)));
    }
    if (has(rules_, suffix)) return std::string(suffix);
    std::string_view parent =
        i + 1 < labels.size() ? suffix.substr(labels[i].size() + 1) : std::string_view();
    if (!parent.empty() && has(wildcards_, parent)) return std::string(suffix);
  }
  return std::string(labels.back());  // the implicit "*" rule
}

std::string PublicSuffixList::organizational_domain(std::string_view domain) const {
  std::string d = ascii::lower(domain);
  if (d.ends_with('.')) d.pop_back();
  std::string suffix = public_suffix(d);
  if (d.size() <= suffix.size()) return d;  // the domain is a public suffix itself
  std::string_view rest = std::string_view(d).substr(0, d.size() - suffix.size() - 1);
  auto dot = rest.rfind('.');
  return std::string(dot == std::string_view::npos ? rest : rest.substr(dot + 1)) + "." + suffix;
}

Expected<const PublicSuffixList*> system_public_suffix_list() {
  static const Expected<PublicSuffixList> list = PublicSuffixList::load(ASCOT_PSL_PATH);
  if (!list) {
    return fail(Errc::not_found,
                "the public suffix list is missing (install Debian's publicsuffix package): " +
                    list.error().to_string());
  }
  return &*list;
}

}  // namespace ascot::dmarc
