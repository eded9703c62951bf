// The blocking SMTP client: each operation runs the client's own io_context for at most
// its deadline (the "blocking with timeout" pattern of the Asio examples).
#include "mta/client.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <optional>

#include "core/ascii.hpp"

namespace ascot::mta {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

}  // namespace

std::string dot_stuff(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 64 + 8);
  std::size_t start = 0;
  while (start < message.size()) {
    auto lf = message.find('\n', start);
    auto end = lf == std::string_view::npos ? message.size() : lf;
    auto line = message.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line[0] == '.') out.push_back('.');  // 4.5.2
    out.append(line);
    out.append("\r\n");
    start = end + 1;
  }
  out.append(".\r\n");
  return out;
}

struct Client::Impl {
  asio::io_context io;
  ssl::context tls_context{ssl::context::tls_client};
  ssl::stream<tcp::socket> stream{io, tls_context};
  bool tls = false;
  std::string input;
  ClientTimeouts timeouts;
  smtp::Reply greeting;
  std::vector<std::string> extensions;
  std::vector<TranscriptLine> transcript;
  std::string peer;

  void note(char direction, std::string_view text) {
    transcript.push_back({std::chrono::system_clock::now(), direction, std::string(text)});
  }

  void close() {
    boost::system::error_code ec;
    stream.next_layer().shutdown(tcp::socket::shutdown_both, ec);
    stream.next_layer().close(ec);
  }

  // run drives the io_context until |done| or the deadline; on the deadline the socket is
  // closed, the pending operation ends with operation_aborted, and a timeout error is
  // returned.
  Expected<void> run(bool& done, std::chrono::milliseconds timeout, std::string_view what) {
    io.restart();
    io.run_for(timeout);
    if (done) return {};
    close();
    io.restart();
    io.run();
    note('*', "timeout after " + std::to_string(timeout.count()) + " ms waiting for " +
                  std::string(what));
    return fail(Errc::timeout,
                "no " + std::string(what) + " within " + std::to_string(timeout.count()) + " ms",
                peer);
  }

