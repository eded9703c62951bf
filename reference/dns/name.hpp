// dns/name.hpp: domain names in presentation form (RFC 1034 3.1, RFC 1035 2.3.4).
#pragma once

#include <string>
#include <string_view>

namespace ascot::dns {

// Limits of RFC 1035 2.3.4, in presentation form without the trailing dot.
inline constexpr std::size_t kMaxLabelLength = 63;
inline constexpr std::size_t kMaxNameLength = 253;

// canonical returns |name| lower-cased (ASCII) without one trailing dot, the key under which
// zone data is stored and looked up.
std::string canonical(std::string_view name);

// is_valid_name reports whether |name| (without or with one trailing dot) has only labels of
// 1 to 63 octets and at most 253 octets in all. It does not restrict the characters.
bool is_valid_name(std::string_view name);

// is_at_or_below reports whether |name| equals |ancestor| or lies below it, comparing whole
// labels and ignoring ASCII case: mail.example.com is below example.com; myexample.com is not.
bool is_at_or_below(std::string_view name, std::string_view ancestor);

// parent returns |name| without its first label, or "" for a single-label name.
std::string_view parent(std::string_view name);

}  // namespace ascot::dns
