// The SMTP server shell: Boost.Asio coroutines, one strand per connection.
#include "mta/server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <charconv>
#include <optional>
#include <thread>

#include "smtp/reply.hpp"

namespace ascot::mta {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

// Our read size; lines are assembled from as many reads as they need.
constexpr std::size_t kReadChunk = 16 * 1024;

bool is_loopback_host(const std::string& host) {
  auto a = IpAddress::parse(host);
  if (!a) return false;
  if (a->is_v4()) return a->octets()[0] == 127;
  return *a == *IpAddress::parse("::1");
}

IpAddress to_ip(const asio::ip::address& a) {
  if (a.is_v4()) return IpAddress::v4(a.to_v4().to_bytes());
  return IpAddress::v6(a.to_v6().to_bytes()).unmapped();
}

}  // namespace

Expected<Network> parse_network(std::string_view text) {
  auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return fail(Errc::invalid_argument, "not an IP address: " + std::string(text));
  Network n{*address, address->bit_length()};
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n.prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || n.prefix < 0 ||
        n.prefix > address->bit_length()) {
      return fail(Errc::invalid_argument, "bad prefix length in " + std::string(text));
    }
  }
  return n;
}

struct Server::Impl {
  ServerConfig config;
  HooksFactory hooks;
  asio::io_context io;
  ssl::context tls{ssl::context::tls_server};
  bool tls_ready = false;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<std::uint64_t> connections{0}, refused{0}, open{0}, messages{0}, timeouts{0};
  std::atomic<bool> stopped{false};

  awaitable<void> accept_loop();
  awaitable<void> serve(tcp::socket socket);
};

namespace {

// Connection carries one client's stream and input buffer.
struct Connection {
  ssl::stream<tcp::socket> stream;
  bool tls = false;
  std::string input;
  bool discarding = false;  // inside an over-long line
  asio::steady_timer timer;
  std::chrono::milliseconds timeout;

  Connection(tcp::socket s, ssl::context& ctx, std::chrono::milliseconds t)
      : stream(std::move(s), ctx), timer(stream.get_executor()), timeout(t) {}

