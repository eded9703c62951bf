// RFC 6376 5 (signing) and 6 (verifying); RFC 8301 (algorithm and key size); RFC 8463
// (Ed25519); RFC 8601 2.7.1 (results).
#include <algorithm>
#include <map>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "dkim/verify.hpp"

namespace ascot::dkim {

std::string_view result_name(Result r) {
  switch (r) {
    case Result::pass:
      return "pass";
    case Result::fail:
      return "fail";
    case Result::neutral:
      return "neutral";
    case Result::policy:
      return "policy";
    case Result::temperror:
      return "temperror";
    case Result::permerror:
      return "permerror";
  }
  return "permerror";
}

std::optional<Result> parse_result(std::string_view name) {
  for (Result r : {Result::pass, Result::fail, Result::neutral, Result::policy, Result::temperror,
                   Result::permerror}) {
    if (ascii::iequals(result_name(r), name)) return r;
  }
  return std::nullopt;
}

Expected<std::string> body_hash(std::string_view body, Canonicalization c, HashAlgorithm hash,
                                std::optional<std::uint64_t> length) {
  std::string canonical = canonical_body(body, c);
  if (length) {
    if (*length > canonical.size()) {
      return fail(Errc::invalid_argument, "l=" + std::to_string(*length) +
                                              " exceeds the canonical body of " +
                                              std::to_string(canonical.size()) + " octets");
    }
    canonical.resize(static_cast<std::size_t>(*length));
  }
  return digest(hash, canonical);
}

std::string header_hash_input(const mail::Message& message, const std::vector<std::string>& headers,
                              Canonicalization c, std::string_view signature_field) {
  // 5.4.2: for each name, the instances are used from the bottom up; a name listed more often
  // than present contributes nothing for the extra listings.
  std::map<std::string, std::vector<const mail::HeaderField*>> remaining;
  for (const auto& f : message.fields()) remaining[ascii::lower(message.name(f))].push_back(&f);
  std::string out;
  for (const auto& name : headers) {
    auto& stack = remaining[ascii::lower(name)];
    if (stack.empty()) continue;
    out += canonical_header(message.whole(*stack.back()), c);
    stack.pop_back();
  }
  out += signature_input_field(signature_field, c);
  return out;
}

namespace {

SignatureResult outcome(SignatureResult base, Result r, std::string reason, std::string detail) {
  base.result = r;
  base.reason = std::move(reason);
  base.detail = std::move(detail);
  return base;
}

// 6.1.1-6.1.3 for one signature field.
SignatureResult verify_one(const mail::Message& message, const mail::HeaderField& field,
                           dns::Resolver& resolver, const VerifyOptions& options) {
  SignatureResult out;
  auto parsed = parse_signature(message.value(field));
  if (!parsed) {
    // Read what can be read, for the report.
    if (auto list = TagList::parse(message.value(field))) {
      if (const Tag* d = list->find("d")) out.domain = d->value;
      if (const Tag* s = list->find("s")) out.selector = s->value;
      if (const Tag* a = list->find("a")) out.algorithm = a->value;
    }
    const std::string& reason = parsed.error().reason;
    // RFC 8601 2.7.1: "neutral" is a signature with syntax errors; "permerror" an
    // unrecoverable problem such as a required field not signed.
    bool syntax = reason == "syntax" || reason == "missing-tag" || reason == "duplicate-tag" ||
                  reason == "version" || reason == "algorithm" || reason == "canonicalization" ||
                  reason == "timestamps" || reason == "query-method";
    return outcome(out, syntax ? Result::neutral : Result::permerror, reason,
                   parsed.error().detail);
  }
  return verify_signature(message, field, *parsed, resolver, options);
}

}  // namespace

std::expected<KeyLookup, KeyFailure> lookup_key(dns::Resolver& resolver, std::string_view selector,
                                                std::string_view domain, Algorithm algorithm) {
  auto failure = [](Result r, std::string reason, std::string detail) {
    return std::unexpected<KeyFailure>(KeyFailure{r, std::move(reason), std::move(detail)});
  };
  std::string key_name = std::string(selector) + "._domainkey." + std::string(domain);
  dns::Answer answer = resolver.query(key_name, dns::RRType::TXT);
  if (answer.is_error()) {
    return failure(Result::temperror, "key-dns-error",
                   "key lookup " + key_name + ": " + std::string(dns::status_name(answer.status)) +
                       " (RFC 6376 6.1.2)");
  }
  if (answer.records.empty()) {
    return failure(Result::permerror, "key-not-found",
                   "no key record at " + key_name + " (RFC 6376 6.1.2)");
  }
  // 6.1.2: with several records the verifier may choose one; ASCOT takes the first that parses.
  std::optional<KeyRecord> key_record;
  Problem key_problem;
  for (const auto& r : answer.records) {
    std::string text;
    for (const auto& piece : *r.strings()) text += piece;  // 3.6.2.2: strings are concatenated
    auto k = parse_key_record(text);
    if (k) {
      key_record = std::move(*k);
      break;
    }
    key_problem = k.error();
  }
  if (!key_record) return failure(Result::permerror, key_problem.reason, key_problem.detail);
  if (key_record->public_key.empty()) {
    return failure(Result::permerror, "key-revoked",
                   "the key record has an empty p= (RFC 6376 3.6.1)");
  }
  std::string_view wanted_type = key_type_of(algorithm) == KeyType::ed25519 ? "ed25519" : "rsa";
  if (key_record->key_type != wanted_type) {
    return failure(Result::permerror, "key-type-mismatch",
                   "k=" + key_record->key_type + " does not fit a=" +
                       std::string(algorithm_name(algorithm)) + " (RFC 6376 3.6.1)");
  }
  std::string hash_name = hash_of(algorithm) == HashAlgorithm::sha1 ? "sha1" : "sha256";
  if (!key_record->hashes.empty() && std::find(key_record->hashes.begin(), key_record->hashes.end(),
                                               hash_name) == key_record->hashes.end()) {
    return failure(Result::permerror, "key-hash-mismatch",
                   "the key's h= does not allow " + hash_name + " (RFC 6376 3.6.1)");
  }
  bool email = false;
  for (const auto& s : key_record->services) email = email || s == "*" || s == "email";
  if (!email)
    return failure(Result::permerror, "key-service-mismatch",
                   "the key's s= does not include email (RFC 6376 3.6.1)");
  auto public_key = wanted_type == "rsa" ? PublicKey::from_rsa_der(key_record->public_key)
                                         : PublicKey::from_ed25519_raw(key_record->public_key);
  if (!public_key) return failure(Result::permerror, "key-syntax", public_key.error().message);
  if (public_key->type() == KeyType::rsa && public_key->bits() < kMinRsaBits) {
    return failure(Result::permerror, "key-too-small",
                   std::to_string(public_key->bits()) + "-bit RSA key; at least " +
                       std::to_string(kMinRsaBits) + " bits are required (RFC 8301 3.2)");
  }
  return KeyLookup{std::move(*public_key), std::move(*key_record)};
}

SignatureResult verify_signature(const mail::Message& message, const mail::HeaderField& field,
                                 const Signature& sig, dns::Resolver& resolver,
                                 const VerifyOptions& options) {
  SignatureResult out;
  out.domain = sig.domain;
  out.selector = sig.selector;
  out.identity = sig.identity;
  out.algorithm = std::string(algorithm_name(sig.algorithm));
  out.header_b = base64_encode(sig.signature).substr(0, 8);
  // RFC 8301 3.1: rsa-sha1 MUST NOT be used for verifying.
  if (sig.algorithm == Algorithm::rsa_sha1) {
    return outcome(out, Result::permerror, "sha1",
                   "rsa-sha1 signatures are not verified (RFC 8301 3.1)");
  }
  if (sig.expiration && options.reject_expired && options.now > *sig.expiration) {
    return outcome(
        out, Result::permerror, "expired",
        "the signature expired at x=" + std::to_string(*sig.expiration) + " (RFC 6376 3.5)");
  }
  if (sig.timestamp && options.future_skew >= 0 &&
      *sig.timestamp > options.now + options.future_skew) {
    return outcome(out, Result::permerror, "future-timestamp",
                   "t=" + std::to_string(*sig.timestamp) + " is in the future (RFC 6376 3.5)");
  }
  // 6.1.2: the key.
  auto key = lookup_key(resolver, sig.selector, sig.domain, sig.algorithm);
  if (!key) return outcome(out, key.error().result, key.error().reason, key.error().detail);
  out.testing = key->record.testing;
  out.key_bits = key->key.bits();
  // 3.6.1 t=s concerns the AUID, which only a DKIM-Signature has.
  if (key->record.strict && sig.field == SignatureField::dkim_signature) {
    std::string idomain = sig.identity.substr(sig.identity.rfind('@') + 1);
    if (!ascii::iequals(idomain, sig.domain)) {
      return outcome(out, Result::permerror, "key-strict-subdomain",
                     "the key has t=s but i= is in a subdomain of d= (RFC 6376 3.6.1)");
    }
  }
  // 6.1.3: the body hash, then the header hash and the signature.
  auto bh =
      body_hash(message.body(), sig.body_canonicalization, hash_of(sig.algorithm), sig.length);
  if (!bh)
    return outcome(out, Result::permerror, "length-exceeds-body",
                   bh.error().message + " (RFC 6376 3.4.5)");
  if (*bh != sig.body_hash) {
    return outcome(out, Result::fail, "body-hash-mismatch",
                   "the body hash does not match bh= (RFC 6376 6.1.3)");
  }
  std::string input =
      header_hash_input(message, sig.headers, sig.header_canonicalization, message.whole(field));
  std::string header_digest = digest(hash_of(sig.algorithm), input);
  if (!key->key.verify(hash_of(sig.algorithm), header_digest, sig.signature)) {
    return outcome(out, Result::fail, "signature-mismatch",
                   "the signature does not verify (RFC 6376 6.1.3)");
  }
  return outcome(out, Result::pass, "", "");
}

std::vector<SignatureResult> verify(const mail::Message& message, dns::Resolver& resolver,
                                    const VerifyOptions& options) {
  std::vector<SignatureResult> out;
  for (const mail::HeaderField* field : message.named("DKIM-Signature")) {
    if (out.size() == kMaxSignatures) {
      SignatureResult skipped;
      skipped.result = Result::permerror;
      skipped.reason = "syntax";
      skipped.detail =
          "more than " + std::to_string(kMaxSignatures) + " signatures; the rest are not verified";
      out.push_back(skipped);
      continue;
    }
    out.push_back(verify_one(message, *field, resolver, options));
  }
  return out;
}

// Signing (5).

namespace {

// RFC 6376 5.4.1 lists fields that SHOULD be signed when present.
constexpr const char* kRecommendedFields[] = {"From",
                                              "Reply-To",
                                              "Subject",
                                              "Date",
                                              "To",
                                              "Cc",
                                              "Resent-Date",
                                              "Resent-From",
                                              "Resent-To",
                                              "Resent-Cc",
                                              "In-Reply-To",
                                              "References",
                                              "List-Id",
                                              "List-Help",
                                              "List-Unsubscribe",
                                              "List-Subscribe",
                                              "List-Post",
                                              "List-Owner",
                                              "List-Archive",
                                              "Message-ID",
                                              "MIME-Version",
                                              "Content-Type",
                                              "Content-Transfer-Encoding"};

}  // namespace

std::string fold_base64(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); i += 72) {
    if (i) out += "\r\n\t ";
    out += value.substr(i, 72);
  }
  return out;
}

