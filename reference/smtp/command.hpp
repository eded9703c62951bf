// smtp/command.hpp: SMTP command lines (RFC 5321 4.1), as a server reads them.
//
// parse_command reads one command line from an untrusted client and either returns the
// Command or the Reply the server sends back (500 or 501 with an enhanced status). A syntax
// error is an ordinary protocol outcome, so it is a value, not an Error. The grammar is that
// of RFC 5321 4.1.2 and 4.1.3, read strictly: no space around the colon of "MAIL FROM:" (3.3),
// angle brackets required, every length limit of 4.5.3.1 enforced. Extensions: STARTTLS
// (RFC 3207), AUTH (RFC 4954) and Postfix's XCLIENT, which the harness uses to present the
// client address and HELO of a test case.
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smtp/reply.hpp"

namespace ascot::smtp {

// RFC 5321 4.5.3.1: the sizes every SMTP server must accept; ours are exactly these.
inline constexpr std::size_t kMaxLocalPart = 64;     // 4.5.3.1.1
inline constexpr std::size_t kMaxDomain = 255;       // 4.5.3.1.2
inline constexpr std::size_t kMaxPath = 256;         // 4.5.3.1.3, brackets included
inline constexpr std::size_t kMaxCommandLine = 512;  // 4.5.3.1.4, verb and CRLF included
inline constexpr std::size_t kMaxTextLine = 1000;    // 4.5.3.1.6, CRLF included
inline constexpr std::size_t kMinRecipients = 100;   // 4.5.3.1.8: buffer at least 100
// Our own bound on ESMTP parameters of one MAIL or RCPT; a command line of 512 octets
// cannot hold more than about 250 anyway.
inline constexpr std::size_t kMaxParameters = 32;
// RFC 4954 4: an AUTH command line, initial response included, may be up to 12288 octets.
inline constexpr std::size_t kMaxAuthLine = 12288;

enum class Verb {
  helo,      // 4.1.1.1
  ehlo,      // 4.1.1.1
  mail,      // 4.1.1.2
  rcpt,      // 4.1.1.3
  data,      // 4.1.1.4
  rset,      // 4.1.1.5
  vrfy,      // 4.1.1.6
  expn,      // 4.1.1.7
  help,      // 4.1.1.8
  noop,      // 4.1.1.9
  quit,      // 4.1.1.10
  starttls,  // RFC 3207 4
  auth,      // RFC 4954 4
  xclient,   // Postfix XCLIENT_README
};

std::string_view verb_name(Verb v);  // "HELO", "MAIL", ...

// Mailbox is Local-part "@" ( Domain / address-literal ) (4.1.2).
struct Mailbox {
  std::string local_part;  // as written: a Quoted-string keeps its quotes
  std::string domain;      // a Domain, or an address-literal with its brackets
  bool domain_is_literal = false;

  std::string to_string() const { return local_part + "@" + domain; }
  friend bool operator==(const Mailbox&, const Mailbox&) = default;
};

// Path is the argument of MAIL or RCPT. A null reverse-path "<>" (4.5.5) has no mailbox;
// so has RCPT's "<Postmaster>" (4.1.1.3), which sets |postmaster|. A source route (A-d-l,
// 4.1.2) is read and dropped, as 3.3 and Appendix C tell servers to do.
struct Path {
  std::optional<Mailbox> mailbox;
  bool postmaster = false;

  bool null() const { return !mailbox && !postmaster; }
  // to_string writes the path in angle brackets: "<a@b.example>", "<>", "<Postmaster>".
  std::string to_string() const;
  friend bool operator==(const Path&, const Path&) = default;
};

// Parameter is one esmtp-param (4.1.2): the keyword upper-cased, the value as written.
// For XCLIENT, one attribute with its xtext value decoded.
struct Parameter {
  std::string keyword;
  std::optional<std::string> value;
  friend bool operator==(const Parameter&, const Parameter&) = default;
};

struct Command {
  Verb verb = Verb::noop;
  // argument is the text after the verb and one space: the HELO/EHLO name (checked by the
  // HELO technique, not here, so that a bad name can be scored rather than refused), the
  // VRFY/EXPN/HELP/NOOP string, the AUTH mechanism and initial response.
  std::string argument;
  Path path;                          // MAIL and RCPT
  std::vector<Parameter> parameters;  // MAIL, RCPT and XCLIENT
};

// parse_command reads one command line without its CRLF. The Reply on failure is what the
// server answers: 500 5.5.2 for a line too long (4.5.3.1.4), 500 5.5.1 for an unknown verb,
// 501 with 5.5.4, 5.1.7 (sender) or 5.1.3 (recipient) for bad arguments (RFC 3463 3.2, 3.6).
std::expected<Command, Reply> parse_command(std::string_view line);

// parse_mailbox reads a bare Mailbox (4.1.2), as found in a Path; nullopt when it is not one.
std::optional<Mailbox> parse_mailbox(std::string_view text);

// is_domain reports whether |text| is a Domain of 4.1.2 (LDH labels of 1..63 octets, 255 in
// all); is_address_literal whether it is an address-literal ("[192.0.2.1]", "[IPv6:...]").
bool is_domain(std::string_view text);
bool is_address_literal(std::string_view text);

// decode_xtext undoes the xtext encoding of RFC 3461 4 ("+2B" for "+"); nullopt when
// |text| is not valid xtext.
std::optional<std::string> decode_xtext(std::string_view text);
// encode_xtext writes |text| as xtext (RFC 3461 4).
std::string encode_xtext(std::string_view text);

}  // namespace ascot::smtp
