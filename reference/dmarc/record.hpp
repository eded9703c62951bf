// dmarc/record.hpp: DMARC policy records (RFC 7489 6.3, 6.4; RFC 9989 4.7, 4.8) and the
// Public Suffix List (RFC 7489 3.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::dmarc {

// Mode chooses the specification: RFC 7489 (organizational domains from the Public Suffix
// List, pct=) or its 2026 revision RFC 9989 (the DNS tree walk, np=, psd=, t=).
enum class Mode { rfc7489, rfc9989 };

enum class Policy { none, quarantine, reject };

std::string_view policy_name(Policy p);
std::optional<Policy> parse_policy(std::string_view text);  // case-insensitive (ABNF)

// Record is a DMARC record: the v tag first and exactly DMARC1. Tags that are invalid keep
// their defaults; |p_valid| and friends say whether p, sp and np were usable.
struct Record {
  std::optional<Policy> p;
  std::optional<Policy> sp;
  std::optional<Policy> np;  // RFC 9989 (RFC 9091 before it); ignored in RFC 7489 mode
  bool p_invalid = false;    // p present but not a valid value
  bool sp_invalid = false;
  bool np_invalid = false;
  bool strict_dkim = false;  // adkim=s
  bool strict_spf = false;   // aspf=s
  int pct = 100;             // RFC 7489 only
  bool testing = false;      // RFC 9989 t=y
  char psd = 'u';            // RFC 9989 psd=y/n/u
  std::vector<std::string> rua;
  std::vector<std::string> ruf;
  bool valid_rua = false;  // at least one syntactically valid reporting URI
  std::string text;
};

// parse_record reads a TXT record. nullopt when it is not a DMARC record: "v" is absent, not
// the first tag, or not exactly "DMARC1" (RFC 7489 6.3; RFC 9989 4.7). Everything else is a
// record with defaults in place of invalid values (RFC 7489 6.3: "syntax errors in the
// remainder of the record SHOULD be discarded in favor of default values").
std::optional<Record> parse_record(std::string_view text, Mode mode);

// PublicSuffixList holds PSL rules (https://publicsuffix.org/list/ format: a rule per line,
// "*." wildcards, "!" exceptions, "//" comments).
class PublicSuffixList {
 public:
  static PublicSuffixList from_rules(const std::vector<std::string>& rules);
  // load reads a PSL file, e.g. Debian's /usr/share/publicsuffix/public_suffix_list.dat.
  static Expected<PublicSuffixList> load(const std::string& path);

  // public_suffix returns the longest public suffix of |domain| (lower-case); the PSL
  // algorithm's implicit "*" rule makes the last label a suffix when no rule matches.
  std::string public_suffix(std::string_view domain) const;
  // organizational_domain applies RFC 7489 3.2: the public suffix plus one label; a domain
  // that is itself a public suffix is its own organizational domain.
  std::string organizational_domain(std::string_view domain) const;

  std::size_t size() const { return rules_.size() + wildcards_.size() + exceptions_.size(); }

 private:
  std::vector<std::string> rules_;       // sorted
  std::vector<std::string> wildcards_;   // the part after "*.", sorted
  std::vector<std::string> exceptions_;  // the part after "!", sorted
};

// system_public_suffix_list returns the list Debian's publicsuffix package installs, loaded
// once (thread-safe); an error when the file is missing.
Expected<const PublicSuffixList*> system_public_suffix_list();

}  // namespace ascot::dmarc