  // next_line takes one line (without CR LF) from the buffer; |overlong| is set when the
  // buffer holds more than |max| octets without a line end.
  std::optional<std::string> next_line(std::size_t max, bool& overlong) {
    overlong = false;
    while (true) {
      auto lf = input.find('\n');
      if (lf == std::string::npos) {
        if (input.size() > max) {
          input.clear();
          if (!discarding) overlong = true;
          discarding = true;
        }
        return std::nullopt;
      }
      if (discarding) {
        input.erase(0, lf + 1);
        discarding = false;
        continue;
      }
      if (lf > max) {
        input.erase(0, lf + 1);
        overlong = true;
        return std::nullopt;
      }
      std::string line = input.substr(0, lf);
      input.erase(0, lf + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
  }

  // read appends what the client sent; false on timeout, end of stream or error.
  awaitable<bool> read(bool& timed_out) {
    char chunk[kReadChunk];
    timer.expires_after(timeout);
    std::variant<std::size_t, std::monostate> result;
    try {
      if (tls) {
        result = co_await (stream.async_read_some(asio::buffer(chunk), use_awaitable) ||
                           timer.async_wait(use_awaitable));
      } else {
        result =
            co_await (stream.next_layer().async_read_some(asio::buffer(chunk), use_awaitable) ||
                      timer.async_wait(use_awaitable));
      }
    } catch (const boost::system::system_error&) {
      co_return false;
    }
    if (result.index() == 1) {
      timed_out = true;
      co_return false;
    }
    input.append(chunk, std::get<0>(result));
    co_return true;
  }

  awaitable<bool> write(const std::string& bytes) {
    if (bytes.empty()) co_return true;
    timer.expires_after(timeout);
    try {
      std::variant<std::size_t, std::monostate> result;
      if (tls) {
        result = co_await (asio::async_write(stream, asio::buffer(bytes), use_awaitable) ||
                           timer.async_wait(use_awaitable));
      } else {
        result =
            co_await (asio::async_write(stream.next_layer(), asio::buffer(bytes), use_awaitable) ||
                      timer.async_wait(use_awaitable));
      }
      co_return result.index() == 0;
    } catch (const boost::system::system_error&) {
      co_return false;
    }
  }

  awaitable<bool> handshake() {
    timer.expires_after(timeout);
    try {
      auto result = co_await (stream.async_handshake(ssl::stream_base::server, use_awaitable) ||
                              timer.async_wait(use_awaitable));
      co_return result.index() == 0;
    } catch (const boost::system::system_error&) {
      co_return false;
    }
  }

  void close() {
    boost::system::error_code ec;
    stream.next_layer().shutdown(tcp::socket::shutdown_both, ec);
    stream.next_layer().close(ec);
  }
};

std::string format_all(const smtp::Output& out) {
  std::string bytes;
  for (const auto& r : out.replies) bytes += smtp::format(r);
  return bytes;
}

}  // namespace

// The coroutines use |this| without owning it: the Impl owns the io_context, and its
// destructor destroys every suspended coroutine frame before the rest of the Impl goes.
awaitable<void> Server::Impl::accept_loop() {
  while (!stopped) {
    tcp::socket socket(asio::make_strand(io));
    try {
      socket = co_await acceptor->async_accept(asio::make_strand(io), use_awaitable);
    } catch (const boost::system::system_error&) {
      if (stopped) co_return;
      continue;  // e.g. too many open files: try the next one
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve(std::move(socket)), asio::detached);
  }
}

awaitable<void> Server::Impl::serve(tcp::socket socket) {
  ++connections;
  boost::system::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  Connection conn(std::move(socket), tls, config.idle_timeout);
  if (ec) co_return;
  if (open.fetch_add(1) >= config.max_connections) {
    ++refused;
    co_await conn.write(
        smtp::format(smtp::reply(421, "4.3.2", config.session.hostname + " Too many connections")));
    conn.close();
    --open;
    co_return;
  }
  smtp::Client client{to_ip(peer.address()), "", peer.port(), ""};
  smtp::SessionConfig session_config = config.session;
  session_config.starttls_available = tls_ready;
  session_config.xclient_trusted = false;
  for (const auto& n : config.xclient_networks) {
    if (n.contains(client.address)) session_config.xclient_trusted = true;
  }
  auto session_hooks = hooks(client);
  smtp::Session session(session_config, *session_hooks, client);
  std::size_t counted = 0;
  auto out = session.start();
  bool ok = co_await conn.write(format_all(out));
  bool closing = out.close;
  std::string pending;
  while (ok && !closing) {
    bool overlong = false;
    while (auto line = conn.next_line(config.max_line, overlong)) {
      out = session.on_line(*line);
      pending += format_all(out);
      messages += session.messages_accepted() - counted;
      counted = session.messages_accepted();
      if (out.start_tls) {
        ok = co_await conn.write(pending);
        pending.clear();
        // RFC 3207 5: anything the client sent after STARTTLS, before the handshake, is
        // thrown away, or a man in the middle could inject commands into the TLS session.
        conn.input.clear();
        ok = ok && co_await conn.handshake();
        if (ok) {
          conn.tls = true;
          session.on_tls_established();
        }
        break;
      }
      if (out.close) {
        closing = true;
        break;
      }
    }
    if (overlong) pending += format_all(session.on_overlong_line());
    if (session.closed()) closing = true;
    // RFC 2920 3: replies are sent when no further complete command is waiting.
    if (!pending.empty()) {
      ok = co_await conn.write(pending);
      pending.clear();
    }
    if (!ok || closing) break;
    bool timed_out = false;
    ok = co_await conn.read(timed_out);
    if (timed_out) {
      ++timeouts;
      // 4.5.3.2.7 and 3.8: a server that gives up on an idle client says 421 and closes.
      co_await conn.write(smtp::format(
          smtp::reply(421, "4.4.2", config.session.hostname + " Timeout, closing connection")));
    }
  }
  conn.close();
  --open;
}

Server::Server(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  stop();
}

Expected<std::unique_ptr<Server>> Server::start(ServerConfig config, HooksFactory hooks) {
  if (!is_loopback_host(config.host)) {
    return fail(
        Errc::invalid_argument,
        "the SMTP server listens on loopback only (127.0.0.0/8 or ::1), not " + config.host);
  }
  auto impl = std::make_shared<Impl>();
  impl->config = std::move(config);
  impl->hooks = std::move(hooks);
  const auto& c = impl->config;
  if (!c.tls_certificate_file.empty() || !c.tls_key_file.empty()) {
    boost::system::error_code ec;
    impl->tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                          ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                          ssl::context::no_tlsv1_1);
    impl->tls.use_certificate_chain_file(c.tls_certificate_file, ec);
    if (ec)
      return fail(Errc::io_error, "cannot load certificate: " + ec.message(),
                  c.tls_certificate_file);
    impl->tls.use_private_key_file(c.tls_key_file, ssl::context::pem, ec);
    if (ec) return fail(Errc::io_error, "cannot load private key: " + ec.message(), c.tls_key_file);
    impl->tls_ready = true;
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(c.host, ec);
  tcp::endpoint endpoint(address, c.port);
  impl->acceptor.emplace(impl->io);
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(Errc::io_error, "cannot listen: " + ec.message(),
                c.host + ":" + std::to_string(c.port));
  }
  asio::co_spawn(impl->io, impl->accept_loop(), asio::detached);
  for (int i = 0; i < std::max(1, c.threads); ++i) {
    impl->threads.emplace_back([raw = impl.get()] { raw->io.run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const {
  return impl_->acceptor->local_endpoint().port();
}

std::string Server::endpoint() const {
  auto host = impl_->config.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return host + ":" + std::to_string(port());
}

ServerStats Server::stats() const {
  return {impl_->connections, impl_->refused, impl_->open, impl_->messages, impl_->timeouts};
}

void Server::stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  asio::post(impl_->io, [impl = impl_] {
    boost::system::error_code ec;
    impl->acceptor->close(ec);
    impl->io.stop();
  });
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace ascot::mta
