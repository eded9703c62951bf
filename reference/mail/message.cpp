// RFC 5322 2.2 (header fields), 2.2.3 (folding), 3.6.8 (field names: ftext).
#include "mail/message.hpp"

#include "core/ascii.hpp"

namespace ascot::mail {

namespace {

bool is_ftext(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != ':';
}

std::unexpected<Error> at_line(std::string message, std::size_t line) {
  return fail(Errc::parse_error, std::move(message), "line " + std::to_string(line));
}

}  // namespace

Expected<Entity> parse_entity(std::string_view b, Span range, ParseOptions options) {
  Entity e;
  const std::size_t limit = range.offset + range.length;
  std::size_t pos = range.offset;
  std::size_t line = 1;
  // Returns the end of the line starting at |from| (the index of its CR, or of a bare LF when
  // allowed) and sets the length of the line ending; npos when the text ends without one.
  auto line_end = [&](std::size_t from, std::size_t& eol_length) -> Expected<std::size_t> {
    for (std::size_t i = from; i < limit; ++i) {
      if (b[i] == '\r') {
        if (i + 1 < limit && b[i + 1] == '\n') {
          eol_length = 2;
          return i;
        }
        return at_line("a bare CR (not followed by LF)", line);
      }
      if (b[i] == '\n') {
        if (!options.allow_bare_lf)
          return at_line("a line ends in a bare LF; messages use CRLF", line);
        eol_length = 1;
        return i;
      }
    }
    eol_length = 0;
    return std::string::npos;
  };

  while (pos < limit) {
    std::size_t eol_length = 0;
    auto end = line_end(pos, eol_length);
    if (!end) return std::unexpected(end.error());
    if (*end == pos) {  // the empty line: the body follows
      e.has_body = true;
      e.body = {pos + eol_length, limit - pos - eol_length};
      return e;
    }
    if (b[pos] == ' ' || b[pos] == '\t')
      return at_line("a continuation line before any header field", line);
    if (e.fields.size() == kMaxHeaderFields) {
      return fail(Errc::limit_exceeded,
                  "more than " + std::to_string(kMaxHeaderFields) + " header fields");
    }
    // The field name runs up to the colon; RFC 5322 4.5.8 (obsolete syntax) allows WSP before it.
    std::size_t colon = pos;
    while (colon < limit && is_ftext(b[colon])) ++colon;
    std::size_t name_end = colon;
    while (colon < limit && (b[colon] == ' ' || b[colon] == '\t')) ++colon;
    if (name_end == pos || colon >= limit || b[colon] != ':') {
      return at_line("not a header field (a field is a name of printable characters, then ':')",
                     line);
    }
    HeaderField f;
    f.name = {pos, name_end - pos};
    std::size_t value_start = colon + 1;
    // The field ends at a line ending not followed by WSP.
    std::size_t cursor = value_start;
    while (true) {
      auto field_eol = line_end(cursor, eol_length);
      if (!field_eol) return std::unexpected(field_eol.error());
      if (*field_eol == std::string::npos) {  // the text ends inside the field
        f.value = {value_start, limit - value_start};
        f.whole = {pos, limit - pos};
        cursor = limit;
        break;
      }
      std::size_t next = *field_eol + eol_length;
      ++line;
      if (next < limit && (b[next] == ' ' || b[next] == '\t')) {
        cursor = next;
        continue;
      }
      f.value = {value_start, *field_eol - value_start};
      f.whole = {pos, next - pos};
      cursor = next;
      break;
    }
    if (f.whole.length > kMaxFieldSize) {
      return at_line("a header field is longer than " + std::to_string(kMaxFieldSize) + " octets",
                     line);
    }
    e.fields.push_back(f);
    pos = cursor;
  }
  // No empty line: all header, no body.
  e.body = {limit, 0};
  return e;
}

Expected<Message> Message::parse(std::string bytes, ParseOptions options) {
  if (bytes.size() > kMaxMessageSize) {
    return fail(Errc::limit_exceeded,
                "message is larger than " + std::to_string(kMaxMessageSize) + " octets");
  }
  Message m;
  m.bytes_ = std::move(bytes);
  auto entity = parse_entity(m.bytes_, Span{0, m.bytes_.size()}, options);
  if (!entity) return std::unexpected(entity.error());
  m.entity_ = std::move(*entity);
  return m;
}

std::vector<const HeaderField*> Message::named(std::string_view name) const {
  std::vector<const HeaderField*> out;
  for (const auto& f : entity_.fields) {
    if (ascii::iequals(view(f.name), name)) out.push_back(&f);
  }
  return out;
}

std::optional<std::string_view> Message::first(std::string_view name) const {
  for (const auto& f : entity_.fields) {
    if (ascii::iequals(view(f.name), name)) return view(f.value);
  }
  return std::nullopt;
}

std::string unfold(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (value[i] == '\n') continue;
    out += value[i];
  }
  return out;
}

}  // namespace ascot::mail
