// Unit tests of greylisting: the triplet and its masking, every branch of decide(), the
// bound of the stores, SqliteStore persistence and damage, and concurrent deciding. The
// timed sequences of RFC 6647 are pinned by vectors/greylist/ (conformance/reference_vectors_test
// runs each one against both stores).
#include "greylist/greylist.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "greylist/memory_store.hpp"
#include "greylist/sqlite_store.hpp"

namespace ascot::greylist {
namespace {

using std::chrono::seconds;

const TimePoint kT0 = TimePoint(seconds(1'700'000'000));

IpAddress ip(std::string_view text) {
  return *IpAddress::parse(text);
}

Triplet triplet(std::string_view client, std::string from = "alice@example.com",
                std::string to = "bob@example.net") {
  return Triplet{ip(client), std::move(from), std::move(to)};
}

// A directory removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "greylist-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// --- the triplet ---------------------------------------------------------------------------

TEST(Triplet, NetworksAreMaskedAndPrinted) {
  EXPECT_EQ(mask_client(ip("192.0.2.77"), 24).to_string(), "192.0.2.0/24");
  EXPECT_EQ(mask_client(ip("192.0.3.255"), 23).to_string(), "192.0.2.0/23");
  EXPECT_EQ(mask_client(ip("192.0.2.77"), 32).to_string(), "192.0.2.77/32");
  EXPECT_EQ(mask_client(ip("192.0.2.77"), 0).to_string(), "0.0.0.0/0");
  EXPECT_EQ(mask_client(ip("192.0.2.77"), 99).to_string(), "192.0.2.77/32") << "clamped";
  EXPECT_EQ(mask_client(ip("2001:db8:1:2:3:4:5:6"), 64).to_string(), "2001:db8:1:2::/64");
  EXPECT_EQ(mask_client(ip("2001:db8:1:2:3:4:5:6"), 56).to_string(), "2001:db8:1::/56");
  EXPECT_EQ(mask_client(ip("::ffff:192.0.2.77"), 24).to_string(), "192.0.2.0/24")
      << "an IPv4-mapped address is its IPv4 address";
}

TEST(Triplet, ParsesNetworks) {
  auto n = parse_network("198.51.100.7/24");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->to_string(), "198.51.100.0/24") << "host bits cleared";
  EXPECT_TRUE(n->contains(ip("198.51.100.200")));
  EXPECT_TRUE(n->contains(ip("::ffff:198.51.100.1")));
  EXPECT_FALSE(n->contains(ip("198.51.101.1")));
  EXPECT_FALSE(n->contains(ip("2001:db8::1")));
  EXPECT_EQ(parse_network("2001:db8::1")->to_string(), "2001:db8::1/128");
  EXPECT_EQ(parse_network("2001:db8:ffff::/48")->prefix, 48);
  for (auto bad : {"", "198.51.100.0/33", "198.51.100.0/", "198.51.100.0/x", "2001:db8::/129",
                   "example.com/24", "198.51.100.0/-1"}) {
    EXPECT_FALSE(parse_network(bad)) << bad;
  }
}

TEST(Triplet, AddressesFoldOnlyTheDomain) {
  EXPECT_EQ(*normalize_address("Alice@Example.COM"), "Alice@example.com");
  EXPECT_EQ(*normalize_address("\"A@B\"@EXAMPLE.com"), "\"A@B\"@example.com")
      << "the domain follows the last @";
  EXPECT_EQ(*normalize_address(""), "") << "the null reverse-path";
  EXPECT_EQ(*normalize_address("@Relay.example.org,@b.example:Bob@Example.NET"), "Bob@example.net")
      << "source route ignored";
  EXPECT_EQ(*normalize_address("Postmaster"), "Postmaster");
  EXPECT_FALSE(normalize_address("@relay.example.org:"));
  EXPECT_TRUE(normalize_address(std::string(kMaxPathOctets, 'a')));
  auto too_long = normalize_address(std::string(kMaxPathOctets + 1, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, Errc::limit_exceeded);
  EXPECT_EQ(normalize_address("a\r\nb@example.com").error().code, Errc::invalid_argument);
  EXPECT_FALSE(normalize_address(std::string("a\0b@example.com", 15)));
}

TEST(Triplet, KeyHoldsNetworkAndBothAddresses) {
  Policy p;
  auto k = make_key(triplet("192.0.2.10", "Alice@EXAMPLE.com", "bob@Example.Net"), p);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->text, "192.0.2.0/24 <Alice@example.com> <bob@example.net>");
  auto null_sender = make_key(triplet("2001:db8:1:2::1", "", "bob@example.net"), p);
  ASSERT_TRUE(null_sender);
  EXPECT_EQ(null_sender->text, "2001:db8:1:2::/64 <> <bob@example.net>");
  p.ipv4_prefix = 32;
  EXPECT_EQ(make_key(triplet("192.0.2.10"), p)->network.to_string(), "192.0.2.10/32");
  auto no_rcpt = make_key(triplet("192.0.2.10", "a@example.com", ""), p);
  ASSERT_FALSE(no_rcpt);
  EXPECT_EQ(no_rcpt.error().where, "RCPT TO");
}

TEST(Names, RoundTrip) {
  for (Outcome o : {Outcome::defer, Outcome::pass_after_delay, Outcome::pass_known,
                    Outcome::pass_whitelisted}) {
    EXPECT_EQ(parse_outcome(outcome_name(o)), o);
  }
  EXPECT_FALSE(parse_outcome("pass"));
  EXPECT_EQ(reason_name(Reason::too_early), "too-early");
  EXPECT_EQ(reason_name(Reason::exempt_recipient), "exempt-recipient");
}

TEST(PolicyCheck, RefusesPoliciesThatCannotWork) {
  EXPECT_TRUE(validate(Policy{}));
  auto broken = [](auto change) {
    Policy p;
    change(p);
    return !validate(p);
  };
  EXPECT_TRUE(broken([](Policy& p) { p.ipv4_prefix = 33; }));
  EXPECT_TRUE(broken([](Policy& p) { p.ipv6_prefix = -1; }));
  EXPECT_TRUE(broken([](Policy& p) { p.min_delay = seconds(-1); }));
  EXPECT_TRUE(broken([](Policy& p) { p.retry_window = p.min_delay; }));
  EXPECT_TRUE(broken([](Policy& p) { p.known_lifetime = seconds(0); }));
  EXPECT_TRUE(broken([](Policy& p) { p.auto_whitelist_after = -1; }));
  EXPECT_TRUE(broken([](Policy& p) { p.whitelist_lifetime = seconds(0); }));
  EXPECT_TRUE(broken([](Policy& p) { p.reply.code = 550; }));
  EXPECT_TRUE(broken([](Policy& p) { p.reply.enhanced = "5.7.1"; }));
  EXPECT_TRUE(broken([](Policy& p) { p.reply.enhanced = "4.7"; }));
  EXPECT_TRUE(broken([](Policy& p) { p.reply.enhanced = "4.x.1"; }));
  EXPECT_TRUE(broken([](Policy& p) { p.reply.text = "two\r\nlines"; }));
  EXPECT_TRUE(broken([](Policy& p) { p.reply.text = std::string(kMaxReplyTextOctets + 1, 'x'); }));
  EXPECT_FALSE(broken([](Policy& p) {
    p.auto_whitelist_after = 0;
    p.whitelist_lifetime = seconds(0);
  })) << "the whitelist lifetime does not matter when whitelisting is off";
}

// --- decide(), every branch ------------------------------------------------------------------

class Decide : public ::testing::Test {
 protected:
  Decision at(int offset, const Triplet& t) {
    clock_.set(kT0 + seconds(offset));
    auto d = decide(store_, clock_, policy_, t);
    EXPECT_TRUE(d) << d.error().to_string();
    return d.value_or(Decision{});
  }

  Policy policy_;
  MemoryStore store_;
  FixedClock clock_{kT0};
};

TEST_F(Decide, FirstSightIsDeferredWithA4yzReply) {
  auto d = at(0, triplet("192.0.2.10"));
  EXPECT_EQ(d.outcome, Outcome::defer);
  EXPECT_EQ(d.reason, Reason::new_triplet);
  EXPECT_EQ(d.key, "192.0.2.0/24 <alice@example.com> <bob@example.net>");
  EXPECT_EQ(d.network, "192.0.2.0/24");
  EXPECT_EQ(d.now, kT0);
  EXPECT_EQ(d.first_seen, kT0);
  EXPECT_EQ(d.retry_after, kT0 + policy_.min_delay);
  EXPECT_EQ(d.expires, kT0 + policy_.retry_window);
  EXPECT_EQ(d.attempts, 1);
  ASSERT_TRUE(d.reply);
  EXPECT_EQ(d.reply->code, 451);
  EXPECT_EQ(d.reply->enhanced, "4.7.1");
}

TEST_F(Decide, EarlyRetryIsDeferredWithoutRestartingTheDelay) {
  at(0, triplet("192.0.2.10"));
  auto d = at(100, triplet("192.0.2.10"));
  EXPECT_EQ(d.outcome, Outcome::defer);
  EXPECT_EQ(d.reason, Reason::too_early);
  EXPECT_EQ(d.first_seen, kT0);
  EXPECT_EQ(d.retry_after, kT0 + policy_.min_delay);
  EXPECT_EQ(d.attempts, 2);
  EXPECT_EQ(at(300, triplet("192.0.2.10")).outcome, Outcome::pass_after_delay)
      << "exactly min_delay after the first sight";
}

TEST_F(Decide, RetryAfterTheDelayPassesAndIsThenKnown) {
  at(0, triplet("192.0.2.10"));
  auto d = at(600, triplet("192.0.2.99"));
  EXPECT_EQ(d.outcome, Outcome::pass_after_delay);
  EXPECT_EQ(d.reason, Reason::retried);
  EXPECT_EQ(d.first_seen, kT0);
  EXPECT_EQ(d.passed_at, kT0 + seconds(600));
  EXPECT_EQ(d.expires, kT0 + seconds(600) + policy_.known_lifetime);
  EXPECT_FALSE(d.reply);
  auto known = at(7200, triplet("192.0.2.10"));
  EXPECT_EQ(known.outcome, Outcome::pass_known);
  EXPECT_EQ(known.reason, Reason::known);
  EXPECT_EQ(known.passed_at, kT0 + seconds(600));
  EXPECT_EQ(known.expires, kT0 + seconds(7200) + policy_.known_lifetime) << "renewed by use";
  auto record = store_.get_triplet(known.key);
  ASSERT_TRUE(record && *record);
  EXPECT_EQ((*record)->passes, 2);
}

TEST_F(Decide, AnotherNetworkOrAddressIsAnotherTriplet) {
  at(0, triplet("192.0.2.10"));
  EXPECT_EQ(at(600, triplet("192.0.3.10")).reason, Reason::new_triplet);
  EXPECT_EQ(at(600, triplet("192.0.2.10", "carol@example.com")).reason, Reason::new_triplet);
  EXPECT_EQ(at(600, triplet("192.0.2.10", "alice@example.com", "dave@example.net")).reason,
            Reason::new_triplet);
  EXPECT_EQ(at(600, triplet("192.0.2.10")).outcome, Outcome::pass_after_delay);
}

TEST_F(Decide, PendingTripletIsForgottenAfterTheRetryWindow) {
  at(0, triplet("192.0.2.10"));
  const int window = static_cast<int>(policy_.retry_window.count());
  auto d = at(window, triplet("192.0.2.10"));
  EXPECT_EQ(d.outcome, Outcome::defer);
  EXPECT_EQ(d.reason, Reason::pending_expired);
  EXPECT_EQ(d.first_seen, kT0 + policy_.retry_window) << "starts again";
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(at(window + 300, triplet("192.0.2.10")).outcome, Outcome::pass_after_delay);
}

TEST_F(Decide, KnownTripletExpiresWhenUnused) {
  at(0, triplet("192.0.2.10"));
  at(600, triplet("192.0.2.10"));
  const int lifetime = static_cast<int>(policy_.known_lifetime.count());
  EXPECT_EQ(at(600 + lifetime - 1, triplet("192.0.2.10")).outcome, Outcome::pass_known);
  auto d = at(600 + 2 * lifetime, triplet("192.0.2.10"));
  EXPECT_EQ(d.outcome, Outcome::defer);
  EXPECT_EQ(d.reason, Reason::known_expired);
}

TEST_F(Decide, ExemptionsPassAndLeaveNoState) {
  policy_.exempt_clients = {*parse_network("198.51.100.0/24")};
  policy_.exempt_recipient_domains = {"Abuse.Example.NET"};
  policy_.exempt_recipients = {"postmaster@EXAMPLE.net"};
  auto client = at(0, triplet("::ffff:198.51.100.7"));
  EXPECT_EQ(client.outcome, Outcome::pass_whitelisted);
  EXPECT_EQ(client.reason, Reason::exempt_client);
  EXPECT_FALSE(client.expires);
  auto rcpt = at(0, triplet("192.0.2.1", "a@example.com", "postmaster@example.net"));
  EXPECT_EQ(rcpt.reason, Reason::exempt_recipient);
  auto domain = at(0, triplet("192.0.2.1", "a@example.com", "x@abuse.example.NET"));
  EXPECT_EQ(domain.reason, Reason::exempt_recipient);
  EXPECT_EQ(at(0, triplet("192.0.2.1", "a@example.com", "x@sub.abuse.example.net")).outcome,
            Outcome::defer)
      << "a domain exemption is exact";
  EXPECT_EQ(at(0, triplet("192.0.2.1", "a@example.com", "Postmaster@example.net")).outcome,
            Outcome::defer)
      << "the local part is compared exactly";
  EXPECT_EQ(store_.counts()->triplets, 2u);
}

TEST_F(Decide, NetworkIsWhitelistedAfterNDistinctPasses) {
  policy_.auto_whitelist_after = 2;
  policy_.whitelist_lifetime = seconds(1000);
  at(0, triplet("192.0.2.10", "a@example.com"));
  at(0, triplet("192.0.2.10", "b@example.com"));
  auto first = at(600, triplet("192.0.2.10", "a@example.com"));
  EXPECT_EQ(first.client_passes, 1);
  EXPECT_FALSE(first.whitelisted_at);
  at(700, triplet("192.0.2.10", "a@example.com"));  // pass_known: does not count
  EXPECT_EQ(at(800, triplet("192.0.2.20", "c@example.com")).outcome, Outcome::defer);
  auto second = at(900, triplet("192.0.2.10", "b@example.com"));
  EXPECT_EQ(second.outcome, Outcome::pass_after_delay);
  EXPECT_EQ(second.client_passes, 2);
  EXPECT_EQ(second.whitelisted_at, kT0 + seconds(900));
  auto listed = at(1000, triplet("192.0.2.30", "new@example.org", "x@example.net"));
  EXPECT_EQ(listed.outcome, Outcome::pass_whitelisted);
  EXPECT_EQ(listed.reason, Reason::auto_whitelisted);
  EXPECT_EQ(listed.whitelisted_at, kT0 + seconds(900));
  EXPECT_EQ(listed.expires, kT0 + seconds(2000)) << "renewed by use";
  EXPECT_EQ(at(1000, triplet("198.51.100.1", "new@example.org")).outcome, Outcome::defer);
  auto lapsed = at(3000, triplet("192.0.2.30", "other@example.org"));
  EXPECT_EQ(lapsed.outcome, Outcome::defer) << "the whitelisting expired";
  EXPECT_EQ(lapsed.client_passes, 0);
}

TEST_F(Decide, BadInputIsAnErrorNotADecision) {
  auto long_from =
      decide(store_, clock_, policy_, triplet("192.0.2.1", std::string(300, 'a') + "@example.com"));
  ASSERT_FALSE(long_from);
  EXPECT_EQ(long_from.error().code, Errc::limit_exceeded);
  EXPECT_EQ(long_from.error().where, "MAIL FROM");
  policy_.reply.code = 250;
  EXPECT_EQ(decide(store_, clock_, policy_, triplet("192.0.2.1")).error().code,
            Errc::invalid_argument);
  EXPECT_EQ(store_.counts()->triplets, 0u);
}

TEST(StoreErrors, PropagateFromDecide) {
  // A Store whose every transaction fails, as a full disk would.
  class Broken final : public Store {
   public:
    Expected<void> transact(const std::function<Expected<void>(Transaction&)>&) override {
      return fail(Errc::io_error, "disk full", "/var/lib/greylist.db");
    }
    Expected<std::size_t> purge(TimePoint) override { return 0; }
    Expected<StoreCounts> counts() override { return StoreCounts{}; }
  } broken;
  FixedClock clock(kT0);
  auto d = decide(broken, clock, Policy{}, triplet("192.0.2.1"));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().to_string(), "/var/lib/greylist.db: disk full");
}

// --- MemoryStore -----------------------------------------------------------------------------

TEST(MemoryStoreTest, FloodIsBoundedAndSparesKnownTriplets) {
  MemoryStore store(50);
  FixedClock clock(kT0);
  Policy policy;
  policy.auto_whitelist_after = 0;
  for (int i = 0; i < 5; ++i) {
    auto t = triplet("192.0.2.1", "known" + std::to_string(i) + "@example.com");
    ASSERT_TRUE(decide(store, clock, policy, t));
  }
  clock.advance(seconds(600));
  for (int i = 0; i < 5; ++i) {
    auto t = triplet("192.0.2.1", "known" + std::to_string(i) + "@example.com");
    ASSERT_EQ(decide(store, clock, policy, t)->outcome, Outcome::pass_after_delay);
  }
  for (int i = 0; i < 5000; ++i) {
    clock.advance(seconds(1));
    auto t =
        triplet("203.0.113." + std::to_string(i % 250), "flood" + std::to_string(i) + "@x.test");
    ASSERT_TRUE(decide(store, clock, policy, t));
    auto c = store.counts();
    ASSERT_LE(c->triplets + c->clients, 50u);
  }
  EXPECT_EQ(store.evictions(), 5000u + 5u - 50u);
  for (int i = 0; i < 5; ++i) {
    auto t = triplet("192.0.2.1", "known" + std::to_string(i) + "@example.com");
    EXPECT_EQ(decide(store, clock, policy, t)->outcome, Outcome::pass_known) << i;
  }
}

TEST(MemoryStoreTest, EvictsSoonestExpiringPendingFirstThenAnything) {
  MemoryStore store(3);
  auto rec = [](std::string key, int expires, bool passed) {
    return TripletRecord{.key = std::move(key),
                         .first_seen = kT0,
                         .last_seen = kT0,
                         .passed_at = passed ? std::optional(kT0) : std::nullopt,
                         .expires = kT0 + seconds(expires)};
  };
  ASSERT_TRUE(store.put_triplet(rec("known-soon", 10, true)));
  ASSERT_TRUE(store.put_triplet(rec("pending-late", 300, false)));
  ASSERT_TRUE(store.put_triplet(rec("pending-soon", 200, false)));
  ASSERT_TRUE(store.put_triplet(rec("new", 400, false)));
  EXPECT_FALSE(*store.get_triplet("pending-soon")) << "pending first, though it expires later";
  EXPECT_TRUE(*store.get_triplet("known-soon"));
  ASSERT_TRUE(store.put_triplet(rec("new2", 500, false)));
  EXPECT_FALSE(*store.get_triplet("pending-late"));
  ASSERT_TRUE(store.put_client(ClientRecord{.network = "192.0.2.0/24", .expires = kT0}));
  EXPECT_FALSE(*store.get_triplet("new")) << "a pending triplet still goes before a client";
  MemoryStore known_only(2);
  ASSERT_TRUE(known_only.put_triplet(rec("a", 30, true)));
  ASSERT_TRUE(known_only.put_triplet(rec("b", 20, true)));
  ASSERT_TRUE(known_only.put_triplet(rec("c", 40, true)));
  EXPECT_FALSE(*known_only.get_triplet("b")) << "then the soonest-expiring of any kind";
  EXPECT_TRUE(*known_only.get_triplet("a"));
}

TEST(MemoryStoreTest, FailedTransactionChangesNothing) {
  MemoryStore store;
  auto r = store.transact([](Transaction& tx) -> Expected<void> {
    EXPECT_TRUE(tx.put_triplet(TripletRecord{.key = "k", .expires = kT0}));
    auto seen = tx.get_triplet("k");
    EXPECT_TRUE(seen && *seen) << "a transaction reads its own writes";
    return fail(Errc::internal, "give up");
  });
  EXPECT_FALSE(r);
  EXPECT_FALSE(*store.get_triplet("k"));
  EXPECT_EQ(store.counts()->triplets, 0u);
}

// Purge behaves alike in both stores.
void check_purge(Store& store) {
  ASSERT_TRUE(store.put_triplet(TripletRecord{.key = "old", .expires = kT0 + seconds(10)}));
  ASSERT_TRUE(store.put_triplet(
      TripletRecord{.key = "old-known", .passed_at = kT0, .expires = kT0 + seconds(20)}));
  ASSERT_TRUE(store.put_triplet(TripletRecord{.key = "new", .expires = kT0 + seconds(30)}));
  ASSERT_TRUE(store.put_client(ClientRecord{.network = "n1", .expires = kT0 + seconds(20)}));
  ASSERT_TRUE(store.put_client(ClientRecord{.network = "n2", .expires = kT0 + seconds(40)}));
  EXPECT_EQ(*store.purge(kT0 + seconds(20)), 3u) << "expiry at now counts as expired";
  auto c = store.counts();
  EXPECT_EQ(c->triplets, 1u);
  EXPECT_EQ(c->clients, 1u);
  EXPECT_TRUE(*store.get_triplet("new"));
  EXPECT_TRUE(*store.get_client("n2"));
  EXPECT_EQ(*store.purge(kT0 + seconds(100)), 2u);
  EXPECT_EQ(store.counts()->triplets, 0u);
}

TEST(MemoryStoreTest, PurgeRemovesExpiredRecords) {
  MemoryStore store;
  check_purge(store);
}

// --- SqliteStore -----------------------------------------------------------------------------

TEST(SqliteStoreTest, PurgeRemovesExpiredRecords) {
  TempDir dir;
  auto store = SqliteStore::open(dir.file("g.db"));
  ASSERT_TRUE(store) << store.error().to_string();
  check_purge(**store);
}

TEST(SqliteStoreTest, StateSurvivesCloseAndReopen) {
  TempDir dir;
  const std::string path = dir.file("greylist.db");
  Policy policy;
  policy.auto_whitelist_after = 1;
  FixedClock clock(kT0 + std::chrono::nanoseconds(123456789));  // times must round-trip exactly
  TripletRecord before;
  {
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store) << store.error().to_string();
    EXPECT_EQ((*store)->path(), path);
    auto d = decide(**store, clock, policy, triplet("192.0.2.10"));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->outcome, Outcome::defer);
    ASSERT_TRUE(decide(**store, clock, policy, triplet("198.51.100.1")));
    before = *(*store)->get_triplet(d->key).value();
  }
  {
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store) << store.error().to_string();
    auto after = (*store)->get_triplet(before.key);
    ASSERT_TRUE(after && *after);
    EXPECT_EQ(**after, before);
    EXPECT_EQ((*store)->counts()->triplets, 2u);
    clock.advance(seconds(600));
    auto d = decide(**store, clock, policy, triplet("192.0.2.10"));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->outcome, Outcome::pass_after_delay);
    EXPECT_EQ(d->first_seen, before.first_seen);
    EXPECT_EQ(d->whitelisted_at, clock.now());
  }
  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store);
  clock.advance(seconds(1));
  auto d = decide(**store, clock, policy, triplet("192.0.2.10", "x@example.org", "y@example.net"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->outcome, Outcome::pass_whitelisted) << "the whitelisting survived too";
  EXPECT_EQ(d->reason, Reason::auto_whitelisted);
}

