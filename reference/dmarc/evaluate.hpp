// dmarc/evaluate.hpp: DMARC evaluation (RFC 7489 6.6, RFC 9989 4.10 and 5.3).
//
// evaluate() takes the SPF and DKIM results already computed for a message and decides the
// DMARC result, the policy that applies and the domain owner's requested disposition. It
// discovers the policy through an injected Resolver: RFC 7489 looks at the From domain and
// its organizational domain (from a Public Suffix List); RFC 9989 walks the DNS tree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dmarc/record.hpp"
#include "dns/resolver.hpp"

namespace ascot::dmarc {

enum class Result { pass, fail, none, temperror, permerror };

std::string_view result_name(Result r);

// RFC 9989 4.10: a tree walk makes at most eight queries.
inline constexpr std::size_t kMaxWalkQueries = 8;

// AuthResult is an authenticated identifier's outcome: for SPF the domain it checked, for
// DKIM a signature's d=, each with its RFC 8601 result ("pass", "fail", "temperror", ...).
struct AuthResult {
  std::string result;
  std::string domain;
};

struct Question {
  Mode mode = Mode::rfc7489;
  std::string from_domain;  // the RFC5322.From domain
  AuthResult spf;
  std::vector<AuthResult> dkim;
  // RFC 7489 6.6.4: the receiver's draw in 0..99; the message is subject to the policy when
  // the draw is below pct. nullopt: no sampling (the policy applies).
  std::optional<int> sample;
};

struct Options {
  // RFC 7489 mode: the Public Suffix List. Required in that mode.
  const PublicSuffixList* psl = nullptr;
};

struct Evaluation {
  Result result = Result::none;
  std::optional<Policy> policy;       // p, sp or np as it applies to the From domain
  std::optional<Policy> disposition;  // for fail: after pct sampling (7489) or t=y (9989)
  std::string policy_domain;          // whose _dmarc record supplied the policy
  std::string org_domain;             // the From domain's organizational domain
  std::optional<bool> spf_aligned;
  std::optional<bool> dkim_aligned;
  std::string problem;             // why none, temperror or permerror
  std::vector<std::string> trace;  // each step, for transcripts
};

Evaluation evaluate(const Question& question, dns::Resolver& resolver, const Options& options = {});

// authentication_results_dmarc returns the resinfo of RFC 8601 2.7.6 / RFC 7489 11.2:
// "dmarc=fail (p=reject dis=reject) header.from=example.com".
std::string authentication_results_dmarc(const Evaluation& e, std::string_view from_domain);

}  // namespace ascot::dmarc
