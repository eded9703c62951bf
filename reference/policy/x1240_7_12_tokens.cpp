// X.1240 7.12 (derived-from-heading): tokens and passwords. Our interpretation (docs/smtp.md):
// a recipient who asks for it is "protected"; a message reaches a protected recipient only
// when it carries that recipient's token, either as the detail of the address
// ("alice+k3jd9x2mqa@example.org", the sub-addressing that Sieve's RFC 5233 describes) or in
// the Subject ("[token:k3jd9x2mqa]"). The token is derived, not stored: the first 10
// characters of the base32 (RFC 4648 6, lower case) of HMAC-SHA256 (RFC 2104) over the
// canonical recipient address with the operator's secret, so any number of recipients can be
// protected without a table, and a token handed to one correspondent can be revoked only by
// changing the secret (the trade-off is in docs/smtp.md).
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {
namespace {

constexpr std::size_t kTokenLength = 10;  // 50 bits: guessing one takes ~10^15 tries

std::string base32(const unsigned char* data, std::size_t size) {
  constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz234567";  // RFC 4648 6
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out.push_back(alphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

// detail_of returns the part of the local part after the first '+', or empty.
std::string detail_of(const smtp::Mailbox& rcpt) {
  auto plus = rcpt.local_part.find('+');
  return plus == std::string::npos ? std::string() : ascii::lower(rcpt.local_part.substr(plus + 1));
}

}  // namespace

std::string canonical_recipient(const smtp::Mailbox& rcpt) {
  auto local = rcpt.local_part.substr(0, rcpt.local_part.find('+'));
  return ascii::lower(local + "@" + rcpt.domain);
}

std::string make_token(std::string_view secret, std::string_view recipient) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(recipient.data()), recipient.size(), mac, &length);
  return base32(mac, length).substr(0, kTokenLength);
}

bool token_protected(const Config& config, const smtp::Mailbox& rcpt) {
  auto canonical = canonical_recipient(rcpt);
  for (const auto& r : config.token_recipients) {
    if (r == canonical) return true;
  }
  return false;
}

std::optional<Finding> check_tokens(const Config& config, const smtp::Mailbox& rcpt,
                                    std::string_view subject) {
  if (!token_protected(config, rcpt)) return std::nullopt;
  Finding f{Technique::tokens};
  auto canonical = canonical_recipient(rcpt);
  auto expected = make_token(config.token_secret, canonical);
  if (detail_of(rcpt) == expected) {
    f.check = "address-token";
    f.detail = "valid token in the address of " + canonical;
    return f;
  }
  auto lowered = ascii::lower(subject);
  if (lowered.find("[token:" + expected + "]") != std::string::npos) {
    f.check = "subject-token";
    f.detail = "valid token in the Subject for " + canonical;
    return f;
  }
  f.hit = true;
  f.check = "missing";
  f.detail = canonical + " requires a token and none was valid";
  return f;
}

}  // namespace ascot::policy
