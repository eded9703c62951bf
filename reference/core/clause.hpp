// core/clause.hpp: references to the clauses of the documents a test serves.
//
// Every test purpose carries two kinds of reference: the ITU-T clause it serves (often only
// derived from a heading, because the Recommendation's normative text was not available) and
// the RFC or specification clause that makes it testable. ClauseRef keeps the two apart and
// records how much we know.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ascot {

// Basis says what a reference to a clause rests on.
enum class Basis {
  normative_text,       // we have the clause's text and the test follows it
  derived_from_heading  // only the clause heading is known; the mapping is our reading of it
};

std::string_view basis_name(Basis basis);  // "normative-text", "derived-from-heading"
std::optional<Basis> parse_basis(std::string_view name);

struct ClauseRef {
  std::string document;  // "RFC 7208", "X.1240"
  std::string section;   // "4.6.4", "7.11"
  Basis basis = Basis::normative_text;

  // to_string prints "RFC 7208 4.6.4" or "X.1240 7.11".
  std::string to_string() const;
  // key prints the short form used in vectors: "7208:4.6.4" for RFCs, "X.1240:7.11" else.
  std::string key() const;

  friend bool operator==(const ClauseRef&, const ClauseRef&) = default;
};

// parse_clause reads the short form: "7208:4.6.4" (an RFC number) or "X.1240:7.11".
Expected<ClauseRef> parse_clause(std::string_view text);

// clause_less orders by document, then sections numerically ("4.6.4" < "4.10").
bool clause_less(const ClauseRef& a, const ClauseRef& b);

// ClauseKeyLess orders short forms ("7208:4.10", "X.1240:7.4") as clause_less does; keys that
// do not parse sort after those that do, by their text.
struct ClauseKeyLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

}  // namespace ascot
