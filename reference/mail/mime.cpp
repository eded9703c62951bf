// RFC 2045 5.1 (Content-Type), 5.2 (defaults); RFC 2046 5.1.1 (multipart boundaries), 5.2.1
// (message/rfc822).
#include "mail/mime.hpp"

#include "core/ascii.hpp"
#include "mail/lexer.hpp"

namespace ascot::mail {

std::optional<std::string> ContentType::parameter(std::string_view name) const {
  for (const auto& [k, v] : parameters) {
    if (ascii::iequals(k, name)) return v;
  }
  return std::nullopt;
}

Expected<ContentType> parse_content_type(std::string_view value) {
  Lexer lex(value);
  ContentType ct;
  auto skip = [&]() { return lex.skip_cfws(); };
  if (auto r = skip(); !r) return std::unexpected(r.error());
  auto type = lex.token();
  if (!type) return lex.error("expected a media type");
  if (auto r = skip(); !r) return std::unexpected(r.error());
  if (!lex.consume('/')) return lex.error("expected '/' after the media type");
  if (auto r = skip(); !r) return std::unexpected(r.error());
  auto subtype = lex.token();
  if (!subtype) return lex.error("expected a media subtype");
  ct.type = ascii::lower(*type);
  ct.subtype = ascii::lower(*subtype);
  while (true) {
    if (auto r = skip(); !r) return std::unexpected(r.error());
    if (lex.at_end()) break;
    if (!lex.consume(';')) return lex.error("expected ';' before a parameter");
    if (auto r = skip(); !r) return std::unexpected(r.error());
    if (lex.at_end()) break;  // a trailing ';' is common and harmless
    auto name = lex.token();
    if (!name) return lex.error("expected a parameter name");
    if (auto r = skip(); !r) return std::unexpected(r.error());
    if (!lex.consume('=')) return lex.error("expected '=' after the parameter name");
    if (auto r = skip(); !r) return std::unexpected(r.error());
    auto quoted = lex.quoted_string();
    if (!quoted) return std::unexpected(quoted.error());
    std::string v;
    if (*quoted) {
      v = std::move(**quoted);
    } else {
      auto t = lex.token();
      if (!t) return lex.error("expected a parameter value");
      v = std::string(*t);
    }
    ct.parameters.emplace_back(ascii::lower(*name), std::move(v));
  }
  return ct;
}

namespace {

struct Walker {
  const Message& message;
  std::size_t parts = 0;

  Expected<Part> part_at(Span range, int depth, bool digest_default) {
    if (depth > kMaxMimeDepth)
      return fail(Errc::limit_exceeded,
                  "MIME parts nested deeper than " + std::to_string(kMaxMimeDepth));
    if (++parts > kMaxParts)
      return fail(Errc::limit_exceeded, "more than " + std::to_string(kMaxParts) + " MIME parts");
    auto entity = parse_entity(message.bytes(), range);
    if (!entity) return std::unexpected(entity.error());
    return build(std::move(*entity), depth, digest_default);
  }

  Expected<Part> build(Entity entity, int depth, bool digest_default) {
    Part part;
    part.entity = std::move(entity);
    if (digest_default) {
      part.content_type.type = "message";
      part.content_type.subtype = "rfc822";
    }
    for (const auto& f : part.entity.fields) {
      if (!ascii::iequals(message.view(f.name), "Content-Type")) continue;
      auto ct = parse_content_type(message.view(f.value));
      if (!ct) return fail_at(ct.error(), "Content-Type");
      part.content_type = std::move(*ct);
      part.explicit_type = true;
      break;
    }
    if (part.content_type.type == "multipart") {
      auto boundary = part.content_type.parameter("boundary");
      if (!boundary || boundary->empty() || boundary->size() > 70) {
        return fail(
            Errc::parse_error,
            "a multipart needs a boundary parameter of 1 to 70 characters (RFC 2046 5.1.1)");
      }
      auto ranges = split(part.entity.body, *boundary);
      if (!ranges) return std::unexpected(ranges.error());
      bool digest = part.content_type.subtype == "digest";
      for (const auto& r : *ranges) {
        auto child = part_at(r, depth + 1, digest);
        if (!child) return std::unexpected(child.error());
        part.children.push_back(std::move(*child));
      }
    } else if (part.content_type.type == "message" && part.content_type.subtype == "rfc822") {
      auto child = part_at(part.entity.body, depth + 1, false);
      if (!child) return fail_at(child.error(), "the message/rfc822 part");
      part.children.push_back(std::move(*child));
    }
    return part;
  }

  // RFC 2046 5.1.1: a delimiter is a line "--" boundary, optionally followed by linear white
  // space; the CRLF before it belongs to it. The close delimiter adds "--".
  Expected<std::vector<Span>> split(Span body, const std::string& boundary) {
    std::string_view b = message.bytes();
    std::string dash = "--" + boundary;
    std::vector<Span> out;
    std::size_t end = body.offset + body.length;
    std::size_t line_start = body.offset;
    std::optional<std::size_t> part_start;
    while (line_start <= end) {
      std::size_t eol = b.find("\r\n", line_start);
      if (eol == std::string_view::npos || eol > end) eol = end;
      std::string_view line = b.substr(line_start, eol - line_start);
      if (line.starts_with(dash)) {
        std::string_view after = line.substr(dash.size());
        bool close = after.starts_with("--");
        if (close) after.remove_prefix(2);
        if (ascii::trim(after).empty()) {
          if (part_start) {
            // The part ends before the CRLF that precedes this delimiter line.
            std::size_t part_end = line_start >= *part_start + 2 ? line_start - 2 : *part_start;
            out.push_back({*part_start, part_end - *part_start});
          }
          if (close) return out;
          part_start = std::min(eol + 2, end);
        }
      }
      if (eol >= end) break;
      line_start = eol + 2;
    }
    return fail(Errc::parse_error,
                "the multipart has no close delimiter '--" + boundary + "--' (RFC 2046 5.1.1)");
  }
};

}  // namespace

Expected<Part> walk_mime(const Message& message) {
  Walker walker{message};
  ++walker.parts;
  return walker.build(message.entity(), 0, false);
}

}  // namespace ascot::mail
