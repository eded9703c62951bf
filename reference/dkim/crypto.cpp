#include "dkim/crypto.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <openssl/decoder.h>

#include <mutex>
#include <unordered_map>

#include "core/base64.hpp"

namespace ascot::dkim {

namespace {

std::string openssl_error() {
  std::string out;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

EVP_PKEY* as_pkey(void* p) {
  return static_cast<EVP_PKEY*>(p);
}

const EVP_MD* md_of(HashAlgorithm h) {
  return h == HashAlgorithm::sha1 ? EVP_sha1() : EVP_sha256();
}

}  // namespace

struct Digest::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Digest::Digest(HashAlgorithm algorithm) : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(impl_->ctx, md_of(algorithm), nullptr);
}

Digest::~Digest() {
  if (impl_ && impl_->ctx != nullptr) EVP_MD_CTX_free(impl_->ctx);
}

void Digest::update(std::string_view data) {
  EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
}

std::string Digest::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(impl_->ctx, out, &n);
  return std::string(reinterpret_cast<const char*>(out), n);
}

std::string digest(HashAlgorithm algorithm, std::string_view data) {
  Digest d(algorithm);
  d.update(data);
  return d.finish();
}

// PublicKey

PublicKey::~PublicKey() {
  if (pkey_ != nullptr) EVP_PKEY_free(as_pkey(pkey_));
}

PublicKey::PublicKey(PublicKey&& other) noexcept : pkey_(other.pkey_), type_(other.type_) {
  other.pkey_ = nullptr;
}

PublicKey& PublicKey::operator=(PublicKey&& other) noexcept {
  if (this != &other) {
    if (pkey_ != nullptr) EVP_PKEY_free(as_pkey(pkey_));
    pkey_ = other.pkey_;
    type_ = other.type_;
    other.pkey_ = nullptr;
  }
  return *this;
}

namespace {

// decode_rsa reads DER SubjectPublicKeyInfo or, failing that, DER RSAPublicKey.
Expected<EVP_PKEY*> decode_rsa(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (pkey == nullptr || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    if (pkey != nullptr) EVP_PKEY_free(pkey);
    ERR_clear_error();
    // The PKCS#1 RSAPublicKey form.
    p = reinterpret_cast<const unsigned char*>(der.data());
    pkey = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size()));
    if (pkey == nullptr || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
      if (pkey != nullptr) EVP_PKEY_free(pkey);
      ERR_clear_error();
      return fail(Errc::parse_error,
                  "the key data is neither an RSA SubjectPublicKeyInfo nor an RSAPublicKey");
    }
  }
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
    EVP_PKEY_free(pkey);
    return fail(Errc::parse_error, "the key data holds a key that is not RSA");
  }
  return pkey;
}

// Decoding an RSA public key costs OpenSSL 3 several times what verifying with it does, and a
// verifier meets the same few keys again and again, so decoded keys are kept by their exact DER
// bytes (the result depends on nothing else). EVP_PKEY is reference-counted and safe to share
// for verification. The cache is bounded: when full it starts again empty. Its keys are never
// freed at exit (they stay reachable), which avoids racing OpenSSL's own clean-up.
class RsaKeyCache {
 public:
  static constexpr std::size_t kMaxKeys = 1024;

  EVP_PKEY* find(std::string_view der) {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(std::string(der));
    if (it == keys_.end()) return nullptr;
    EVP_PKEY_up_ref(it->second);
    return it->second;
  }

  void add(std::string_view der, EVP_PKEY* pkey) {
    std::lock_guard lock(mutex_);
    if (keys_.size() >= kMaxKeys) {
      for (auto& [bytes, key] : keys_) EVP_PKEY_free(key);
      keys_.clear();
    }
    if (keys_.emplace(std::string(der), pkey).second) EVP_PKEY_up_ref(pkey);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, EVP_PKEY*> keys_;
};

RsaKeyCache& rsa_key_cache() {
  static auto* cache = new RsaKeyCache();
  return *cache;
}

}  // namespace

Expected<PublicKey> PublicKey::from_rsa_der(std::string_view der) {
  PublicKey key;
  key.type_ = KeyType::rsa;
  if (EVP_PKEY* cached = rsa_key_cache().find(der)) {
    key.pkey_ = cached;
    return key;
  }
  auto pkey = decode_rsa(der);
  if (!pkey) return std::unexpected(pkey.error());
  rsa_key_cache().add(der, *pkey);
  key.pkey_ = *pkey;
  return key;
}

Expected<PublicKey> PublicKey::from_ed25519_raw(std::string_view raw) {
  if (raw.size() != 32) {
    return fail(Errc::parse_error, "an Ed25519 public key is 32 octets (RFC 8463 3), not " +
                                       std::to_string(raw.size()));
  }
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  if (pkey == nullptr)
    return fail(Errc::parse_error, "not an Ed25519 public key: " + openssl_error());
  PublicKey key;
  key.type_ = KeyType::ed25519;
  key.pkey_ = pkey;
  return key;
}

