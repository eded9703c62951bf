#include "dns/types.hpp"

#include <charconv>

#include "core/ascii.hpp"

namespace ascot::dns {

namespace {
struct TypeName {
  RRType type;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {RRType::A, "A"},     {RRType::NS, "NS"},   {RRType::CNAME, "CNAME"}, {RRType::SOA, "SOA"},
    {RRType::PTR, "PTR"}, {RRType::MX, "MX"},   {RRType::TXT, "TXT"},     {RRType::AAAA, "AAAA"},
    {RRType::OPT, "OPT"}, {RRType::SPF, "SPF"}, {RRType::ANY, "ANY"},
};

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[5];
      buf[0] = '\\';
      buf[1] = static_cast<char>('0' + c / 100);
      buf[2] = static_cast<char>('0' + (c / 10) % 10);
      buf[3] = static_cast<char>('0' + c % 10);
      out.append(buf, 4);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}
}  // namespace

std::string type_name(RRType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "TYPE" + std::to_string(static_cast<unsigned>(type));
}

std::optional<RRType> parse_type(std::string_view text) {
  for (const auto& t : kTypeNames) {
    if (ascii::iequals(text, t.name)) return t.type;
  }
  if (ascii::istarts_with(text, "TYPE") && text.size() > 4) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(text.data() + 4, text.data() + text.size(), value);
    if (ec == std::errc() && ptr == text.data() + text.size() && value <= 0xffff) {
      return static_cast<RRType>(value);
    }
  }
  return std::nullopt;
}

std::string Record::rdata_text() const {
  if (const auto* a = address()) return a->to_string();
  if (const auto* t = target()) return *t + ".";
  if (const auto* m = mx()) return std::to_string(m->preference) + " " + m->exchange + ".";
  if (const auto* s = strings()) {
    std::string out;
    for (const auto& piece : *s) {
      if (!out.empty()) out += ' ';
      out += quoted(piece);
    }
    return out;
  }
  const auto& raw = std::get<std::vector<std::uint8_t>>(data);
  return "\\# " + std::to_string(raw.size());
}

std::string_view status_name(Answer::Status status) {
  switch (status) {
    case Answer::Status::ok:
      return "NOERROR";
    case Answer::Status::nxdomain:
      return "NXDOMAIN";
    case Answer::Status::servfail:
      return "SERVFAIL";
    case Answer::Status::error:
      return "ERROR";
    case Answer::Status::timeout:
      return "TIMEOUT";
  }
  return "ERROR";
}

}  // namespace ascot::dns
