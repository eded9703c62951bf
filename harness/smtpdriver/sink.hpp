// harness/smtpdriver/sink.hpp: the SMTP sink, the next hop of an IUT under test.
//
// The IUT relays what it accepts, and sends its DSNs, to the sink; the harness finds each
// case's messages there by the case's marker (the "X-ASCOT-Case: <id>" field the harness puts
// in every message, which DSNs carry back in their copy of the header section). The sink keeps
// exact bytes. It is also the mail server a call-back probe (X.1240 7.5) reaches: it refuses
// RCPT for local parts starting with "unknown" (550 5.1.1), and accepts everything else.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "mta/server.hpp"
#include "smtp/session.hpp"

namespace ascot::harness {

struct SinkMessage {
  smtp::Envelope envelope;
  std::string bytes;
  std::chrono::steady_clock::time_point at;
};

// Our bound on the messages kept; the oldest are dropped beyond it (a load test sends 10,000).
inline constexpr std::size_t kMaxSinkMessages = 100'000;

class Sink {
 public:
  // start listens on |host|:|port| (loopback only; port 0 picks one).
  static Expected<std::unique_ptr<Sink>> start(const std::string& host = "127.0.0.1",
                                               std::uint16_t port = 0);
  ~Sink();

  std::uint16_t port() const;
  std::string endpoint() const;

  // wait_for returns the messages whose bytes contain |needle|, waiting up to |timeout|
  // for the first one (and returning at once when one is there).
  std::vector<SinkMessage> wait_for(const std::string& needle, std::chrono::milliseconds timeout);
  // find returns, without waiting, the messages that contain |needle|.
  std::vector<SinkMessage> find(const std::string& needle) const;
  std::size_t count() const;
  std::uint64_t received() const;  // all messages ever taken in
  void clear();

  // Internal: called by the sink's session hooks.
  void add(SinkMessage m);

 private:
  Sink() = default;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<SinkMessage> messages_;
  std::uint64_t received_ = 0;
  std::unique_ptr<mta::Server> server_;
};

}  // namespace ascot::harness
