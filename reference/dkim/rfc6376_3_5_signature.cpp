// RFC 6376 3.5 (the DKIM-Signature field), 3.6.1 (key records), 3.7 (the signature's own field
// in the hash), 6.1.1 (checks before verification); RFC 8301 (rsa-sha1); RFC 8463 (ed25519).
#include <algorithm>
#include <charconv>
#include <limits>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "dkim/signature.hpp"

namespace ascot::dkim {

std::string_view algorithm_name(Algorithm a) {
  switch (a) {
    case Algorithm::rsa_sha256:
      return "rsa-sha256";
    case Algorithm::rsa_sha1:
      return "rsa-sha1";
    case Algorithm::ed25519_sha256:
      return "ed25519-sha256";
  }
  return "rsa-sha256";
}

std::optional<Algorithm> parse_algorithm(std::string_view text) {
  for (Algorithm a : {Algorithm::rsa_sha256, Algorithm::rsa_sha1, Algorithm::ed25519_sha256}) {
    if (text == algorithm_name(a)) return a;
  }
  return std::nullopt;
}

HashAlgorithm hash_of(Algorithm a) {
  return a == Algorithm::rsa_sha1 ? HashAlgorithm::sha1 : HashAlgorithm::sha256;
}
KeyType key_type_of(Algorithm a) {
  return a == Algorithm::ed25519_sha256 ? KeyType::ed25519 : KeyType::rsa;
}

namespace {

std::unexpected<Problem> problem(std::string reason, std::string detail) {
  return std::unexpected<Problem>(Problem{std::move(reason), std::move(detail)});
}

// 1*DIGIT with an upper bound on the number of digits (3.5: l= 1*76DIGIT, t= and x= 1*12DIGIT).
template <class T>
std::optional<T> number(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  for (char c : text) {
    if (!ascii::is_digit(c)) return std::nullopt;
  }
  T v{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc()) return std::nullopt;  // beyond the type: treat as unusable
  return v;
}

// 3.5 domain-name: sub-domain *("." sub-domain); letters, digits, hyphens.
bool is_domain_name(std::string_view d) {
  if (d.empty() || d.front() == '.' || d.back() == '.') return false;
  for (auto label : ascii::split(d, '.')) {
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!ascii::is_alnum(c) && c != '-') return false;
    }
  }
  return true;
}

bool is_at_or_below(std::string_view name, std::string_view domain) {
  if (name.size() < domain.size()) return false;
  if (!ascii::iequals(name.substr(name.size() - domain.size()), domain)) return false;
  return name.size() == domain.size() || name[name.size() - domain.size() - 1] == '.';
}

}  // namespace

