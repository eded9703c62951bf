// RFC 8617 4 (the ARC header fields), 5.2 (validator actions) and 5.2.1 (errors are fail).
#include <algorithm>
#include <array>

#include "arc/arc.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "dkim/signature.hpp"
#include "dkim/tag_list.hpp"
#include "dkim/verify.hpp"

namespace ascot::arc {

std::string_view chain_status_name(ChainStatus s) {
  switch (s) {
    case ChainStatus::none:
      return "none";
    case ChainStatus::pass:
      return "pass";
    case ChainStatus::fail:
      return "fail";
  }
  return "none";
}

std::optional<ChainStatus> parse_chain_status(std::string_view text) {
  for (ChainStatus s : {ChainStatus::none, ChainStatus::pass, ChainStatus::fail}) {
    if (ascii::iequals(chain_status_name(s), text)) return s;
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kResultsName = "ARC-Authentication-Results";
constexpr std::string_view kSignatureName = "ARC-Message-Signature";
constexpr std::string_view kSealName = "ARC-Seal";

// RFC 8617 4.2.1: position = 1*2DIGIT, 1 to 50.
std::optional<int> position(std::string_view text) {
  if (text.empty() || text.size() > 2) return std::nullopt;
  int n = 0;
  for (char c : text) {
    if (!ascii::is_digit(c)) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > kMaxInstances) return std::nullopt;
  return n;
}

// Skips CFWS (RFC 5322 3.2.2): white space, line breaks and comments, which may nest.
std::size_t skip_cfws(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '(') {
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '\\') {
          ++i;
        } else if (s[i] == '(') {
          ++depth;
        } else if (s[i] == ')' && --depth == 0) {
          ++i;
          break;
        }
      }
      if (depth != 0) return s.size();
    } else {
      break;
    }
  }
  return i;
}

// 4.1.1: arc-info = instance [CFWS] ";" authres-payload; instance = [CFWS] "i" [CFWS] "="
// [CFWS] position.
std::optional<int> results_instance(std::string_view value) {
  std::size_t i = skip_cfws(value, 0);
  if (i >= value.size() || value[i] != 'i') return std::nullopt;
  i = skip_cfws(value, i + 1);
  if (i >= value.size() || value[i] != '=') return std::nullopt;
  i = skip_cfws(value, i + 1);
  std::size_t start = i;
  while (i < value.size() && ascii::is_digit(value[i])) ++i;
  auto n = position(value.substr(start, i - start));
  i = skip_cfws(value, i);
  if (!n || i >= value.size() || value[i] != ';') return std::nullopt;
  return n;
}

}  // namespace

std::optional<int> instance_of(std::string_view field_name, std::string_view value) {
  if (ascii::iequals(field_name, kResultsName)) return results_instance(value);
  // 4.1.2, 4.1.3: arc-ams-info / arc-as-info = instance [CFWS] ";" tag-list. ASCOT reads the
  // whole value as a DKIM tag list whose first tag must be i= (docs/arc.md, "instance first").
  auto tags = dkim::TagList::parse(value);
  if (!tags || tags->tags().empty() || tags->tags().front().name != "i") return std::nullopt;
  return position(tags->tags().front().value);
}

Collection collect(const mail::Message& message) {
  Collection out;
  // Per instance, every field of each kind, so that duplicates can be reported.
  std::map<int, std::array<std::vector<const mail::HeaderField*>, 3>> found;
  constexpr std::array<std::string_view, 3> kNames = {kResultsName, kSignatureName, kSealName};
  for (const auto& f : message.fields()) {
    std::string_view name = message.name(f);
    auto kind = std::find_if(kNames.begin(), kNames.end(),
                             [&](std::string_view n) { return ascii::iequals(n, name); });
    if (kind == kNames.end()) continue;
    out.any_arc_field = true;
    auto instance = instance_of(name, message.value(f));
    if (!instance) {
      if (out.problem.empty())
        out.problem = std::string(*kind) + " without a valid instance tag i=1..50 (RFC 8617 4.2.1)";
      continue;
    }
    found[*instance][static_cast<std::size_t>(kind - kNames.begin())].push_back(&f);
  }
  if (!out.problem.empty()) return out;
  if (found.empty()) return out;
  // 5.2 step 3: instances 1..N, exactly one field of each kind per instance.
  int n = found.rbegin()->first;
  for (int i = 1; i <= n; ++i) {
    auto it = found.find(i);
    if (it == found.end()) {
      out.problem = "no ARC Set with i=" + std::to_string(i) + "; instances must run from 1 to " +
                    std::to_string(n) + " (RFC 8617 5.2 step 3)";
      out.problem_instance = i;
      return out;
    }
    for (std::size_t k = 0; k < kNames.size(); ++k) {
      if (it->second[k].size() != 1) {
        out.problem = std::to_string(it->second[k].size()) + " " + std::string(kNames[k]) +
                      " fields with i=" + std::to_string(i) +
                      "; a set has exactly one (RFC 8617 4.1, 5.2 step 3)";
        out.problem_instance = i;
        return out;
      }
    }
    out.sets[i] = ArcSet{it->second[0][0], it->second[1][0], it->second[2][0]};
  }
  return out;
}

