// dkim/signature.hpp: the DKIM-Signature header field (RFC 6376 3.5) and key records (3.6.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "dkim/canonicalization.hpp"
#include "dkim/crypto.hpp"
#include "dkim/tag_list.hpp"

namespace ascot::dkim {

// Algorithm is a=: the signing algorithm (3.3, RFC 8463 3).
enum class Algorithm { rsa_sha256, rsa_sha1, ed25519_sha256 };

std::string_view algorithm_name(Algorithm a);
std::optional<Algorithm> parse_algorithm(std::string_view text);
HashAlgorithm hash_of(Algorithm a);
KeyType key_type_of(Algorithm a);

// Problem says why a signature or key cannot be used; the names are the "reason" vocabulary
// of the DKIM vectors (docs/dkim.md).
struct Problem {
  std::string reason;  // e.g. "missing-tag", "key-revoked"
  std::string detail;  // for people
};

// SignatureField says which header field a signature comes from. An ARC-Message-Signature
// (RFC 8617 4.1.2) is a DKIM signature with i= the ARC instance instead of the AUID and
// without v=.
enum class SignatureField { dkim_signature, arc_message_signature };

// Signature is a syntactically valid DKIM-Signature (or ARC-Message-Signature).
struct Signature {
  SignatureField field = SignatureField::dkim_signature;
  int version = 1;
  Algorithm algorithm = Algorithm::rsa_sha256;
  std::string signature;  // b=, decoded
  std::string body_hash;  // bh=, decoded
  Canonicalization header_canonicalization = Canonicalization::simple;
  Canonicalization body_canonicalization = Canonicalization::simple;
  std::string domain;                      // d=
  std::string selector;                    // s=
  std::vector<std::string> headers;        // h=, as written
  std::string identity;                    // i=, default "@" + d (3.5); DKIM-Signature only
  int instance = 0;                        // i= of an ARC-Message-Signature (RFC 8617 4.2.1)
  std::optional<std::uint64_t> length;     // l=
  std::optional<std::int64_t> timestamp;   // t=
  std::optional<std::int64_t> expiration;  // x=
  TagList tags;                            // all tags, for b= blanking and unknown tags
};

// parse_signature reads the value of a DKIM-Signature field and checks it as 3.5 and 6.1.1
// require: version 1, every required tag, known a= and c=, i= within d=, From in h=, x=
// after t=, a query method including dns/txt. The Problem names the first violation.
// For an ARC-Message-Signature v= is not required and i= must be an ARC instance, 1 to 50
// (RFC 8617 4.1.2, 4.2.1).
std::expected<Signature, Problem> parse_signature(
    std::string_view value, SignatureField field = SignatureField::dkim_signature);

// signature_input_field returns the signature's own header field as it enters the header
// hash (3.7): the field with the value of b= deleted, canonicalised, without the final CRLF.
std::string signature_input_field(std::string_view whole_field, Canonicalization c);

// KeyRecord is a usable DKIM key record (3.6.1).
struct KeyRecord {
  std::vector<std::string> hashes;            // h=; empty means any
  std::string key_type = "rsa";               // k=
  std::string public_key;                     // p=, decoded; empty means revoked
  std::vector<std::string> services = {"*"};  // s=
  bool testing = false;                       // t=y
  bool strict = false;                        // t=s
};

// parse_key_record reads a key record's TXT text.
std::expected<KeyRecord, Problem> parse_key_record(std::string_view text);

}  // namespace ascot::dkim
