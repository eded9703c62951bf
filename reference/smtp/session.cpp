// The SMTP server state machine: RFC 5321 3 and 4 (sequencing 4.1.4, replies 4.2, DATA
// transparency 4.5.2, limits 4.5.3.1), RFC 1870 (SIZE), RFC 6152 (8BITMIME), RFC 2920
// (PIPELINING), RFC 2034 (ENHANCEDSTATUSCODES), RFC 3207 (STARTTLS), RFC 4954 and RFC 4616
// (AUTH PLAIN), and Postfix's XCLIENT (XCLIENT_README).
#include "smtp/session.hpp"

#include <charconv>

#include "core/ascii.hpp"
#include "core/base64.hpp"

namespace ascot::smtp {
namespace {

// 4.5.3.1.6: a text line is at most 1000 octets with its CRLF.
constexpr std::size_t kMaxDataLine = kMaxTextLine - 2;
// Our own ceiling on a message kept in memory when the configuration announces no SIZE.
constexpr std::size_t kAbsoluteMaxMessage = 64 * 1024 * 1024;

Reply bad_sequence(std::string_view text) {
  return reply(503, "5.5.1", text);
}

}  // namespace

std::string_view disposition_name(Disposition d) {
  switch (d) {
    case Disposition::deliver:
      return "deliver";
    case Disposition::spam_box:
      return "spam-box";
    case Disposition::discard:
      return "discard";
    case Disposition::bounce:
      return "bounce";
  }
  return "?";
}

MessageOutcome SessionHooks::on_message(const Envelope&, std::string_view) {
  return {reply(250, "2.0.0", "Ok: queued"), Disposition::deliver};
}

bool SessionHooks::authenticate(std::string_view, std::string_view) {
  return false;
}

Session::Session(SessionConfig config, SessionHooks& hooks, Client client, bool tls)
    : config_(std::move(config)), hooks_(hooks) {
  envelope_.client = std::move(client);
  envelope_.tls = tls;
}

Output Session::one(Reply r) {
  Output out;
  out.replies.push_back(std::move(r));
  return out;
}

Output Session::error_reply(Reply r) {
  Output out = one(std::move(r));
  // Our bound on refused commands: a client that only sends garbage is let go (421, 3.8).
  if (++errors_ > config_.max_errors) {
    out.replies.push_back(reply(421, "4.7.0", config_.hostname + " Too many errors, closing"));
    out.close = true;
    state_ = State::closed;
  }
  return out;
}

Output Session::start() {
  if (auto refusal = hooks_.on_connect(envelope_)) {
    // 3.1: a server that will not serve a client answers 554 and then waits for QUIT.
    state_ = State::refused;
    return one(std::move(*refusal));
  }
  return one(reply(220, "", config_.hostname + " ESMTP ASCOT reference"));
}

void Session::reset_transaction() {
  envelope_.mail_from.reset();
  envelope_.mail_parameters.clear();
  envelope_.recipients.clear();
  message_.clear();
  message_too_big_ = false;
  message_line_too_long_ = false;
}

void Session::on_tls_established() {
  // RFC 3207 4.2: the server discards knowledge obtained from the client (the EHLO
  // argument, a transaction) and the client must issue EHLO again.
  reset_transaction();
  envelope_.helo.clear();
  envelope_.esmtp = false;
  envelope_.tls = true;
  state_ = State::fresh;
}

Reply Session::ehlo_reply() const {
  Reply r;
  r.code = 250;
  r.lines.push_back(config_.hostname);
  r.lines.emplace_back("PIPELINING");  // RFC 2920
  if (config_.max_message_size) {
    r.lines.push_back("SIZE " + std::to_string(config_.max_message_size));  // RFC 1870
  }
  r.lines.emplace_back("8BITMIME");             // RFC 6152
  r.lines.emplace_back("ENHANCEDSTATUSCODES");  // RFC 2034
  if (config_.starttls_available && !envelope_.tls) r.lines.emplace_back("STARTTLS");
  if (config_.auth_available && (envelope_.tls || !config_.auth_requires_tls)) {
    r.lines.emplace_back("AUTH PLAIN");  // RFC 4954 3, RFC 4616
  }
  if (config_.xclient_trusted) r.lines.emplace_back("XCLIENT NAME ADDR PORT PROTO HELO LOGIN");
  return r;
}

Output Session::on_overlong_line() {
  if (state_ == State::data) {
    // 4.5.3.1.6: noted, and the message is refused at its end (4.5.3.1.10 "500 Line too long").
    message_line_too_long_ = true;
    return {};
  }
  if (state_ == State::closed) return {};
  if (state_ == State::auth_response) state_ = State::greeted;
  return error_reply(reply(500, "5.5.2", "Line too long"));
}

Output Session::on_line(std::string_view line) {
  switch (state_) {
    case State::closed:
    case State::awaiting_tls:
      return {};
    case State::data:
      return data_line(line);
    case State::auth_response:
      return auth_response(line);
    default:
      break;
  }
  auto cmd = parse_command(line);
  if (!cmd) return error_reply(std::move(cmd.error()));
  return command(*cmd);
}

Output Session::command(const Command& cmd) {
  if (cmd.verb == Verb::quit) {
    Output out = one(reply(221, "2.0.0", config_.hostname + " closing connection"));
    out.close = true;
    state_ = State::closed;
    return out;
  }
  if (state_ == State::refused) {
    // 3.1: after a 554 greeting, the server SHOULD answer 503 to anything but QUIT.
    return error_reply(bad_sequence("Service refused; only QUIT is accepted"));
  }
  bool idle = cmd.verb == Verb::noop || cmd.verb == Verb::rset || cmd.verb == Verb::vrfy ||
              cmd.verb == Verb::expn || cmd.verb == Verb::help;
  if (idle && ++idle_commands_ > config_.max_idle_commands) {
    Output out = one(reply(421, "4.7.0", config_.hostname + " Too many commands, closing"));
    out.close = true;
    state_ = State::closed;
    return out;
  }
  switch (cmd.verb) {
    case Verb::helo:
    case Verb::ehlo: {
      // 4.1.4: HELO/EHLO may come again; it resets any transaction, like RSET.
      reset_transaction();
      envelope_.helo = cmd.argument;
      envelope_.esmtp = cmd.verb == Verb::ehlo;
      if (auto refusal = hooks_.on_helo(envelope_)) {
        envelope_.helo.clear();
        state_ = State::fresh;
        return one(std::move(*refusal));
      }
      state_ = State::greeted;
      if (cmd.verb == Verb::ehlo) return one(ehlo_reply());
      return one(reply(250, "", config_.hostname));
    }
    case Verb::mail: {
      // 4.1.4: a session with mail transactions must begin with EHLO or HELO.
      if (state_ == State::fresh) return error_reply(bad_sequence("Send HELO or EHLO first"));
      if (state_ == State::mail) return error_reply(bad_sequence("Nested MAIL command"));
      for (const auto& p : cmd.parameters) {
        // 4.1.1.11: parameters of service extensions that were not offered (or, after
        // HELO, any parameter) get 555.
        bool known = envelope_.esmtp && (p.keyword == "SIZE" || p.keyword == "BODY");
        if (!known) {
          return error_reply(
              reply(555, "5.5.4", "MAIL parameter " + p.keyword + " not recognized"));
        }
        if (p.keyword == "SIZE") {
          std::size_t size = 0;
          const auto& v = p.value.value_or("");
          auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), size);
          if (ec != std::errc() || end != v.data() + v.size() || v.empty()) {
            return error_reply(reply(501, "5.5.4", "Bad SIZE value"));
          }
          // RFC 1870 6.1: a declared size above the fixed maximum is refused with 552.
          if (config_.max_message_size && size > config_.max_message_size) {
            return error_reply(
                reply(552, "5.3.4", "Message size exceeds fixed maximum message size"));
          }
        }
        if (p.keyword == "BODY" && !(p.value && (ascii::iequals(*p.value, "7BIT") ||
                                                 ascii::iequals(*p.value, "8BITMIME")))) {
          return error_reply(reply(501, "5.5.4", "BODY must be 7BIT or 8BITMIME (RFC 6152)"));
        }
      }
      envelope_.mail_from = cmd.path;
      envelope_.mail_parameters = cmd.parameters;
      if (auto refusal = hooks_.on_mail(envelope_)) {
        reset_transaction();
        return one(std::move(*refusal));
      }
      state_ = State::mail;
      return one(reply(250, "2.1.0", "Ok"));
    }
    case Verb::rcpt: {
      if (state_ != State::mail) return error_reply(bad_sequence("Need MAIL before RCPT"));
      if (!cmd.parameters.empty()) {
        return error_reply(
            reply(555, "5.5.4", "RCPT parameter " + cmd.parameters[0].keyword + " not recognized"));
      }
      if (envelope_.recipients.size() >= config_.max_recipients) {
        // 4.5.3.1.10: "452 Too many recipients"; the client sends the rest later.
        return one(reply(452, "4.5.3", "Too many recipients"));
      }
      if (auto refusal = hooks_.on_rcpt(envelope_, cmd.path)) return one(std::move(*refusal));
      envelope_.recipients.push_back(cmd.path);
      return one(reply(250, "2.1.5", "Ok"));
    }
    case Verb::data: {
      if (state_ != State::mail) return error_reply(bad_sequence("Need MAIL before DATA"));
      // 3.3: with MAIL but no accepted RCPT, 503 or 554 "no valid recipients".
      if (envelope_.recipients.empty())
        return error_reply(reply(554, "5.5.1", "No valid recipients"));
      state_ = State::data;
      message_.clear();
      return one(reply(354, "", "End data with <CR><LF>.<CR><LF>"));
    }
    case Verb::rset:
      reset_transaction();
      if (state_ == State::mail) state_ = State::greeted;
      return one(reply(250, "2.0.0", "Ok"));
    case Verb::noop:
      return one(reply(250, "2.0.0", "Ok"));
    case Verb::help:
      return one(reply(214, "2.0.0", "See RFC 5321"));
    case Verb::vrfy:
      // 3.5.3: a server that will not verify answers 252.
      return one(
          reply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"));
    case Verb::expn:
      // 3.5.2: EXPN may be disabled; 502 says so.
      return one(reply(502, "5.5.1", "EXPN not available"));
    case Verb::starttls: {
      if (!config_.starttls_available)
        return error_reply(reply(502, "5.5.1", "STARTTLS not available"));
      if (envelope_.tls) return error_reply(bad_sequence("TLS already active"));
      if (state_ == State::mail) return error_reply(bad_sequence("STARTTLS inside a transaction"));
      state_ = State::awaiting_tls;
      Output out = one(reply(220, "2.0.0", "Ready to start TLS"));
      out.start_tls = true;
      return out;
    }
    case Verb::auth: {
      // RFC 4954 4: AUTH only after EHLO, not within a transaction, once per session.
      if (!config_.auth_available || !envelope_.esmtp) {
        return error_reply(reply(503, "5.5.1", "AUTH not available"));
      }
      if (state_ == State::mail) return error_reply(bad_sequence("AUTH inside a transaction"));
      if (!envelope_.auth_user.empty()) return error_reply(bad_sequence("Already authenticated"));
      if (!envelope_.tls && config_.auth_requires_tls) {
        // RFC 4954 6: 538 when the mechanism needs an encrypted session.
        return error_reply(
            reply(538, "5.7.11", "Encryption required for requested authentication mechanism"));
      }
      auto space = cmd.argument.find(' ');
      auto mechanism = std::string_view(cmd.argument).substr(0, space);
      if (mechanism != "PLAIN") {
        return error_reply(reply(504, "5.5.4", "Unrecognized authentication type"));
      }
      if (space == std::string::npos) {
        // RFC 4954 4: no initial response; ask for it with an empty challenge.
        state_ = State::auth_response;
        return one(reply(334, "", ""));
      }
      return one(finish_auth(std::string_view(cmd.argument).substr(space + 1)));
    }
    case Verb::xclient: {
      if (!config_.xclient_trusted) {
        return error_reply(reply(550, "5.7.0", "Insufficient authorization"));
      }
      if (state_ == State::mail) return error_reply(bad_sequence("XCLIENT inside a transaction"));
      Client client = envelope_.client;
      for (const auto& p : cmd.parameters) {
        const std::string& v = *p.value;
        bool unavailable = v == "[UNAVAILABLE]" || v == "[TEMPUNAVAIL]";
        if (p.keyword == "ADDR") {
          if (unavailable) continue;
          auto address = ascii::istarts_with(v, "IPV6:") ? IpAddress::parse_v6(v.substr(5))
                                                         : IpAddress::parse_v4(v);
          if (!address) return error_reply(reply(501, "5.5.4", "Bad XCLIENT ADDR: " + v));
          client.address = *address;
        } else if (p.keyword == "NAME") {
          client.reverse_name = unavailable ? "" : v;
          client.reverse_name_state =
              v == "[TEMPUNAVAIL]" ? "tempfail" : (v == "[UNAVAILABLE]" ? "unknown" : "");
        } else if (p.keyword == "PORT") {
          std::uint16_t port = 0;
          auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), port);
          if (!unavailable && (ec != std::errc() || end != v.data() + v.size())) {
            return error_reply(reply(501, "5.5.4", "Bad XCLIENT PORT: " + v));
          }
          client.port = port;
        } else if (p.keyword == "LOGIN") {
          envelope_.auth_user = unavailable ? "" : v;
        } else if (p.keyword != "HELO" && p.keyword != "PROTO" && p.keyword != "DESTADDR" &&
                   p.keyword != "DESTPORT") {
          return error_reply(reply(501, "5.5.4", "Bad XCLIENT attribute " + p.keyword));
        }
      }
      // XCLIENT_README: the server answers with a new greeting; the session starts again.
      reset_transaction();
      envelope_.client = std::move(client);
      envelope_.helo.clear();
      envelope_.esmtp = false;
      state_ = State::fresh;
      for (const auto& p : cmd.parameters) {
        if (p.keyword == "HELO" && *p.value != "[UNAVAILABLE]" && *p.value != "[TEMPUNAVAIL]") {
          envelope_.helo = *p.value;
        }
      }
      return start();
    }
    case Verb::quit:
      break;
  }
  return error_reply(reply(500, "5.5.1", "Command unrecognized"));
}

