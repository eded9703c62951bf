// greylist/greylist.hpp: greylisting of SMTP deliveries (RFC 6647; X.1240 clause 7.11
// "Greylisting", mapping derived from the heading only).
//
// A greylisting receiver answers the first delivery attempt of an unknown (client network,
// MAIL FROM, RCPT TO) triplet with a transient failure, and accepts a retry of the same triplet
// that comes after a minimum delay but before a retry window closes; a compliant SMTP client
// queues and retries (RFC 5321 4.5.4.1), while much abusive software does not (RFC 6647 1.1, 2).
// Once a triplet has passed it is known and is accepted without delay until it expires; a
// client network that has passed often enough may be whitelisted automatically, and operators
// may exempt client networks and recipients.
//
// decide() is a pure function of its inputs: the triplet, the Policy, the time from an injected
// Clock, and the state in an injected Store. Every greylisting outcome (deferral included) is a
// Decision value; an Error means bad input (an invalid policy, an over-long address) or a Store
// failure. Callers choose what a Store failure means for the mail; ASCOT's advice is to accept
// (fail open), so that an outage of the greylisting database does not become an outage of mail.
//
// Stores: MemoryStore (greylist/memory_store.hpp, bounded) and SqliteStore
// (greylist/sqlite_store.hpp, a file whose state survives a restart). Both are safe to call
// from several threads at once, and decide() runs as one Store transaction, so two threads
// deciding on the same triplet never interleave their read and write.
//
// Sources: the text of RFC 6647 could not be consulted when this module was written. The
// sections cited (1.1 background, 2 and 2.4 the RCPT-time triplet, 4.1 the receiving server's
// recommendations) are recalled from its table of contents and are to be checked against the
// RFC; nothing here quotes it. Where a value or rule is ASCOT's choice, the comment says so.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ip.hpp"

namespace ascot::greylist {

using TimePoint = std::chrono::system_clock::time_point;

// RFC 5321 4.5.3.1.3: a reverse-path or forward-path is at most 256 octets. Longer input is
// refused rather than stored, so an attacker cannot make each record arbitrarily large.
inline constexpr std::size_t kMaxPathOctets = 256;
// RFC 5321 4.5.3.1.5: a reply line is at most 512 octets including the code and CRLF; the
// text of a deferral reply must fit beside "451 4.7.1 ".
inline constexpr std::size_t kMaxReplyTextOctets = 400;

// RFC 6647 4.1 leaves the aggregation of client addresses to the operator, to cope with
// clients that retry from another address of the same pool. ASCOT's defaults: the IPv4 /24 and
// the IPv6 /64 (the RFC 4291 2.5.4 subnet size, so one end site's addresses stay together).
inline constexpr int kDefaultIpv4Prefix = 24;
inline constexpr int kDefaultIpv6Prefix = 64;
// Minimum delay before a retry is accepted (RFC 6647 4.1: configurable). ASCOT's default of
// 5 minutes stays well below the 30-minute retry interval that RFC 5321 4.5.4.1 recommends to
// clients, so a compliant client passes on its first retry.
inline constexpr std::chrono::seconds kDefaultMinDelay{5 * 60};
// Retry window: a triplet not retried within this time after its first sight is forgotten
// (RFC 6647 4.1). ASCOT's default of 24 hours leaves room for many retries at the RFC 5321
// 4.5.4.1 interval, while the 4-5 day give-up time of 4.5.4.1 would keep junk too long.
inline constexpr std::chrono::seconds kDefaultRetryWindow{24 * 60 * 60};
// Lifetime of a known (passed) triplet, renewed by every accepted delivery (RFC 6647 4.1:
// passed triplets are remembered). ASCOT's default of 36 days covers monthly correspondence.
inline constexpr std::chrono::seconds kDefaultKnownLifetime{36 * 24 * 60 * 60};
// Automatic whitelisting of a client network after this many distinct triplets from it have
// passed the delay (RFC 6647 4.1 describes whitelisting clients that have shown they retry).
// 0 disables it. ASCOT's default.
inline constexpr int kDefaultAutoWhitelistAfter = 5;
// Lifetime of an automatic whitelisting, renewed by use. ASCOT's default.
inline constexpr std::chrono::seconds kDefaultWhitelistLifetime{36 * 24 * 60 * 60};

// Network is an address prefix: the address with every bit after |prefix| cleared.
struct Network {
  IpAddress address;
  int prefix = 0;

  // to_string prints "192.0.2.0/24" or "2001:db8::/64".
  std::string to_string() const;
  // contains reports whether |ip| (IPv4-mapped IPv6 taken as IPv4) lies in this network.
  bool contains(const IpAddress& ip) const;