TEST(SqliteStoreTest, BoundAndEvictionMatchTheMemoryStore) {
  TempDir dir;
  auto sqlite = SqliteStore::open(dir.file("g.db"), SqliteOptions{.max_entries = 20});
  ASSERT_TRUE(sqlite);
  MemoryStore memory(20);
  FixedClock clock(kT0);
  Policy policy;
  policy.auto_whitelist_after = 3;
  for (int i = 0; i < 120; ++i) {
    clock.advance(seconds(37));
    // A mix of new triplets and retries of earlier ones, from a few networks.
    int n = (i * 7) % 30;
    auto t = triplet("192.0.2." + std::to_string(n % 4 * 60), "s" + std::to_string(n) + "@x.test");
    auto a = decide(**sqlite, clock, policy, t);
    auto b = decide(memory, clock, policy, t);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->outcome, b->outcome) << i;
    EXPECT_EQ(a->reason, b->reason) << i;
    auto ca = (*sqlite)->counts();
    auto cb = memory.counts();
    EXPECT_LE(ca->triplets + ca->clients, 20u);
    EXPECT_EQ(ca->triplets, cb->triplets) << i;
    EXPECT_EQ(ca->clients, cb->clients) << i;
  }
}

TEST(SqliteStoreTest, FailedTransactionIsRolledBack) {
  TempDir dir;
  auto store = SqliteStore::open(dir.file("g.db"));
  ASSERT_TRUE(store);
  auto r = (*store)->transact([](Transaction& tx) -> Expected<void> {
    EXPECT_TRUE(tx.put_triplet(TripletRecord{.key = "k", .expires = kT0}));
    return fail(Errc::internal, "give up");
  });
  EXPECT_FALSE(r);
  EXPECT_FALSE(*(*store)->get_triplet("k"));
  EXPECT_EQ((*store)->counts()->triplets, 0u);
}

