// RFC 6376 3.4: canonicalisation.
#include "core/ascii.hpp"
#include "dkim/canonicalization.hpp"

namespace ascot::dkim {

std::string_view canonicalization_name(Canonicalization c) {
  return c == Canonicalization::simple ? "simple" : "relaxed";
}

namespace {
bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}
}  // namespace

std::string canonical_header(std::string_view field, Canonicalization c) {
  if (c == Canonicalization::simple) return std::string(field);
  std::string out;
  out.reserve(field.size());
  std::size_t colon = field.find(':');
  if (colon == std::string_view::npos) colon = field.size();
  // 3.4.2: lower-case the name; delete WSP before the colon.
  std::string_view name = field.substr(0, colon);
  while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
  out = ascii::lower(name);
  out += ':';
  // Unfold, reduce WSP runs to one SP, and drop WSP after the colon and at the end.
  std::string_view value = colon < field.size() ? field.substr(colon + 1) : std::string_view();
  bool pending_space = false;
  bool started = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char ch = value[i];
    if (ch == '\r' || ch == '\n') continue;  // unfolding: the CRLFs go, the WSP after them stays
    if (is_wsp(ch)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    started = true;
    out += ch;
  }
  out += "\r\n";
  return out;
}

std::string canonical_body(std::string_view body, Canonicalization c) {
  std::string out;
  out.reserve(body.size() + 2);
  if (c == Canonicalization::simple) {
    out.assign(body);
  } else {
    // 3.4.4: per line, drop WSP at the end and reduce WSP runs to one SP. One pass writing
    // into a buffer the size of the input (the output is never longer); lines end at CRLF.
    out.resize(body.size());
    char* w = out.data();
    bool pending_space = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
      char ch = body[i];
      if (is_wsp(ch)) {
        pending_space = true;
        continue;
      }
      if (ch == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
        // The end of a line: WSP before it is dropped.
        pending_space = false;
        *w++ = '\r';
        *w++ = '\n';
        ++i;
        continue;
      }
      if (pending_space) *w++ = ' ';
      pending_space = false;
      *w++ = ch;
    }
    out.resize(static_cast<std::size_t>(w - out.data()));
  }
  // Drop empty lines at the end (for relaxed, lines that became empty too).
  while (out.ends_with("\r\n\r\n")) out.resize(out.size() - 2);
  if (out == "\r\n") out.clear();
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  if (c == Canonicalization::simple && out.empty()) out = "\r\n";
  return out;
}

}  // namespace ascot::dkim