std::expected<Signature, Problem> parse_signature(std::string_view value, SignatureField field) {
  const bool ams = field == SignatureField::arc_message_signature;
  auto list = TagList::parse(value);
  if (!list)
    return problem(
        list.error().message.find("twice") != std::string::npos ? "duplicate-tag" : "syntax",
        list.error().to_string());
  Signature sig;
  sig.field = field;
  sig.tags = std::move(*list);
  const TagList& tags = sig.tags;
  // 3.5 and 6.1.1: v, a, b, bh, d, h and s are required. RFC 8617 4.1.2: an AMS has no v=
  // and requires i=.
  for (const char* required : {"v", "i", "a", "b", "bh", "d", "h", "s"}) {
    bool needed = ams ? std::string_view(required) != "v" : std::string_view(required) != "i";
    if (needed && tags.find(required) == nullptr) {
      return problem("missing-tag", std::string("the required tag ") + required + "= is missing (" +
                                        (ams ? "RFC 8617 4.1.2" : "RFC 6376 3.5") + ")");
    }
  }
  if (!ams && tags.find("v")->value != "1") {
    return problem("version", "v=" + tags.find("v")->value + " is not 1 (RFC 6376 3.5)");
  }
  auto algorithm = parse_algorithm(tags.find("a")->value);
  if (!algorithm)
    return problem("algorithm",
                   "unknown signing algorithm a=" + tags.find("a")->value + " (RFC 6376 3.3)");
  sig.algorithm = *algorithm;
  auto b = base64_decode(tags.find("b")->value, true);
  if (!b || b->empty()) return problem("syntax", "b= is not base64 (RFC 6376 3.5)");
  sig.signature = std::move(*b);
  auto bh = base64_decode(tags.find("bh")->value, true);
  if (!bh || bh->empty()) return problem("syntax", "bh= is not base64 (RFC 6376 3.5)");
  sig.body_hash = std::move(*bh);
  if (const Tag* c = tags.find("c")) {
    // 3.5: header/body; a missing body part means simple.
    auto slash = c->value.find('/');
    std::string header = c->value.substr(0, slash);
    std::string body = slash == std::string::npos ? "simple" : c->value.substr(slash + 1);
    auto parse_c = [](const std::string& s) -> std::optional<Canonicalization> {
      if (s == "simple") return Canonicalization::simple;
      if (s == "relaxed") return Canonicalization::relaxed;
      return std::nullopt;
    };
    auto hc = parse_c(header);
    auto bc = parse_c(body);
    if (!hc || !bc)
      return problem("canonicalization",
                     "unknown canonicalization c=" + c->value + " (RFC 6376 3.4)");
    sig.header_canonicalization = *hc;
    sig.body_canonicalization = *bc;
  }
  sig.domain = tags.find("d")->value;
  if (!is_domain_name(sig.domain))
    return problem("syntax", "d=" + sig.domain + " is not a domain name (RFC 6376 3.5)");
  sig.selector = tags.find("s")->value;
  for (auto label : ascii::split(sig.selector, '.')) {
    bool ok = !label.empty();
    for (char ch : label) ok = ok && (ascii::is_alnum(ch) || ch == '-' || ch == '_');
    if (!ok) return problem("syntax", "s=" + sig.selector + " is not a selector (RFC 6376 3.1)");
  }
  for (auto name : ascii::split(tags.find("h")->value, ':')) {
    std::string trimmed = remove_fws(name);
    if (trimmed.empty()) return problem("syntax", "h= has an empty field name (RFC 6376 3.5)");
    sig.headers.push_back(trimmed);
  }
  // 5.4 / 6.1.1: the From field MUST be signed.
  bool from_signed = false;
  for (const auto& h : sig.headers) from_signed = from_signed || ascii::iequals(h, "from");
  if (!from_signed)
    return problem("from-not-signed", "h= does not include From (RFC 6376 5.4, 6.1.1)");
  sig.identity = "@" + sig.domain;
  if (ams) {
    // RFC 8617 4.2.1: instance = 1*2DIGIT, 1 to 50.
    auto n = number<int>(tags.find("i")->value, 2);
    if (!n || *n < 1 || *n > 50)
      return problem(
          "syntax", "i=" + tags.find("i")->value + " is not an ARC instance 1-50 (RFC 8617 4.2.1)");
    sig.instance = *n;
  } else if (const Tag* i = tags.find("i")) {
    auto at = i->value.rfind('@');
    if (at == std::string::npos) return problem("syntax", "i= has no '@' (RFC 6376 3.5)");
    std::string idomain = i->value.substr(at + 1);
    // 3.5 / 6.1.1: the domain of i= must be d= or a subdomain of it.
    if (!is_at_or_below(idomain, sig.domain)) {
      return problem("identity-mismatch",
                     "i=" + i->value + " is not in d=" + sig.domain + " (RFC 6376 3.5)");
    }
    sig.identity = i->value;
  }
  if (const Tag* l = tags.find("l")) {
    // 3.5: l= is 1*76DIGIT. A value beyond 64 bits is valid syntax; it exceeds every body.
    bool digits =
        !l->value.empty() && l->value.size() <= 76 &&
        std::all_of(l->value.begin(), l->value.end(), [](char ch) { return ascii::is_digit(ch); });
    if (!digits) return problem("syntax", "l=" + l->value + " is not a length (RFC 6376 3.5)");
    sig.length =
        number<std::uint64_t>(l->value, 76).value_or(std::numeric_limits<std::uint64_t>::max());
  }
  if (const Tag* t = tags.find("t")) {
    sig.timestamp = number<std::int64_t>(t->value, 12);
    if (!sig.timestamp)
      return problem("syntax", "t=" + t->value + " is not a timestamp (RFC 6376 3.5)");
  }
  if (const Tag* x = tags.find("x")) {
    sig.expiration = number<std::int64_t>(x->value, 12);
    if (!sig.expiration)
      return problem("syntax", "x=" + x->value + " is not a timestamp (RFC 6376 3.5)");
    // 3.5: "the value of the x= tag MUST be greater than the value of the t= tag if both are
    // present".
    if (sig.timestamp && *sig.expiration <= *sig.timestamp) {
      return problem("timestamps", "x= is not after t= (RFC 6376 3.5)");
    }
  }
  if (const Tag* q = tags.find("q")) {
    // 3.5: a colon-separated list; dns/txt is the only method defined.
    bool dns_txt = false;
    for (auto method : ascii::split(q->value, ':')) {
      std::string m = remove_fws(method);
      dns_txt = dns_txt || m == "dns/txt" || m.starts_with("dns/txt/");
    }
    if (!dns_txt)
      return problem("query-method", "q=" + q->value + " does not offer dns/txt (RFC 6376 3.5)");
  }
  return sig;
}

