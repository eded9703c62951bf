// RFC 5321 4.4 (trace information), RFC 5322 3.6.7 (the Received field), RFC 3848 (the
// WITH protocol names) and X.1241 9.4 (traceability; derived-from-heading).
#include "core/ascii.hpp"
#include "mail/datetime.hpp"
#include "mail/lexer.hpp"
#include "smtp/command.hpp"
#include "smtp/received.hpp"

namespace ascot::smtp {
namespace {

struct Token {
  enum Kind { word, comment } kind = word;
  std::string_view text;  // a comment without its outer parentheses
};

struct Split {
  std::vector<Token> tokens;
  std::string_view date;  // the text after ';'
};

// split_value reads received-tokens (words, angle-addrs, quoted strings, comments) up to the
// ';' that starts the date-time.
Expected<Split> split_value(std::string_view s) {
  Split out;
  mail::Lexer lexer(s);
  while (true) {
    // White space and folding only separate tokens; comments are kept (TCP-info is one).
    while (lexer.peek() == ' ' || lexer.peek() == '\t') lexer.advance(1);
    if (lexer.peek() == '\r' || lexer.peek() == '\n') {
      if (auto skipped = lexer.skip_cfws(); !skipped) return std::unexpected(skipped.error());
      continue;
    }
    if (lexer.at_end()) break;
    if (out.tokens.size() == kMaxReceivedTokens) {
      return fail(Errc::limit_exceeded, "more than " + std::to_string(kMaxReceivedTokens) +
                                            " tokens in a Received field");
    }
    auto rest = lexer.rest();
    char c = rest[0];
    auto u = static_cast<unsigned char>(c);
    if (c == ';') {
      out.date = rest.substr(1);
      return out;
    }
    if (u < 0x20 || u == 0x7f) return lexer.error("a control character in a Received field");
    if (c == '(') {
      auto comment = lexer.comment();
      if (!comment) return std::unexpected(comment.error());
      out.tokens.push_back({Token::comment, **comment});
      continue;
    }
    if (c == '"') {
      auto quoted_start = lexer.position();
      auto quoted = lexer.quoted_string();
      if (!quoted) return std::unexpected(quoted.error());
      out.tokens.push_back({Token::word, s.substr(quoted_start, lexer.position() - quoted_start)});
      continue;
    }
    std::size_t length = 0;
    if (c == '<') {
      length = rest.find('>');
      if (length == std::string_view::npos) return lexer.error("an unterminated '<'");
      ++length;
    } else {
      length = rest.find_first_of(" \t\r\n(;");
      if (length == std::string_view::npos) length = rest.size();
    }
    out.tokens.push_back({Token::word, rest.substr(0, length)});
    lexer.advance(length);
  }
  return fail(Errc::parse_error, "no ';' before the date-time (RFC 5322 3.6.7)");
}

std::optional<IpAddress> literal_address(std::string_view text) {
  auto open = text.find('[');
  if (open == std::string_view::npos) return std::nullopt;
  auto close = text.find(']', open);
  if (close == std::string_view::npos) return std::nullopt;
  auto inner = text.substr(open + 1, close - open - 1);
  if (ascii::istarts_with(inner, "IPv6:")) return IpAddress::parse_v6(inner.substr(5));
  return IpAddress::parse(inner);
}

// The reverse name in TCP-info "(name [literal])", when the first word is a Domain.
std::string info_domain(std::string_view info) {
  auto end = info.find_first_of(" \t[");
  auto word = ascii::trim(info.substr(0, end));
  return is_domain(word) ? std::string(word) : std::string();
}

}  // namespace

std::string format_received(const ReceivedStamp& s) {
  std::string literal =
      s.client.is_v6() ? "[IPv6:" + s.client.to_string() + "]" : "[" + s.client.to_string() + "]";
  // 4.4: FROM carries the EHLO name, and TCP-info the address (with the reverse name).
  std::string from = is_domain(s.helo) || is_address_literal(s.helo) ? s.helo : literal;
  std::string info = s.reverse_name.empty() ? literal : s.reverse_name + " " + literal;
  std::string out = "from " + from + " (" + info + ")\r\n\tby " + s.by;
  if (!s.with.empty()) out += " with " + s.with;
  if (!s.id.empty()) out += " id " + s.id;
  if (!s.for_path.empty()) out += "\r\n\tfor " + s.for_path;
  out += "; " + mail::format_date_time(s.at);
  return out;
}

Expected<ReceivedField> parse_received(std::string_view value) {
  if (value.size() > kMaxReceivedLength) {
    return fail(Errc::limit_exceeded,
                "Received field longer than " + std::to_string(kMaxReceivedLength) + " octets");
  }
  auto split = split_value(value);
  if (!split) return std::unexpected(split.error());
  auto date = mail::parse_date_time(split->date);
  if (!date) return std::unexpected(date.error());
  ReceivedField out;
  out.date = *date;
  const auto& tokens = split->tokens;
  // 4.4 Stamp: FROM, BY, then the optional VIA, WITH, ID, FOR in this order.
  constexpr std::array<std::string_view, 6> order{"from", "by", "via", "with", "id", "for"};
  std::size_t last_rank = 0;
  bool any = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == Token::comment) continue;
    auto keyword = tokens[i].text;
    std::size_t rank = order.size();
    for (std::size_t r = 0; r < order.size(); ++r) {
      if (ascii::iequals(keyword, order[r])) rank = r;
    }
    // The clause's value: the next word (comments between are CFWS).
    std::size_t j = i + 1;
    while (j < tokens.size() && tokens[j].kind == Token::comment) ++j;
    if (j >= tokens.size()) {
      out.deviations.push_back("a clause keyword without a value: " +
                               ascii::printable(keyword, 40));
      break;
    }
    std::string word(tokens[j].text);
    if (rank == order.size()) {
      out.deviations.push_back("an unregistered clause: " + ascii::printable(keyword, 40));
    } else {
      if (any && rank <= last_rank) {
        out.deviations.push_back("clause " + std::string(order[rank]) +
                                 " out of order or repeated");
      }
      last_rank = rank;
      any = true;
      switch (rank) {
        case 0:
          out.from = word;
          if (j + 1 < tokens.size() && tokens[j + 1].kind == Token::comment) {
            out.from_info = std::string(tokens[j + 1].text);
          }
          out.from_name = info_domain(out.from_info);
          out.from_ip = literal_address(word);
          if (!out.from_ip) out.from_ip = literal_address(out.from_info);
          break;
        case 1:
          out.by = word;
          break;
        case 2:
          out.via = word;
          break;
        case 3:
          out.with = word;
          break;
        case 4:
          out.id = word;
          break;
        default:
          out.for_path = word;
          break;
      }
    }
    i = j;
  }
  if (out.from.empty()) out.deviations.emplace_back("no FROM clause (RFC 5321 4.4)");
  if (out.by.empty()) out.deviations.emplace_back("no BY clause (RFC 5321 4.4)");
  return out;
}

