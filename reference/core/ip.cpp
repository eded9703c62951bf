#include "core/ip.hpp"

#include "core/ascii.hpp"

namespace ascot {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Dotted quad: four decimal octets 0-255. A leading zero ("01") is refused, as inet_pton
// does, because some parsers read it as octal and the two would disagree on the address.
std::optional<std::array<std::uint8_t, 4>> parse_quad(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
    std::size_t start = pos;
    unsigned value = 0;
    while (pos < text.size() && ascii::is_digit(text[pos]) && pos - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[pos] - '0');
      ++pos;
    }
    std::size_t len = pos - start;
    if (len == 0 || value > 255 || (len > 1 && text[start] == '0')) return std::nullopt;
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value);
  }
  if (pos != text.size()) return std::nullopt;
  return out;
}

}  // namespace

IpAddress IpAddress::v4(std::array<std::uint8_t, 4> octets) {
  IpAddress a;
  a.family_ = Family::v4;
  for (std::size_t i = 0; i < 4; ++i) a.bytes_[i] = octets[i];
  return a;
}

IpAddress IpAddress::v6(std::array<std::uint8_t, 16> octets) {
  IpAddress a;
  a.family_ = Family::v6;
  a.bytes_ = octets;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_v6(text);
  return parse_v4(text);
}

std::optional<IpAddress> IpAddress::parse_v4(std::string_view text) {
  auto quad = parse_quad(text);
  if (!quad) return std::nullopt;
  return v4(*quad);
}

// RFC 4291 2.2: eight groups of 1-4 hex digits; one "::" may stand for one or more zero
// groups; the last 32 bits may be written as a dotted quad.
std::optional<IpAddress> IpAddress::parse_v6(std::string_view text) {
  if (text.size() < 2 || text.size() > 45) return std::nullopt;
  std::array<std::uint16_t, 8> groups{};
  int count = 0;
  int gap_at = -1;
  std::size_t pos = 0;
  if (text.starts_with("::")) {
    gap_at = 0;
    pos = 2;
  } else if (text.front() == ':') {
    return std::nullopt;
  }
  while (pos < text.size()) {
    if (count == 8) return std::nullopt;
    // A dotted-quad tail takes the last two groups.
    std::size_t next_colon = text.find(':', pos);
    std::string_view piece = text.substr(
        pos, next_colon == std::string_view::npos ? std::string_view::npos : next_colon - pos);
    if (piece.find('.') != std::string_view::npos) {
      if (next_colon != std::string_view::npos || count > 6) return std::nullopt;
      auto quad = parse_quad(piece);
      if (!quad) return std::nullopt;
      groups[static_cast<std::size_t>(count++)] =
          static_cast<std::uint16_t>((*quad)[0] << 8 | (*quad)[1]);
      groups[static_cast<std::size_t>(count++)] =
          static_cast<std::uint16_t>((*quad)[2] << 8 | (*quad)[3]);
      break;
    }
    if (piece.empty() || piece.size() > 4) return std::nullopt;
    unsigned value = 0;
    for (char c : piece) {
      int h = hex_value(c);
      if (h < 0) return std::nullopt;
      value = value * 16 + static_cast<unsigned>(h);
    }
    groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(value);
    pos += piece.size();
    if (pos == text.size()) break;
    // pos is at a colon.
    if (pos + 1 < text.size() && text[pos + 1] == ':') {
      if (gap_at >= 0) return std::nullopt;  // a second "::"
      gap_at = count;
      pos += 2;
    } else {
      ++pos;
      if (pos == text.size()) return std::nullopt;  // trailing single colon
    }
  }
  std::array<std::uint16_t, 8> full{};
  if (gap_at >= 0) {
    if (count == 8) return std::nullopt;  // "::" must stand for at least one group
    int tail = count - gap_at;
    for (int i = 0; i < gap_at; ++i)
      full[static_cast<std::size_t>(i)] = groups[static_cast<std::size_t>(i)];
    for (int i = 0; i < tail; ++i) {
      full[static_cast<std::size_t>(8 - tail + i)] = groups[static_cast<std::size_t>(gap_at + i)];
    }
  } else {
    if (count != 8) return std::nullopt;
    full = groups;
  }
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<std::uint8_t>(full[i] >> 8);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(full[i] & 0xff);
  }
  return v6(bytes);
}

bool IpAddress::is_v4_mapped() const {
  if (!is_v6()) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    if (bytes_[i] != 0) return false;
  }
  return bytes_[10] == 0xff && bytes_[11] == 0xff;
}

IpAddress IpAddress::unmapped() const {
  if (!is_v4_mapped()) return *this;
  return v4({bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
}

bool IpAddress::matches_prefix(const IpAddress& network, int prefix_bits) const {
  if (family_ != network.family_) return false;
  if (prefix_bits < 0) prefix_bits = 0;
  if (prefix_bits > bit_length()) prefix_bits = bit_length();
  std::size_t whole = static_cast<std::size_t>(prefix_bits / 8);
  for (std::size_t i = 0; i < whole; ++i) {
    if (bytes_[i] != network.bytes_[i]) return false;
  }
  int rest = prefix_bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (bytes_[whole] & mask) == (network.bytes_[whole] & mask);
}

std::string IpAddress::to_string() const {
  std::string out;
  if (is_v4()) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) out += '.';
      out += std::to_string(bytes_[i]);
    }
    return out;
  }
  std::array<unsigned, 8> g{};
  for (std::size_t i = 0; i < 8; ++i)
    g[i] = static_cast<unsigned>(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
  // RFC 5952 4.2: the longest run of two or more zero groups becomes "::", the first if tied.
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[static_cast<std::size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    unsigned v = g[static_cast<std::size_t>(i)];
    char buf[5];
    int n = 0;
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned nib = (v >> shift) & 0xf;
      if (nib || started || shift == 0) {
        buf[n++] = kHexDigits[nib];
        started = true;
      }
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::string IpAddress::nibbles() const {
  std::string out;
  out.reserve(63);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i) out += '.';
    out += kHexDigits[bytes_[i] >> 4];
    out += '.';
    out += kHexDigits[bytes_[i] & 0xf];
  }
  return out;
}

std::string IpAddress::reverse_name() const {
  std::string out;
  if (is_v4()) {
    for (int i = 3; i >= 0; --i) {
      out += std::to_string(bytes_[static_cast<std::size_t>(i)]);
      out += '.';
    }
    return out + "in-addr.arpa";
  }
  for (int i = 15; i >= 0; --i) {
    out += kHexDigits[bytes_[static_cast<std::size_t>(i)] & 0xf];
    out += '.';
    out += kHexDigits[bytes_[static_cast<std::size_t>(i)] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

}  // namespace ascot
