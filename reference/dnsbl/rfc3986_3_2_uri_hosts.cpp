// RFC 3986 section 3.2: the authority (and its host) of the http and https URLs in a body, for
// the URI lists of X.1240 clause 7.7. See dnsbl/uri_hosts.hpp for what is recognised.
#include <algorithm>
#include <set>

#include "core/ascii.hpp"
#include "dnsbl/dnsbl.hpp"
#include "dnsbl/uri_hosts.hpp"

namespace ascot::dnsbl {

namespace {

// The characters an authority may hold (RFC 3986 3.2: userinfo, host, port), less the
// sub-delimiters "'", "(", ")", ",", ";" that in running text far more often close a URL
// than belong to it ("(see http://example.com)", "http://example.com, or").
bool is_authority_char(char c) {
  if (ascii::is_alnum(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '%':
    case ':':
    case '@':
    case '[':
    case ']':
    case '!':
    case '$':
    case '&':
    case '*':
    case '+':
    case '=':
      return true;
    default:
      return false;
  }
}

// A bare "www." starts a host only at the start of a word: not inside a longer name
// ("mail.www.example"), an address ("user@www.example") or a path ("/www.example").
bool at_word_start(std::string_view body, std::size_t i) {
  if (i == 0) return true;
  char p = body[i - 1];
  return !(ascii::is_alnum(p) || p == '.' || p == '-' || p == '_' || p == '@' || p == '/');
}

bool is_host_char(char c) {
  return ascii::is_alnum(c) || c == '-' || c == '_';
}

// domain_of returns |host| lower-cased when it is a usable domain name: 2+ labels of 1-63
// host characters, 253 octets in all (RFC 1035 2.3.4), last label not all digits (RFC 3696
// 2: a top-level domain is never all-numeric, so "999.1.1.1" is a bad address, not a name).
std::optional<std::string> domain_of(std::string_view host) {
  if (host.empty() || host.size() > kMaxNameLength) return std::nullopt;
  std::size_t labels = 0;
  bool last_all_digits = false;
  for (auto label : ascii::split(host, '.')) {
    if (label.empty() || label.size() > kMaxLabelLength) return std::nullopt;
    if (!std::all_of(label.begin(), label.end(), is_host_char)) return std::nullopt;
    last_all_digits = std::all_of(label.begin(), label.end(), ascii::is_digit);
    ++labels;
  }
  if (labels < 2 || last_all_digits) return std::nullopt;
  return ascii::lower(host);
}

class Collector {
 public:
  explicit Collector(std::size_t max) : max_(std::min(max, kMaxUriHosts)) {}

  // add takes one authority; returns false once the limit is reached and more was found.
  bool add(std::string_view authority) {
    // RFC 3986 3.2.1: userinfo ends at the last '@'; what follows is the host a client
    // connects to, whatever the userinfo pretends ("http://bank.example@evil.example/").
    if (auto at = authority.rfind('@'); at != std::string_view::npos)
      authority.remove_prefix(at + 1);
    if (authority.starts_with('[')) {
      // 3.2.2: an IP literal in brackets; IPv6 only (IPvFuture is not an address we can ask).
      auto close = authority.find(']');
      if (close == std::string_view::npos) return true;
      auto ip = IpAddress::parse_v6(authority.substr(1, close - 1));
      return ip ? add_address(*ip) : true;
    }
    std::string_view host = authority.substr(0, authority.find(':'));  // 3.2.3: port
    while (host.ends_with('.')) host.remove_suffix(1);
    if (auto ip = IpAddress::parse_v4(host)) return add_address(*ip);
    if (auto domain = domain_of(host)) return add_domain(std::move(*domain));
    return true;
  }

  UriHosts take() { return std::move(out_); }

 private:
  bool room() {
    if (out_.domains.size() + out_.addresses.size() < max_) return true;
    out_.truncated = true;
    return false;
  }
  bool add_address(const IpAddress& ip) {
    if (addresses_.contains(ip)) return true;
    if (!room()) return false;
    addresses_.insert(ip);
    out_.addresses.push_back(ip);
    return true;
  }
  bool add_domain(std::string domain) {
    if (domains_.contains(domain)) return true;
    if (!room()) return false;
    domains_.insert(domain);
    out_.domains.push_back(std::move(domain));
    return true;
  }

  std::size_t max_;
  UriHosts out_;
  std::set<std::string, std::less<>> domains_;
  std::set<IpAddress> addresses_;
};

}  // namespace

UriHosts extract_uri_hosts(std::string_view body, const UriHostOptions& options) {
  Collector hosts(options.max_hosts);
  const std::size_t n = body.size();
  std::size_t i = 0;
  // One pass: every byte is looked at by the loop below a bounded number of times, and an
  // authority, once read, is never read again (the loop resumes after it).
  while (i < n) {
    std::size_t start = std::string_view::npos;
    char c = body[i];
    if (c == 'h' || c == 'H') {
      std::string_view rest = body.substr(i);
      if (ascii::istarts_with(rest, "https://")) {
        start = i + 8;
      } else if (ascii::istarts_with(rest, "http://")) {
        start = i + 7;
      }
    } else if ((c == 'w' || c == 'W') && options.bare_www && at_word_start(body, i) &&
               ascii::istarts_with(body.substr(i), "www.")) {
      start = i;
    }
    if (start == std::string_view::npos) {
      ++i;
      continue;
    }
    std::size_t end = start;
    while (end < n && end - start <= kMaxAuthorityLength && is_authority_char(body[end])) ++end;
    if (end - start > kMaxAuthorityLength) {
      // Too long to be a host: skip the whole run, so that it is not read again from inside.
      while (end < n && is_authority_char(body[end])) ++end;
      i = end;
      continue;
    }
    i = std::max(end, i + 1);
    if (end > start && !hosts.add(body.substr(start, end - start))) break;
  }
  return hosts.take();
}

}  // namespace ascot::dnsbl
