// The SMTP sink.
#include "smtpdriver/sink.hpp"

#include "core/ascii.hpp"

namespace ascot::harness {
namespace {

class SinkHooks final : public smtp::SessionHooks {
 public:
  explicit SinkHooks(Sink& sink) : sink_(sink) {}
  std::optional<smtp::Reply> on_rcpt(const smtp::Envelope&, const smtp::Path& rcpt) override {
    // The call-back target: "unknown..." local parts do not exist here (RFC 3463 X.1.1).
    if (rcpt.mailbox && ascii::istarts_with(rcpt.mailbox->local_part, "unknown")) {
      return smtp::reply(550, "5.1.1", "No such user here");
    }
    return std::nullopt;
  }
  smtp::MessageOutcome on_message(const smtp::Envelope& e, std::string_view message) override {
    sink_.add({e, std::string(message), std::chrono::steady_clock::now()});
    return {smtp::reply(250, "2.0.0", "Ok: kept by the ASCOT sink"), smtp::Disposition::deliver};
  }

 private:
  Sink& sink_;
};

}  // namespace

Expected<std::unique_ptr<Sink>> Sink::start(const std::string& host, std::uint16_t port) {
  std::unique_ptr<Sink> sink(new Sink());
  mta::ServerConfig config;
  config.host = host;
  config.port = port;
  config.session.hostname = "sink.ascot.test";
  // The IUT may send large messages and many at once; the sink is not what is tested.
  config.session.max_message_size = 64 * 1024 * 1024;
  config.session.max_recipients = 1000;
  config.idle_timeout = std::chrono::seconds(60);
  Sink* raw = sink.get();
  auto server = mta::Server::start(
      config, [raw](const smtp::Client&) { return std::make_unique<SinkHooks>(*raw); });
  if (!server) return std::unexpected(server.error());
  sink->server_ = std::move(*server);
  return sink;
}

Sink::~Sink() {
  if (server_) server_->stop();
}

std::uint16_t Sink::port() const {
  return server_->port();
}
std::string Sink::endpoint() const {
  return server_->endpoint();
}

void Sink::add(SinkMessage m) {
  {
    std::lock_guard lock(mutex_);
    messages_.push_back(std::move(m));
    ++received_;
    while (messages_.size() > kMaxSinkMessages) messages_.pop_front();
  }
  arrived_.notify_all();
}

std::vector<SinkMessage> Sink::find(const std::string& needle) const {
  std::lock_guard lock(mutex_);
  std::vector<SinkMessage> out;
  for (const auto& m : messages_) {
    if (m.bytes.find(needle) != std::string::npos) out.push_back(m);
  }
  return out;
}

std::vector<SinkMessage> Sink::wait_for(const std::string& needle,
                                        std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (true) {
    std::vector<SinkMessage> out;
    for (const auto& m : messages_) {
      if (m.bytes.find(needle) != std::string::npos) out.push_back(m);
    }
    if (!out.empty()) return out;
    if (arrived_.wait_until(lock, deadline) == std::cv_status::timeout) return {};
  }
}

std::size_t Sink::count() const {
  std::lock_guard lock(mutex_);
  return messages_.size();
}

std::uint64_t Sink::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void Sink::clear() {
  std::lock_guard lock(mutex_);
  messages_.clear();
}

}  // namespace ascot::harness
