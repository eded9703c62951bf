// Keyword and regular-expression rules (X.1240 7.9 (derived-from-heading)); the choices and
// their reasons are in rules.hpp.
#include "content/rules.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <regex>
#include <set>

#include "core/ascii.hpp"
#include "core/files.hpp"
#include "core/json.hpp"

namespace ascot::content {

std::string_view target_name(Target target) {
  switch (target) {
    case Target::subject:
      return "subject";
    case Target::header:
      return "header";
    case Target::body:
      return "body";
    case Target::any:
      return "any";
  }
  return "any";
}

std::string_view rule_kind_name(RuleKind kind) {
  return kind == RuleKind::regex ? "regex" : "keyword";
}

namespace {

// Knuth-Morris-Pratt search: linear in the text whatever the keyword, which a naive search
// is not ("aaaa...ab" in a body of "a"s).
class Keyword {
 public:
  explicit Keyword(std::string lower) : needle_(std::move(lower)), fail_(needle_.size(), 0) {
    for (std::size_t i = 1, k = 0; i < needle_.size(); ++i) {
      while (k > 0 && needle_[i] != needle_[k]) k = fail_[k - 1];
      if (needle_[i] == needle_[k]) ++k;
      fail_[i] = k;
    }
  }

  // found reports whether the keyword occurs in |text|, comparing ASCII letters without case.
  bool found(std::string_view text) const {
    if (needle_.empty()) return false;
    for (std::size_t i = 0, k = 0; i < text.size(); ++i) {
      char c = ascii::to_lower(text[i]);
      while (k > 0 && c != needle_[k]) k = fail_[k - 1];
      if (c == needle_[k]) ++k;
      if (k == needle_.size()) return true;
    }
    return false;
  }

 private:
  std::string needle_;
  std::vector<std::size_t> fail_;
};

// Reads a quantifier at |i| in |p| (after an atom or a group) and moves past it, lazy "?"
// included. Returns whether it repeats without bound ("*", "+", "{n,}"); nullopt if there is
// no quantifier.
std::optional<bool> read_quantifier(std::string_view p, std::size_t& i) {
  if (i >= p.size()) return std::nullopt;
  std::optional<bool> unbounded;
  if (p[i] == '*' || p[i] == '+') {
    unbounded = true;
    ++i;
  } else if (p[i] == '?') {
    unbounded = false;
    ++i;
  } else if (p[i] == '{') {
    std::size_t close = p.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inside = p.substr(i + 1, close - i - 1);
    unbounded = inside.ends_with(',');
    i = close + 1;
  } else {
    return std::nullopt;
  }
  if (i < p.size() && p[i] == '?') ++i;  // lazy
  return unbounded;
}

// nests_unbounded_repeats reports a group that repeats without bound and holds, at any depth,
// something else that repeats without bound: the shape of catastrophic backtracking.
bool nests_unbounded_repeats(std::string_view p) {
  std::vector<bool> inner = {false};  // per open group: does it hold an unbounded repeat?
  std::size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '\\') {
      i += 2;
    } else if (c == '[') {
      ++i;
      if (i < p.size() && p[i] == '^') ++i;
      if (i < p.size() && p[i] == ']') ++i;
      while (i < p.size() && p[i] != ']') i += p[i] == '\\' ? 2 : 1;
      ++i;
    } else if (c == '(') {
      inner.push_back(false);
      ++i;
      if (i < p.size() && p[i] == '?') i += 2;  // (?: (?= (?!
      continue;
    } else if (c == ')') {
      bool held = inner.size() > 1 ? inner.back() : false;
      if (inner.size() > 1) inner.pop_back();
      ++i;
      auto q = read_quantifier(p, i);
      if (q && *q && held) return true;
      if (held || (q && *q)) inner.back() = true;
      continue;
    } else {
      ++i;
    }
    // After an atom (an escape, a class or a character): its quantifier, if any.
    if (auto q = read_quantifier(p, i); q && *q) inner.back() = true;
  }
  return false;
}

