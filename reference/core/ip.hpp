// core/ip.hpp: IPv4 and IPv6 addresses as values, with prefix comparison.
//
// IpAddress holds the 4 or 16 octets of an address. It parses and prints the textual forms
// of RFC 791 (dotted quad, no leading zeros accepted beyond "0") and RFC 4291 2.2 (IPv6,
// including "::" compression and an embedded IPv4 tail), and never allocates on parse.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ascot {

class IpAddress {
 public:
  enum class Family : std::uint8_t { v4, v6 };

  // IpAddress() is 0.0.0.0.
  IpAddress() = default;

  // v4 and v6 build an address from its octets in network order.
  static IpAddress v4(std::array<std::uint8_t, 4> octets);
  static IpAddress v6(std::array<std::uint8_t, 16> octets);

  // parse reads a textual IPv4 or IPv6 address; nullopt when |text| is not exactly one.
  static std::optional<IpAddress> parse(std::string_view text);
  // parse_v4 and parse_v6 accept only the one family.
  static std::optional<IpAddress> parse_v4(std::string_view text);
  static std::optional<IpAddress> parse_v6(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::v4; }
  bool is_v6() const { return family_ == Family::v6; }
  // bit_length is 32 or 128.
  int bit_length() const { return is_v4() ? 32 : 128; }
  // octets returns the address bytes; only the first 4 are meaningful for IPv4.
  const std::array<std::uint8_t, 16>& octets() const { return bytes_; }

  // is_v4_mapped reports an IPv6 address of the form ::ffff:a.b.c.d (RFC 4291 2.5.5.2).
  bool is_v4_mapped() const;
  // unmapped returns the IPv4 address inside an IPv4-mapped IPv6 address, else *this.
  IpAddress unmapped() const;

  // matches_prefix reports whether the first |prefix_bits| bits of *this and |network| agree.
  // Addresses of different families never match. |prefix_bits| is clamped to bit_length().
  bool matches_prefix(const IpAddress& network, int prefix_bits) const;

  // to_string prints dotted-quad IPv4 or RFC 5952 IPv6 (lower case, longest zero run as ::).
  std::string to_string() const;

  // reverse_name returns the PTR owner name without the trailing dot:
  // "4.3.2.1.in-addr.arpa" or the 32 nibbles followed by "ip6.arpa" (RFC 3596 2.5).
  std::string reverse_name() const;

  // nibbles returns an IPv6 address as 32 dot-separated lower-case hex nibbles, most
  // significant first (the form of the SPF %{i} macro, RFC 7208 7.3).
  std::string nibbles() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::v4;
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace ascot
