#include "core/clause.hpp"

#include <charconv>
#include <tuple>
#include <vector>

#include "core/ascii.hpp"

namespace ascot {

std::string_view basis_name(Basis basis) {
  return basis == Basis::normative_text ? "normative-text" : "derived-from-heading";
}

std::optional<Basis> parse_basis(std::string_view name) {
  if (name == "normative-text") return Basis::normative_text;
  if (name == "derived-from-heading") return Basis::derived_from_heading;
  return std::nullopt;
}

std::string ClauseRef::to_string() const {
  return document + " " + section;
}

std::string ClauseRef::key() const {
  if (document.starts_with("RFC ")) return document.substr(4) + ":" + section;
  return document + ":" + section;
}

Expected<ClauseRef> parse_clause(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return fail(Errc::parse_error,
                "clause '" + std::string(text) + "' is not of the form 7208:4.6.4 or X.1240:7.11");
  }
  std::string_view doc = text.substr(0, colon);
  std::string_view section = text.substr(colon + 1);
  for (char c : section) {
    if (!ascii::is_alnum(c) && c != '.') {
      return fail(Errc::parse_error, "clause section '" + std::string(section) +
                                         "' may hold only letters, digits and dots");
    }
  }
  ClauseRef ref;
  bool all_digits = true;
  for (char c : doc) all_digits = all_digits && ascii::is_digit(c);
  ref.document = all_digits ? "RFC " + std::string(doc) : std::string(doc);
  ref.section = std::string(section);
  return ref;
}

namespace {
std::vector<int> numeric_parts(std::string_view section) {
  std::vector<int> parts;
  for (auto piece : ascii::split(section, '.')) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    // Annex letters ("A") sort after every number.
    parts.push_back(ec == std::errc() && ptr == piece.data() + piece.size() ? value : 1 << 20);
  }
  return parts;
}
}  // namespace

bool clause_less(const ClauseRef& a, const ClauseRef& b) {
  return std::tuple(a.document, numeric_parts(a.section), a.section) <
         std::tuple(b.document, numeric_parts(b.section), b.section);
}

bool ClauseKeyLess::operator()(const std::string& a, const std::string& b) const {
  auto ca = parse_clause(a);
  auto cb = parse_clause(b);
  if (ca && cb) {
    if (clause_less(*ca, *cb)) return true;
    if (clause_less(*cb, *ca)) return false;
    return a < b;
  }
  if (ca.has_value() != cb.has_value()) return ca.has_value();
  return a < b;
}

}  // namespace ascot
