#include "dns/stub_resolver.hpp"

#include <boost/asio.hpp>
#include <charconv>
#include <random>

#include "core/ascii.hpp"
#include "core/ip.hpp"
#include "dns/wire.hpp"

namespace ascot::dns {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

Expected<void> parse_endpoint(std::string_view text, StubOptions& options) {
  std::string_view host = text;
  std::string_view port;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) {
      return fail(Errc::invalid_argument, "missing ']' in '" + std::string(text) + "'");
    }
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return fail(Errc::invalid_argument, "expected ':PORT' after ']'");
      port = rest.substr(1);
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    auto colon = text.find(':');
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (!IpAddress::parse(host)) {
    return fail(Errc::invalid_argument, "'" + std::string(host) +
                                            "' is not an IP address (give the server as HOST:PORT, "
                                            "e.g. 127.0.0.1:5353)");
  }
  options.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return fail(Errc::invalid_argument,
                  "'" + std::string(port) + "' is not a port number (1-65535)");
    }
    options.port = static_cast<std::uint16_t>(value);
  }
  return {};
}

Answer extract_answer(const Message& response, RRType type) {
  Answer out;
  switch (response.header.rcode) {
    case Rcode::noerror:
      out.status = Answer::Status::ok;
      break;
    case Rcode::nxdomain:
      out.status = Answer::Status::nxdomain;
      return out;
    case Rcode::servfail:
      out.status = Answer::Status::servfail;
      return out;
    default:
      out.status = Answer::Status::error;
      out.detail = "RCODE " + std::to_string(static_cast<unsigned>(response.header.rcode));
      return out;
  }
  for (const auto& r : response.answers) {
    if (r.type == type || type == RRType::ANY) out.records.push_back(r);
  }
  return out;
}

struct StubResolver::Impl {
  StubOptions options;
  asio::io_context io;
  std::mt19937 rng{std::random_device{}()};

  // Runs the io_context until |done| or the deadline; returns false on timeout.
  bool run_until(const bool& done, std::chrono::steady_clock::time_point deadline) {
    io.restart();
    while (!done) {
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return false;
      if (io.run_one_for(deadline - now) == 0 && !done &&
          std::chrono::steady_clock::now() >= deadline) {
        return false;
      }
    }
    return true;
  }

  bool matches(const Message& response, const Message& query) const {
    return response.header.qr && response.header.id == query.header.id &&
           response.questions.size() == 1 &&
           ascii::iequals(response.questions[0].name, query.questions[0].name) &&
           response.questions[0].type == query.questions[0].type;
  }

  // One UDP exchange; nullopt on timeout.
  std::optional<Expected<Message>> udp_exchange(const std::vector<std::uint8_t>& wire,
                                                const Message& query) {
    auto address = asio::ip::make_address(options.host);
    udp::endpoint server(address, options.port);
    udp::socket socket(io, server.protocol());
    boost::system::error_code ec;
    socket.send_to(asio::buffer(wire), server, 0, ec);
    if (ec) return Expected<Message>(fail(Errc::io_error, "send failed: " + ec.message()));
    auto deadline = std::chrono::steady_clock::now() + options.timeout;
    std::vector<std::uint8_t> buffer(kMaxMessageSize);
    while (true) {
      bool done = false;
      std::size_t received = 0;
      udp::endpoint from;
      boost::system::error_code rec;
      socket.async_receive_from(asio::buffer(buffer), from, [&](auto e, std::size_t n) {
        rec = e;
        received = n;
        done = true;
      });
      if (!run_until(done, deadline)) {
        socket.cancel();
        io.restart();
        io.run();
        return std::nullopt;
      }
      if (rec) return Expected<Message>(fail(Errc::io_error, "receive failed: " + rec.message()));
      if (from != server) continue;  // not from the server we asked
      auto response = decode(std::span(buffer.data(), received));
      if (!response || !matches(*response, query)) continue;  // spoofed or stale
      return Expected<Message>(std::move(*response));
    }
  }

