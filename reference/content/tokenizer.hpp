// content/tokenizer.hpp: the tokens a Bayesian content filter counts (X.1240 7.9
// (derived-from-heading)).
//
// tokenize() turns a message into a list of distinct tokens, in order of first appearance:
//   - words of selected header fields, prefixed with the field name: "subject:free",
//     "from:example" (Paul Graham, "Better Bayesian Filtering", 2003, marks header words with
//     their field in the same way, because "free" in a Subject says more than in a body);
//   - "part:<media type>" for every leaf MIME part ("part:image/gif"), as SpamBayes's
//     tokeniser does for content types;
//   - "url:<host>" and "url:<parent>" for every URL host and each parent domain of at least
//     two labels: http://www.shop.example/x gives url:www.shop.example and url:shop.example;
//   - the words of the decoded body text (text.hpp: transfer encodings undone, HTML stripped).
// A word is a run of ASCII letters and digits, "-", "'", "$" and octets above 0x7f (Graham,
// "A Plan for Spam", 2002, takes letters, digits, dashes, apostrophes and dollar signs; octets
// above 0x7f keep UTF-8 words whole), with dashes and apostrophes trimmed from its ends,
// ASCII-lower-cased, of kMinWordLength to kMaxWordLength octets, and not all digits (Graham
// ignores all-digit tokens too). Longer words are dropped, not cut.
//
// Cost: linear in the message; at most kMaxTokens tokens, after which the rest of the message
// is not read (TokenList::truncated says so). Never fails: malformed input gives fewer tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "content/text.hpp"
#include "mail/message.hpp"

namespace ascot::content {

// SpamBayes's tokenizer ignores words shorter than 3 characters (tokenizer.py); its long-word
// cut is 12 (Options.py skip_max_word_size). 40 is ASCOT's: long enough for German compounds
// and product names, short enough to drop base64 and hash runs that are no words at all.
inline constexpr std::size_t kMinWordLength = 3;
inline constexpr std::size_t kMaxWordLength = 40;
// kMaxTokens bounds the distinct tokens of one message (ASCOT's choice). The classifier uses
// at most kMaxDiscriminators of them; training counts them all, so the bound also bounds
// what one message can add to a model.
inline constexpr std::size_t kMaxTokens = 10000;

// kTokenizedFields names the header fields whose words become "<field>:<word>" tokens. Trace
// and date fields (Received, Date, Message-ID) are left out: SpamBayes's Options.py warns that
// they become strong but bogus clues whenever ham and spam were collected at different times
// or places.
inline constexpr std::string_view kTokenizedFields[] = {
    "subject", "from", "to", "cc", "reply-to", "content-type", "x-mailer", "user-agent"};

// TokenList is what tokenize() returns.
struct TokenList {
  std::vector<std::string> tokens;  // distinct, in order of first appearance
  bool truncated = false;           // kMaxTokens was reached, or the text was cut (text.hpp)
};

// tokenize returns the tokens of |text| (see above).
TokenList tokenize(const MessageText& text);

// tokenize reads the text of |message| (read_text) and returns its tokens.
TokenList tokenize(const mail::Message& message);

}  // namespace ascot::content
