// The greylisting triplet of RFC 6647 2.4: client network, MAIL FROM, RCPT TO.
#include <charconv>

#include "core/ascii.hpp"
#include "greylist/greylist.hpp"

namespace ascot::greylist {
namespace {

IpAddress clear_host_bits(const IpAddress& ip, int prefix) {
  auto bytes = ip.octets();
  const int bits = ip.bit_length();
  for (int i = 0; i < bits / 8; ++i) {
    const int first_bit = i * 8;
    auto& b = bytes[static_cast<std::size_t>(i)];
    if (first_bit >= prefix) {
      b = 0;
    } else if (first_bit + 8 > prefix) {
      b = static_cast<std::uint8_t>(b & (0xff << (8 - (prefix - first_bit))));
    }
  }
  if (ip.is_v4()) return IpAddress::v4({bytes[0], bytes[1], bytes[2], bytes[3]});
  return IpAddress::v6(bytes);
}

}  // namespace

std::string Network::to_string() const {
  return address.to_string() + "/" + std::to_string(prefix);
}

bool Network::contains(const IpAddress& ip) const {
  return ip.unmapped().matches_prefix(address, prefix);
}

Expected<Network> parse_network(std::string_view text) {
  auto slash = text.find('/');
  auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) {
    return fail(Errc::invalid_argument,
                "'" + ascii::printable(text) + "' is not an address or address/prefix");
  }
  int prefix = ip->bit_length();
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || prefix < 0 ||
        prefix > ip->bit_length()) {
      return fail(Errc::invalid_argument, "'" + ascii::printable(text) +
                                              "' has a prefix length outside 0.." +
                                              std::to_string(ip->bit_length()));
    }
  }
  return Network{clear_host_bits(*ip, prefix), prefix};
}

Network mask_client(const IpAddress& ip, int prefix) {
  IpAddress client = ip.unmapped();
  if (prefix < 0) prefix = 0;
  if (prefix > client.bit_length()) prefix = client.bit_length();
  return Network{clear_host_bits(client, prefix), prefix};
}

Expected<std::string> normalize_address(std::string_view path) {
  if (path.size() > kMaxPathOctets) {
    return fail(Errc::limit_exceeded, "an address of " + std::to_string(path.size()) +
                                          " octets exceeds the " + std::to_string(kMaxPathOctets) +
                                          " of RFC 5321 4.5.3.1.3");
  }
  for (char c : path) {
    if (c == '\0' || c == '\r' || c == '\n') {
      return fail(Errc::invalid_argument,
                  "an address may not contain NUL, CR or LF: '" + ascii::printable(path) + "'");
    }
  }
  // RFC 5321 4.1.1.3 and appendix C: "@a,@b:user@domain"; the route is ignored.
  if (path.starts_with('@')) {
    auto colon = path.find(':');
    if (colon != std::string_view::npos) path.remove_prefix(colon + 1);
    if (path.empty()) return fail(Errc::invalid_argument, "a source route without a mailbox");
  }
  std::string out(path);
  auto at = out.rfind('@');
  if (at != std::string::npos) {
    for (std::size_t i = at + 1; i < out.size(); ++i) out[i] = ascii::to_lower(out[i]);
  }
  return out;
}

Expected<TripletKey> make_key(const Triplet& triplet, const Policy& policy) {
  auto sender = normalize_address(triplet.mail_from);
  if (!sender) return fail_at(sender.error(), "MAIL FROM");
  auto recipient = normalize_address(triplet.rcpt_to);
  if (!recipient) return fail_at(recipient.error(), "RCPT TO");
  if (recipient->empty()) return fail(Errc::invalid_argument, "the recipient is empty", "RCPT TO");
  const IpAddress client = triplet.client.unmapped();
  TripletKey key;
  key.network = mask_client(client, client.is_v4() ? policy.ipv4_prefix : policy.ipv6_prefix);
  key.sender = std::move(*sender);
  key.recipient = std::move(*recipient);
  key.text = key.network.to_string() + " <" + key.sender + "> <" + key.recipient + ">";
  return key;
}

}  // namespace ascot::greylist
