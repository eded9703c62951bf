#include "dnsserver/scenario_server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <mutex>
#include <thread>

#include "core/ip.hpp"
#include "dns/wire.hpp"

namespace ascot::harness {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

// A TCP client that sends nothing for this long is disconnected (RFC 7766 6.2.3 lets a
// server close idle connections; a stuck product must not hold the harness's sockets).
constexpr auto kTcpIdleTimeout = std::chrono::seconds(10);

std::string outcome_text(const dns::Message& reply) {
  std::string out;
  switch (reply.header.rcode) {
    case dns::Rcode::noerror:
      out = "NOERROR";
      break;
    case dns::Rcode::nxdomain:
      out = "NXDOMAIN";
      break;
    case dns::Rcode::servfail:
      out = "SERVFAIL";
      break;
    case dns::Rcode::formerr:
      out = "FORMERR";
      break;
    case dns::Rcode::notimp:
      out = "NOTIMP";
      break;
    case dns::Rcode::refused:
      out = "REFUSED";
      break;
  }
  out += " " + std::to_string(reply.answers.size()) + " record(s)";
  if (reply.header.tc) out += " truncated";
  return out;
}

// Builds the reply, and the log entry that describes it.
std::optional<std::vector<std::uint8_t>> respond_logged(const dns::Zone& zone,
                                                        std::span<const std::uint8_t> request,
                                                        Transport transport, ServedQuery& log) {
  log.transport = transport;
  auto query = dns::decode(request);
  dns::Message reply;
  if (!query) {
    // RFC 1035 4.1.1: FORMERR, when there is at least an id to answer to.
    if (request.size() < 12) {
      log.outcome = "ignored (too short)";
      return std::nullopt;
    }
    reply.header.id = static_cast<std::uint16_t>(request[0] << 8 | request[1]);
    reply.header.qr = true;
    reply.header.rcode = dns::Rcode::formerr;
    log.outcome = "FORMERR (" + query.error().message + ")";
    return dns::encode(reply).value_or(std::vector<std::uint8_t>{});
  }
  if (query->header.qr) {
    log.outcome = "ignored (a response, not a query)";
    return std::nullopt;
  }
  reply.header.id = query->header.id;
  reply.header.qr = true;
  reply.header.opcode = query->header.opcode;
  reply.header.rd = query->header.rd;
  reply.questions = query->questions;
  if (query->header.opcode != 0) {
    reply.header.rcode = dns::Rcode::notimp;
  } else if (query->questions.size() != 1) {
    reply.header.rcode = dns::Rcode::formerr;
  } else {
    const dns::Question& q = query->questions[0];
    log.name = q.name;
    log.type = q.type;
    if (q.qclass != 1 && q.qclass != 255) {
      reply.header.rcode = dns::Rcode::refused;
    } else {
      dns::ZoneAnswer answer = zone.lookup(q.name, q.type);
      reply.header.aa = true;
      switch (answer.kind) {
        case dns::ZoneAnswer::Kind::timeout:
          log.outcome = "silent (TIMEOUT)";
          return std::nullopt;
        case dns::ZoneAnswer::Kind::servfail:
          reply.header.rcode = dns::Rcode::servfail;
          break;
        case dns::ZoneAnswer::Kind::nxdomain:
          reply.header.rcode = dns::Rcode::nxdomain;
          break;
        case dns::ZoneAnswer::Kind::answer:
          break;
      }
      reply.answers = std::move(answer.chain);
    }
  }
  auto wire = dns::encode(reply);
  if (!wire) {
    reply.answers.clear();
    reply.header.rcode = dns::Rcode::servfail;
    log.outcome = "SERVFAIL (cannot encode: " + wire.error().message + ")";
    return dns::encode(reply).value_or(std::vector<std::uint8_t>{});
  }
  // RFC 1035 4.2.1: over UDP, at most 512 octets; otherwise set TC and let the client retry
  // over TCP (RFC 7766 5).
  if (transport == Transport::udp && wire->size() > dns::kMaxUdpPayload) {
    reply.answers.clear();
    reply.header.tc = true;
    wire = dns::encode(reply);
  }
  log.outcome = outcome_text(reply);
  return std::move(*wire);
}

}  // namespace

