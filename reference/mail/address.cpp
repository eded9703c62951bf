// RFC 5322 3.4 (address specification), 3.4.1 (addr-spec), 4.4 (obsolete addressing).
#include "mail/address.hpp"

#include "mail/lexer.hpp"

namespace ascot::mail {

namespace {

// A word of a phrase or local-part: an atom (with dots, for obs-phrase and dot-atom) or a
// quoted-string.
struct Word {
  std::string text;  // quoting undone
  std::string raw;   // as written
};

Expected<std::optional<Word>> read_word(Lexer& lex) {
  if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
  if (auto atom = lex.atom(true)) return Word{std::string(*atom), std::string(*atom)};
  auto quoted = lex.quoted_string();
  if (!quoted) return std::unexpected(quoted.error());
  if (!*quoted) return std::optional<Word>();
  std::string raw = "\"";
  for (char c : **quoted) {
    if (c == '"' || c == '\\') raw += '\\';
    raw += c;
  }
  raw += '"';
  return Word{std::move(**quoted), std::move(raw)};
}

// domain = dot-atom / domain-literal (3.4.1).
Expected<std::string> read_domain(Lexer& lex) {
  if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
  if (lex.consume('[')) {
    std::string literal = "[";
    while (!lex.at_end() && lex.peek() != ']') {
      char c = lex.peek();
      if (c == '[' || c == '\\')
        return lex.error("a domain-literal may not hold '" + std::string(1, c) + "'");
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') literal += c;
      lex.advance(1);
    }
    if (!lex.consume(']')) return lex.error("the domain-literal does not end with ']'");
    return literal + "]";
  }
  auto atom = lex.atom(true);
  if (!atom) return lex.error("expected a domain after '@'");
  return std::string(*atom);
}

// The addr-spec after its local-part has been read: "@" domain.
Expected<Mailbox> finish_addr_spec(Lexer& lex, std::string local_part, std::string display_name) {
  if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
  if (!lex.consume('@')) return lex.error("expected '@' after the local-part");
  auto domain = read_domain(lex);
  if (!domain) return std::unexpected(domain.error());
  return Mailbox{std::move(display_name), std::move(local_part), std::move(*domain)};
}

Expected<Mailbox> read_mailbox(Lexer& lex) {
  std::vector<Word> words;
  for (;;) {
    auto word = read_word(lex);
    if (!word) return std::unexpected(word.error());
    if (!*word) break;
    words.push_back(std::move(**word));
  }
  if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
  if (lex.consume('<')) {
    // name-addr: [display-name] angle-addr.
    std::string display;
    for (const auto& w : words) display += (display.empty() ? "" : " ") + w.text;
    // obs-route ("@a,@b:") is not supported: it has not been generated for decades.
    std::string local;
    for (;;) {
      auto word = read_word(lex);
      if (!word) return std::unexpected(word.error());
      if (!*word) break;
      local += (*word)->raw;
      if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
      if (!lex.consume('.')) break;
      local += '.';
    }
    if (local.empty()) return lex.error("expected a local-part after '<'");
    auto box = finish_addr_spec(lex, std::move(local), std::move(display));
    if (!box) return box;
    if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
    if (!lex.consume('>')) return lex.error("expected '>' to end the address");
    if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
    return box;
  }
  // addr-spec: the words are the local-part (dot-atom, quoted-string, or obs-local-part).
  if (words.empty()) return lex.error("expected a mailbox");
  std::string local;
  for (const auto& w : words) local += w.raw;
  if (words.size() > 1) {
    // Two words without '<' are a display name with a missing address, not a local-part.
    bool dotted = true;
    for (std::size_t i = 1; i < words.size(); ++i) dotted = dotted && words[i].raw.front() == '.';
    if (!dotted) return lex.error("a display name must be followed by '<' and an address");
  }
  auto box = finish_addr_spec(lex, std::move(local), "");
  if (!box) return box;
  if (auto r = lex.skip_cfws(); !r) return std::unexpected(r.error());
  return box;
}

}  // namespace

Expected<std::vector<Mailbox>> parse_mailbox_list(std::string_view value) {
  Lexer lex(value);
  std::vector<Mailbox> out;
  for (;;) {
    auto box = read_mailbox(lex);
    if (!box) return std::unexpected(box.error());
    out.push_back(std::move(*box));
    if (lex.at_end()) return out;
    if (lex.peek() == ':' || lex.peek() == ';')
      return lex.error("groups are not allowed in a mailbox-list");
    if (!lex.consume(',')) return lex.error("expected ',' or the end after a mailbox");
  }
}

}  // namespace ascot::mail