  Expected<void> write(std::string_view bytes, std::chrono::milliseconds timeout) {
    bool done = false;
    boost::system::error_code error;
    auto handler = [&](boost::system::error_code ec, std::size_t) {
      error = ec;
      done = true;
    };
    if (tls) {
      asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), handler);
    } else {
      asio::async_write(stream.next_layer(), asio::buffer(bytes.data(), bytes.size()), handler);
    }
    if (auto r = run(done, timeout, "write to complete"); !r) return r;
    if (error) return fail(Errc::io_error, "write failed: " + error.message(), peer);
    return {};
  }

  Expected<std::string> read_line(Clock::time_point deadline) {
    while (true) {
      auto lf = input.find('\n');
      if (lf != std::string::npos) {
        std::string line = input.substr(0, lf);
        input.erase(0, lf + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
      }
      if (input.size() > kMaxServerLine) {
        note('*', "a reply line longer than " + std::to_string(kMaxServerLine) + " octets");
        input.clear();
        close();
        return fail(Errc::limit_exceeded,
                    "server sent a line longer than " + std::to_string(kMaxServerLine) + " octets",
                    peer);
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) left = std::chrono::milliseconds(1);
      char chunk[4096];
      bool done = false;
      boost::system::error_code error;
      std::size_t got = 0;
      auto handler = [&](boost::system::error_code ec, std::size_t n) {
        error = ec;
        got = n;
        done = true;
      };
      if (tls) {
        stream.async_read_some(asio::buffer(chunk), handler);
      } else {
        stream.next_layer().async_read_some(asio::buffer(chunk), handler);
      }
      if (auto r = run(done, left, "reply"); !r) return std::unexpected(r.error());
      input.append(chunk, got);
      if (error) {
        if (got) continue;
        note('*', "connection closed by the server (" + error.message() + ")");
        return fail(Errc::io_error, "connection closed: " + error.message(), peer);
      }
    }
  }

  Expected<smtp::Reply> read_reply(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    smtp::ReplyReader reader;
    while (true) {
      auto line = read_line(deadline);
      if (!line) return std::unexpected(line.error());
      note('S', *line);
      auto fed = reader.feed(*line);
      if (!fed) return fail_at(fed.error(), peer);
      if (*fed) return std::move(**fed);
    }
  }

  Expected<smtp::Reply> command(std::string_view line, std::chrono::milliseconds timeout) {
    note('C', line);
    std::string bytes(line);
    bytes += "\r\n";
    if (auto w = write(bytes, timeout); !w) return std::unexpected(w.error());
    return read_reply(timeout);
  }
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Client::~Client() {
  if (impl_) impl_->close();
}

Expected<std::unique_ptr<Client>> Client::connect(const std::string& host, std::uint16_t port,
                                                  ClientTimeouts timeouts) {
  auto impl = std::make_unique<Impl>();
  impl->timeouts = timeouts;
  impl->tls_context.set_verify_mode(ssl::verify_none);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return fail(Errc::invalid_argument, "not an IP address: " + host);
  impl->peer = (address.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(port);
  bool done = false;
  boost::system::error_code error;
  impl->stream.next_layer().async_connect(tcp::endpoint(address, port), [&](auto e) {
    error = e;
    done = true;
  });
  if (auto r = impl->run(done, timeouts.connect, "connection"); !r)
    return std::unexpected(r.error());
  if (error) return fail(Errc::io_error, "cannot connect: " + error.message(), impl->peer);
  impl->note('*', "connected to " + impl->peer);
  auto greeting = impl->read_reply(timeouts.greeting);
  if (!greeting) return std::unexpected(greeting.error());
  impl->greeting = std::move(*greeting);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

const smtp::Reply& Client::greeting() const {
  return impl_->greeting;
}

Expected<smtp::Reply> Client::command(std::string_view line) {
  return impl_->command(line, impl_->timeouts.command);
}

Expected<std::vector<smtp::Reply>> Client::pipeline(const std::vector<std::string>& lines) {
  std::string bytes;
  for (const auto& l : lines) {
    impl_->note('C', l);
    bytes += l + "\r\n";
  }
  if (auto w = impl_->write(bytes, impl_->timeouts.command); !w) return std::unexpected(w.error());
  std::vector<smtp::Reply> replies;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto r = impl_->read_reply(impl_->timeouts.command);
    if (!r) return std::unexpected(r.error());
    replies.push_back(std::move(*r));
  }
  return replies;
}

Expected<smtp::Reply> Client::ehlo(std::string_view name) {
  auto r = command("EHLO " + std::string(name));
  if (!r) return r;
  impl_->extensions.clear();
  if (r->code == 250) {
    // 4.1.1.1: the first line is the greeting; each further line is a keyword and params.
    for (std::size_t i = 1; i < r->lines.size(); ++i) {
      auto word = r->lines[i].substr(0, r->lines[i].find(' '));
      impl_->extensions.push_back(ascii::lower(word));
    }
  }
  return r;
}

bool Client::has_extension(std::string_view keyword) const {
  auto k = ascii::lower(keyword);
  return std::find(impl_->extensions.begin(), impl_->extensions.end(), k) !=
         impl_->extensions.end();
}

Expected<smtp::Reply> Client::starttls() {
  auto r = command("STARTTLS");
  if (!r || r->code != 220) return r;
  if (auto h = tls_handshake(); !h) return std::unexpected(h.error());
  return r;
}

Expected<void> Client::tls_handshake() {
  bool done = false;
  boost::system::error_code error;
  impl_->stream.async_handshake(ssl::stream_base::client, [&](auto e) {
    error = e;
    done = true;
  });
  if (auto h = impl_->run(done, impl_->timeouts.command, "TLS handshake"); !h) {
    return std::unexpected(h.error());
  }
  if (error) return fail(Errc::io_error, "TLS handshake failed: " + error.message(), impl_->peer);
  impl_->tls = true;
  impl_->note('*', "TLS started");
  return {};
}

Expected<smtp::Reply> Client::data(std::string_view message) {
  auto go = impl_->command("DATA", impl_->timeouts.data_init);
  if (!go || go->code != 354) return go;
  auto bytes = dot_stuff(message);
  impl_->note('C', "(" + std::to_string(message.size()) + " octets of message data)");
  impl_->note('C', ".");
  if (auto w = impl_->write(bytes, impl_->timeouts.data_block); !w)
    return std::unexpected(w.error());
  return impl_->read_reply(impl_->timeouts.data_end);
}

Expected<void> Client::send_raw(std::string_view bytes) {
  impl_->note('C', "(raw) " + ascii::printable(bytes, 120));
  return impl_->write(bytes, impl_->timeouts.command);
}

Expected<smtp::Reply> Client::read_reply(std::chrono::milliseconds timeout) {
  return impl_->read_reply(timeout);
}

void Client::quit() {
  (void)impl_->command("QUIT", impl_->timeouts.command);
  impl_->close();
}

const std::vector<TranscriptLine>& Client::transcript() const {
  return impl_->transcript;
}

std::string Client::transcript_text() const {
  std::string out;
  if (impl_->transcript.empty()) return out;
  auto start = impl_->transcript.front().at;
  for (const auto& line : impl_->transcript) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(line.at - start).count();
    out += std::to_string(ms) + "ms " + line.direction + ": " + line.text + "\n";
  }
  return out;
}

}  // namespace ascot::mta
