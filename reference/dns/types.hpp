// dns/types.hpp: DNS resource records as values (RFC 1035 3.2, 3.3; RFC 3596 for AAAA).
//
// Names are kept in presentation form without the trailing dot. Owner names that come from
// zone data are lower-case; names decoded from the wire keep their case, with any dot,
// backslash or non-printable byte inside a label escaped as RFC 1035 5.1 describes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/ip.hpp"

namespace ascot::dns {

// RRType holds the types ASCOT serves and asks for. Other codes stay representable.
enum class RRType : std::uint16_t {
  A = 1,
  NS = 2,
  CNAME = 5,
  SOA = 6,
  PTR = 12,
  MX = 15,
  TXT = 16,
  AAAA = 28,
  OPT = 41,
  SPF = 99,  // obsolete (RFC 7208 3.1, 14.1); served so that tests can show it is ignored
  ANY = 255,
};

// type_name returns "A", "TXT", ..., or "TYPE<n>" (RFC 3597 5) for other codes.
std::string type_name(RRType type);
// parse_type reads a type mnemonic (case-insensitive) or TYPE<n>.
std::optional<RRType> parse_type(std::string_view text);

// Rcode is the response code of a DNS message (RFC 1035 4.1.1).
enum class Rcode : std::uint8_t {
  noerror = 0,
  formerr = 1,
  servfail = 2,
  nxdomain = 3,
  notimp = 4,
  refused = 5,
};

// Mx is the RDATA of an MX record.
struct Mx {
  std::uint16_t preference = 0;
  std::string exchange;
  friend bool operator==(const Mx&, const Mx&) = default;
};

// Record is one resource record. Its RDATA is one of: an address (A, AAAA), a name (CNAME,
// PTR, NS), an Mx, character-strings (TXT, SPF), or raw bytes for any other type.
struct Record {
  std::string name;
  RRType type = RRType::A;
  std::uint32_t ttl = 300;
  std::variant<IpAddress, std::string, Mx, std::vector<std::string>, std::vector<std::uint8_t>>
      data;

  const IpAddress* address() const { return std::get_if<IpAddress>(&data); }
  const std::string* target() const { return std::get_if<std::string>(&data); }
  const Mx* mx() const { return std::get_if<Mx>(&data); }
  const std::vector<std::string>* strings() const {
    return std::get_if<std::vector<std::string>>(&data);
  }

  // rdata_text prints the RDATA in a presentation form for traces and transcripts.
  std::string rdata_text() const;

  friend bool operator==(const Record&, const Record&) = default;
};

// Answer is what a resolver reports for one question.
struct Answer {
  enum class Status {
    ok,        // RCODE 0; |records| may be empty (NODATA)
    nxdomain,  // RCODE 3
    servfail,  // RCODE 2
    error,     // another RCODE, or an unusable response; |detail| says which
    timeout,   // no usable answer in time
  };
  Status status = Status::ok;
  // The records of the type asked for, at the end of any CNAME chain.
  std::vector<Record> records;
  std::string detail;

  // is_void reports a "void lookup" in the sense of RFC 7208 4.6.4: NOERROR with no
  // records, or NXDOMAIN.
  bool is_void() const {
    return (status == Status::ok && records.empty()) || status == Status::nxdomain;
  }
  // is_error reports anything other than NOERROR and NXDOMAIN.
  bool is_error() const { return status != Status::ok && status != Status::nxdomain; }
};

std::string_view status_name(Answer::Status status);  // "NOERROR", "NXDOMAIN", ...

}  // namespace ascot::dns
