// dns/stub_resolver.hpp: a Resolver that asks a real DNS server over the network.
//
// StubResolver sends each question over UDP (RFC 1035 4.2.1) and, when the answer comes
// back truncated (TC=1), asks again over TCP (4.2.2), as RFC 7766 5 requires of a stub.
// Each attempt has a timeout; after the last attempt the answer is Status::timeout. Answers
// whose id, question or source do not match the query are ignored, not trusted.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "dns/resolver.hpp"
#include "dns/wire.hpp"

namespace ascot::dns {

struct StubOptions {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 address literal
  std::uint16_t port = 53;
  std::chrono::milliseconds timeout{2000};  // per attempt
  int attempts = 2;                         // UDP sends before giving up
  bool recursion_desired = true;
};

// parse_endpoint reads "HOST:PORT", "[V6]:PORT" or "HOST" (port 53) into |options|.
Expected<void> parse_endpoint(std::string_view text, StubOptions& options);

class StubResolver final : public Resolver {
 public:
  // create checks |options| (address literal, attempts >= 1) and opens no socket yet.
  static Expected<std::unique_ptr<StubResolver>> create(StubOptions options);
  ~StubResolver() override;

  // tcp_fallbacks counts the queries that were retried over TCP after truncation.
  std::uint64_t tcp_fallbacks() const { return tcp_fallbacks_; }

 protected:
  Answer do_query(std::string_view name, RRType type) override;

 private:
  struct Impl;
  explicit StubResolver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::uint64_t tcp_fallbacks_ = 0;
};

// extract_answer turns a decoded response into an Answer for a question of |type|:
// records of |type| in the answer section, and the status from the RCODE.
Answer extract_answer(const Message& response, RRType type);

}  // namespace ascot::dns
