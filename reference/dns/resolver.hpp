// dns/resolver.hpp: the interface through which mechanisms ask the DNS.
//
// Mechanisms (SPF, DKIM key lookups, DNSBL, DMARC discovery) take a Resolver& and never open
// sockets themselves. Two implementations exist: ZoneResolver answers from a vector's zone
// data in-process; StubResolver asks a real DNS server over UDP and TCP. Both count queries,
// and both can report each query to a QueryObserver (the --trace output and the transcripts
// of a conformance run are built from these reports).
#pragma once

#include <cstdint>
#include <string_view>

#include "dns/types.hpp"

namespace ascot::dns {

// QueryObserver is told about every query a Resolver answers, after it is answered.
class QueryObserver {
 public:
  virtual ~QueryObserver() = default;
  virtual void on_query(std::string_view name, RRType type, const Answer& answer) = 0;
};

// Resolver answers one question at a time. Not thread-safe: use one per evaluation.
class Resolver {
 public:
  Resolver() = default;
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;
  virtual ~Resolver() = default;

  // query asks for records of |type| at |name| (presentation form, trailing dot optional).
  // The answer's records are those of |type| at the end of any CNAME chain. Never throws.
  Answer query(std::string_view name, RRType type);

  // query_count is the number of queries asked since construction or reset_count().
  std::uint64_t query_count() const { return count_; }
  void reset_count() { count_ = 0; }

  // set_observer installs |observer| (not owned; nullptr removes it).
  void set_observer(QueryObserver* observer) { observer_ = observer; }

 protected:
  virtual Answer do_query(std::string_view name, RRType type) = 0;

 private:
  std::uint64_t count_ = 0;
  QueryObserver* observer_ = nullptr;
};

}  // namespace ascot::dns
