// dkim/crypto.hpp: the cryptography DKIM and ARC need, through OpenSSL 3 EVP only.
//
// Keys are move-only owners of EVP_PKEY. Every function reports failure as a value; OpenSSL's
// error queue is read into the message and cleared.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ascot::dkim {

enum class HashAlgorithm { sha1, sha256 };
enum class KeyType { rsa, ed25519 };

// Digest computes SHA-1 or SHA-256 incrementally.
class Digest {
 public:
  explicit Digest(HashAlgorithm algorithm);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  void update(std::string_view data);
  // finish returns the raw digest; the Digest cannot be used afterwards.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// digest is a one-shot Digest.
std::string digest(HashAlgorithm algorithm, std::string_view data);

class PublicKey {
 public:
  PublicKey() = default;
  ~PublicKey();
  PublicKey(PublicKey&& other) noexcept;
  PublicKey& operator=(PublicKey&& other) noexcept;
  PublicKey(const PublicKey&) = delete;
  PublicKey& operator=(const PublicKey&) = delete;

  // from_rsa_der reads an RSA public key as DER SubjectPublicKeyInfo (what RFC 6376 key
  // records carry in practice) or as DER RSAPublicKey (the PKCS#1 form 3.6.1 names).
  static Expected<PublicKey> from_rsa_der(std::string_view der);
  // from_ed25519_raw reads the 32-octet public key of RFC 8463 3.
  static Expected<PublicKey> from_ed25519_raw(std::string_view raw);

  KeyType type() const { return type_; }
  // bits is the RSA modulus size, 256 for Ed25519.
  int bits() const;

  // verify checks |signature| over a message digest: RSASSA-PKCS1-v1_5 with |hash| for RSA
  // (|digest| is the hash of the data), PureEdDSA over the digest bytes for Ed25519 (RFC 8463
  // signs the SHA-256 hash). False for a signature that does not verify.
  bool verify(HashAlgorithm hash, std::string_view digest, std::string_view signature) const;

 private:
  void* pkey_ = nullptr;  // EVP_PKEY*
  KeyType type_ = KeyType::rsa;
};

class PrivateKey {
 public:
  PrivateKey() = default;
  ~PrivateKey();
  PrivateKey(PrivateKey&& other) noexcept;
  PrivateKey& operator=(PrivateKey&& other) noexcept;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;

  // from_pem reads a PEM private key (PKCS#8, or PKCS#1 "RSA PRIVATE KEY"), RSA or Ed25519.
  static Expected<PrivateKey> from_pem(std::string_view pem);

  KeyType type() const { return type_; }
  int bits() const;

  // sign returns the signature of |digest| as PublicKey::verify checks it.
  Expected<std::string> sign(HashAlgorithm hash, std::string_view digest) const;

  // public_record_p returns the p= value of a DKIM key record for this key: base64 of the
  // DER SubjectPublicKeyInfo for RSA, of the raw 32 octets for Ed25519.
  Expected<std::string> public_record_p() const;

 private:
  void* pkey_ = nullptr;  // EVP_PKEY*
  KeyType type_ = KeyType::rsa;
};

}  // namespace ascot::dkim
