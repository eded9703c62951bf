// core/base64.hpp: base64 (RFC 4648 4), as DKIM (RFC 6376 2.4), ARC and the vector files use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ascot {

// base64_encode returns the padded base64 text of |data|.
std::string base64_encode(std::string_view data);

// base64_decode reads base64 text. With |skip_whitespace| (RFC 6376 3.5: FWS may appear inside
// b=, bh= and p=), SP, HTAB, CR and LF anywhere are ignored. Padding must be correct; nullopt
// for any other character, bad padding, or a length that is not a whole number of quanta.
std::optional<std::string> base64_decode(std::string_view text, bool skip_whitespace = false);

}  // namespace ascot
