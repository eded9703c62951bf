// dnsbl/uri_hosts.hpp: the host names and IP literals of the URLs in a message body, the keys
// that URI blacklists are asked about (X.1240 clause 7.7: lists "for IPs, domains and URIs
// found in the body"; the lists themselves are domain and IP DNSxLs of RFC 5782 2.1, 2.4, 3).
//
// extract_uri_hosts reads untrusted text of any size in one pass (linear time) and returns
// at most kMaxUriHosts distinct hosts. What it recognises, and why:
//   - "http://" and "https://" (any letter case) followed by an authority (RFC 3986 3.2):
//     the host is what follows the last '@' of the authority, so "http://bank.example@evil
//     .example/" yields evil.example, the host a browser would visit.
//   - bare "www." names at the start of a word (not after a letter, digit, '.', '-', '_',
//     '@' or '/'), because mail clients turn "www.example.com" into a link by themselves
//     and spam relies on that.
//   - hosts end at the first character that cannot be part of an authority (space, '/',
//     '?', '#', quotes, '<', '>', '(', ')', ',', ';', ...); trailing dots (end of a sentence,
//     or an absolute name) are dropped.
//   - a host is kept when it is a dotted-quad IPv4 address, a bracketed IPv6 literal (RFC
//     3986 3.2.2), or a domain name of at least two labels of letters, digits, '-' and '_',
//     each 1-63 octets, 253 in all, whose last label is not all digits (RFC 3696 2).
// It does not decode anything: the caller passes text already decoded from its MIME
// transfer encoding (quoted-printable soft line breaks split URLs otherwise). Hosts that are
// percent-encoded, internationalised (U-labels) or written as bare integers are not
// recognised; this is a documented limit of this extractor, not a claim that they are safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.hpp"

namespace ascot::dnsbl {

// kMaxUriHosts bounds the distinct hosts taken from one body: every host costs one DNS query
// per URI list, and a body is untrusted input that could otherwise name thousands.
inline constexpr std::size_t kMaxUriHosts = 50;
// kMaxAuthorityLength bounds how far one authority is read; a longer run of authority
// characters is not a usable host (RFC 1035 2.3.4 caps names at 253 octets) and is skipped.
inline constexpr std::size_t kMaxAuthorityLength = 512;

struct UriHostOptions {
  // At most this many distinct hosts (domains and addresses together); values above
  // kMaxUriHosts are treated as kMaxUriHosts.
  std::size_t max_hosts = kMaxUriHosts;
  // Recognise bare "www." names as well as http(s) URLs.
  bool bare_www = true;
};

// UriHosts lists the distinct hosts in order of first appearance.
struct UriHosts {
  std::vector<std::string> domains;  // lower-case, no trailing dot
  std::vector<IpAddress> addresses;  // IPv4 and IPv6 literals
  bool truncated = false;            // more distinct hosts followed the last one kept
};

// extract_uri_hosts returns the hosts of the http/https URLs (and, if asked, bare www.
// names) in |body|. Never fails and never throws; runs in time linear in |body|.size().
UriHosts extract_uri_hosts(std::string_view body, const UriHostOptions& options = {});

}  // namespace ascot::dnsbl
