// spf/received_spf.hpp: recording an SPF result in a message header (RFC 7208 9).
#pragma once

#include <string>
#include <string_view>

#include "spf/check_host.hpp"

namespace ascot::spf {

// received_spf_field builds the Received-SPF trace field of 9.1 for |query| and |outcome|,
// as checked by the host |receiver|: the result, a comment, and the keys client-ip,
// envelope-from (for the MAIL FROM identity), helo, identity, receiver, mechanism and, for
// errors, problem. Values from the SMTP session are sanitised (9.1: no invalid characters,
// nothing malicious from the sender) and quoted where they are not dot-atoms. The field is
// folded to lines of at most 78 octets where it can be; no final CRLF.
std::string received_spf_field(const Query& query, const Outcome& outcome,
                               std::string_view receiver);

// authentication_results_spf returns the resinfo of RFC 8601 2.7.2 for |outcome|, e.g.
// "spf=pass smtp.mailfrom=example.net". The local-part is left out (8601 2.7.2: SHOULD NOT
// be included when the policy does not authenticate local-parts).
std::string authentication_results_spf(const Query& query, const Outcome& outcome);

}  // namespace ascot::spf
