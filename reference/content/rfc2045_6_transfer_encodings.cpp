// RFC 2045 6.7 (quoted-printable) and 6.8 (base64): undoing a body's transfer encoding, as a
// receiving agent does before it reads the text.
#include <algorithm>
#include <utility>

#include "content/text.hpp"

namespace ascot::content {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The value of a base64 alphabet character (RFC 2045 Table 1), or -1.
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string decode_quoted_printable(std::string_view text, std::size_t max_output) {
  std::string out;
  out.reserve(std::min(text.size(), max_output));
  // Where the run of literal white space at the end of |out| began: rule (3) of 6.7 says a
  // receiver deletes trailing white space on a line, which an encoder must have protected as
  // =20 or =09 if it meant it. Decoded white space (=20) never starts such a run.
  std::size_t trailing_ws = std::string::npos;
  std::size_t i = 0;
  while (i < text.size() && out.size() < max_output) {
    char c = text[i];
    if (c == '=') {
      if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
        out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
        trailing_ws = std::string::npos;
        i += 3;
        continue;
      }
      // A soft line break: "=", transport padding, then CRLF (or a bare LF, or the end).
      std::size_t j = i + 1;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      if (j == text.size()) break;
      if (text[j] == '\n' || (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n')) {
        i = j + (text[j] == '\r' ? 2 : 1);
        continue;
      }
      // Neither: keep the "=" (the note in 6.7 on robust decoders).
      out += '=';
      trailing_ws = std::string::npos;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (trailing_ws != std::string::npos) out.resize(trailing_ws);
      trailing_ws = std::string::npos;
      out += c;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (trailing_ws == std::string::npos) trailing_ws = out.size();
    } else {
      trailing_ws = std::string::npos;
    }
    out += c;
    ++i;
  }
  return out;
}

std::optional<std::string> decode_base64(std::string_view text, std::size_t max_output) {
  std::string out;
  out.reserve(std::min(text.size() / 4 * 3 + 3, max_output));
  std::uint32_t bits = 0;
  int pending = 0;  // characters of the current quantum
  std::size_t data = 0, junk = 0;
  // White space inside a line is junk (an encoder never writes it; running text is full of
  // it); at the end of a line it may be transport padding and is not counted.
  bool space = false;
  for (char c : text) {
    if (out.size() >= max_output) {
      out.resize(max_output);
      return out;
    }
    int v = base64_value(c);
    if (v < 0) {
      if (c == '=') break;  // 6.8: "=" is padding, so the data has ended
      if (c == ' ' || c == '\t') {
        space = true;
      } else if (c == '\r' || c == '\n') {
        space = false;
      } else {
        ++junk;
      }
      continue;
    }
    if (std::exchange(space, false)) ++junk;
    ++data;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if (++pending == 4) {
      out += static_cast<char>((bits >> 16) & 0xff);
      out += static_cast<char>((bits >> 8) & 0xff);
      out += static_cast<char>(bits & 0xff);
      bits = 0;
      pending = 0;
    }
  }
  if (pending == 1) return std::nullopt;
  if (static_cast<double>(junk) > kMaxBase64Junk * static_cast<double>(data + junk)) {
    return std::nullopt;
  }
  // A final quantum of 2 or 3 characters carries 1 or 2 octets (6.8, the padding cases).
  if (pending == 2) out += static_cast<char>((bits >> 4) & 0xff);
  if (pending == 3) {
    out += static_cast<char>((bits >> 10) & 0xff);
    out += static_cast<char>((bits >> 2) & 0xff);
  }
  if (out.size() > max_output) out.resize(max_output);
  return out;
}

}  // namespace ascot::content