// Calls |f| with the pieces of |line| of at most kMaxRegexLine octets, cut at the last white
// space in the second half of a window where there is one, and with the match flags that keep
// "^", "$" and "\b" true to the line: a piece after the first has a character before it, and
// a piece before the last does not end the line. Stops when |f| returns true.
template <class F>
bool for_each_piece(std::string_view line, F&& f) {
  namespace rc = std::regex_constants;
  auto flags = rc::match_default;
  while (!line.empty()) {
    std::size_t n = line.size();
    if (n > kMaxRegexLine) {
      n = kMaxRegexLine;
      std::size_t ws = line.substr(0, kMaxRegexLine).find_last_of(" \t");
      if (ws != std::string_view::npos && ws >= kMaxRegexLine / 2) n = ws + 1;
    }
    auto piece_flags = n < line.size() ? flags | rc::match_not_eol : flags;
    if (f(line.substr(0, n), piece_flags)) return true;
    line.remove_prefix(n);
    flags = rc::match_prev_avail;
  }
  return false;
}

}  // namespace

struct RuleSet::Compiled {
  RuleSpec spec;
  std::string header;  // lower-cased field name
  std::optional<Keyword> keyword;
  std::optional<std::regex> regex;
};

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(const RuleSet&) = default;
RuleSet& RuleSet::operator=(const RuleSet&) = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

std::size_t RuleSet::size() const {
  return rules_.size();
}

const RuleSpec& RuleSet::spec(std::size_t i) const {
  return rules_.at(i).spec;
}

Expected<RuleSet> RuleSet::compile(std::vector<RuleSpec> specs) {
  if (specs.size() > kMaxRules) {
    return fail(Errc::limit_exceeded, std::to_string(specs.size()) + " rules; at most " +
                                          std::to_string(kMaxRules) + " are read");
  }
  RuleSet set;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    RuleSpec& s = specs[i];
    std::string where = json::index_path("rules", i);
    if (!s.id.empty()) where.insert(0, "rule \"" + ascii::printable(s.id, 80) + "\": ");
    auto bad = [&](const std::string& why) { return fail(Errc::invalid_argument, why, where); };
    if (s.id.empty()) return bad("the id is empty");
    if (!ids.insert(s.id).second) return bad("the id is used by an earlier rule");
    if (s.pattern.empty()) return bad("the pattern is empty");
    if (s.pattern.size() > kMaxPatternLength) {
      return bad("the pattern is longer than " + std::to_string(kMaxPatternLength) + " octets");
    }
    if ((s.target == Target::header) == s.header.empty()) {
      return bad(s.target == Target::header ? "target \"header\" needs a header field name"
                                            : "a header field name is only for target \"header\"");
    }
    if (!std::isfinite(s.score)) return bad("the score is not a finite number");
    Compiled c;
    c.header = ascii::lower(s.header);
    if (s.kind == RuleKind::keyword) {
      if (s.ignore_case) return bad("ignore_case is for regex rules (keywords always ignore case)");
      c.keyword.emplace(ascii::lower(s.pattern));
    } else {
      if (nests_unbounded_repeats(s.pattern)) {
        return bad(
            "the pattern nests unbounded repeats, which std::regex can take exponential time "
            "on; bound the outer repeat, e.g. {0,10}");
      }
      auto flags = std::regex::ECMAScript | std::regex::nosubs | std::regex::optimize;
      if (s.ignore_case) flags |= std::regex::icase;
      try {
        c.regex.emplace(s.pattern, flags);
      } catch (const std::regex_error& e) {
        return bad("not a valid ECMAScript regular expression: " + std::string(e.what()));
      }
    }
    c.spec = std::move(s);
    set.rules_.push_back(std::move(c));
  }
  return set;
}

