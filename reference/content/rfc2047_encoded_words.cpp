// RFC 2047 2 (encoded-word syntax), 4.1 (B), 4.2 (Q) and 6.2 (display of adjacent encoded
// words): the encoded words of header field values, which spam uses to hide its subject.
#include <algorithm>

#include "content/text.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"

namespace ascot::content {

namespace {

// RFC 2047 2: especials may not appear in a charset or encoding token.
bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("()<>@,;:\\\"/[]?.=").find(c) == std::string_view::npos;
}

// 4.2: the Q encoding is quoted-printable (RFC 2045 6.7) with "_" standing for a space; an
// encoded word holds no line breaks, so the soft-break rules never apply.
std::string decode_q(std::string_view text) {
  std::string spaced(text);
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  return decode_quoted_printable(spaced);
}

struct EncodedWord {
  std::size_t end = 0;  // one past the closing "?="
  std::string decoded;
};

// Reads the encoded word that starts at |pos| ("=?"). Each part stops at the first character
// it may not contain, so a scan never passes the next "?" or white space: linear in all.
std::optional<EncodedWord> read_encoded_word(std::string_view s, std::size_t pos) {
  std::size_t i = pos + 2;
  std::size_t charset = i;
  while (i < s.size() && (is_token_char(s[i]) || s[i] == '*')) ++i;  // "*" for RFC 2231 lang
  if (i == charset || i + 2 >= s.size() || s[i] != '?' || s[i + 2] != '?') return std::nullopt;
  char encoding = ascii::to_lower(s[i + 1]);
  if (encoding != 'b' && encoding != 'q') return std::nullopt;
  std::size_t text = i + 3;
  i = text;
  while (i < s.size() && s[i] != '?' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
         s[i] != '\n') {
    ++i;
  }
  if (i + 1 >= s.size() || s[i] != '?' || s[i + 1] != '=') return std::nullopt;
  std::string_view encoded = s.substr(text, i - text);
  if (encoding == 'q') return EncodedWord{i + 2, decode_q(encoded)};
  auto decoded = base64_decode(encoded);
  if (!decoded) return std::nullopt;
  return EncodedWord{i + 2, std::move(*decoded)};
}

}  // namespace

std::string decode_encoded_words(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  // Where the white space after the last encoded word began in |out|, if only white space
  // has followed it (else npos): 6.2 says such white space between two encoded words is not
  // displayed.
  std::size_t after_word = std::string::npos;
  while (i < text.size()) {
    if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '?') {
      if (auto word = read_encoded_word(text, i)) {
        if (after_word != std::string::npos) out.resize(after_word);
        out += word->decoded;
        after_word = out.size();
        i = word->end;
        continue;
      }
    }
    char c = text[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') after_word = std::string::npos;
    out += c;
    ++i;
  }
  return out;
}

}  // namespace ascot::content