std::optional<std::vector<std::uint8_t>> respond(const dns::Zone& zone,
                                                 std::span<const std::uint8_t> request,
                                                 Transport transport) {
  ServedQuery ignored;
  return respond_logged(zone, request, transport, ignored);
}

bool is_loopback(const std::string& host) {
  auto ip = IpAddress::parse(host);
  if (!ip) return false;
  IpAddress a = ip->unmapped();
  if (a.is_v4()) return a.octets()[0] == 127;
  return a == *IpAddress::parse("::1");
}

struct ScenarioServer::Impl {
  asio::io_context io;
  udp::socket udp_socket{io};
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::string host;
  std::uint16_t port = 0;
  std::mutex mutex;
  std::shared_ptr<const dns::Zone> zone;
  std::function<void(const ServedQuery&)> log;
  std::atomic<std::uint64_t> requests{0};
  std::array<std::uint8_t, dns::kMaxMessageSize> udp_buffer{};
  udp::endpoint udp_peer;
  bool stopped = false;

  std::shared_ptr<const dns::Zone> current_zone() {
    std::lock_guard lock(mutex);
    return zone;
  }

  std::optional<std::vector<std::uint8_t>> handle(std::span<const std::uint8_t> request,
                                                  Transport transport) {
    ++requests;
    ServedQuery entry;
    auto reply = respond_logged(*current_zone(), request, transport, entry);
    std::function<void(const ServedQuery&)> sink;
    {
      std::lock_guard lock(mutex);
      sink = log;
    }
    if (sink) sink(entry);
    return reply;
  }

  void receive_udp() {
    udp_socket.async_receive_from(
        asio::buffer(udp_buffer), udp_peer, [this](auto ec, std::size_t n) {
          if (ec == asio::error::operation_aborted) return;
          if (!ec) {
            auto reply = handle(std::span(udp_buffer.data(), n), Transport::udp);
            if (reply) {
              boost::system::error_code send_ec;
              udp_socket.send_to(asio::buffer(*reply), udp_peer, 0, send_ec);
            }
          }
          receive_udp();
        });
  }

  struct Connection : std::enable_shared_from_this<Connection> {
    Connection(Impl& server, tcp::socket s)
        : impl(server), socket(std::move(s)), timer(server.io) {}
    Impl& impl;
    tcp::socket socket;
    asio::steady_timer timer;
    std::array<std::uint8_t, 2> length{};
    std::vector<std::uint8_t> body;
    std::vector<std::uint8_t> out;

    void arm_timer() {
      timer.expires_after(kTcpIdleTimeout);
      timer.async_wait([self = shared_from_this()](auto ec) {
        if (!ec) {
          boost::system::error_code ignored;
          self->socket.close(ignored);
        }
      });
    }

    void read() {
      arm_timer();
      asio::async_read(
          socket, asio::buffer(length), [self = shared_from_this()](auto ec, std::size_t) {
            if (ec) return;
            self->body.resize(static_cast<std::size_t>(self->length[0] << 8 | self->length[1]));
            asio::async_read(self->socket, asio::buffer(self->body), [self](auto ec2, std::size_t) {
              if (ec2) return;
              auto reply = self->impl.handle(self->body, Transport::tcp);
              if (!reply) {
                self->read();  // TIMEOUT: say nothing, keep listening
                return;
              }
              self->out.clear();
              self->out.push_back(static_cast<std::uint8_t>(reply->size() >> 8));
              self->out.push_back(static_cast<std::uint8_t>(reply->size() & 0xff));
              self->out.insert(self->out.end(), reply->begin(), reply->end());
              asio::async_write(self->socket, asio::buffer(self->out),
                                [self](auto ec3, std::size_t) {
                                  if (!ec3) self->read();
                                });
            });
          });
    }
  };

