// mail/lexer.hpp: the lexical tokens of structured header fields (RFC 5322 3.2, RFC 2045 5.1).
//
// Used by every parser of a structured field (Content-Type, Authentication-Results, ARF
// report fields): comments nest and may hold quoted-pairs; quoted-strings are returned with
// their quoting undone; folding white space is skipped. Each method either consumes what it
// names or leaves the position unchanged.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ascot::mail {

// kMaxCommentDepth bounds comment nesting (RFC 5322 allows any depth; a hostile field must
// not recurse without end).
inline constexpr int kMaxCommentDepth = 64;

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::size_t position() const { return pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  std::string_view rest() const { return text_.substr(pos_); }

  // consume takes |c| if it is next.
  bool consume(char c);
  // advance moves past |n| characters (at most to the end).
  void advance(std::size_t n) { pos_ = std::min(pos_ + n, text_.size()); }

  // skip_cfws skips white space, folding (CRLF followed by WSP) and comments. Fails on an
  // unterminated comment, on nesting deeper than kMaxCommentDepth, and on a CR or LF that is
  // not part of folding.
  Expected<void> skip_cfws();

  // comment reads one comment (RFC 5322 3.2.2) when the next character is '(' and returns
  // its text without the outer parentheses (quoted-pairs kept); nullopt when there is none.
  // Fails, leaving the position unchanged, as skip_cfws does.
  Expected<std::optional<std::string_view>> comment();

  // token reads an RFC 2045 token: 1*<any CHAR except SPACE, CTLs and tspecials>.
  std::optional<std::string_view> token();

  // atom reads 1*atext (RFC 5322 3.2.3); with |dots|, a dot-atom-text.
  std::optional<std::string_view> atom(bool dots = false);

  // quoted_string reads a quoted-string and returns its content with quoted-pairs undone.
  // Fails when the next character is '"' but the string does not end.
  Expected<std::optional<std::string>> quoted_string();

  // until reads characters up to (not including) one of |stops|, white space or the end.
  std::string_view until(std::string_view stops);

  // error builds a parse error that says where in the text it happened.
  std::unexpected<Error> error(const std::string& what) const;

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// is_tspecial reports the RFC 2045 tspecials: ( ) < > @ , ; : \ " / [ ] ? =
bool is_tspecial(char c);

}  // namespace ascot::mail
