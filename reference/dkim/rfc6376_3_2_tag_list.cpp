// RFC 6376 3.2, tag=value lists:
//
//   tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
//   tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//   tag-name  =  ALPHA *ALNUMPUNC
//   tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
//   tval      =  1*VALCHAR
//   VALCHAR   =  %x21-3A / %x3C-7E      ; "!" to "~" except ";"
//   ALNUMPUNC =  ALPHA / DIGIT / "_"
#include "dkim/tag_list.hpp"

#include "core/ascii.hpp"

namespace ascot::dkim {

namespace {

bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

// Skips FWS ([*WSP CRLF] 1*WSP, or plain WSP). Returns false on a CR/LF that is not folding.
bool skip_fws(std::string_view s, std::size_t& i) {
  while (i < s.size()) {
    if (is_wsp(s[i])) {
      ++i;
    } else if (s[i] == '\r' && i + 2 < s.size() && s[i + 1] == '\n' && is_wsp(s[i + 2])) {
      i += 3;
    } else if (s[i] == '\r' || s[i] == '\n') {
      return false;
    } else {
      break;
    }
  }
  return true;
}

std::unexpected<Error> syntax(const std::string& what, std::size_t at) {
  return fail(Errc::parse_error, what + " (RFC 6376 3.2)", "offset " + std::to_string(at));
}

}  // namespace

Expected<TagList> TagList::parse(std::string_view s) {
  TagList out;
  std::size_t i = 0;
  while (true) {
    if (!skip_fws(s, i)) return syntax("a line break that is not folding", i);
    if (i >= s.size()) break;  // an empty tag-list, or a trailing ";"
    std::size_t name_start = i;
    if (!ascii::is_alpha(s[i])) return syntax("a tag name must start with a letter", i);
    while (i < s.size() && (ascii::is_alnum(s[i]) || s[i] == '_')) ++i;
    std::string name(s.substr(name_start, i - name_start));
    if (!skip_fws(s, i)) return syntax("a line break that is not folding", i);
    if (i >= s.size() || s[i] != '=')
      return syntax("expected '=' after the tag name '" + name + "'", i);
    ++i;
    if (!skip_fws(s, i)) return syntax("a line break that is not folding", i);
    std::size_t value_start = i;
    std::size_t value_end = i;  // end of the last tval
    while (i < s.size() && s[i] != ';') {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x21 && c <= 0x7e) {
        ++i;
        value_end = i;
      } else if (is_wsp(s[i]) || s[i] == '\r' || s[i] == '\n') {
        if (!skip_fws(s, i)) return syntax("a line break that is not folding", i);
      } else {
        return syntax("a character outside VALCHAR in the value of '" + name + "'", i);
      }
    }
    if (out.find(name) != nullptr)
      return syntax("the tag '" + name + "' appears twice", name_start);
    Tag tag;
    tag.name = std::move(name);
    tag.value = std::string(s.substr(value_start, value_end - value_start));
    tag.value_offset = value_start;
    tag.value_length = value_end - value_start;
    out.tags_.push_back(std::move(tag));
    if (i >= s.size()) break;
    ++i;  // the ';'
  }
  return out;
}

const Tag* TagList::find(std::string_view name) const {
  for (const auto& t : tags_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string remove_fws(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

}  // namespace ascot::dkim
