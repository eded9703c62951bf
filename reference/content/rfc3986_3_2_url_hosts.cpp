// RFC 3986 3.2 (authority) and 3.2.2 (host): the hosts of the URLs in message text, which the
// tokeniser turns into "url:" tokens. Host names are checked against RFC 1035 2.3.4 lengths.
#include <algorithm>

#include "content/text.hpp"
#include "core/ascii.hpp"

namespace ascot::content {

namespace {

// kMaxAuthorityLength bounds how far one authority is read (userinfo, host and port); a longer
// run of authority characters holds no usable host (a host is at most 253 octets) and the
// scan moves on, so one URL costs at most this much.
constexpr std::size_t kMaxAuthorityLength = 512;

// The characters that end an authority (RFC 3986 3.2: it ends at "/", "?", "#" or the end of
// the URI) together with those that end a URL in running text or markup.
bool ends_authority(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || std::string_view("/?#\"'<>()[]{}\\|^`,;").find(c) != std::string_view::npos;
}

bool is_label_char(char c) {
  return ascii::is_alnum(c) || c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// A dotted-quad IPv4 address: four decimal labels of at most 255.
bool is_ipv4(std::string_view host) {
  auto labels = ascii::split(host, '.');
  if (labels.size() != 4) return false;
  for (auto l : labels) {
    if (l.empty() || l.size() > 3 || !std::all_of(l.begin(), l.end(), ascii::is_digit)) {
      return false;
    }
    if (std::stoi(std::string(l)) > 255) return false;
  }
  return true;
}

// |host| lower-cased and without a trailing dot, if it is a host as text.hpp describes.
std::optional<std::string> usable_host(std::string_view host) {
  while (host.ends_with('.')) host.remove_suffix(1);
  if (host.empty() || host.size() > kMaxHostLength) return std::nullopt;
  std::string lower = ascii::lower(host);
  if (is_ipv4(lower)) return lower;
  auto labels = ascii::split(lower, '.');
  if (labels.size() < 2) return std::nullopt;
  for (auto l : labels) {
    if (l.empty() || l.size() > kMaxLabelLength) return std::nullopt;
    if (!std::all_of(l.begin(), l.end(), is_label_char)) return std::nullopt;
  }
  // RFC 3696 2: a top-level domain is never all digits (that would be an address).
  if (std::all_of(labels.back().begin(), labels.back().end(), ascii::is_digit)) {
    return std::nullopt;
  }
  return lower;
}

}  // namespace

bool append_url_hosts(std::string_view text, std::vector<std::string>& hosts,
                      std::size_t max_hosts) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = std::string_view::npos;
    char c = ascii::to_lower(text[i]);
    if (c == 'h') {
      std::string_view rest = text.substr(i);
      if (ascii::istarts_with(rest, "http://")) start = i + 7;
      if (ascii::istarts_with(rest, "https://")) start = i + 8;
    } else if (c == 'w' && ascii::istarts_with(text.substr(i), "www.")) {
      // Only at the start of a word: "http://www." was taken above, and "awww.example" is no
      // host name that a mail client would link.
      char before = i > 0 ? text[i - 1] : ' ';
      if (!is_label_char(before) && before != '.' && before != '@' && before != '/') start = i;
    }
    if (start == std::string_view::npos) {
      ++i;
      continue;
    }
    std::size_t end = start;
    while (end < text.size() && end - start <= kMaxAuthorityLength && !ends_authority(text[end])) {
      ++end;
    }
    i = std::max(end, i + 1);
    if (end - start > kMaxAuthorityLength) continue;
    std::string_view authority = text.substr(start, end - start);
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
      authority.remove_prefix(at + 1);  // RFC 3986 3.2.1: userinfo ends at the last "@"
    }
    if (auto colon = authority.find(':'); colon != std::string_view::npos) {
      authority = authority.substr(0, colon);  // 3.2.3: the port
    }
    auto host = usable_host(authority);
    if (!host || std::find(hosts.begin(), hosts.end(), *host) != hosts.end()) continue;
    if (hosts.size() >= max_hosts) return false;
    hosts.push_back(std::move(*host));
  }
  return true;
}

}  // namespace ascot::content
