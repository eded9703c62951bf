// content/classifier.hpp: Bayesian content classification (X.1240 7.9 (derived-from-heading))
// by Gary Robinson's method: "A Statistical Approach to the Spam Problem", Linux Journal,
// March 2003. SpamBayes uses the same method (its "chi-squared combining"); where a figure
// below comes from SpamBayes, its Options.py defaults are the source.
//
// For each token w of a message, with b(w) the fraction of trained spam messages holding w,
// g(w) the fraction of trained ham holding it, and n its number of trained messages:
//   p(w) = b(w) / (b(w) + g(w))
//   f(w) = (s * x + n * p(w)) / (s + n)          Robinson's degree of belief; unseen: f = x
// The interesting tokens are those with |f(w) - 0.5| > kMinimumProbStrength, the
// kMaxDiscriminators farthest from 0.5. Fisher's method combines their f(w) (n of them):
//   H = C^-1(-2 ln prod f(w), 2n)       S = C^-1(-2 ln prod (1 - f(w)), 2n)
//   I = (1 + H - S) / 2
// where C^-1(chi, df) is the probability that a chi-square variable with df degrees of
// freedom is at least chi (chi2_survival). If the f(w) were random, -2 ln prod f(w) would be
// chi-square distributed with 2n degrees of freedom; many f(w) near 0 (hammy tokens) make the
// product small, the statistic large and H small. Many f(w) near 1 make S small. So I is near
// 1 for spam, near 0 for ham, and near 0.5 when the evidence is absent or points both ways.
// With no interesting tokens I = 0.5.
//
// score() is the pure core; classify() reads the counts from a Model first. Neither throws.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"
#include "mail/message.hpp"

namespace ascot::content {

// Robinson's s, the strength given to the prior belief x, in units of messages. Robinson's
// paper starts from s = 1 and tunes from there; SpamBayes settled on 0.45. ASCOT keeps 1.
inline constexpr double kRobinsonS = 1.0;
// Robinson's x, the belief about a token never seen: neither spammy nor hammy. SpamBayes's
// Options.py notes that nobody reported an improvement from moving it away from 1/2.
inline constexpr double kRobinsonX = 0.5;
// Tokens with |f(w) - 0.5| at or below this are ignored when scoring (SpamBayes's
// robinson_minimum_prob_strength default, 0.1).
inline constexpr double kMinimumProbStrength = 0.1;
// At most this many tokens, the farthest from 0.5, are combined (SpamBayes's
// max_discriminators default, 150).
inline constexpr std::size_t kMaxDiscriminators = 150;
// A message with I below kHamCutoff is ham, at or above kSpamCutoff spam, else unsure
// (SpamBayes's ham_cutoff and spam_cutoff defaults for chi-squared combining, 0.20 and 0.90).
inline constexpr double kHamCutoff = 0.20;
inline constexpr double kSpamCutoff = 0.90;

struct ClassifierOptions {
  double s = kRobinsonS;
  double x = kRobinsonX;
  double minimum_prob_strength = kMinimumProbStrength;
  std::size_t max_discriminators = kMaxDiscriminators;
  double ham_cutoff = kHamCutoff;
  double spam_cutoff = kSpamCutoff;
};

enum class Verdict { ham, unsure, spam };

std::string_view verdict_name(Verdict verdict);  // "ham", "unsure", "spam"

// token_probability returns Robinson's f(w) for a token with |counts| in a model trained on
// |messages|. A token never seen (n = 0) gets x. A count larger than its message count (a
// damaged model) is taken as equal to it, so f(w) stays in [0, 1].
double token_probability(TokenCounts counts, MessageCounts messages,
                         const ClassifierOptions& options = {});

// chi2_survival returns C^-1(chi2, degrees): the probability that a chi-square variable with
// |degrees| degrees of freedom is at least |chi2|. |degrees| must be even (Fisher's method
// always gives 2n); the closed form for even degrees is used,
//   Q = exp(-m) * sum_{i=0}^{degrees/2 - 1} m^i / i!,   m = chi2 / 2,
// summed in logarithms so that large m cannot underflow the first term to zero.
double chi2_survival(double chi2, std::size_t degrees);

// Combined is the outcome of Fisher's combining.
struct Combined {
  double h = 1.0;          // H: falls toward 0 with strong ham evidence
  double s = 1.0;          // S: falls toward 0 with strong spam evidence
  double indicator = 0.5;  // I = (1 + H - S) / 2, in [0, 1]
};

// combine applies Fisher's method to |probabilities| (each f(w) in [0, 1]; values are clamped
// into that range). An empty list gives H = S = 1 and I = 0.5.
Combined combine(std::span<const double> probabilities);

// Clue is one token that took part in a score.
struct Clue {
  std::string token;
  double probability = 0.5;  // f(w)
  TokenCounts counts;
};

// Score is the classification of one message.
struct Score {
  double indicator = 0.5;  // I
  double h = 1.0;
  double s = 1.0;
  Verdict verdict = Verdict::unsure;
  std::vector<Clue> clues;  // the combined tokens, most extreme first
  std::size_t tokens = 0;   // distinct tokens of the message
  bool truncated = false;   // the tokeniser stopped at a limit (TokenList::truncated)
};

// score classifies the distinct |tokens| given |evidence| about them (the model's answer to
// lookup(tokens), one TokenCounts per token). Pure. Ties in extremeness are broken by the
// token's octets, so a score does not depend on hash order.
Score score(std::span<const std::string> tokens, const Evidence& evidence,
            const ClassifierOptions& options = {});

// classify looks |tokens| up in |model| and scores them. Fails only when the model fails.
Expected<Score> classify(std::span<const std::string> tokens, const Model& model,
                         const ClassifierOptions& options = {});

// classify tokenises |message| (tokenize()) and classifies it.
Expected<Score> classify(const mail::Message& message, const Model& model,
                         const ClassifierOptions& options = {});

}  // namespace ascot::content
