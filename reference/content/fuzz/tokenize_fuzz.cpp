// Fuzz target: the content filter's reading of untrusted messages (X.1240 7.9
// (derived-from-heading)): the decoders (RFC 2045 6.7 and 6.8, RFC 2047, HTML, URL hosts) on
// the raw input, then read_text, tokenize and the rules on the input parsed as a message. Every
// output must respect its documented bound.
#include <cstdint>
#include <string>
#include <string_view>

#include "content/rules.hpp"
#include "content/text.hpp"
#include "content/tokenizer.hpp"
#include "mail/message.hpp"
#include "mail/mime.hpp"

namespace {

const ascot::content::RuleSet& rules() {
  using namespace ascot::content;
  static const RuleSet set = *RuleSet::compile({
      {.id = "kw", .target = Target::any, .kind = RuleKind::keyword, .pattern = "free"},
      {.id = "rx", .target = Target::body, .kind = RuleKind::regex, .pattern = "[a-z]+@[a-z]+"},
      {.id = "hdr",
       .target = Target::header,
       .header = "X-Mailer",
       .kind = RuleKind::regex,
       .pattern = "bulk.*mail",
       .ignore_case = true},
  });
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ascot::content;
  std::string_view input(reinterpret_cast<const char*>(data), size);

  if (decode_quoted_printable(input).size() > input.size()) __builtin_trap();
  if (auto b = decode_base64(input); b && b->size() > input.size()) __builtin_trap();
  if (decode_encoded_words(input).size() > input.size()) __builtin_trap();
  if (strip_html(input).size() > input.size()) __builtin_trap();
  std::vector<std::string> hosts;
  append_url_hosts(input, hosts);
  if (hosts.size() > kMaxUrlHosts) __builtin_trap();
  for (const auto& h : hosts) {
    if (h.empty() || h.size() > kMaxHostLength) __builtin_trap();
  }

  for (bool lf : {false, true}) {
    auto m = ascot::mail::Message::parse(std::string(input), {lf});
    if (!m) continue;
    MessageText text = read_text(*m);
    if (text.body.size() > kMaxTextBytes + ascot::mail::kMaxParts) __builtin_trap();
    if (text.url_hosts.size() > kMaxUrlHosts) __builtin_trap();
    TokenList list = tokenize(text);
    if (list.tokens.size() > kMaxTokens) __builtin_trap();
    for (const auto& t : list.tokens) {
      if (t.empty()) __builtin_trap();
    }
    RuleResult r = evaluate(text, rules());
    if (r.hits.size() > rules().size()) __builtin_trap();
  }
  return 0;
}
