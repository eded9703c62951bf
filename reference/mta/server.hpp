// mta/server.hpp: the network shell around smtp::Session (Boost.Asio, OpenSSL for STARTTLS).
//
// The shell only moves bytes: it reads lines, hands them to one Session per connection,
// writes the replies, runs the TLS handshake when the Session asks, and enforces the limits
// that protect the process (line length, idle time, number of connections). Every protocol
// and policy decision is the Session's or its hooks'. The reference MTA and the harness's
// SMTP sink both run on it. It listens on loopback addresses only.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"
#include "smtp/session.hpp"

namespace ascot::mta {

// HooksFactory makes the policy object of one connection (hooks keep per-session state,
// such as the score so far). It is called from the server's threads and must be
// thread-safe.
using HooksFactory = std::function<std::unique_ptr<smtp::SessionHooks>(const smtp::Client&)>;

struct Network {
  IpAddress address;
  int prefix = 32;
  bool contains(const IpAddress& a) const { return a.unmapped().matches_prefix(address, prefix); }
};
// parse_network reads "192.0.2.0/24", "2001:db8::/32" or a single address.
Expected<Network> parse_network(std::string_view text);

struct ServerConfig {
  std::string host = "127.0.0.1";  // must be a loopback address
  std::uint16_t port = 0;          // 0 picks a free port
  smtp::SessionConfig session;
  // PEM files for STARTTLS; when both are set, STARTTLS is offered (RFC 3207).
  std::string tls_certificate_file;
  std::string tls_key_file;
  // Clients in these networks may use XCLIENT (the harness on loopback).
  std::vector<Network> xclient_networks;
  // RFC 5321 4.5.3.2.7: a server should wait at least 5 minutes for the next command.
  // Tests and the harness use less.
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(5);
  // Our bound on concurrent connections; the next one is answered 421 and closed (3.8).
  std::size_t max_connections = 512;
  // Our bound on one input line: the longest line any state accepts (an AUTH line of
  // RFC 4954 4, 12288 octets) plus CRLF. A longer line is read to its end and discarded.
  std::size_t max_line = smtp::kMaxAuthLine + 2;
  int threads = 2;
};

struct ServerStats {
  std::uint64_t connections = 0;          // accepted so far
  std::uint64_t refused_connections = 0;  // answered 421 because of max_connections
  std::uint64_t open_connections = 0;
  std::uint64_t messages = 0;  // messages answered 2xx at the end of DATA
  std::uint64_t timeouts = 0;
};

class Server {
 public:
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // start binds |config.host|:|config.port| and serves from config.threads threads.
  static Expected<std::unique_ptr<Server>> start(ServerConfig config, HooksFactory hooks);

  std::uint16_t port() const;
  std::string endpoint() const;  // "127.0.0.1:2525"
  ServerStats stats() const;
  // stop closes the listener and every connection and joins the threads.
  void stop();

 private:
  struct Impl;
  explicit Server(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace ascot::mta
