// mail/address.hpp: mailbox lists (RFC 5322 3.4), as the From field carries them.
//
// DMARC evaluates the domain of the RFC5322.From address (RFC 7489 3.1, 6.6.1); this reads it.
// The parser takes the modern syntax of 3.4 and the obsolete forms receivers still see
// (obs-phrase with dots, obs-local-part, CFWS around the "@"); it does not accept groups,
// which From may not carry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::mail {

struct Mailbox {
  std::string display_name;  // words joined by single spaces, quoting undone; may be empty
  std::string local_part;    // as written (a quoted-string keeps its quotes)
  std::string domain;        // a dot-atom as written, or a domain-literal with its brackets
};

// parse_mailbox_list reads a mailbox-list (3.4): one or more mailboxes separated by commas,
// each a name-addr ("Name <local@domain>") or an addr-spec ("local@domain"). The error says
// what was expected and where.
Expected<std::vector<Mailbox>> parse_mailbox_list(std::string_view value);

}  // namespace ascot::mail
