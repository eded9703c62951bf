// Robinson's f(w) and Fisher's chi-square combining (Gary Robinson, "A Statistical Approach
// to the Spam Problem", Linux Journal, 2003): the formulas are in classifier.hpp.
#include <algorithm>
#include <cmath>

#include "content/classifier.hpp"
#include "content/tokenizer.hpp"

namespace ascot::content {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::ham:
      return "ham";
    case Verdict::unsure:
      return "unsure";
    case Verdict::spam:
      return "spam";
  }
  return "unsure";
}

double token_probability(TokenCounts counts, MessageCounts messages,
                         const ClassifierOptions& options) {
  const std::uint64_t spam = std::min(counts.spam, messages.spam);
  const std::uint64_t ham = std::min(counts.ham, messages.ham);
  const auto n = static_cast<double>(spam + ham);
  if (spam + ham == 0) return options.x;
  // b(w) and g(w): the fractions of spam and of ham that held w. A zero count gives a zero
  // fraction without dividing (its message count may be zero too).
  const double b = spam == 0 ? 0.0 : static_cast<double>(spam) / static_cast<double>(messages.spam);
  const double g = ham == 0 ? 0.0 : static_cast<double>(ham) / static_cast<double>(messages.ham);
  const double p = b / (b + g);
  return (options.s * options.x + n * p) / (options.s + n);
}

double chi2_survival(double chi2, std::size_t degrees) {
  if (degrees < 2 || !(chi2 > 0.0)) return 1.0;  // also NaN
  if (std::isinf(chi2)) return 0.0;
  const double m = chi2 / 2.0;
  const double log_m = std::log(m);
  double log_term = -m;  // log of m^i e^-m / i!, for i = 0
  double sum = std::exp(log_term);
  for (std::size_t i = 1; i < degrees / 2; ++i) {
    log_term += log_m - std::log(static_cast<double>(i));
    sum += std::exp(log_term);
  }
  return std::min(sum, 1.0);
}

Combined combine(std::span<const double> probabilities) {
  Combined out;
  if (probabilities.empty()) return out;
  // Sums of logarithms instead of products: 150 factors of 0.01 would underflow a double.
  double log_f = 0.0, log_not_f = 0.0;
  for (double f : probabilities) {
    if (std::isnan(f)) f = 0.5;
    f = std::clamp(f, 0.0, 1.0);
    log_f += std::log(f);
    log_not_f += std::log(1.0 - f);
  }
  const std::size_t degrees = 2 * probabilities.size();
  out.h = chi2_survival(-2.0 * log_f, degrees);
  out.s = chi2_survival(-2.0 * log_not_f, degrees);
  out.indicator = std::clamp((1.0 + out.h - out.s) / 2.0, 0.0, 1.0);
  return out;
}

Score score(std::span<const std::string> tokens, const Evidence& evidence,
            const ClassifierOptions& options) {
  Score out;
  out.tokens = tokens.size();
  struct Candidate {
    std::size_t index;
    double f;
    double strength;  // |f - 0.5|
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < tokens.size() && i < evidence.tokens.size(); ++i) {
    double f = token_probability(evidence.tokens[i], evidence.messages, options);
    double strength = std::fabs(f - 0.5);
    if (strength > options.minimum_prob_strength) candidates.push_back({i, f, strength});
  }
  auto more_extreme = [&](const Candidate& a, const Candidate& b) {
    if (a.strength != b.strength) return a.strength > b.strength;
    return tokens[a.index] < tokens[b.index];
  };
  std::size_t keep = std::min(candidates.size(), options.max_discriminators);
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                    candidates.end(), more_extreme);
  candidates.resize(keep);
  std::vector<double> probabilities;
  probabilities.reserve(keep);
  for (const auto& c : candidates) {
    probabilities.push_back(c.f);
    out.clues.push_back({tokens[c.index], c.f, evidence.tokens[c.index]});
  }
  Combined combined = combine(probabilities);
  out.indicator = combined.indicator;
  out.h = combined.h;
  out.s = combined.s;
  out.verdict = out.indicator < options.ham_cutoff     ? Verdict::ham
                : out.indicator >= options.spam_cutoff ? Verdict::spam
                                                       : Verdict::unsure;
  return out;
}

Expected<Score> classify(std::span<const std::string> tokens, const Model& model,
                         const ClassifierOptions& options) {
  auto evidence = model.lookup(tokens);
  if (!evidence) return std::unexpected(evidence.error());
  return score(tokens, *evidence, options);
}

Expected<Score> classify(const mail::Message& message, const Model& model,
                         const ClassifierOptions& options) {
  TokenList list = tokenize(message);
  auto result = classify(list.tokens, model, options);
  if (result) result->truncated = list.truncated;
  return result;
}

}  // namespace ascot::content
