// smtp/session.hpp: the server side of one SMTP session as a pure state machine.
//
// The I/O shell (the reference MTA, the harness's sink) reads lines and hands them to a
// Session; the Session answers with the replies to write and tells the shell when to start
// TLS or close. It never touches a socket, a clock or the DNS: everything a policy decides
// (refuse this client, greylist this recipient, spam-box this message) is asked of the
// SessionHooks, so that the protocol rules here (RFC 5321 sequencing, RFC 1870 SIZE,
// RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 2920 PIPELINING, Postfix XCLIENT) are written once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.hpp"
#include "smtp/command.hpp"
#include "smtp/reply.hpp"

namespace ascot::smtp {

// Client is what the server knows about the peer: its address, its verified reverse name
// (empty when it has none or it was not looked up) and port. XCLIENT can replace all three.
struct Client {
  IpAddress address;
  std::string reverse_name;
  std::uint16_t port = 0;
  // reverse_name_state says why reverse_name is empty: "unknown" (no name), "tempfail"
  // (the lookup failed) or empty when a name is present or was never asked for.
  std::string reverse_name_state;
};

// Envelope is the state of the session a policy decides on.
struct Envelope {
  Client client;
  std::string helo;       // the HELO/EHLO argument; empty before one
  bool esmtp = false;     // EHLO (not HELO) was used
  bool tls = false;       // the session runs over TLS
  std::string auth_user;  // the authenticated user (RFC 4954); empty when none
  std::optional<Path> mail_from;
  std::vector<Parameter> mail_parameters;
  std::vector<Path> recipients;  // accepted recipients, in order
};

// Disposition is what happens to a message the server has taken in, one per X.1240 action.
enum class Disposition {
  deliver,   // relayed or delivered as it is, perhaps marked (X.1240 7.19)
  spam_box,  // delivered to the recipient's spam folder (7.18)
  discard,   // accepted and dropped without notice (silent rejection, 7.16)
  bounce,    // accepted, then a DSN is sent to the envelope sender (7.17)
};
std::string_view disposition_name(Disposition d);

// MessageOutcome is the policy's answer at the end of DATA: the reply (250 for every
// disposition above; 4xx or 5xx to refuse the message in the session, 7.15) and, when
// accepted, what happened to it.
struct MessageOutcome {
  Reply reply;
  Disposition disposition = Disposition::deliver;
};

// SessionHooks is the policy. Each stage hook returns nullopt to go on, or the Reply that
// refuses that stage (a 4xx or 5xx). Default implementations accept everything.
class SessionHooks {
 public:
  virtual ~SessionHooks() = default;
  virtual std::optional<Reply> on_connect(const Envelope&) { return std::nullopt; }
  virtual std::optional<Reply> on_helo(const Envelope&) { return std::nullopt; }
  virtual std::optional<Reply> on_mail(const Envelope&) { return std::nullopt; }
  virtual std::optional<Reply> on_rcpt(const Envelope&, const Path&) { return std::nullopt; }
  // on_message receives the message as received (dot-unstuffed, CRLF line endings).
  virtual MessageOutcome on_message(const Envelope&, std::string_view message);
  // authenticate checks a user name and password (RFC 4616 PLAIN); false refuses them.
  virtual bool authenticate(std::string_view user, std::string_view password);
};

struct SessionConfig {
  std::string hostname = "localhost";  // in the greeting, EHLO reply and Received
  // RFC 1870: the fixed maximum message size we announce with SIZE; 0 announces none.
  std::size_t max_message_size = 10 * 1024 * 1024;
  // 4.5.3.1.8: at least 100 recipients must be accepted per transaction.
  std::size_t max_recipients = kMinRecipients;
  bool starttls_available = false;  // the shell can start TLS (RFC 3207)
  bool auth_available = false;      // AUTH PLAIN is offered (RFC 4954)
  bool auth_requires_tls = true;    // RFC 4954 4: offer PLAIN only over TLS
  bool xclient_trusted = false;     // this client may use XCLIENT
  // Our own bound on the commands that are neither transaction nor session setup
  // (NOOP, RSET, VRFY, HELP...) in one session, against clients that keep a connection
  // busy doing nothing.
  std::size_t max_idle_commands = 100;
  // Our own bound on refused commands (syntax errors, bad sequence) before we close.
  std::size_t max_errors = 20;
};

// Output is what the shell does after one input: write |replies| in order, then start TLS
// or close when asked.
struct Output {
  std::vector<Reply> replies;
  bool start_tls = false;  // after writing the replies, run the TLS handshake
  bool close = false;      // after writing the replies, close the connection
};

class Session {
 public:
  Session(SessionConfig config, SessionHooks& hooks, Client client, bool tls = false);

  // start returns the greeting (220, or 554 when on_connect refuses: 3.1).
  Output start();
  // on_line handles one line without its CRLF: a command, a DATA line or an AUTH response.
  Output on_line(std::string_view line);
  // on_overlong_line tells the session the shell read a line longer than it keeps (the
  // shell discards the rest of that line).
  Output on_overlong_line();
  // on_tls_established: the handshake after STARTTLS succeeded (RFC 3207 4.2: the server
  // forgets what the client told it, and the client must send EHLO again).
  void on_tls_established();
  // discard_pipelined_after_starttls: the shell must throw away anything it read after the
  // STARTTLS command line and before the handshake (RFC 3207 5, the command injection
  // attack); true while the session waits for the handshake.
  bool awaiting_tls() const { return state_ == State::awaiting_tls; }

  bool in_data() const { return state_ == State::data; }
  bool closed() const { return state_ == State::closed; }
  const Envelope& envelope() const { return envelope_; }
  // messages_accepted counts messages taken in with a 2xx reply in this session.
  std::size_t messages_accepted() const { return messages_accepted_; }

 private:
  enum class State {
    fresh,          // before HELO/EHLO
    refused,        // on_connect refused: only QUIT is served (3.1)
    greeted,        // after HELO/EHLO, no transaction
    mail,           // after MAIL (and any RCPT)
    data,           // reading the message
    auth_response,  // waiting for the client's AUTH response after "334"
    awaiting_tls,   // STARTTLS answered, handshake pending
    closed,
  };

  Output command(const Command& cmd);
  Output data_line(std::string_view line);
  Output auth_response(std::string_view line);
  Output one(Reply r);
  Output error_reply(Reply r);
  Reply ehlo_reply() const;
  Reply finish_auth(std::string_view base64);
  void reset_transaction();

  SessionConfig config_;
  SessionHooks& hooks_;
  Envelope envelope_;
  State state_ = State::fresh;
  std::string message_;
  bool message_too_big_ = false;
  bool message_line_too_long_ = false;
  std::size_t errors_ = 0;
  std::size_t idle_commands_ = 0;
  std::size_t messages_accepted_ = 0;
};

}  // namespace ascot::smtp
