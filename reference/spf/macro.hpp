// spf/macro.hpp: SPF macro strings (RFC 7208 section 7).
//
// A macro string is parsed once, when its record is parsed, so that a syntax error anywhere
// in a record makes the whole record a permerror before anything is evaluated (4.6). It is
// expanded later, against the values of one check_host() evaluation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"

namespace ascot::spf {

// MacroContext says where a macro string appears, which decides what it may contain.
enum class MacroContext {
  domain_spec,     // after a mechanism or redirect=/exp= (4.8): no SP, no c/r/t, domain-end
  modifier_value,  // the value of an unknown modifier (4.6.1): any macro-string
  explanation,     // the TXT text exp= points at (6.2): SP allowed, c/r/t allowed (7.2)
};

// MacroExpand is one %{...} term (7.1).
struct MacroExpand {
  char letter = 'd';        // lower-case macro letter
  bool url_escape = false;  // the letter was upper-case (7.3)
  int keep = 0;             // the DIGIT transformer: right-hand parts to keep; 0 = all
  bool reverse = false;     // the "r" transformer
  std::string delimiters;   // empty means "."
};

struct MacroToken {
  enum class Kind { literal, expand };
  Kind kind = Kind::literal;
  std::string literal;  // for literal tokens, and for %% %_ %- already decoded
  MacroExpand expand;
};

// MacroString is a parsed macro string; |text| is the source as written.
struct MacroString {
  std::string text;
  std::vector<MacroToken> tokens;
};

// kMaxKeep caps the DIGIT transformer. 7.3 requires support for at least 127 (the most
// labels a name can have); larger values mean the same as "all parts".
inline constexpr int kMaxKeep = 128;

// parse_macro_string checks |text| against the grammar of 7.1 for |context|. For domain
// specs it also checks domain-end ("." toplabel ["."], or a final macro-expand). Fails with
// a message naming the offending character and its position.
Expected<MacroString> parse_macro_string(std::string_view text, MacroContext context);

// MacroValues are the inputs of an expansion (7.2). |validated_name| is called only when
// the string contains %{p}; it performs the 5.5 procedure and may query the DNS.
struct MacroValues {
  std::string_view sender;                      // s
  std::string_view local_part;                  // l
  std::string_view sender_domain;               // o
  std::string_view domain;                      // d
  IpAddress ip;                                 // i, c, v
  std::string_view helo;                        // h
  std::string_view receiver;                    // r
  std::int64_t timestamp = 0;                   // t
  std::function<std::string()> validated_name;  // p
};

// expand returns the expansion of |macro| (7.3): transformers applied, upper-case letters
// URL-escaped per RFC 3986 2.3.
std::string expand(const MacroString& macro, const MacroValues& values);

// truncate_domain applies the 253-character rule of 7.3: leading labels are removed until
// the name fits. A trailing dot is removed first.
std::string truncate_domain(std::string name);

}  // namespace ascot::spf