TEST(SqliteStoreTest, GarbageFileIsAnErrorNamingThePath) {
  TempDir dir;
  const std::string path = dir.file("garbage.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 37) & 0xff));
  }
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::parse_error);
  EXPECT_EQ(store.error().where, path);
  EXPECT_NE(store.error().message.find("not a database"), std::string::npos)
      << store.error().message;
}

TEST(SqliteStoreTest, DamagedDatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.file("damaged.db");
  {
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store);
    FixedClock clock(kT0);
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(decide(**store, clock, Policy{},
                         triplet("192.0.2.1", "sender" + std::to_string(i) + "@example.com")));
    }
  }
  // Overwrite everything after the 100-octet file header: the schema page and the tables.
  auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 4096u);
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(100);
    for (std::uintmax_t i = 100; i < size; ++i) f.put(static_cast<char>(0xA5 ^ (i & 0x3f)));
  }
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::parse_error) << store.error().to_string();
  EXPECT_EQ(store.error().where, path);
}

TEST(SqliteStoreTest, UnopenablePathIsAnIoError) {
  TempDir dir;
  const std::string path = dir.file("no/such/dir/greylist.db");
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::io_error);
  EXPECT_EQ(store.error().where, path);
}

// Runs SQL on a database file through a connection of its own.
void sql(const std::string& path, const char* text) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, text, nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, OtherSchemasAreRefused) {
  TempDir dir;
  const std::string newer = dir.file("newer.db");
  ASSERT_TRUE(SqliteStore::open(newer));
  sql(newer, "UPDATE schema_version SET version = 2");
  auto store = SqliteStore::open(newer);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::unsupported);
  EXPECT_EQ(store.error().where, newer);

  const std::string foreign = dir.file("foreign.db");
  sql(foreign, "CREATE TABLE accounts (id INTEGER)");
  store = SqliteStore::open(foreign);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::parse_error);
  EXPECT_NE(store.error().message.find("not a greylist database"), std::string::npos);
}

