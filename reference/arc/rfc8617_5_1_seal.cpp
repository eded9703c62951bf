// RFC 8617 5.1 (sealer actions), 5.1.1 (the AS signature scope), 5.1.2 (sealing cv=fail).
#include "arc/arc.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "dkim/signature.hpp"
#include "dkim/tag_list.hpp"
#include "dkim/verify.hpp"

namespace ascot::arc {

Expected<std::string> seal(const mail::Message& message, const dkim::PrivateKey& key,
                           const SealOptions& options) {
  if (options.domain.empty() || options.selector.empty() || options.authserv_id.empty()) {
    return fail(Errc::invalid_argument,
                "the domain, the selector and the authserv-id are required");
  }
  for (const auto& h : options.headers) {
    if (ascii::iequals(h, "ARC-Authentication-Results") ||
        ascii::iequals(h, "ARC-Message-Signature") || ascii::iequals(h, "ARC-Seal") ||
        ascii::iequals(h, "Authentication-Results")) {
      return fail(Errc::invalid_argument,
                  "the ARC-Message-Signature MUST NOT sign " + h + " (RFC 8617 4.1.2)");
    }
  }
  // Step 1 and 2 of 5.1: the chain as received, and the instance of the new set.
  Collection received = collect(message);
  int newest = 0;
  const mail::HeaderField* newest_seal = nullptr;
  for (const auto& f : message.fields()) {
    auto i = instance_of(message.name(f), message.value(f));
    if (!i || *i < newest) continue;
    if (*i > newest) newest_seal = nullptr;
    newest = *i;
    if (ascii::iequals(message.name(f), "ARC-Seal")) newest_seal = &f;
  }
  if (newest_seal != nullptr) {
    if (auto tags = dkim::TagList::parse(message.value(*newest_seal))) {
      const dkim::Tag* cv = tags->find("cv");
      if (cv && parse_chain_status(cv->value) == ChainStatus::fail) {
        return fail(Errc::invalid_argument,
                    "the newest ARC-Seal already says cv=fail; a sealer does not continue a failed "
                    "chain (RFC 8617 5.1)");
      }
    }
  }
  const int instance = newest + 1;
  if (instance > kMaxInstances) {
    return fail(Errc::limit_exceeded,
                "the message already has 50 ARC Sets, the most RFC 8617 4.2.1 allows");
  }
  switch (options.chain_status) {
    case ChainStatus::none:
      if (received.any_arc_field)
        return fail(Errc::invalid_argument, "cv=none but the message already has ARC fields");
      break;
    case ChainStatus::pass:
      if (received.sets.empty() || !received.problem.empty()) {
        return fail(Errc::invalid_argument,
                    "cv=pass needs a structurally sound ARC chain in the message");
      }
      break;
    case ChainStatus::fail:
      break;
  }
  std::string n = std::to_string(instance);
  // 4.1.1: the AAR carries the instance and the Authentication-Results payload.
  std::string results = "ARC-Authentication-Results: i=" + n + "; " + options.authserv_id +
                        ";\r\n\t" +
                        (options.results.empty() ? std::string("none") : options.results) + "\r\n";
  // 4.1.2: the AMS is a DKIM signature with i= the instance.
  dkim::SignOptions sign{.field = dkim::SignatureField::arc_message_signature,
                         .instance = instance,
                         .domain = options.domain,
                         .selector = options.selector,
                         .header_canonicalization = options.header_canonicalization,
                         .body_canonicalization = options.body_canonicalization,
                         .headers = options.headers,
                         .timestamp = options.timestamp};
  auto signature = dkim::sign(message, key, sign);
  if (!signature) return std::unexpected(signature.error());
  // 4.1.3: the AS; 5.1.1 its scope, or 5.1.2 only the new set when the chain failed.
  dkim::Algorithm algorithm = key.type() == dkim::KeyType::ed25519 ? dkim::Algorithm::ed25519_sha256
                                                                   : dkim::Algorithm::rsa_sha256;
  std::string seal_field = "ARC-Seal: i=" + n +
                           "; a=" + std::string(dkim::algorithm_name(algorithm)) +
                           "; cv=" + std::string(chain_status_name(options.chain_status)) +
                           ";\r\n\td=" + options.domain + "; s=" + options.selector + ";";
  if (options.timestamp) seal_field += " t=" + std::to_string(*options.timestamp) + ";";
  seal_field += "\r\n\tb=";
  std::string input;
  if (options.chain_status != ChainStatus::fail) {
    for (const auto& [i, set] : received.sets) {
      input += dkim::canonical_header(message.whole(*set.results), dkim::Canonicalization::relaxed);
      input +=
          dkim::canonical_header(message.whole(*set.signature), dkim::Canonicalization::relaxed);
      input += dkim::canonical_header(message.whole(*set.seal), dkim::Canonicalization::relaxed);
    }
  }
  input += dkim::canonical_header(results, dkim::Canonicalization::relaxed);
  input += dkim::canonical_header(*signature, dkim::Canonicalization::relaxed);
  input += dkim::signature_input_field(seal_field + "\r\n", dkim::Canonicalization::relaxed);
  dkim::HashAlgorithm hash = dkim::hash_of(algorithm);
  auto b = key.sign(hash, dkim::digest(hash, input));
  if (!b) return std::unexpected(b.error());
  return seal_field + dkim::fold_base64(base64_encode(*b)) + "\r\n" + *signature + results;
}

}  // namespace ascot::arc
