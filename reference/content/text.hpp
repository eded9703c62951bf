// content/text.hpp: the text a content filter reads in a message (X.1240 7.9
// (derived-from-heading): filtering on content).
//
// A filter that looked at the raw bytes would see base64 and quoted-printable, HTML markup and
// RFC 2047 encoded words, and spam hides in all of them. read_text() undoes those layers once,
// so the Bayesian tokeniser (tokenizer.hpp) and the keyword and regex rules (rules.hpp) read
// the same decoded text. The message is untrusted input: read_text() never fails, runs in time
// linear in the message, and keeps at most kMaxTextBytes of decoded body text and kMaxUrlHosts
// hosts. A part whose transfer encoding cannot be undone is read as it stands ("raw"); a
// message whose MIME structure does not parse has its whole body read raw. Character sets are
// not converted: text keeps the octets of its charset (UTF-8 in most mail today), and only
// ASCII letters are ever case-folded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/message.hpp"

namespace ascot::content {

// kMaxTextBytes bounds the decoded body text taken from one message (ASCOT's choice). A spam
// that hides its payload after a mebibyte of filler is not worth unbounded work per message,
// and the bound keeps tokenising and rule matching linear with a known ceiling.
inline constexpr std::size_t kMaxTextBytes = 1u << 20;
// kMaxUrlHosts bounds the distinct URL hosts taken from one message (ASCOT's choice; every host
// becomes a few tokens, and a body could otherwise name thousands).
inline constexpr std::size_t kMaxUrlHosts = 100;
// RFC 1035 2.3.4: a domain name is at most 253 octets in text form (255 on the wire), a label
// at most 63. Longer "hosts" are not hosts and are not taken.
inline constexpr std::size_t kMaxHostLength = 253;
inline constexpr std::size_t kMaxLabelLength = 63;

// HeaderText is one header field as a filter reads it: |name| lower-cased, |value| unfolded
// (RFC 5322 2.2.3), with RFC 2047 encoded words decoded and surrounding white space trimmed.
struct HeaderText {
  std::string name;
  std::string value;
};

// MessageText is the decoded text of one message.
struct MessageText {
  std::vector<HeaderText> headers;      // every field of the top-level header, in order
  std::vector<std::string> part_types;  // media type of every leaf part ("text/plain"), in order
  // The decoded text of the text/plain and text/html parts (HTML reduced to its text by
  // strip_html), each part followed by a LF; or the raw body when the MIME structure did not
  // parse. At most kMaxTextBytes.
  std::string body;
  // Distinct lower-case hosts of the http(s) URLs and bare "www." names in those parts (HTML
  // read before its tags were stripped, so href and src attributes count), in order of first
  // appearance; at most kMaxUrlHosts.
  std::vector<std::string> url_hosts;
  bool mime_ok = true;        // false: walk_mime failed and |body| is the raw body
  std::size_t raw_parts = 0;  // text parts read raw because their encoding could not be undone
  bool truncated = false;     // |body| or |url_hosts| reached its limit

  // subject returns the value of the first Subject field, or empty.
  std::string_view subject() const;
};

// read_text decodes |message| as described above. Never fails.
MessageText read_text(const mail::Message& message);

// decode_quoted_printable undoes the quoted-printable encoding (RFC 2045 6.7) of |text|,
// producing at most |max_output| octets. Never fails: "=XX" with hex digits of either case
// becomes the octet, "=" before a line break (after optional transport white space) is a soft
// line break, white space before a hard line break is removed (rule 3), and an "=" that starts
// neither is kept as it stands, as the note in 6.7 suggests for robust decoders.
std::string decode_quoted_printable(std::string_view text, std::size_t max_output = kMaxTextBytes);

// decode_base64 undoes the base64 encoding (RFC 2045 6.8) of |text|, producing at most
// |max_output| octets. As 6.8 requires, characters outside the base64 alphabet are ignored and
// the first "=" ends the data. Returns nullopt when |text| is not base64 at all: when a single
// character is left over after the last whole quantum (6 bits cannot make an octet), or when
// characters that an encoder never writes (outside the alphabet, other than line breaks and
// white space at the end of a line) are more than kMaxBase64Junk of the characters read. A
// text part mislabelled as base64 is then read as the text it is: running text has a space
// every five or six characters, while a stray character or two, which 6.8 says to ignore,
// is tolerated.
inline constexpr double kMaxBase64Junk = 0.10;  // ASCOT's choice; see decode_base64
std::optional<std::string> decode_base64(std::string_view text,
                                         std::size_t max_output = kMaxTextBytes);

// decode_encoded_words decodes the RFC 2047 encoded words ("=?charset?B?...?=" and
// "=?charset?Q?...?=") in a header field value and drops the white space between two adjacent
// encoded words (6.2). The charset is not converted. An encoded word that does not decode is
// left as it stands. Linear in |text|.
std::string decode_encoded_words(std::string_view text);

// strip_html reduces HTML to its text, crudely but safely (linear time, never fails):
//   - a tag ("<" followed by a letter, "/", "!" or "?", up to the next ">") becomes a space, or
//     a LF for tags that break lines (br, p, div, li, tr, h1-h6, table, blockquote);
//   - a comment ("<!--" to "-->") is removed without a trace, so that "fr<!-- -->ee" reads as
//     "free" (Paul Graham, "A Plan for Spam", 2002, ignores comments in the same way, since
//     spammers split words with them);
//   - the content of script and style elements is removed;
//   - the character references &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric ones (&#86;,
//     &#x56;) are decoded, numeric ones to UTF-8; any other "&" stays as it stands.
// A "<" that never closes removes the rest of the text, as a browser would not show it either.
std::string strip_html(std::string_view html);

// append_url_hosts adds to |hosts| the distinct hosts of the URLs in |text| that are not in it
// yet, stopping at |max_hosts|; returns false when it had to stop. Recognised: "http://" and
// "https://" (any case) followed by an authority (RFC 3986 3.2), whose host is what follows
// its last "@" (so "http://bank.example@evil.example/" gives evil.example, where a browser
// goes), and bare "www." names at the start of a word. A host is kept when it is a domain name
// of at least two labels (letters, digits, "-", "_" or octets above 0x7f, RFC 1035 lengths) or
// a dotted-quad IPv4 address; it is lower-cased and a trailing dot is dropped.
bool append_url_hosts(std::string_view text, std::vector<std::string>& hosts,
                      std::size_t max_hosts = kMaxUrlHosts);

}  // namespace ascot::content
