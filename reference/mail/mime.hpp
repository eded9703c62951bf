// mail/mime.hpp: MIME structure (RFC 2045, RFC 2046): Content-Type and the tree of parts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "mail/message.hpp"

namespace ascot::mail {

// kMaxMimeDepth bounds nesting of multiparts and encapsulated messages; kMaxParts bounds the
// parts of the whole tree.
inline constexpr int kMaxMimeDepth = 32;
inline constexpr std::size_t kMaxParts = 10000;

// ContentType is a parsed Content-Type field (RFC 2045 5.1). Type, subtype and parameter
// names are lower-cased; parameter values keep their case, with quoting undone.
struct ContentType {
  std::string type = "text";
  std::string subtype = "plain";
  std::vector<std::pair<std::string, std::string>> parameters;

  std::string media_type() const { return type + "/" + subtype; }
  std::optional<std::string> parameter(std::string_view name) const;
};

// parse_content_type reads the value of a Content-Type field.
Expected<ContentType> parse_content_type(std::string_view value);

// Part is one node of a message's MIME tree. Spans point into the root message's bytes.
struct Part {
  Entity entity;
  ContentType
      content_type;  // RFC 2045 5.2 default: text/plain (or message/rfc822 in a multipart/digest)
  bool explicit_type = false;  // the part had a Content-Type field
  std::vector<Part> children;  // the parts of a multipart; the message inside message/rfc822
};

// walk_mime parses the MIME tree of |message|. Multipart bodies are split at their boundary
// (RFC 2046 5.1.1); a missing close delimiter, a multipart without a boundary parameter, or
// nesting beyond kMaxMimeDepth is an error.
Expected<Part> walk_mime(const Message& message);

}  // namespace ascot::mail