  friend bool operator==(const Network&, const Network&) = default;
};

// parse_network reads "192.0.2.0/24", "2001:db8::/48" or a bare address (a /32 or /128).
// Host bits after the prefix are cleared. Fails on anything else.
Expected<Network> parse_network(std::string_view text);

// mask_client returns the network of |prefix| bits that holds |ip|, after turning an
// IPv4-mapped IPv6 address (RFC 4291 2.5.5.2) into IPv4, so that a dual-stack listener
// and an IPv4 listener see one client alike. |prefix| is clamped to 0..bit length.
Network mask_client(const IpAddress& ip, int prefix);

// Reply is the SMTP reply a deferral gives.
struct Reply {
  // RFC 5321 4.2.1: a 4yz reply is a transient failure, so the client keeps the message and
  // retries; RFC 5321 4.2.2/4.2.3 offer 450 (mailbox unavailable, e.g. temporarily blocked
  // for policy reasons) and 451 (local error in processing). ASCOT uses 451.
  int code = 451;
  // RFC 3463 2 and 3.8: class 4 (persistent transient failure), subject 7 (security or
  // policy status), detail 1 ("delivery not authorized, message refused": per-host filtering).
  std::string enhanced = "4.7.1";
  std::string text = "Greylisted, please try again later";

  friend bool operator==(const Reply&, const Reply&) = default;
};

// Policy holds the operator's parameters. The defaults are the k* constants above.
struct Policy {
  int ipv4_prefix = kDefaultIpv4Prefix;
  int ipv6_prefix = kDefaultIpv6Prefix;
  std::chrono::seconds min_delay = kDefaultMinDelay;
  std::chrono::seconds retry_window = kDefaultRetryWindow;
  std::chrono::seconds known_lifetime = kDefaultKnownLifetime;
  int auto_whitelist_after = kDefaultAutoWhitelistAfter;
  std::chrono::seconds whitelist_lifetime = kDefaultWhitelistLifetime;
  // Exemptions (RFC 6647 4.1: operators exempt trusted clients and recipients that must not
  // be delayed). There is deliberately no sender exemption: MAIL FROM is unauthenticated, so
  // exempting a sender would let anyone bypass greylisting by forging it.
  std::vector<Network> exempt_clients;
  std::vector<std::string> exempt_recipient_domains;  // exact domain, case-insensitive
  std::vector<std::string> exempt_recipients;         // whole address, after normalisation
  Reply reply;
};

// validate checks |policy|: prefixes within 0..32 and 0..128, 0 <= min_delay < retry_window
// (else no retry could ever pass), positive lifetimes, auto_whitelist_after >= 0, a 4yz reply
// code with a class-4 enhanced code, and reply text of printable ASCII within
// kMaxReplyTextOctets.
Expected<void> validate(const Policy& policy);

// Triplet is one delivery attempt as the SMTP server saw it (RFC 6647 2.4).
struct Triplet {
  IpAddress client;
  std::string mail_from;  // reverse-path without <>; empty for the null reverse-path
  std::string rcpt_to;    // forward-path without <>
};

// normalize_address returns the form of a path used in the triplet key:
//   - a source route ("@relay.example:user@example.com") is dropped (RFC 5321 4.1.1.3 and
//     appendix C: servers SHOULD ignore source routes);
//   - the domain (after the last '@') is folded to lower case: domains are case-insensitive
//     (RFC 5321 2.4);
//   - the local part is kept exactly: RFC 5321 2.4 says it MUST be treated as case-sensitive.
//     A retrying client resends the same envelope, so exact matching does not delay it.
// Fails (limit_exceeded) above kMaxPathOctets and (invalid_argument) on NUL, CR or LF.
Expected<std::string> normalize_address(std::string_view path);

// TripletKey is a triplet reduced to what greylisting compares.
struct TripletKey {
  Network network;
  std::string sender;     // normalised; empty for the null reverse-path
  std::string recipient;  // normalised
  // text is the store key: "192.0.2.0/24 <sender> <recipient>" ("<>" for the null path).
  std::string text;
};

// make_key masks the client with the policy's prefix for its family and normalises both
// addresses. Fails as normalize_address does, or when the recipient is empty.
Expected<TripletKey> make_key(const Triplet& triplet, const Policy& policy);

// Outcome is what the receiver does with the attempt.
enum class Outcome {
  defer,             // answer with the policy's 4yz reply
  pass_after_delay,  // the first accepted retry of a pending triplet
  pass_known,        // a triplet that has passed before and has not expired
  pass_whitelisted,  // the client network is auto-whitelisted, or client or recipient exempt
};

std::string_view outcome_name(Outcome o);  // "defer", "pass-after-delay", ...
std::optional<Outcome> parse_outcome(std::string_view name);

// Reason says why the outcome was chosen.
enum class Reason {
  new_triplet,       // defer: never seen
  pending_expired,   // defer: seen, but not retried within the retry window; starts again
  known_expired,     // defer: passed once, but unused for the known lifetime; starts again
  too_early,         // defer: retried before the minimum delay
  retried,           // pass_after_delay
  known,             // pass_known
  auto_whitelisted,  // pass_whitelisted: the client network passed often enough
  exempt_client,     // pass_whitelisted: policy exemption
  exempt_recipient,  // pass_whitelisted: policy exemption
};

std::string_view reason_name(Reason r);  // "new-triplet", "too-early", ...

// Decision is the outcome with the times that explain it.
struct Decision {
  Outcome outcome = Outcome::defer;
  Reason reason = Reason::new_triplet;
  std::string key;      // the triplet key
  std::string network;  // the client network, "192.0.2.0/24"
  TimePoint now;
  // defer, pass_after_delay, pass_known: when this triplet was first seen (this time round).
  std::optional<TimePoint> first_seen;
  // defer: the earliest time a retry will pass (first_seen + min_delay).
  std::optional<TimePoint> retry_after;
  // When the state that led here lapses: for defer, the end of the retry window; for the
  // passes, the expiry of the known triplet or of the whitelisting. Empty for exemptions.
  std::optional<TimePoint> expires;
  // pass_after_delay and pass_known: when the triplet first passed.
  std::optional<TimePoint> passed_at;
  // auto_whitelisted, and a pass_after_delay that whitelisted its network: since when.
  std::optional<TimePoint> whitelisted_at;
  std::int64_t attempts = 0;       // deferred attempts of this triplet so far
  std::int64_t client_passes = 0;  // distinct triplets of this network that passed the delay
  std::optional<Reply> reply;      // defer only
};

// TripletRecord is the stored state of one triplet.
struct TripletRecord {
  std::string key;
  TimePoint first_seen;
  TimePoint last_seen;
  std::optional<TimePoint> passed_at;  // empty while pending
  std::int64_t attempts = 0;           // deferred attempts
  std::int64_t passes = 0;             // accepted deliveries
  TimePoint expires;                   // forgotten at (and after) this time