Expected<std::string> sign(const mail::Message& message, const PrivateKey& key,
                           const SignOptions& options) {
  if (key.type() == KeyType::rsa && key.bits() < kMinRsaBits) {
    return fail(Errc::invalid_argument, "RSA keys must have at least " +
                                            std::to_string(kMinRsaBits) + " bits (RFC 8301 3.2)");
  }
  if (options.domain.empty() || options.selector.empty())
    return fail(Errc::invalid_argument, "d= and s= are required");
  Algorithm algorithm =
      key.type() == KeyType::ed25519 ? Algorithm::ed25519_sha256 : Algorithm::rsa_sha256;
  std::vector<std::string> headers = options.headers;
  if (headers.empty()) {
    for (const char* name : kRecommendedFields) {
      auto present = message.named(name);
      for (std::size_t i = 0; i < present.size(); ++i) headers.emplace_back(ascii::lower(name));
    }
  }
  bool from = false;
  for (const auto& h : headers) from = from || ascii::iequals(h, "from");
  if (!from) return fail(Errc::invalid_argument, "h= must include From (RFC 6376 5.4)");
  if (options.oversign) {
    std::vector<std::string> seen;
    for (const auto& h : headers) {
      if (std::find(seen.begin(), seen.end(), ascii::lower(h)) == seen.end())
        seen.push_back(ascii::lower(h));
    }
    headers.insert(headers.end(), seen.begin(), seen.end());
  }
  if (options.identity) {
    auto at = options.identity->rfind('@');
    std::string idomain = at == std::string::npos ? "" : options.identity->substr(at + 1);
    bool inside =
        ascii::iequals(idomain, options.domain) ||
        (idomain.size() > options.domain.size() &&
         ascii::iequals(idomain.substr(idomain.size() - options.domain.size()), options.domain) &&
         idomain[idomain.size() - options.domain.size() - 1] == '.');
    if (!inside)
      return fail(Errc::invalid_argument, "i= must be in d= or a subdomain of it (RFC 6376 3.5)");
  }
  auto bh =
      body_hash(message.body(), options.body_canonicalization, hash_of(algorithm), options.length);
  if (!bh) return std::unexpected(bh.error());
  std::string h_value;
  for (const auto& h : headers) h_value += (h_value.empty() ? "" : ":") + h;
  const bool ams = options.field == SignatureField::arc_message_signature;
  if (ams && (options.instance < 1 || options.instance > 50)) {
    return fail(Errc::invalid_argument, "the ARC instance must be 1 to 50 (RFC 8617 4.2.1)");
  }
  if (ams && options.identity)
    return fail(Errc::invalid_argument, "an ARC-Message-Signature has no AUID (RFC 8617 4.1.2)");
  std::string field = (ams ? "ARC-Message-Signature: i=" + std::to_string(options.instance) + "; a="
                           : std::string("DKIM-Signature: v=1; a=")) +
                      std::string(algorithm_name(algorithm)) +
                      "; c=" + std::string(canonicalization_name(options.header_canonicalization)) +
                      "/" + std::string(canonicalization_name(options.body_canonicalization)) +
                      ";\r\n\td=" + options.domain + "; s=" + options.selector + ";";
  if (options.identity) field += " i=" + *options.identity + ";";
  if (options.timestamp) field += " t=" + std::to_string(*options.timestamp) + ";";
  if (options.expiration) field += " x=" + std::to_string(*options.expiration) + ";";
  if (options.length) field += " l=" + std::to_string(*options.length) + ";";
  field += "\r\n\th=" + h_value + ";\r\n\tbh=" + base64_encode(*bh) + ";\r\n\tb=";
  std::string input =
      header_hash_input(message, headers, options.header_canonicalization, field + "\r\n");
  auto signature = key.sign(hash_of(algorithm), digest(hash_of(algorithm), input));
  if (!signature) return std::unexpected(signature.error());
  return field + fold_base64(base64_encode(*signature)) + "\r\n";
}

// RFC 8601 2.7.1: the dkim resinfo of one signature, with the header.d/s/b properties.
std::string authentication_results_dkim(const SignatureResult& r) {
  std::string out = "dkim=" + std::string(result_name(r.result));
  if (!r.reason.empty()) out += " (" + r.reason + ")";
  if (!r.domain.empty()) out += " header.d=" + r.domain;
  if (!r.selector.empty()) out += " header.s=" + r.selector;
  if (!r.header_b.empty()) {
    // RFC 8601 2.2: a pvalue that is not an RFC 2045 token must be a quoted-string, and
    // base64 text may hold "/" and "=", which are tspecials.
    bool token = r.header_b.find_first_of("()<>@,;:\\\"/[]?= ") == std::string::npos;
    out += " header.b=" + (token ? r.header_b : "\"" + r.header_b + "\"");
  }
  return out;
}

}  // namespace ascot::dkim