  void accept_tcp() {
    acceptor.async_accept([this](auto ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<Connection>(*this, std::move(socket))->read();
      accept_tcp();
    });
  }
};

ScenarioServer::ScenarioServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScenarioServer::~ScenarioServer() {
  stop();
}

Expected<std::unique_ptr<ScenarioServer>> ScenarioServer::start(
    const std::string& host, std::uint16_t port, std::shared_ptr<const dns::Zone> zone) {
  if (!is_loopback(host)) {
    return fail(
        Errc::invalid_argument,
        "'" + host +
            "' is not a loopback address; the scenario server binds only to 127.0.0.0/8 or ::1");
  }
  auto impl = std::make_unique<Impl>();
  impl->host = host;
  impl->zone = zone ? std::move(zone) : std::make_shared<const dns::Zone>();
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return fail(Errc::invalid_argument, "'" + host + "' is not an IP address");
  // The same port for UDP and TCP: bind TCP first (port 0 picks one), then UDP on it. A
  // port that is free for TCP but taken for UDP is retried a few times.
  for (int attempt = 0; attempt < 20; ++attempt) {
    boost::system::error_code bind_ec;
    tcp::acceptor acceptor(impl->io);
    acceptor.open(tcp::endpoint(address, port).protocol(), bind_ec);
    if (!bind_ec) acceptor.set_option(asio::socket_base::reuse_address(true), bind_ec);
    if (!bind_ec) acceptor.bind(tcp::endpoint(address, port), bind_ec);
    if (!bind_ec) acceptor.listen(asio::socket_base::max_listen_connections, bind_ec);
    if (bind_ec) {
      return fail(Errc::io_error, "cannot listen on TCP " + host + ":" + std::to_string(port) +
                                      ": " + bind_ec.message());
    }
    std::uint16_t chosen = acceptor.local_endpoint().port();
    udp::socket udp_socket(impl->io);
    udp_socket.open(udp::endpoint(address, chosen).protocol(), bind_ec);
    if (!bind_ec) udp_socket.bind(udp::endpoint(address, chosen), bind_ec);
    if (bind_ec) {
      if (port != 0) {
        return fail(Errc::io_error, "cannot bind UDP " + host + ":" + std::to_string(port) + ": " +
                                        bind_ec.message());
      }
      continue;
    }
    impl->acceptor = std::move(acceptor);
    impl->udp_socket = std::move(udp_socket);
    impl->port = chosen;
    break;
  }
  if (impl->port == 0)
    return fail(Errc::io_error, "could not find a port free for both UDP and TCP");
  impl->receive_udp();
  impl->accept_tcp();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<ScenarioServer>(new ScenarioServer(std::move(impl)));
}

const std::string& ScenarioServer::host() const {
  return impl_->host;
}
std::uint16_t ScenarioServer::port() const {
  return impl_->port;
}

std::string ScenarioServer::endpoint() const {
  bool v6 = impl_->host.find(':') != std::string::npos;
  return (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->port);
}

void ScenarioServer::set_zone(std::shared_ptr<const dns::Zone> zone) {
  std::lock_guard lock(impl_->mutex);
  impl_->zone = zone ? std::move(zone) : std::make_shared<const dns::Zone>();
}

void ScenarioServer::set_log(std::function<void(const ServedQuery&)> log) {
  std::lock_guard lock(impl_->mutex);
  impl_->log = std::move(log);
}

std::uint64_t ScenarioServer::requests() const {
  return impl_->requests;
}

void ScenarioServer::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  asio::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->udp_socket.close(ignored);
    impl_->acceptor.close(ignored);
    impl_->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace ascot::harness
