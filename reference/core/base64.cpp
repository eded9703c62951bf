#include "core/base64.hpp"

namespace ascot {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << 16 |
             static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8 |
             static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest > 0) {
    auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8;
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += rest == 2 ? kAlphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, bool skip_whitespace) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t quantum = 0;
  int filled = 0;
  int padding = 0;
  for (char c : text) {
    if (skip_whitespace && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
    if (c == '=') {
      ++padding;
      if (padding > 2) return std::nullopt;
      quantum <<= 6;
      ++filled;
    } else {
      int v = value_of(c);
      if (v < 0 || padding > 0) return std::nullopt;  // data after padding
      quantum = quantum << 6 | static_cast<std::uint32_t>(v);
      ++filled;
    }
    if (filled == 4) {
      out += static_cast<char>(quantum >> 16 & 0xff);
      if (padding < 2) out += static_cast<char>(quantum >> 8 & 0xff);
      if (padding < 1) out += static_cast<char>(quantum & 0xff);
      quantum = 0;
      filled = 0;
    }
  }
  if (filled != 0) return std::nullopt;
  return out;
}

}  // namespace ascot
