// mta/client.hpp: a strict, blocking SMTP client with a timestamped transcript.
//
// The harness drives products with it, and the reference MTA relays with it. Every
// operation has a deadline (RFC 5321 4.5.3.2 gives the client's minimum waits; the harness
// passes its own, shorter ones), every reply is checked against the grammar of 4.2 (a
// malformed reply is an error, never guessed at), and everything sent and received is kept
// in the transcript, so a verdict can show exactly what happened.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "smtp/reply.hpp"

namespace ascot::mta {

// RFC 5321 4.5.3.2: the client's timeouts (minimums for a real MTA).
struct ClientTimeouts {
  std::chrono::milliseconds connect{std::chrono::seconds(30)};
  std::chrono::milliseconds greeting{std::chrono::minutes(5)};    // 4.5.3.2.1
  std::chrono::milliseconds command{std::chrono::minutes(5)};     // 4.5.3.2.2, .3 (MAIL, RCPT)
  std::chrono::milliseconds data_init{std::chrono::minutes(2)};   // 4.5.3.2.4
  std::chrono::milliseconds data_block{std::chrono::minutes(3)};  // 4.5.3.2.5
  std::chrono::milliseconds data_end{std::chrono::minutes(10)};   // 4.5.3.2.6
  // harness returns timeouts of |t| for every operation (the harness does not wait minutes).
  static ClientTimeouts harness(std::chrono::milliseconds t) { return {t, t, t, t, t, t}; }
};

struct TranscriptLine {
  std::chrono::system_clock::time_point at;
  char direction = 'C';  // 'C' sent by the client, 'S' received from the server, '*' an event
  std::string text;
};

// Our bound on the bytes of one reply line a client buffers before giving up on a server
// that never ends its line (4.5.3.1.5 allows 512).
inline constexpr std::size_t kMaxServerLine = 4096;

class Client {
 public:
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  // connect opens a TCP connection to |host|:|port| and reads the greeting.
  static Expected<std::unique_ptr<Client>> connect(const std::string& host, std::uint16_t port,
                                                   ClientTimeouts timeouts = {});

  const smtp::Reply& greeting() const;
  // command sends one command line (CRLF added) and returns the reply.
  Expected<smtp::Reply> command(std::string_view line);
  // pipeline sends several command lines at once (RFC 2920) and reads one reply for each.
  Expected<std::vector<smtp::Reply>> pipeline(const std::vector<std::string>& lines);
  // ehlo sends EHLO and keeps the extension keywords of the reply.
  Expected<smtp::Reply> ehlo(std::string_view name);
  bool has_extension(std::string_view keyword) const;
  // starttls sends STARTTLS and, on 220, runs the TLS handshake (certificates are not
  // verified: the peers are test servers on loopback). The caller sends EHLO again.
  Expected<smtp::Reply> starttls();
  // tls_handshake runs the handshake alone (after a STARTTLS sent with send_raw).
  Expected<void> tls_handshake();
  // data sends DATA, then |message| dot-stuffed (4.5.2) with CRLF line ends, then ".", and
  // returns the final reply. A 354 not received is returned as the reply.
  Expected<smtp::Reply> data(std::string_view message);
  // send_raw writes bytes as they are (for robustness tests); read_reply reads one reply.
  Expected<void> send_raw(std::string_view bytes);
  Expected<smtp::Reply> read_reply(std::chrono::milliseconds timeout);
  // quit sends QUIT and closes.
  void quit();

  const std::vector<TranscriptLine>& transcript() const;
  // transcript_text renders the transcript, one "C: ..." or "S: ..." line each, with times
  // in milliseconds from the connection's start.
  std::string transcript_text() const;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// dot_stuff returns |message| with every line ending in CRLF and every line that starts
// with "." given another (4.5.2), followed by ".\r\n". A lone LF is taken as a line end.
std::string dot_stuff(std::string_view message);

}  // namespace ascot::mta