namespace {

// The ARC-Seal tags 5.2 needs, read strictly.
struct Seal {
  dkim::TagList tags;
  std::optional<ChainStatus> cv;
};

std::optional<Seal> read_seal(const mail::Message& message, const ArcSet& set) {
  auto tags = dkim::TagList::parse(message.value(*set.seal));
  if (!tags) return std::nullopt;
  Seal out{std::move(*tags), std::nullopt};
  if (const dkim::Tag* cv = out.tags.find("cv")) out.cv = parse_chain_status(cv->value);
  return out;
}

// Fields the AMS must not sign (4.1.2): the ARC fields and Authentication-Results.
bool forbidden_in_ams(std::string_view name) {
  return ascii::iequals(name, kResultsName) || ascii::iequals(name, kSignatureName) ||
         ascii::iequals(name, kSealName) || ascii::iequals(name, "Authentication-Results");
}

// 4.1.2: the AMS is verified like a DKIM-Signature (RFC 6376 6.1), with i= the instance.
// Returns the reason it does not validate, or an empty string.
std::string check_signature(const mail::Message& message, const ArcSet& set,
                            dns::Resolver& resolver, const ValidateOptions& options) {
  auto sig = dkim::parse_signature(message.value(*set.signature),
                                   dkim::SignatureField::arc_message_signature);
  if (!sig) return sig.error().detail;
  for (const auto& h : sig->headers) {
    if (forbidden_in_ams(h))
      return "h= names " + h + ", which an AMS MUST NOT sign (RFC 8617 4.1.2)";
  }
  dkim::VerifyOptions verify_options{
      .now = options.now, .reject_expired = options.reject_expired_ams, .future_skew = -1};
  dkim::SignatureResult r =
      dkim::verify_signature(message, *set.signature, *sig, resolver, verify_options);
  if (r.result == dkim::Result::pass) return "";
  return r.detail.empty() ? std::string(dkim::result_name(r.result)) : r.detail;
}

// 4.1.3 and 5.1.1: AS k signs, with relaxed canonicalisation, AAR, AMS and AS of sets 1..k in
// increasing instance order, its own b= empty, without a body hash. Returns the reason it does
// not validate, or an empty string.
std::string check_seal(const mail::Message& message, const std::map<int, ArcSet>& sets, int k,
                       dns::Resolver& resolver) {
  const ArcSet& set = sets.at(k);
  auto seal = read_seal(message, set);
  if (!seal) return "the tag list does not parse";
  const dkim::TagList& tags = seal->tags;
  // 4.1.3: "an ARC-Seal with an h= tag MUST result in a failed validation" (cv=fail).
  if (tags.find("h") != nullptr) return "h= is present; an ARC-Seal with h= fails (RFC 8617 4.1.3)";
  for (const char* required : {"a", "b", "d", "s"}) {
    if (tags.find(required) == nullptr)
      return std::string("the required tag ") + required + "= is missing (RFC 8617 4.1.3)";
  }
  // Other tags are ignored as RFC 6376 3.2 says of unknown tags (docs/arc.md).
  auto algorithm = dkim::parse_algorithm(tags.find("a")->value);
  if (!algorithm) return "unknown algorithm a=" + tags.find("a")->value + " (RFC 6376 3.3)";
  if (*algorithm == dkim::Algorithm::rsa_sha1) return "rsa-sha1 is not verified (RFC 8301 3.1)";
  if (const dkim::Tag* t = tags.find("t")) {
    bool digits =
        !t->value.empty() && t->value.size() <= 12 &&
        std::all_of(t->value.begin(), t->value.end(), [](char c) { return ascii::is_digit(c); });
    if (!digits) return "t=" + t->value + " is not a timestamp (RFC 6376 3.5)";
  }
  auto signature = base64_decode(tags.find("b")->value, true);
  if (!signature || signature->empty()) return "b= is not base64";
  auto key = dkim::lookup_key(resolver, tags.find("s")->value, tags.find("d")->value, *algorithm);
  if (!key) return key.error().detail;
  std::string input;
  for (const auto& [i, s] : sets) {
    if (i > k) break;
    input += dkim::canonical_header(message.whole(*s.results), dkim::Canonicalization::relaxed);
    input += dkim::canonical_header(message.whole(*s.signature), dkim::Canonicalization::relaxed);
    if (i < k)
      input += dkim::canonical_header(message.whole(*s.seal), dkim::Canonicalization::relaxed);
  }
  input += dkim::signature_input_field(message.whole(*set.seal), dkim::Canonicalization::relaxed);
  dkim::HashAlgorithm hash = dkim::hash_of(*algorithm);
  if (!key->key.verify(hash, dkim::digest(hash, input), *signature))
    return "the signature does not verify";
  return "";
}

ChainResult result(ChainStatus status, int instances, std::string reason, int failed = 0) {
  ChainResult r;
  r.status = status;
  r.instances = instances;
  r.reason = std::move(reason);
  r.failed_instance = failed;
  return r;
}

}  // namespace