Expected<RuleSet> RuleSet::parse(std::string_view json_text, std::string_view where) {
  auto doc = json::parse(json_text, where);
  if (!doc) return std::unexpected(doc.error());
  auto top = json::Object::of(*doc, "");
  if (!top) return fail_at(top.error(), where);
  auto comment = top->optional_string("comment");
  if (!comment) return fail_at(comment.error(), where);
  auto list = top->array("rules");
  if (!list) return fail_at(list.error(), where);
  if (auto done = top->finish(); !done) return fail_at(done.error(), where);
  if ((*list)->size() > kMaxRules) {
    return fail(Errc::limit_exceeded,
                std::to_string((*list)->size()) + " rules; at most " + std::to_string(kMaxRules) +
                    " are read",
                std::string(where));
  }
  std::vector<RuleSpec> specs;
  for (std::size_t i = 0; i < (*list)->size(); ++i) {
    auto obj = json::Object::of((**list)[i], json::index_path("rules", i));
    if (!obj) return fail_at(obj.error(), where);
    RuleSpec spec;
    auto read = [&]() -> Expected<void> {
      auto id = obj->string("id");
      if (!id) return std::unexpected(id.error());
      spec.id = std::move(*id);
      auto located = [&](Error e) {
        return fail_at(std::move(e), "rule \"" + ascii::printable(spec.id, 80) + "\"");
      };
      auto target = obj->string("target");
      if (!target) return located(target.error());
      if (*target == "subject") {
        spec.target = Target::subject;
      } else if (*target == "header") {
        spec.target = Target::header;
      } else if (*target == "body") {
        spec.target = Target::body;
      } else if (*target == "any") {
        spec.target = Target::any;
      } else {
        return located(Error{Errc::parse_error,
                             "unknown target \"" + ascii::printable(*target, 40) +
                                 "\" (subject, header, body or any)",
                             obj->child_path("target")});
      }
      auto header = obj->optional_string("header");
      if (!header) return located(header.error());
      spec.header = header->value_or("");
      auto kind = obj->string("kind");
      if (!kind) return located(kind.error());
      if (*kind == "keyword") {
        spec.kind = RuleKind::keyword;
      } else if (*kind == "regex") {
        spec.kind = RuleKind::regex;
      } else {
        return located(
            Error{Errc::parse_error,
                  "unknown kind \"" + ascii::printable(*kind, 40) + "\" (keyword or regex)",
                  obj->child_path("kind")});
      }
      auto pattern = obj->string("pattern");
      if (!pattern) return located(pattern.error());
      spec.pattern = std::move(*pattern);
      const boost::json::value* score = obj->value("score");
      if (score == nullptr) {
        return located(
            Error{Errc::parse_error, "required key is missing", obj->child_path("score")});
      }
      if (!score->is_number()) {
        return located(Error{Errc::parse_error,
                             "expected a number, found " + std::string(json::type_name(*score)),
                             obj->child_path("score")});
      }
      spec.score = score->to_number<double>();
      auto ignore_case = obj->boolean("ignore_case", false);
      if (!ignore_case) return located(ignore_case.error());
      spec.ignore_case = *ignore_case;
      auto note = obj->optional_string("comment");
      if (!note) return located(note.error());
      spec.comment = note->value_or("");
      if (auto done = obj->finish(); !done) return located(done.error());
      return {};
    };
    if (auto r = read(); !r) return fail_at(r.error(), where);
    specs.push_back(std::move(spec));
  }
  auto set = compile(std::move(specs));
  if (!set) return fail_at(set.error(), where);
  return set;
}

Expected<RuleSet> RuleSet::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse(*text, path);
}

RuleResult evaluate(const MessageText& text, const RuleSet& rules) {
  RuleResult out;
  for (const auto& rule : rules.rules_) {
    std::size_t budget = kMaxRegexInput;  // per rule, over all its targets
    bool threw = false;
    // Does the rule hit |value|?
    auto hits = [&](std::string_view value) {
      if (rule.keyword) return rule.keyword->found(value);
      std::string_view rest = value.substr(0, std::min(value.size(), budget));
      budget -= rest.size();
      while (!rest.empty()) {
        std::size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        bool found = for_each_piece(line, [&](std::string_view piece, auto flags) {
          try {
            return std::regex_search(piece.begin(), piece.end(), *rule.regex, flags);
          } catch (const std::regex_error&) {
            threw = true;
            return false;
          }
        });
        if (found) return true;
      }
      return false;
    };
    std::optional<std::string> where;
    auto header_hit = [&](auto&& wanted) {
      for (const auto& h : text.headers) {
        if (wanted(h.name) && hits(h.value)) {
          where = h.name;
          return;
        }
      }
    };
    switch (rule.spec.target) {
      case Target::subject:
        header_hit([](const std::string& name) { return name == "subject"; });
        break;
      case Target::header:
        header_hit([&](const std::string& name) { return name == rule.header; });
        break;
      case Target::body:
        if (hits(text.body)) where = "body";
        break;
      case Target::any:
        header_hit([](const std::string&) { return true; });
        if (!where && hits(text.body)) where = "body";
        break;
    }
    if (threw && !where) out.failed.push_back(rule.spec.id);
    if (where) {
      out.hits.push_back({rule.spec.id, rule.spec.score, rule.spec.target, std::move(*where)});
      out.total += rule.spec.score;
    }
  }
  return out;
}

RuleResult evaluate(const mail::Message& message, const RuleSet& rules) {
  return evaluate(read_text(message), rules);
}

}  // namespace ascot::content
