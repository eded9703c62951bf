// harness/dnsserver/scenario_server.hpp: the DNS scenario server.
//
// It serves a case's zone data, authoritatively, over UDP and TCP on a loopback port, so that
// a product under test sees exactly the DNS the reference sees in-process (both answer from
// dns::Zone::lookup). TIMEOUT pseudo-records are served by staying silent; UDP answers
// larger than 512 octets are truncated (TC=1) so that clients fall back to TCP. The zone can
// be swapped between cases while the server runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/types.hpp"
#include "dns/zone.hpp"

namespace ascot::harness {

enum class Transport { udp, tcp };

// respond computes the server's reply to one request: the pure core of the server. nullopt
// means "send nothing" (a TIMEOUT pseudo-record, a response instead of a query, or bytes
// too short to carry a message id).
std::optional<std::vector<std::uint8_t>> respond(const dns::Zone& zone,
                                                 std::span<const std::uint8_t> request,
                                                 Transport transport);

// ServedQuery describes one request, for logs and transcripts.
struct ServedQuery {
  std::string name;
  dns::RRType type = dns::RRType::A;
  Transport transport = Transport::udp;
  std::string outcome;  // "NOERROR 2 records", "NXDOMAIN", "silent (TIMEOUT)", "FORMERR"...
};

// is_loopback reports whether |host| is an address in 127.0.0.0/8 or ::1.
bool is_loopback(const std::string& host);

class ScenarioServer {
 public:
  ScenarioServer(const ScenarioServer&) = delete;
  ScenarioServer& operator=(const ScenarioServer&) = delete;
  ~ScenarioServer();

  // start binds UDP and TCP on |host|:|port| (port 0 picks a free port, the same for both)
  // and serves |zone| from a background thread. |host| must be a loopback address.
  static Expected<std::unique_ptr<ScenarioServer>> start(const std::string& host,
                                                         std::uint16_t port,
                                                         std::shared_ptr<const dns::Zone> zone);

  const std::string& host() const;
  std::uint16_t port() const;
  // endpoint returns "host:port" ("[::1]:port" for IPv6).
  std::string endpoint() const;

  // set_zone replaces the data served; queries already being answered finish with the old.
  void set_zone(std::shared_ptr<const dns::Zone> zone);
  // set_log installs a callback called (from the server thread) after each request.
  void set_log(std::function<void(const ServedQuery&)> log);
  std::uint64_t requests() const;

  // stop closes the sockets and joins the thread; the destructor calls it.
  void stop();

 private:
  struct Impl;
  explicit ScenarioServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ascot::harness