  friend bool operator==(const TripletRecord&, const TripletRecord&) = default;
};

// ClientRecord is the stored state of one client network for automatic whitelisting.
struct ClientRecord {
  std::string network;  // "192.0.2.0/24"
  std::int64_t passes = 0;
  std::optional<TimePoint> whitelisted_at;
  TimePoint last_seen;
  TimePoint expires;

  friend bool operator==(const ClientRecord&, const ClientRecord&) = default;
};

// Transaction is a Store seen from inside Store::transact(). Records are returned whatever
// their expiry; deciding what an expired record means is decide()'s business.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Expected<std::optional<TripletRecord>> get_triplet(std::string_view key) = 0;
  virtual Expected<void> put_triplet(const TripletRecord& record) = 0;  // insert or replace
  virtual Expected<void> erase_triplet(std::string_view key) = 0;       // absent is fine
  virtual Expected<std::optional<ClientRecord>> get_client(std::string_view network) = 0;
  virtual Expected<void> put_client(const ClientRecord& record) = 0;
  virtual Expected<void> erase_client(std::string_view network) = 0;
};

// StoreCounts is how many records a Store holds, expired ones included until purged.
struct StoreCounts {
  std::size_t triplets = 0;
  std::size_t clients = 0;
};

// Store keeps triplet and client records. Implementations are safe to call from several
// threads at once; a Store is neither copyable nor movable.
class Store {
 public:
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  // transact runs |work| with exclusive access to the store: no other transaction, purge or
  // count interleaves with it. When |work| returns success its writes are committed together;
  // when it fails they are discarded and its error is returned. |work| must not call the
  // Store it runs on.
  virtual Expected<void> transact(const std::function<Expected<void>(Transaction&)>& work) = 0;

  // purge removes every record whose expiry is at or before |now| and returns how many.
  virtual Expected<std::size_t> purge(TimePoint now) = 0;

  virtual Expected<StoreCounts> counts() = 0;

  // One-call conveniences, each its own transaction.
  Expected<std::optional<TripletRecord>> get_triplet(std::string_view key);
  Expected<void> put_triplet(const TripletRecord& record);
  Expected<void> erase_triplet(std::string_view key);
  Expected<std::optional<ClientRecord>> get_client(std::string_view network);
  Expected<void> put_client(const ClientRecord& record);
  Expected<void> erase_client(std::string_view network);
};

// decide greylists one delivery attempt (RFC 6647 2.4, 4.1), in this order:
//   1. an exempt client network or recipient passes (pass_whitelisted), leaving no record;
//   2. an auto-whitelisted client network passes (pass_whitelisted), renewing the whitelisting;
//   3. an unknown triplet, or one whose record expired, is recorded and deferred;
//   4. a pending triplet retried before first_seen + min_delay is deferred (too_early), without
//      restarting its delay; at or after it, it passes (pass_after_delay), becomes known for
//      known_lifetime, and counts toward its network's automatic whitelisting;
//   5. a known triplet passes (pass_known), renewing its known_lifetime.
// A record expires at its expiry time exactly: a retry at first_seen + retry_window starts
// again. Fails on an invalid policy, an invalid triplet, or a Store error.
Expected<Decision> decide(Store& store, const Clock& clock, const Policy& policy,
                          const Triplet& triplet);

}  // namespace ascot::greylist
