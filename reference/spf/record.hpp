// spf/record.hpp: SPF records parsed into terms (RFC 7208 4.5, 4.6.1, 5, 6).
//
// parse_record validates a whole record before anything is evaluated: 4.6 requires that a
// syntax error anywhere makes check_host() return permerror "without further interpretation
// or evaluation", even when an earlier term would have matched.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"
#include "spf/macro.hpp"
#include "spf/result.hpp"

namespace ascot::spf {

// Qualifier of a directive (4.6.2); the default is pass.
enum class Qualifier : char { pass = '+', fail = '-', softfail = '~', neutral = '?' };

// qualifier_result maps a matching directive's qualifier to the check_host() result.
Result qualifier_result(Qualifier q);

enum class MechanismKind { all, include, a, mx, ptr, ip4, ip6, exists };

std::string_view mechanism_name(MechanismKind kind);

// Mechanism is one directive: qualifier, mechanism and its arguments.
struct Mechanism {
  Qualifier qualifier = Qualifier::pass;
  MechanismKind kind = MechanismKind::all;
  std::optional<MacroString> domain_spec;  // include, a, mx, ptr, exists
  IpAddress network;                       // ip4, ip6
  int cidr4 = 32;                          // a, mx, ip4 (5.6: default /32)
  int cidr6 = 128;                         // a, mx, ip6 (5.6: default /128)
  std::string text;                        // the term as written, for traces and Received-SPF
};

// Record is a parsed SPF record.
struct Record {
  std::vector<Mechanism> mechanisms;
  std::optional<MacroString> redirect;         // 6.1
  std::optional<MacroString> exp;              // 6.2
  std::vector<std::string> unknown_modifiers;  // as written; ignored (6)
  bool has_all = false;  // 5.1 / 6.1: a redirect is ignored when "all" is present
  std::string text;
};

// is_spf_record applies the selection rule of 4.5: the record begins with the version
// section "v=spf1" (compared case-insensitively, as every ABNF literal: RFC 7208 12,
// RFC 5234 2.3), terminated by SP or the end of the record.
bool is_spf_record(std::string_view text);

// parse_record parses a record that is_spf_record accepted. An error means permerror; its
// message says which term is wrong and why.
Expected<Record> parse_record(std::string_view text);

}  // namespace ascot::spf
