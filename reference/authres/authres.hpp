// authres/authres.hpp: the Authentication-Results header field (RFC 8601).
//
// The harness reads third-party products' verdicts from this field, so parse() accepts
// every form RFC 8601 2.2 allows (comments anywhere CFWS may stand, quoted values, method
// versions, several results per method, unknown methods, ptypes and results) and rejects
// what it forbids, saying what and where. format() writes the field the reference adds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::authres {

// Property is a propspec (2.2): ptype.property=value. Names are lower-cased; the value has
// its quoting undone.
struct Property {
  std::string ptype;
  std::string property;
  std::string value;
  friend bool operator==(const Property&, const Property&) = default;
};

// ResultInfo is one resinfo: method[/version]=result [reason=...] [propspecs].
struct ResultInfo {
  std::string method;  // lower-cased
  std::optional<int> method_version;
  std::string result;  // lower-cased
  std::optional<std::string> reason;
  std::vector<Property> properties;

  // property returns the value of ptype.property, if present.
  std::optional<std::string> property(std::string_view ptype, std::string_view name) const;
  friend bool operator==(const ResultInfo&, const ResultInfo&) = default;
};

struct AuthenticationResults {
  std::string authserv_id;  // quoting undone, case kept
  std::optional<int> version;
  std::vector<ResultInfo> results;  // empty for the "none" form

  // results_for returns the results of |method| (lower-case), in order.
  std::vector<const ResultInfo*> results_for(std::string_view method) const;
  friend bool operator==(const AuthenticationResults&, const AuthenticationResults&) = default;
};

struct ParseOptions {
  // Strict by default. Lenient mode accepts two deviations common in deployed software: a
  // ';' after the last result, and unquoted pvalues holding RFC 2045 tspecials (such as
  // header.b=ab/c+d). Use it to read products, never to judge the field's syntax.
  bool lenient = false;
};

// kMaxResults bounds the resinfos of one field.
inline constexpr std::size_t kMaxResults = 1000;

// parse reads a field value: the text after "Authentication-Results:", folding included.
Expected<AuthenticationResults> parse(std::string_view value, ParseOptions options = {});

// parse_field reads a whole field, "Authentication-Results:" included (name case-insensitive).
Expected<AuthenticationResults> parse_field(std::string_view field, ParseOptions options = {});

// format writes a field, name included, folded to lines of at most 78 octets where it can be,
// without the final CRLF. Values that are not tokens are quoted.
std::string format(const AuthenticationResults& results);

// format_resinfo writes "Authentication-Results: <authserv-id>;" and each resinfo on its
// own folded line (RFC 8601 2.2), or "none" when there is none (2.2 no-result). |newline| is
// CRLF in a message and may be "\n" for a terminal.
std::string format_resinfo(std::string_view authserv_id, const std::vector<std::string>& resinfo,
                           std::string_view newline = "\r\n");

}  // namespace ascot::authres