std::string signature_input_field(std::string_view whole_field, Canonicalization c) {
  // Blank the value of b= in the exact bytes: the tag list is the text after the colon, less
  // the field's final CRLF.
  std::string_view field = whole_field;
  std::string_view ending;
  if (field.ends_with("\r\n")) {
    field.remove_suffix(2);
    ending = "\r\n";
  }
  std::string out(field);
  std::size_t colon = out.find(':');
  if (colon != std::string::npos) {
    if (auto list = TagList::parse(std::string_view(out).substr(colon + 1))) {
      if (const Tag* b = list->find("b")) out.erase(colon + 1 + b->value_offset, b->value_length);
    }
  }
  out += ending;
  std::string canonical = canonical_header(out, c);
  // 3.7: the field is hashed without its final CRLF.
  if (canonical.ends_with("\r\n")) canonical.resize(canonical.size() - 2);
  return canonical;
}

std::expected<KeyRecord, Problem> parse_key_record(std::string_view text) {
  auto list = TagList::parse(text);
  if (!list)
    return problem("key-syntax", "the key record is not a tag-list: " + list.error().to_string());
  KeyRecord key;
  const auto& tags = list->tags();
  // 3.6.1: v=, if present, MUST be the first tag and MUST be DKIM1.
  if (const Tag* v = list->find("v")) {
    if (&tags.front() != v)
      return problem("key-syntax", "v= is not the first tag of the key record (RFC 6376 3.6.1)");
    if (v->value != "DKIM1")
      return problem("key-syntax", "v=" + v->value + " is not DKIM1 (RFC 6376 3.6.1)");
  }
  const Tag* p = list->find("p");
  if (p == nullptr) return problem("key-syntax", "the key record has no p= (RFC 6376 3.6.1)");
  if (const Tag* h = list->find("h")) {
    for (auto a : ascii::split(h->value, ':')) key.hashes.push_back(remove_fws(a));
  }
  if (const Tag* k = list->find("k")) key.key_type = k->value;
  if (const Tag* s = list->find("s")) {
    key.services.clear();
    for (auto a : ascii::split(s->value, ':')) key.services.push_back(remove_fws(a));
  }
  if (const Tag* t = list->find("t")) {
    for (auto flag : ascii::split(t->value, ':')) {
      std::string f = remove_fws(flag);
      key.testing = key.testing || f == "y";
      key.strict = key.strict || f == "s";
    }
  }
  std::string p_value = remove_fws(p->value);
  if (!p_value.empty()) {
    auto decoded = base64_decode(p_value);
    if (!decoded || decoded->empty())
      return problem("key-syntax", "p= is not base64 (RFC 6376 3.6.1)");
    key.public_key = std::move(*decoded);
  }
  return key;
}

}  // namespace ascot::dkim