TraceCheck check_trace(std::span<const std::string> values, std::chrono::sys_seconds now,
                       std::optional<IpAddress> client) {
  TraceCheck out;
  if (values.size() > kMaxTraceHops) {
    out.problems.push_back({kMaxTraceHops, "more than " + std::to_string(kMaxTraceHops) +
                                               " Received fields (a loop, RFC 5321 6.3)"});
    values = values.first(kMaxTraceHops);
  }
  std::optional<std::chrono::sys_seconds> newer;
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto field = parse_received(values[i]);
    if (!field) {
      out.problems.push_back({i, "unreadable: " + field.error().message});
      out.hops.emplace_back();
      continue;
    }
    if (field->from.empty()) out.problems.push_back({i, "no FROM clause"});
    if (field->by.empty()) out.problems.push_back({i, "no BY clause"});
    if (field->date > now + kTraceClockSkew) {
      out.problems.push_back({i, "dated in the future: " + mail::format_date_time(field->date)});
    }
    if (newer && field->date > *newer + kTraceClockSkew) {
      out.problems.push_back({i, "dated later than the hop above it (" +
                                     mail::format_date_time(field->date) + " after " +
                                     mail::format_date_time(*newer) + ")"});
    }
    if (i == 0 && client) {
      if (!field->from_ip) {
        out.problems.push_back({0, "the newest field names no client address"});
      } else if (field->from_ip->unmapped() != client->unmapped()) {
        out.problems.push_back({0, "the newest field names " + field->from_ip->to_string() +
                                       " but the client was " + client->to_string()});
      }
    }
    newer = field->date;
    out.hops.emplace_back(std::move(*field));
  }
  return out;
}

}  // namespace ascot::smtp
