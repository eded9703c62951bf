// dns/wire.hpp: the DNS message format of RFC 1035 4.1, encoded and decoded.
//
// decode() reads untrusted bytes: every length is checked against the message, compression
// pointers must point backwards (so they cannot loop), names are limited to 255 octets on
// the wire, and nothing is allocated in proportion to a count field before the data behind
// it has been seen. It has a fuzz target (dns/fuzz/wire_fuzz.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/types.hpp"

namespace ascot::dns {

inline constexpr std::size_t kMaxUdpPayload = 512;      // RFC 1035 4.2.1, without EDNS
inline constexpr std::size_t kMaxWireNameLength = 255;  // RFC 1035 3.1
inline constexpr std::size_t kMaxMessageSize = 65535;   // RFC 1035 4.2.2 length prefix

struct Header {
  std::uint16_t id = 0;
  bool qr = false;  // a response
  std::uint8_t opcode = 0;
  bool aa = false;  // authoritative answer
  bool tc = false;  // truncated
  bool rd = false;  // recursion desired
  bool ra = false;  // recursion available
  Rcode rcode = Rcode::noerror;
  friend bool operator==(const Header&, const Header&) = default;
};

struct Question {
  std::string name;
  RRType type = RRType::A;
  std::uint16_t qclass = 1;  // IN
  friend bool operator==(const Question&, const Question&) = default;
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<Record> answers;
  std::vector<Record> authority;
  std::vector<Record> additional;
  friend bool operator==(const Message&, const Message&) = default;
};

// encode writes |message| in wire format, without name compression. Fails when a name has
// an empty or over-long label, or a character-string exceeds 255 octets.
Expected<std::vector<std::uint8_t>> encode(const Message& message);

// decode parses a complete message. Records of types A, AAAA, NS, CNAME, PTR, MX, TXT and
// SPF get typed RDATA; others keep their raw bytes.
Expected<Message> decode(std::span<const std::uint8_t> bytes);

// encode_name writes a presentation-form name as wire labels (RFC 1035 3.1), honouring
// the escapes \. \\ and \DDD of RFC 1035 5.1.
Expected<void> encode_name(std::string_view name, std::vector<std::uint8_t>& out);

}  // namespace ascot::dns