Reply Session::finish_auth(std::string_view base64) {
  state_ = State::greeted;
  // RFC 4954 4: "*" cancels the exchange.
  if (base64 == "*") return reply(501, "5.0.0", "Authentication canceled");
  // RFC 4954 4: "=" is an empty initial response.
  auto decoded = base64 == "=" ? std::optional<std::string>("") : base64_decode(base64);
  if (!decoded) return reply(501, "5.5.2", "Cannot decode response");
  // RFC 4616 2: message = [authzid] NUL authcid NUL passwd
  auto first = decoded->find('\0');
  auto second = first == std::string::npos ? first : decoded->find('\0', first + 1);
  if (second == std::string::npos) return reply(501, "5.5.2", "Malformed PLAIN response");
  std::string_view view(*decoded);
  auto authzid = view.substr(0, first);
  auto user = view.substr(first + 1, second - first - 1);
  auto password = view.substr(second + 1);
  // RFC 4616 2: an authzid other than the user asks to act as someone else; we never allow it.
  if ((!authzid.empty() && authzid != user) || !hooks_.authenticate(user, password)) {
    return reply(535, "5.7.8", "Authentication credentials invalid");
  }
  envelope_.auth_user = std::string(user);
  return reply(235, "2.7.0", "Authentication successful");
}