// --- several threads deciding on one store ----------------------------------------------------

// Eight threads see the same triplet at once, twice: exactly one attempt creates it, and after
// the delay exactly one attempt is the first accepted retry; the others see the state the
// winner left, never a torn or lost update.
void race_on_one_triplet(Store& store) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 20;
  Policy policy;
  policy.auto_whitelist_after = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto t = triplet("192.0.2.10", "race" + std::to_string(round) + "@example.com");
    for (int phase = 0; phase < 2; ++phase) {
      FixedClock clock(kT0 + seconds(phase * 600));
      std::atomic<int> go{0};
      std::vector<Decision> seen(kThreads);
      std::vector<std::thread> threads;
      for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
          go.fetch_add(1);
          while (go.load() < kThreads) std::this_thread::yield();
          auto d = decide(store, clock, policy, t);
          if (d) seen[static_cast<std::size_t>(i)] = *d;
        });
      }
      for (auto& th : threads) th.join();
      int first = 0, other = 0;
      for (const auto& d : seen) {
        Reason want_first = phase == 0 ? Reason::new_triplet : Reason::retried;
        Reason want_other = phase == 0 ? Reason::too_early : Reason::known;
        first += d.reason == want_first;
        other += d.reason == want_other;
      }
      EXPECT_EQ(first, 1) << "round " << round << " phase " << phase;
      EXPECT_EQ(other, kThreads - 1) << "round " << round << " phase " << phase;
    }
    auto rec = store.get_triplet(make_key(t, policy)->text);
    ASSERT_TRUE(rec && *rec);
    EXPECT_EQ((*rec)->attempts, kThreads);
    EXPECT_EQ((*rec)->passes, kThreads);
  }
}

TEST(Concurrency, MemoryStoreDecisionsAreAtomic) {
  MemoryStore store;
  race_on_one_triplet(store);
}

TEST(Concurrency, SqliteStoreDecisionsAreAtomic) {
  TempDir dir;
  auto store = SqliteStore::open(dir.file("g.db"));
  ASSERT_TRUE(store);
  race_on_one_triplet(**store);
}

TEST(Concurrency, TwoConnectionsToOneFileSerialise) {
  // Two SqliteStore objects on one file stand for two MTA processes sharing the database.
  TempDir dir;
  auto a = SqliteStore::open(dir.file("g.db"));
  auto b = SqliteStore::open(dir.file("g.db"));
  ASSERT_TRUE(a && b);
  FixedClock clock(kT0);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    Store& store = i % 2 == 0 ? **a : **b;
    threads.emplace_back([&, i] {
      for (int j = 0; j < 25; ++j) {
        auto t =
            triplet("192.0.2.1", "t" + std::to_string(i) + "-" + std::to_string(j) + "@x.test");
        if (!decide(store, clock, Policy{}, t)) failures.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ((*a)->counts()->triplets, 100u);
  EXPECT_EQ((*b)->counts()->triplets, 100u);
}

}  // namespace
}  // namespace ascot::greylist