  Expected<Message> tcp_exchange(const std::vector<std::uint8_t>& wire, const Message& query) {
    auto address = asio::ip::make_address(options.host);
    tcp::endpoint server(address, options.port);
    tcp::socket socket(io);
    auto deadline = std::chrono::steady_clock::now() + options.timeout;
    bool done = false;
    boost::system::error_code ec;
    socket.async_connect(server, [&](auto e) {
      ec = e;
      done = true;
    });
    if (!run_until(done, deadline)) {
      socket.close();
      io.restart();
      io.run();
      return fail(Errc::timeout, "TCP connect timed out");
    }
    if (ec) return fail(Errc::io_error, "TCP connect failed: " + ec.message());
    std::vector<std::uint8_t> framed;
    framed.push_back(static_cast<std::uint8_t>(wire.size() >> 8));
    framed.push_back(static_cast<std::uint8_t>(wire.size() & 0xff));
    framed.insert(framed.end(), wire.begin(), wire.end());
    std::uint8_t length_bytes[2];
    std::vector<std::uint8_t> body;
    done = false;
    asio::async_write(socket, asio::buffer(framed), [&](auto e, std::size_t) {
      if (e) {
        ec = e;
        done = true;
        return;
      }
      asio::async_read(socket, asio::buffer(length_bytes), [&](auto e2, std::size_t) {
        if (e2) {
          ec = e2;
          done = true;
          return;
        }
        body.resize(static_cast<std::size_t>(length_bytes[0] << 8 | length_bytes[1]));
        asio::async_read(socket, asio::buffer(body), [&](auto e3, std::size_t) {
          ec = e3;
          done = true;
        });
      });
    });
    if (!run_until(done, deadline)) {
      socket.close();
      io.restart();
      io.run();
      return fail(Errc::timeout, "TCP exchange timed out");
    }
    if (ec) return fail(Errc::io_error, "TCP exchange failed: " + ec.message());
    auto response = decode(body);
    if (!response) return std::unexpected(response.error());
    if (!matches(*response, query))
      return fail(Errc::parse_error, "TCP answer does not match the question");
    return response;
  }
};

StubResolver::StubResolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StubResolver::~StubResolver() = default;

Expected<std::unique_ptr<StubResolver>> StubResolver::create(StubOptions options) {
  if (!IpAddress::parse(options.host)) {
    return fail(Errc::invalid_argument, "'" + options.host + "' is not an IP address");
  }
  if (options.attempts < 1) return fail(Errc::invalid_argument, "attempts must be at least 1");
  if (options.timeout.count() <= 0) return fail(Errc::invalid_argument, "timeout must be positive");
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  return std::unique_ptr<StubResolver>(new StubResolver(std::move(impl)));
}

Answer StubResolver::do_query(std::string_view name, RRType type) {
  Message query;
  query.header.id = static_cast<std::uint16_t>(impl_->rng());
  query.header.rd = impl_->options.recursion_desired;
  query.questions.push_back(Question{std::string(name), type, 1});
  auto wire = encode(query);
  if (!wire) {
    Answer bad;
    bad.status = Answer::Status::error;
    bad.detail = "cannot ask for this name: " + wire.error().message;
    return bad;
  }
  std::string last_problem = "no answer";
  for (int attempt = 0; attempt < impl_->options.attempts; ++attempt) {
    auto response = impl_->udp_exchange(*wire, query);
    if (!response) {
      last_problem = "no answer within " + std::to_string(impl_->options.timeout.count()) + " ms";
      continue;
    }
    if (!*response) {
      last_problem = response->error().message;
      continue;
    }
    if ((*response)->header.tc) {
      ++tcp_fallbacks_;
      auto over_tcp = impl_->tcp_exchange(*wire, query);
      if (!over_tcp) {
        Answer out;
        out.status = over_tcp.error().code == Errc::timeout ? Answer::Status::timeout
                                                            : Answer::Status::error;
        out.detail = "after truncation over UDP: " + over_tcp.error().message;
        return out;
      }
      return extract_answer(*over_tcp, type);
    }
    return extract_answer(**response, type);
  }
  Answer out;
  out.status = Answer::Status::timeout;
  out.detail = last_problem;
  return out;
}

}  // namespace ascot::dns
