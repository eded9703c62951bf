#include "mail/lexer.hpp"

#include "core/ascii.hpp"

namespace ascot::mail {

bool is_tspecial(char c) {
  return std::string_view("()<>@,;:\\\"/[]?=").find(c) != std::string_view::npos;
}

namespace {
bool is_atext(char c) {
  return ascii::is_alnum(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}
bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}
// VCHAR, WSP, and (RFC 6532) any byte of a UTF-8 sequence.
bool is_quotable(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 0x21 && u <= 0x7e) || is_wsp(c) || u >= 0x80;
}
}  // namespace

bool Lexer::consume(char c) {
  if (peek() != c || at_end()) return false;
  ++pos_;
  return true;
}

std::unexpected<Error> Lexer::error(const std::string& what) const {
  return fail(Errc::parse_error, what + " at offset " + std::to_string(pos_) + " ('" +
                                     ascii::printable(text_.substr(pos_, 20)) + "')");
}

Expected<std::optional<std::string_view>> Lexer::comment() {
  if (peek() != '(') return std::optional<std::string_view>();
  int depth = 0;
  std::size_t start = pos_;
  while (pos_ < text_.size()) {
    char d = text_[pos_];
    if (d == '\\') {
      // RFC 5322 3.2.1: quoted-pair = "\" (VCHAR / WSP).
      if (pos_ + 1 >= text_.size() || !is_quotable(text_[pos_ + 1])) {
        auto e = error("a backslash before a character that cannot be quoted");
        pos_ = start;
        return e;
      }
      pos_ += 2;
      continue;
    }
    if (d == '(') {
      if (++depth > kMaxCommentDepth) {
        auto e = error("comments nested deeper than " + std::to_string(kMaxCommentDepth));
        pos_ = start;
        return e;
      }
    } else if (d == ')') {
      if (--depth == 0) break;
    }
    ++pos_;
  }
  if (pos_ >= text_.size()) {
    pos_ = start;
    return error("an unterminated comment");
  }
  ++pos_;  // the closing parenthesis
  return std::optional<std::string_view>(text_.substr(start + 1, pos_ - start - 2));
}

Expected<void> Lexer::skip_cfws() {
  while (!at_end()) {
    char c = text_[pos_];
    if (is_wsp(c)) {
      ++pos_;
    } else if (c == '\r' || c == '\n') {
      // Folding is CRLF followed by WSP (RFC 5322 2.2.3); a bare CR or LF is not.
      if (c == '\n') return error("a bare LF");
      if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n') return error("a bare CR");
      if (pos_ + 2 >= text_.size() || !is_wsp(text_[pos_ + 2]))
        return error("a line break that is not folding");
      pos_ += 2;
    } else if (c == '(') {
      auto skipped = comment();
      if (!skipped) return std::unexpected(skipped.error());
    } else {
      break;
    }
  }
  return {};
}

std::optional<std::string_view> Lexer::token() {
  std::size_t start = pos_;
  while (!at_end()) {
    auto c = static_cast<unsigned char>(text_[pos_]);
    if (c <= 32 || c >= 127 || is_tspecial(static_cast<char>(c))) break;
    ++pos_;
  }
  if (pos_ == start) return std::nullopt;
  return text_.substr(start, pos_ - start);
}

std::optional<std::string_view> Lexer::atom(bool dots) {
  std::size_t start = pos_;
  while (!at_end() && (is_atext(text_[pos_]) || (dots && text_[pos_] == '.'))) ++pos_;
  if (pos_ == start) return std::nullopt;
  return text_.substr(start, pos_ - start);
}

Expected<std::optional<std::string>> Lexer::quoted_string() {
  if (peek() != '"' || at_end()) return std::optional<std::string>();
  std::size_t start = pos_;
  ++pos_;
  std::string out;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '"') {
      ++pos_;
      return std::optional<std::string>(std::move(out));
    }
    if (c == '\\') {
      if (pos_ + 1 >= text_.size()) break;
      if (!is_quotable(text_[pos_ + 1])) {
        auto e = error("a backslash before a character that cannot be quoted");
        pos_ = start;
        return e;
      }
      out += text_[pos_ + 1];
      pos_ += 2;
      continue;
    }
    if (c == '\r' || c == '\n') {
      // Folding inside a quoted-string is allowed; the CRLF is not part of the content.
      if (c == '\n' || pos_ + 2 >= text_.size() || text_[pos_ + 1] != '\n' ||
          !is_wsp(text_[pos_ + 2])) {
        pos_ = start;
        return error("a line break in a quoted-string that is not folding");
      }
      pos_ += 2;
      continue;
    }
    out += c;
    ++pos_;
  }
  pos_ = start;
  return error("an unterminated quoted-string");
}

std::string_view Lexer::until(std::string_view stops) {
  std::size_t start = pos_;
  while (!at_end() && stops.find(text_[pos_]) == std::string_view::npos && !is_wsp(text_[pos_]) &&
         text_[pos_] != '\r' && text_[pos_] != '\n') {
    ++pos_;
  }
  return text_.substr(start, pos_ - start);
}

}  // namespace ascot::mail
