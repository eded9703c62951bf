// dkim/tag_list.hpp: the tag=value lists of DKIM signatures, DKIM key records and ARC fields
// (RFC 6376 3.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::dkim {

// Tag is one tag-spec. |value| has its leading and trailing FWS removed (white space inside
// it is kept: callers that need it gone, such as b=, remove it). |value_offset| and
// |value_length| locate the raw value (inner FWS included) in the parsed text, so that a
// verifier can blank b= in the exact bytes (3.7).
struct Tag {
  std::string name;
  std::string value;
  std::size_t value_offset = 0;
  std::size_t value_length = 0;
};

class TagList {
 public:
  // parse reads a tag-list. Errors: a tag-spec that does not follow the grammar, a tag name
  // given twice ("the entire tag-list is invalid", 3.2), characters outside the grammar.
  static Expected<TagList> parse(std::string_view text);

  const std::vector<Tag>& tags() const { return tags_; }
  // find returns the tag called |name| (case-sensitive, 3.2), or nullptr.
  const Tag* find(std::string_view name) const;

 private:
  std::vector<Tag> tags_;
};

// remove_fws returns |value| without any white space or line breaks (for base64 values).
std::string remove_fws(std::string_view value);

}  // namespace ascot::dkim
