// dkim/canonicalization.hpp: the canonicalisation algorithms of RFC 6376 3.4, used by DKIM
// and ARC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ascot::dkim {

enum class Canonicalization { simple, relaxed };

std::string_view canonicalization_name(Canonicalization c);

// canonical_header returns the header field |field| (name, colon, value and final CRLF as
// they appear in the message) in canonical form: unchanged for simple (3.4.1); for relaxed
// (3.4.2) the name lower-cased, the value unfolded, WSP runs reduced to one SP, WSP at the end
// of the value and around the colon removed, ending in CRLF.
std::string canonical_header(std::string_view field, Canonicalization c);

// canonical_body returns the canonical body (3.4.3 simple, 3.4.4 relaxed): trailing empty
// lines removed; for relaxed, WSP at line ends removed and WSP runs reduced to one SP; for
// simple an empty body becomes a single CRLF, for relaxed it stays empty; a non-empty body
// ends in CRLF.
std::string canonical_body(std::string_view body, Canonicalization c);

}  // namespace ascot::dkim
