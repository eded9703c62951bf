// content/rules.hpp: keyword and regular-expression filtering rules (X.1240 7.9
// (derived-from-heading); the standards digest maps keyword/content rules to X.1240 7.9 and
// X.1242 8 as well).
//
// A rule looks for a keyword or a pattern in one target of a message and adds its score when
// it hits. Rules read the decoded text of text.hpp (encoded words, transfer encodings and HTML
// undone), so "free" matches a base64 body and a subject of "=?UTF-8?Q?Fr=65e?=" alike.
//   - keyword: a substring search that ignores ASCII case (Knuth-Morris-Pratt, so linear in
//     the text whatever the keyword).
//   - regex: std::regex, ECMAScript grammar, compiled once when the rules are loaded.
//     libstdc++'s std::regex is a backtracking matcher that recurses once per character it
//     consumes: measured with g++ 12, "a.*z" takes about 0.3 s on a 4000-octet line of "a"s
//     (time grows with the square of the line) and "(a|b)*c" overflows an 8 MiB stack on a
//     16000-octet one. A pattern is therefore run on one line of its target at a time, each
//     cut to at most kMaxRegexLine octets (at white space where there is some), and on at most
//     kMaxRegexInput octets of the message. A match cannot span two lines or two pieces.
//     Patterns that nest unbounded repeats, such as "(a+)+" or "(\w+\s*)*", are refused when
//     the rules are loaded: they backtrack exponentially on a few dozen octets, whatever the
//     input bound. The check is syntactic, so nested repeats that could not be ambiguous,
//     such as "\w+(\s+\w+)*", are refused too; a bounded repeat, "\w+(\s+\w+){0,10}", is
//     the way to write them. Backreferences and lookahead are allowed. A rule whose match
//     throws (std::regex_error) is reported in RuleResult::failed, not as a hit.
// Targets: the subject (every Subject field), one named header field (every field of that
// name), the body text, or any (every header field, the subject among them, and the body).
//
// A rules file is JSON; every key is checked, and an unknown one is an error:
//   {
//     "comment": "optional free text",
//     "rules": [
//       {"id": "free-offer", "target": "subject", "kind": "keyword", "pattern": "free offer",
//        "score": 2.5, "comment": "optional"},
//       {"id": "bulk-mailer", "target": "header", "header": "X-Mailer", "kind": "regex",
//        "pattern": "^bulk ?mail", "ignore_case": true, "score": 1.0}
//     ]
//   }
// "header" is required with target "header" and refused with the others; "ignore_case"
// (default false) is for regex rules only; "score" is a number.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "content/text.hpp"
#include "core/error.hpp"
#include "mail/message.hpp"

namespace ascot::content {

// kMaxRegexLine bounds one regex run (see above; ASCOT's choice: at 256 octets the worst
// pattern measured, "(a|b)*c" on a line of "a"s, costs about 2.5 ms per line with -O3, and
// mail text rarely has longer lines once HTML is stripped, which breaks lines at block tags).
inline constexpr std::size_t kMaxRegexLine = 256;
// kMaxRegexInput bounds the octets of the message that one regex reads, over all its
// targets (ASCOT's choice: about 0.6 s for that worst case on hostile input, about 0.1 ms per
// rule on 100 KB of ordinary mail; the rest of a message is read by keyword rules only).
inline constexpr std::size_t kMaxRegexInput = std::size_t{64} << 10;
// Limits on a rules file (ASCOT's choice; a rules file is configuration, but it is still
// input that must not make loading unbounded).
inline constexpr std::size_t kMaxRules = 10000;
inline constexpr std::size_t kMaxPatternLength = 1000;

enum class Target { subject, header, body, any };
enum class RuleKind { keyword, regex };

std::string_view target_name(Target target);     // "subject", "header", "body", "any"
std::string_view rule_kind_name(RuleKind kind);  // "keyword", "regex"

// RuleSpec is one rule as written.
struct RuleSpec {
  std::string id;  // unique in a rule set
  Target target = Target::any;
  std::string header;  // the field name for Target::header (case-insensitive); else empty
  RuleKind kind = RuleKind::keyword;
  std::string pattern;       // the keyword, or the ECMAScript regular expression
  double score = 0.0;        // added when the rule hits; may be negative (a ham sign)
  bool ignore_case = false;  // regex only: std::regex::icase (keywords always ignore case)
  std::string comment;       // free text
};

// RuleHit is one rule that hit.
struct RuleHit {
  std::string id;
  double score = 0.0;
  Target target = Target::any;
  std::string where;  // what it hit: "subject", "body" or the lower-case field name
};

// RuleResult is the outcome of evaluating a rule set on one message.
struct RuleResult {
  std::vector<RuleHit> hits;        // in rule-set order, one per rule at most
  double total = 0.0;               // the sum of the scores of |hits|
  std::vector<std::string> failed;  // ids of regex rules whose matching threw
};

// RuleSet is a list of compiled rules. Copyable; evaluate() may use one RuleSet from many
// threads at once (std::regex matching does not change the regex).
class RuleSet {
 public:
  RuleSet();
  ~RuleSet();
  RuleSet(const RuleSet&);
  RuleSet& operator=(const RuleSet&);
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  // compile checks and compiles |specs|. Fails (invalid_argument, located at the rule's
  // index and id) on an empty or duplicate id, an empty or overlong pattern, a header target
  // without a field name (or a field name on another target), ignore_case on a keyword, a
  // score that is not finite, a regex std::regex refuses or one with nested unbounded
  // quantifiers; (limit_exceeded) on more than kMaxRules rules.
  static Expected<RuleSet> compile(std::vector<RuleSpec> specs);

  // parse reads a rules document (JSON, the format above) and compiles it. Every key must be known;
  // errors name |where|, the rule's index and its id.
  static Expected<RuleSet> parse(std::string_view json_text, std::string_view where);

  // load reads and parses the rules file at |path|; errors name the file.
  static Expected<RuleSet> load(const std::string& path);

  std::size_t size() const;
  const RuleSpec& spec(std::size_t i) const;

 private:
  struct Compiled;
  friend RuleResult evaluate(const MessageText& text, const RuleSet& rules);
  std::vector<Compiled> rules_;
};

// evaluate runs |rules| on the decoded text of a message. Never fails.
RuleResult evaluate(const MessageText& text, const RuleSet& rules);

// evaluate reads the text of |message| (read_text) and runs |rules| on it.
RuleResult evaluate(const mail::Message& message, const RuleSet& rules);

}  // namespace ascot::content
