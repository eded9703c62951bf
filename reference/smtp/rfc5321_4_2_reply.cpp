// RFC 5321 4.2 (reply codes and multi-line replies), RFC 3463 2 and RFC 2034 3 (enhanced
// status codes in replies).
#include <charconv>

#include "core/ascii.hpp"
#include "smtp/reply.hpp"

namespace ascot::smtp {
namespace {

// RFC 3463 2: subject and detail are 1 to 3 digits.
std::optional<int> parse_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  for (char c : digits) {
    if (!ascii::is_digit(c)) return std::nullopt;
  }
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::string clean_text(std::string_view text, std::size_t room) {
  std::string out;
  out.reserve(std::min(text.size(), room));
  for (char c : text) {
    if (out.size() == room) break;
    auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  return out;
}

}  // namespace

std::string EnhancedStatus::to_string() const {
  return std::to_string(klass) + "." + std::to_string(subject) + "." + std::to_string(detail);
}

std::optional<EnhancedStatus> EnhancedStatus::parse(std::string_view text) {
  auto parts = ascii::split(text, '.');
  if (parts.size() != 3 || parts[0].size() != 1) return std::nullopt;
  auto k = parse_number(parts[0]);
  auto s = parse_number(parts[1]);
  auto d = parse_number(parts[2]);
  if (!k || !s || !d) return std::nullopt;
  // RFC 3463 3.1: only classes 2 (success), 4 (persistent transient) and 5 (permanent).
  if (*k != 2 && *k != 4 && *k != 5) return std::nullopt;
  // RFC 3463 2: no leading zeros in subject or detail ("0" itself is fine).
  if ((parts[1].size() > 1 && parts[1][0] == '0') || (parts[2].size() > 1 && parts[2][0] == '0')) {
    return std::nullopt;
  }
  return EnhancedStatus{*k, *s, *d};
}

std::string Reply::text() const {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

Reply reply(int code, std::string_view status, std::string_view text) {
  Reply r;
  r.code = code;
  if (!status.empty()) r.status = EnhancedStatus::parse(status);
  r.lines.emplace_back(text);
  return r;
}

std::string format(const Reply& r) {
  std::string out;
  std::string code = std::to_string(r.code);
  std::string status = r.status ? r.status->to_string() + " " : std::string();
  std::vector<std::string> lines = r.lines;
  if (lines.empty()) lines.emplace_back();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool last = i + 1 == lines.size();
    std::string head = code + (last ? " " : "-") + status;
    // 4.5.3.1.5: the whole line, code and CRLF included, fits in kMaxReplyLine octets.
    std::size_t room = kMaxReplyLine - 2 - std::min(head.size(), kMaxReplyLine - 2);
    std::string text = clean_text(lines[i], room);
    out += head;
    out += text;
    // "250 " with nothing after it is legal, but "250" alone reads better on the wire.
    if (text.empty() && status.empty() && last) out.pop_back();
    out += "\r\n";
  }
  return out;
}

Expected<ReplyLine> parse_reply_line(std::string_view line) {
  if (line.size() + 2 > kMaxReplyLine) {
    return fail(Errc::parse_error, "reply line of " + std::to_string(line.size() + 2) +
                                       " octets is longer than the 512 of RFC 5321 4.5.3.1.5");
  }
  if (line.size() < 3 || !ascii::is_digit(line[0]) || !ascii::is_digit(line[1]) ||
      !ascii::is_digit(line[2])) {
    return fail(Errc::parse_error,
                "reply line does not start with a three-digit code: " + ascii::printable(line, 60));
  }
  // 4.2: the first digit is 2..5, the second 0..5 (4.2.1 lists x0z..x5z).
  if (line[0] < '2' || line[0] > '5' || line[1] > '5') {
    return fail(Errc::parse_error, "reply code " + std::string(line.substr(0, 3)) +
                                       " is outside the ranges of RFC 5321 4.2.1");
  }
  ReplyLine out;
  std::from_chars(line.data(), line.data() + 3, out.code);
  if (line.size() == 3) return out;
  if (line[3] != ' ' && line[3] != '-') {
    return fail(Errc::parse_error,
                "reply code must be followed by a space, a hyphen or the end "
                "of the line (RFC 5321 4.2): " +
                    ascii::printable(line, 60));
  }
  out.last = line[3] == ' ';
  for (char c : line.substr(4)) {
    auto u = static_cast<unsigned char>(c);
    // 4.2: textstring is HT, SP and printable US-ASCII; RFC 6531 3.7.4 allows UTF-8 too.
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      return fail(Errc::parse_error,
                  "reply text contains a control character: " + ascii::printable(line, 60));
    }
  }
  out.text = std::string(line.substr(4));
  return out;
}

Expected<std::optional<Reply>> ReplyReader::feed(std::string_view line) {
  auto parsed = parse_reply_line(line);
  if (!parsed) {
    pending_ = {};
    return std::unexpected(parsed.error());
  }
  if (!pending_.lines.empty() && pending_.code != parsed->code) {
    auto first = pending_.code;
    pending_ = {};
    return fail(Errc::parse_error, "a multi-line reply changed its code from " +
                                       std::to_string(first) + " to " +
                                       std::to_string(parsed->code) + " (RFC 5321 4.2.1)");
  }
  if (pending_.lines.size() == kMaxReplyLines) {
    pending_ = {};
    return fail(Errc::limit_exceeded,
                "reply has more than " + std::to_string(kMaxReplyLines) + " lines");
  }
  pending_.code = parsed->code;
  pending_.lines.push_back(std::move(parsed->text));
  if (!parsed->last) return std::optional<Reply>();
  Reply done = std::move(pending_);
  pending_ = {};
  return std::optional<Reply>(split_status(std::move(done)));
}

Reply split_status(Reply r) {
  if (r.status || r.lines.empty()) return r;
  std::optional<EnhancedStatus> common;
  std::size_t prefix = 0;
  for (const auto& line : r.lines) {
    auto space = line.find(' ');
    auto word = std::string_view(line).substr(0, space);
    auto status = EnhancedStatus::parse(word);
    if (!status || status->klass != r.code / 100) return r;
    if (common && !(*common == *status)) return r;
    if (common && prefix != word.size()) return r;
    common = status;
    prefix = word.size();
  }
  for (auto& line : r.lines) {
    line.erase(0, std::min(line.size(), prefix + 1));
  }
  r.status = common;
  return r;
}

}  // namespace ascot::smtp
