// mail/message.hpp: an Internet message (RFC 5322) that keeps its exact bytes.
//
// Message owns the bytes it was given and never changes them: a signature verifier must see
// what was sent, CRLF and all. parse() splits the header into fields (each with its exact
// text, folding included), keeps repeated fields in order, and finds where the body starts.
// Input is untrusted: every size is bounded by a named limit, malformed input gives an error
// value with the line it was found on, and nothing is allocated in proportion to data not yet
// seen. mail/fuzz/message_fuzz.cpp fuzzes it together with the MIME walker.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::mail {

// Limits (ASCOT's own; RFC 5322 2.1.1 limits a line to 998 octets, which real mail exceeds).
inline constexpr std::size_t kMaxMessageSize = 64u << 20;  // 64 MiB
inline constexpr std::size_t kMaxHeaderFields = 10000;
inline constexpr std::size_t kMaxFieldSize = 1u << 20;  // one field, folding included

// Span is a byte range of the message.
struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// HeaderField locates one field: |whole| from the first byte of the name to the end of the
// final CRLF; |name| the field name as written (without WSP before the colon); |value| from
// after the colon to before the final CRLF, folding CRLFs included.
struct HeaderField {
  Span whole;
  Span name;
  Span value;
};

struct ParseOptions {
  // Accept lines that end in a bare LF (files written on Unix) as if they ended in CRLF? The
  // bytes are never changed: offsets still point into the original text. Off by default,
  // because a signature over CRLF text cannot verify against LF text.
  bool allow_bare_lf = false;
};

// Entity is a header and body inside some bytes: a message, or a MIME part of one. Its spans
// point into the bytes it was parsed from.
struct Entity {
  std::vector<HeaderField> fields;
  Span body;
  bool has_body = false;
};

// parse_entity reads the header and body found in |bytes| within |range|. Offsets in the
// result are offsets into |bytes|; a line number in an error counts from the start of |range|.
Expected<Entity> parse_entity(std::string_view bytes, Span range, ParseOptions options = {});

class Message {
 public:
  // parse reads |bytes| as a message. Errors: a header line that is neither a field nor a
  // continuation, a field name with characters outside RFC 5322 ftext, a bare CR or LF,
  // and sizes beyond the limits above.
  static Expected<Message> parse(std::string bytes, ParseOptions options = {});

  const std::string& bytes() const { return bytes_; }
  std::string_view view(Span s) const {
    return std::string_view(bytes_).substr(s.offset, s.length);
  }

  const std::vector<HeaderField>& fields() const { return entity_.fields; }
  const Entity& entity() const { return entity_; }
  std::string_view name(const HeaderField& f) const { return view(f.name); }
  std::string_view value(const HeaderField& f) const { return view(f.value); }
  std::string_view whole(const HeaderField& f) const { return view(f.whole); }

  // named returns the fields called |name| (case-insensitive), top to bottom.
  std::vector<const HeaderField*> named(std::string_view name) const;
  // first returns the value of the first field called |name|, if any.
  std::optional<std::string_view> first(std::string_view name) const;

  // has_body reports whether an empty line separates the header from a body (which may be
  // empty); body() is the text after that line, or empty.
  bool has_body() const { return entity_.has_body; }
  std::string_view body() const { return view(entity_.body); }
  std::size_t body_offset() const { return entity_.body.offset; }

 private:
  std::string bytes_;
  Entity entity_;
};

// unfold removes the CRLFs of folding (RFC 5322 2.2.3) from a field value; a bare LF before
// WSP is removed as well.
std::string unfold(std::string_view value);

}  // namespace ascot::mail
