// dkim/verify.hpp: DKIM verification (RFC 6376 6) and signing (5), with RFC 8301 and RFC 8463.
//
// verify() checks every DKIM-Signature field of a message on its own (6.1: several signatures
// are independent) and reports, per field, an RFC 8601 2.7.1 result with a reason. It is a
// pure function of the message, the DNS seen through the Resolver, and the options (the
// verification time among them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "dkim/crypto.hpp"
#include "dkim/signature.hpp"
#include "dns/resolver.hpp"
#include "mail/message.hpp"

namespace ascot::dkim {

// Result is the RFC 8601 2.7.1 result of one signature.
enum class Result { pass, fail, neutral, policy, temperror, permerror };

std::string_view result_name(Result r);
std::optional<Result> parse_result(std::string_view name);

// RFC 8301 3.2: verifiers MUST NOT consider RSA keys of less than 1024 bits valid.
inline constexpr int kMinRsaBits = 1024;
// Signatures beyond this number on one message are reported permerror without a DNS query;
// a hostile message must not make the verifier do unbounded work.
inline constexpr std::size_t kMaxSignatures = 32;

struct VerifyOptions {
  std::int64_t now = 0;  // seconds since the epoch
  // 3.5 x=: verifiers MAY consider a signature past its expiration invalid; ASCOT does.
  bool reject_expired = true;
  // 3.5 t=: verifiers MAY ignore signatures with a timestamp in the future; ASCOT does,
  // beyond this much clock skew; a negative value accepts any t=.
  std::int64_t future_skew = 300;
};

struct SignatureResult {
  Result result = Result::permerror;
  std::string
      reason;  // the vocabulary of the DKIM vectors ("body-hash-mismatch", ...); empty for pass
  std::string detail;    // for people
  std::string domain;    // d=, when it could be read
  std::string selector;  // s=, when it could be read
  std::string identity;  // i= (or its default)
  std::string algorithm;
  std::string header_b;  // the first 8 characters of b=, for Authentication-Results header.b
  int key_bits = 0;
  bool testing = false;  // the key has t=y
};

// KeyLookup is a usable public key found in DNS for a selector and domain (6.1.2).
struct KeyLookup {
  PublicKey key;
  KeyRecord record;
};

// KeyFailure says why no usable key was found: temperror for a DNS failure, permerror for a
// missing, revoked, unsuitable or too small key. |reason| is in the DKIM vector vocabulary.
struct KeyFailure {
  Result result = Result::permerror;
  std::string reason;
  std::string detail;
};

// lookup_key queries <selector>._domainkey.<domain> TXT and checks the key as 6.1.2, 3.6.1 and
// RFC 8301 3.2 require for a signature made with |algorithm|. DKIM and ARC share it.
std::expected<KeyLookup, KeyFailure> lookup_key(dns::Resolver& resolver, std::string_view selector,
                                                std::string_view domain, Algorithm algorithm);

// verify_signature finishes 6.1.1-6.1.3 for a parsed signature taken from |field| of
// |message|: time limits, the key, the body hash, the header hash and the signature.
SignatureResult verify_signature(const mail::Message& message, const mail::HeaderField& field,
                                 const Signature& sig, dns::Resolver& resolver,
                                 const VerifyOptions& options);

// verify returns one result per DKIM-Signature field, top to bottom; empty when there is none.
std::vector<SignatureResult> verify(const mail::Message& message, dns::Resolver& resolver,
                                    const VerifyOptions& options);

// body_hash returns bh= for |body| under |c|, limited to |length| octets when given. Fails
// when |length| exceeds the canonical body.
Expected<std::string> body_hash(std::string_view body, Canonicalization c, HashAlgorithm hash,
                                std::optional<std::uint64_t> length);

// header_hash_input returns the data the header hash covers (5.4.2, 3.7): the fields named in
// |headers|, each the last unused instance counting from the bottom, canonicalised, then the
// signature field |signature_field| with b= empty and no final CRLF.
std::string header_hash_input(const mail::Message& message, const std::vector<std::string>& headers,
                              Canonicalization c, std::string_view signature_field);

// fold_base64 folds a long base64 tag value into lines of at most 76 characters, each
// continued with TAB and SP (FWS, which verifiers remove from b=).
std::string fold_base64(std::string_view value);

// authentication_results_dkim returns the resinfo of RFC 8601 2.7.1 for one signature:
// "dkim=pass header.d=example.com header.s=s1 header.b=abcdefgh", with the reason as a comment.
std::string authentication_results_dkim(const SignatureResult& r);

struct SignOptions {
  // An ARC-Message-Signature (RFC 8617 4.1.2) starts with i=|instance| and has no v= or AUID.
  SignatureField field = SignatureField::dkim_signature;
  int instance = 0;
  std::string domain;    // d=
  std::string selector;  // s=
  Canonicalization header_canonicalization = Canonicalization::relaxed;
  Canonicalization body_canonicalization = Canonicalization::relaxed;
  // h=: the fields to sign; empty means From and those of RFC 6376 5.4.1's list present.
  std::vector<std::string> headers;
  bool oversign = false;  // list each field once more, so that adding one breaks the signature
  std::optional<std::string> identity;     // i=
  std::optional<std::uint64_t> length;     // l=
  std::optional<std::int64_t> timestamp;   // t=
  std::optional<std::int64_t> expiration;  // x=
};

// sign returns the DKIM-Signature (or ARC-Message-Signature) field, ending in CRLF, to prepend
// to |message|: rsa-sha256
// for an RSA key, ed25519-sha256 for an Ed25519 key. Fails for RSA keys under 1024 bits
// (RFC 8301), an identity outside d=, or a length beyond the canonical body.
Expected<std::string> sign(const mail::Message& message, const PrivateKey& key,
                           const SignOptions& options);

}  // namespace ascot::dkim