int PublicKey::bits() const {
  return pkey_ == nullptr ? 0 : EVP_PKEY_get_bits(as_pkey(pkey_));
}

bool PublicKey::verify(HashAlgorithm hash, std::string_view digest_bytes,
                       std::string_view signature) const {
  if (pkey_ == nullptr) return false;
  bool ok = false;
  if (type_ == KeyType::rsa) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(as_pkey(pkey_), nullptr);
    ok = ctx != nullptr && EVP_PKEY_verify_init(ctx) == 1 &&
         EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
         EVP_PKEY_CTX_set_signature_md(ctx, md_of(hash)) == 1 &&
         EVP_PKEY_verify(
             ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
             reinterpret_cast<const unsigned char*>(digest_bytes.data()), digest_bytes.size()) == 1;
    EVP_PKEY_CTX_free(ctx);
  } else {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ok = ctx != nullptr &&
         EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, as_pkey(pkey_)) == 1 &&
         EVP_DigestVerify(
             ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
             reinterpret_cast<const unsigned char*>(digest_bytes.data()), digest_bytes.size()) == 1;
    EVP_MD_CTX_free(ctx);
  }
  ERR_clear_error();
  return ok;
}

// PrivateKey

PrivateKey::~PrivateKey() {
  if (pkey_ != nullptr) EVP_PKEY_free(as_pkey(pkey_));
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept : pkey_(other.pkey_), type_(other.type_) {
  other.pkey_ = nullptr;
}

PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept {
  if (this != &other) {
    if (pkey_ != nullptr) EVP_PKEY_free(as_pkey(pkey_));
    pkey_ = other.pkey_;
    type_ = other.type_;
    other.pkey_ = nullptr;
  }
  return *this;
}

Expected<PrivateKey> PrivateKey::from_pem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return fail(Errc::internal, "cannot allocate a BIO");
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (pkey == nullptr) return fail(Errc::parse_error, "not a PEM private key: " + openssl_error());
  PrivateKey key;
  int id = EVP_PKEY_get_base_id(pkey);
  if (id == EVP_PKEY_RSA) {
    key.type_ = KeyType::rsa;
  } else if (id == EVP_PKEY_ED25519) {
    key.type_ = KeyType::ed25519;
  } else {
    EVP_PKEY_free(pkey);
    return fail(Errc::unsupported, "only RSA and Ed25519 keys can sign DKIM (RFC 6376, RFC 8463)");
  }
  key.pkey_ = pkey;
  return key;
}

int PrivateKey::bits() const {
  return pkey_ == nullptr ? 0 : EVP_PKEY_get_bits(as_pkey(pkey_));
}

Expected<std::string> PrivateKey::sign(HashAlgorithm hash, std::string_view digest_bytes) const {
  if (pkey_ == nullptr) return fail(Errc::invalid_argument, "no key");
  std::string out;
  if (type_ == KeyType::rsa) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(as_pkey(pkey_), nullptr);
    std::size_t n = 0;
    bool ok =
        ctx != nullptr && EVP_PKEY_sign_init(ctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
        EVP_PKEY_CTX_set_signature_md(ctx, md_of(hash)) == 1 &&
        EVP_PKEY_sign(ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(digest_bytes.data()),
                      digest_bytes.size()) == 1;
    if (ok) {
      out.resize(n);
      ok = EVP_PKEY_sign(ctx, reinterpret_cast<unsigned char*>(out.data()), &n,
                         reinterpret_cast<const unsigned char*>(digest_bytes.data()),
                         digest_bytes.size()) == 1;
      out.resize(n);
    }
    EVP_PKEY_CTX_free(ctx);
    if (!ok) return fail(Errc::internal, "RSA signing failed: " + openssl_error());
    return out;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t n = 0;
  bool ok =
      ctx != nullptr && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, as_pkey(pkey_)) == 1 &&
      EVP_DigestSign(ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(digest_bytes.data()),
                     digest_bytes.size()) == 1;
  if (ok) {
    out.resize(n);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(out.data()), &n,
                        reinterpret_cast<const unsigned char*>(digest_bytes.data()),
                        digest_bytes.size()) == 1;
    out.resize(n);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return fail(Errc::internal, "Ed25519 signing failed: " + openssl_error());
  return out;
}

Expected<std::string> PrivateKey::public_record_p() const {
  if (pkey_ == nullptr) return fail(Errc::invalid_argument, "no key");
  if (type_ == KeyType::ed25519) {
    unsigned char raw[32];
    std::size_t n = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(as_pkey(pkey_), raw, &n) != 1)
      return fail(Errc::internal, openssl_error());
    return base64_encode(std::string_view(reinterpret_cast<const char*>(raw), n));
  }
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(as_pkey(pkey_), &der);
  if (n <= 0) return fail(Errc::internal, openssl_error());
  std::string out = base64_encode(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n)));
  OPENSSL_free(der);
  return out;
}

}  // namespace ascot::dkim