ChainResult validate(const mail::Message& message, dns::Resolver& resolver,
                     const ValidateOptions& options) {
  // Step 1: collect the ARC Sets.
  Collection c = collect(message);
  if (!c.any_arc_field) return result(ChainStatus::none, 0, "no ARC header fields");
  if (!c.problem.empty()) return result(ChainStatus::fail, c.newest(), c.problem);
  const int n = c.newest();
  // Step 2: the newest AS already reports a failed chain.
  auto newest_seal = read_seal(message, c.sets.at(n));
  if (newest_seal && newest_seal->cv == ChainStatus::fail) {
    return result(
        ChainStatus::fail, n,
        "the newest ARC-Seal (i=" + std::to_string(n) + ") says cv=fail (RFC 8617 5.2 step 2)");
  }
  // Step 3: every AS has cv=none for i=1 and cv=pass above.
  for (const auto& [i, set] : c.sets) {
    auto seal = read_seal(message, set);
    if (!seal)
      return result(
          ChainStatus::fail, n,
          "the ARC-Seal with i=" + std::to_string(i) + " is not a tag list (RFC 8617 4.1.3)");
    ChainStatus want = i == 1 ? ChainStatus::none : ChainStatus::pass;
    if (seal->cv != want) {
      const dkim::Tag* cv = seal->tags.find("cv");
      return result(ChainStatus::fail, n,
                    "the ARC-Seal with i=" + std::to_string(i) + " has " +
                        (cv ? "cv=" + cv->value : "no cv=") + "; it must be cv=" +
                        std::string(chain_status_name(want)) + " (RFC 8617 5.2 step 3)");
    }
  }
  // Step 4: the newest AMS.
  if (std::string why = check_signature(message, c.sets.at(n), resolver, options); !why.empty()) {
    return result(
        ChainStatus::fail, n,
        "ARC-Message-Signature i=" + std::to_string(n) + ": " + why + " (RFC 8617 5.2 step 4)", n);
  }
  // Step 5: oldest-pass, from N-1 down to the first AMS that does not validate.
  int oldest_pass = 0;
  for (int m = n - 1; m >= 1; --m) {
    if (!check_signature(message, c.sets.at(m), resolver, options).empty()) {
      oldest_pass = m + 1;
      break;
    }
  }
  // Step 6: every AS, newest first.
  for (int k = n; k >= 1; --k) {
    if (std::string why = check_seal(message, c.sets, k, resolver); !why.empty()) {
      return result(ChainStatus::fail, n,
                    "ARC-Seal i=" + std::to_string(k) + ": " + why + " (RFC 8617 5.2 step 6)", k);
    }
  }
  // Step 7.
  ChainResult r =
      result(ChainStatus::pass, n, "every ARC-Seal and the newest ARC-Message-Signature validate");
  r.oldest_pass = oldest_pass;
  if (const dkim::Tag* d = newest_seal ? newest_seal->tags.find("d") : nullptr)
    r.seal_domain = d->value;
  return r;
}

// RFC 8617 10.1: the "arc" method, with the chain length and header.oldest-pass.
std::string authentication_results_arc(const ChainResult& r) {
  std::string out = "arc=" + std::string(chain_status_name(r.status));
  if (r.status != ChainStatus::none) out += " (i=" + std::to_string(r.instances) + ")";
  if (r.status == ChainStatus::pass) out += " header.oldest-pass=" + std::to_string(r.oldest_pass);
  return out;
}

}  // namespace ascot::arc