Output Session::auth_response(std::string_view line) {
  Output out = one(finish_auth(line));
  if (out.replies[0].code != 235) ++errors_;
  return out;
}

Output Session::data_line(std::string_view line) {
  if (line == ".") {
    state_ = State::mail;
    Output out;
    if (message_line_too_long_) {
      out.replies.push_back(reply(500, "5.5.2", "Line too long"));  // 4.5.3.1.10
    } else if (message_too_big_) {
      // RFC 1870 6.3 and 4.5.3.1.10: "552 Too much mail data".
      out.replies.push_back(reply(552, "5.3.4", "Message size exceeds fixed maximum message size"));
    } else {
      auto outcome = hooks_.on_message(envelope_, message_);
      if (outcome.reply.positive()) ++messages_accepted_;
      out.replies.push_back(std::move(outcome.reply));
    }
    // 4.1.1.4: the end of data ends the transaction, accepted or not.
    reset_transaction();
    state_ = State::greeted;
    return out;
  }
  // 4.5.2: a leading dot is removed (transparency).
  if (!line.empty() && line[0] == '.') line.remove_prefix(1);
  if (line.size() > kMaxDataLine) message_line_too_long_ = true;
  std::size_t limit = config_.max_message_size ? config_.max_message_size : kAbsoluteMaxMessage;
  if (message_too_big_ || message_.size() + line.size() + 2 > limit) {
    message_too_big_ = true;
    message_.clear();  // the rest is read and dropped, so memory stays bounded
    return {};
  }
  message_.append(line);
  message_.append("\r\n");
  return {};
}

}  // namespace ascot::smtp
