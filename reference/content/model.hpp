// content/model.hpp: what a trained Bayesian content filter knows (X.1240 7.9
// (derived-from-heading)), and how it learns.
//
// A Model holds, for every token it has seen, how many spam and how many ham messages held it,
// and how many spam and ham messages it was trained on: the counts Robinson's f(w) needs
// (classifier.hpp). A message counts each distinct token once (as in SpamBayes, which trains
// on the set of a message's tokens), so a word repeated a hundred times weighs as much as one.
//
// Two models share this interface: MemoryModel (memory_model.hpp), for tests and short-lived
// use, and SqliteModel (sqlite_model.hpp), whose state survives a restart. Both promise:
//   - lookup() may be called from any number of threads at once, also while train() runs;
//   - a lookup sees the model as it was before or after a whole train() call, never a part;
//   - train() calls are serialised (one trains, the others wait);
//   - train() is one transaction: if its work fails, nothing it learnt is kept.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace ascot::content {

enum class Label { ham, spam };

std::string_view label_name(Label label);  // "ham", "spam"

// TokenCounts says how many trained spam and ham messages held a token.
struct TokenCounts {
  std::uint64_t spam = 0;
  std::uint64_t ham = 0;
  friend bool operator==(const TokenCounts&, const TokenCounts&) = default;
};

// MessageCounts says how many spam and ham messages a model was trained on.
struct MessageCounts {
  std::uint64_t spam = 0;
  std::uint64_t ham = 0;
  friend bool operator==(const MessageCounts&, const MessageCounts&) = default;
};

// Evidence is what a model knows about some tokens, read as of one state of the model.
struct Evidence {
  MessageCounts messages;
  std::vector<TokenCounts> tokens;  // one per token asked about, in the same order
};

// Delta is a change to a model: signed changes to message and token counts. Counts never go
// below zero when a delta is applied (unlearning what was never learnt is a no-op).
struct Delta {
  std::int64_t spam_messages = 0;
  std::int64_t ham_messages = 0;
  struct Change {
    std::int64_t spam = 0;
    std::int64_t ham = 0;
  };
  std::unordered_map<std::string, Change> tokens;

  // add counts one message with |tokens| as |label|, |sign| +1 to learn or -1 to unlearn.
  // Repeated tokens in |tokens| count once.
  void add(std::span<const std::string> tokens, Label label, int sign);
  bool empty() const { return spam_messages == 0 && ham_messages == 0 && tokens.empty(); }
};

// Trainer collects what one train() call learns. A model hands it to the work it runs; the
// work calls learn() and unlearn(). When |flush_at| distinct tokens are pending, the trainer
// moves them to |flush| (which writes them into the open transaction) so that memory stays
// bounded however large the corpus; finish() flushes the rest.
class Trainer {
 public:
  using Flush = std::function<Expected<void>(Delta&&)>;

  Trainer(Flush flush, std::size_t flush_at) : flush_(std::move(flush)), flush_at_(flush_at) {}
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // learn counts one message with |tokens| (tokenize()'s output) as |label|.
  Expected<void> learn(std::span<const std::string> tokens, Label label);
  // unlearn takes back a message learnt earlier with the same tokens and label (to correct a
  // mistake in training).
  Expected<void> unlearn(std::span<const std::string> tokens, Label label);

  // messages returns how many learn() and unlearn() calls this trainer has taken.
  std::uint64_t messages() const { return messages_; }

  // finish passes what is still pending to |flush|. Called by the model, not by the work.
  Expected<void> finish();

 private:
  Expected<void> add(std::span<const std::string> tokens, Label label, int sign);

  Flush flush_;
  std::size_t flush_at_;
  Delta pending_;
  std::uint64_t messages_ = 0;
};

// Model is a store of token counts (see the top of this file for its thread-safety).
class Model {
 public:
  virtual ~Model() = default;

  // lookup returns the message counts and the counts of each of |tokens| (unknown tokens
  // count zero), all read from one state of the model. Fails only on I/O errors.
  virtual Expected<Evidence> lookup(std::span<const std::string> tokens) const = 0;

  // train runs |work| in one transaction and keeps what it learnt if it succeeds; if |work|
  // (or writing) fails, the model is unchanged and the error is returned.
  virtual Expected<void> train(const std::function<Expected<void>(Trainer&)>& work) = 0;
};

}  // namespace ascot::content
