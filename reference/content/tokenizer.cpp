// The tokeniser of the Bayesian content filter (X.1240 7.9 (derived-from-heading)); the
// choices and their sources are listed in tokenizer.hpp.
#include "content/tokenizer.hpp"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "core/ascii.hpp"

namespace ascot::content {

namespace {

bool is_word_char(char c) {
  return ascii::is_alnum(c) || c == '-' || c == '\'' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Hashes std::string and std::string_view alike, so that a word already seen is found
// without building a std::string for it (most words of a long message are repeats).
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Collector {
 public:
  // add keeps |prefix| + |text| if it is new; false once kMaxTokens tokens are held.
  bool add(std::string_view prefix, std::string_view text) {
    scratch_.assign(prefix);
    scratch_ += text;
    return keep_scratch();
  }

  // words adds the words of |text|, each prefixed with |prefix|; false once full.
  bool words(std::string_view text, std::string_view prefix) {
    std::size_t i = 0;
    while (i < text.size()) {
      if (!is_word_char(text[i])) {
        ++i;
        continue;
      }
      std::size_t start = i;
      while (i < text.size() && is_word_char(text[i])) ++i;
      std::string_view word = text.substr(start, i - start);
      while (!word.empty() && (word.front() == '-' || word.front() == '\'')) word.remove_prefix(1);
      while (!word.empty() && (word.back() == '-' || word.back() == '\'')) word.remove_suffix(1);
      if (word.size() < kMinWordLength || word.size() > kMaxWordLength) continue;
      if (std::all_of(word.begin(), word.end(), ascii::is_digit)) continue;
      scratch_.assign(prefix);
      for (char c : word) scratch_ += ascii::to_lower(c);
      if (!keep_scratch()) return false;
    }
    return true;
  }

  // reserve sizes the set for about |n| tokens, sparing the rehashes of a growing table.
  void reserve(std::size_t n) {
    n = std::min(n, kMaxTokens);
    seen_.reserve(n);
    list_.tokens.reserve(n);
  }

  TokenList take() { return std::move(list_); }

 private:
  bool keep_scratch() {
    if (seen_.find(std::string_view(scratch_)) != seen_.end()) return true;
    if (list_.tokens.size() >= kMaxTokens) {
      list_.truncated = true;
      return false;
    }
    seen_.insert(scratch_);
    list_.tokens.push_back(scratch_);
    return true;
  }

  TokenList list_;
  std::unordered_set<std::string, TransparentHash, std::equal_to<>> seen_;
  std::string scratch_;  // the token being built
};

bool tokenized_field(std::string_view name) {
  return std::find(std::begin(kTokenizedFields), std::end(kTokenizedFields), name) !=
         std::end(kTokenizedFields);
}

}  // namespace

TokenList tokenize(const MessageText& text) {
  Collector c;
  // About one distinct token per 16 octets of text in the mail measured by content_bench.
  c.reserve(64 + text.body.size() / 16);
  auto run = [&]() {
    for (const auto& h : text.headers) {
      if (tokenized_field(h.name) && !c.words(h.value, h.name + ":")) return;
    }
    for (const auto& type : text.part_types) {
      if (!c.add("part:", type)) return;
    }
    for (const auto& host : text.url_hosts) {
      // The host, then each parent domain of at least two labels (an IPv4 address has none:
      // its "parents" would be meaningless).
      std::string_view h = host;
      bool address =
          std::all_of(h.begin(), h.end(), [](char ch) { return ascii::is_digit(ch) || ch == '.'; });
      while (true) {
        if (!c.add("url:", h)) return;
        std::size_t dot = h.find('.');
        if (address || h.find('.', dot + 1) == std::string_view::npos) break;
        h.remove_prefix(dot + 1);
      }
    }
    c.words(text.body, "");
  };
  run();
  TokenList list = c.take();
  if (text.truncated) list.truncated = true;
  return list;
}

TokenList tokenize(const mail::Message& message) {
  return tokenize(read_text(message));
}

}  // namespace ascot::content
