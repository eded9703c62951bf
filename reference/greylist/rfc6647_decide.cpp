// The greylisting decision of RFC 6647 2.4 and 4.1, and the Store conveniences.
#include <algorithm>

#include "core/ascii.hpp"
#include "greylist/greylist.hpp"

namespace ascot::greylist {

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::defer:
      return "defer";
    case Outcome::pass_after_delay:
      return "pass-after-delay";
    case Outcome::pass_known:
      return "pass-known";
    case Outcome::pass_whitelisted:
      return "pass-whitelisted";
  }
  return "defer";
}

std::optional<Outcome> parse_outcome(std::string_view name) {
  for (Outcome o : {Outcome::defer, Outcome::pass_after_delay, Outcome::pass_known,
                    Outcome::pass_whitelisted}) {
    if (outcome_name(o) == name) return o;
  }
  return std::nullopt;
}

std::string_view reason_name(Reason r) {
  switch (r) {
    case Reason::new_triplet:
      return "new-triplet";
    case Reason::pending_expired:
      return "pending-expired";
    case Reason::known_expired:
      return "known-expired";
    case Reason::too_early:
      return "too-early";
    case Reason::retried:
      return "retried";
    case Reason::known:
      return "known";
    case Reason::auto_whitelisted:
      return "auto-whitelisted";
    case Reason::exempt_client:
      return "exempt-client";
    case Reason::exempt_recipient:
      return "exempt-recipient";
  }
  return "new-triplet";
}

Expected<void> validate(const Policy& p) {
  auto bad = [](std::string message) { return fail(Errc::invalid_argument, std::move(message)); };
  if (p.ipv4_prefix < 0 || p.ipv4_prefix > 32) return bad("the IPv4 prefix must be 0..32");
  if (p.ipv6_prefix < 0 || p.ipv6_prefix > 128) return bad("the IPv6 prefix must be 0..128");
  if (p.min_delay.count() < 0) return bad("the minimum delay must not be negative");
  if (p.retry_window <= p.min_delay) {
    return bad("the retry window must be longer than the minimum delay, or no retry can pass");
  }
  if (p.known_lifetime.count() <= 0) return bad("the known-triplet lifetime must be positive");
  if (p.auto_whitelist_after < 0) return bad("auto_whitelist_after must not be negative");
  if (p.auto_whitelist_after > 0 && p.whitelist_lifetime.count() <= 0) {
    return bad("the whitelist lifetime must be positive");
  }
  // RFC 5321 4.2.1: only a 4yz reply tells the client to keep the message and retry.
  if (p.reply.code < 400 || p.reply.code > 499) {
    return bad("a greylisting reply must be 4yz (RFC 5321 4.2.1), not " +
               std::to_string(p.reply.code));
  }
  // RFC 3463 2: the enhanced class of a transient failure is 4; "4.d.d".
  const auto& e = p.reply.enhanced;
  auto parts = ascii::split(e, '.');
  bool enhanced_ok = parts.size() == 3 && parts[0] == "4";
  for (std::size_t i = 1; enhanced_ok && i < parts.size(); ++i) {
    enhanced_ok = !parts[i].empty() && parts[i].size() <= 3 &&
                  std::all_of(parts[i].begin(), parts[i].end(), ascii::is_digit);
  }
  if (!enhanced_ok) {
    return bad("the enhanced status code '" + ascii::printable(e) +
               "' is not of class 4 (RFC 3463 2: 4.subject.detail)");
  }
  if (p.reply.text.size() > kMaxReplyTextOctets) return bad("the reply text is too long");
  for (char c : p.reply.text) {
    if (c < 0x20 || c > 0x7e) return bad("the reply text must be printable ASCII");
  }
  return {};
}

Expected<std::optional<TripletRecord>> Store::get_triplet(std::string_view key) {
  std::optional<TripletRecord> out;
  auto r = transact([&](Transaction& tx) -> Expected<void> {
    auto got = tx.get_triplet(key);
    if (!got) return std::unexpected(got.error());
    out = std::move(*got);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Expected<void> Store::put_triplet(const TripletRecord& record) {
  return transact([&](Transaction& tx) { return tx.put_triplet(record); });
}

Expected<void> Store::erase_triplet(std::string_view key) {
  return transact([&](Transaction& tx) { return tx.erase_triplet(key); });
}

Expected<std::optional<ClientRecord>> Store::get_client(std::string_view network) {
  std::optional<ClientRecord> out;
  auto r = transact([&](Transaction& tx) -> Expected<void> {
    auto got = tx.get_client(network);
    if (!got) return std::unexpected(got.error());
    out = std::move(*got);
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Expected<void> Store::put_client(const ClientRecord& record) {
  return transact([&](Transaction& tx) { return tx.put_client(record); });
}

Expected<void> Store::erase_client(std::string_view network) {
  return transact([&](Transaction& tx) { return tx.erase_client(network); });
}

namespace {

bool exempt_recipient(const Policy& policy, const std::string& recipient) {
  for (const auto& r : policy.exempt_recipients) {
    auto normal = normalize_address(r);
    if (normal && *normal == recipient) return true;
  }
  auto at = recipient.rfind('@');
  if (at == std::string::npos) return false;
  std::string_view domain = std::string_view(recipient).substr(at + 1);
  return std::any_of(policy.exempt_recipient_domains.begin(), policy.exempt_recipient_domains.end(),
                     [&](const std::string& d) { return ascii::iequals(d, domain); });
}

// The body of decide() inside the store transaction.
Expected<void> decide_in(Transaction& tx, const Policy& policy, const TripletKey& key,
                         TimePoint now, Decision& d) {
  // Automatic whitelisting of the client network (RFC 6647 4.1).
  auto client = tx.get_client(d.network);
  if (!client) return std::unexpected(client.error());
  if (*client && (*client)->expires <= now) {
    if (auto r = tx.erase_client(d.network); !r) return r;
    client->reset();
  }
  if (*client) d.client_passes = (*client)->passes;
  if (*client && (*client)->whitelisted_at) {
    ClientRecord c = **client;
    c.last_seen = now;
    c.expires = now + policy.whitelist_lifetime;  // renewed by use: ASCOT's choice
    if (auto r = tx.put_client(c); !r) return r;
    d.outcome = Outcome::pass_whitelisted;
    d.reason = Reason::auto_whitelisted;
    d.whitelisted_at = c.whitelisted_at;
    d.expires = c.expires;
    return {};
  }

  auto found = tx.get_triplet(key.text);
  if (!found) return std::unexpected(found.error());
  // (A flag rather than resetting the optional: g++ 12 at -O2 then warns, wrongly, that the
  // record's string may be used uninitialised.)
  bool have = found->has_value();
  Reason fresh = Reason::new_triplet;
  if (have && (*found)->expires <= now) {
    // Forgotten: a pending triplet not retried within the window, or a known one unused for
    // its lifetime (RFC 6647 4.1). It starts again as if never seen.
    fresh = (*found)->passed_at ? Reason::known_expired : Reason::pending_expired;
    if (auto r = tx.erase_triplet(key.text); !r) return r;
    have = false;
  }

  if (!have) {
    TripletRecord t{.key = key.text,
                    .first_seen = now,
                    .last_seen = now,
                    .attempts = 1,
                    .expires = now + policy.retry_window};
    if (auto r = tx.put_triplet(t); !r) return r;
    d.outcome = Outcome::defer;
    d.reason = fresh;
    d.first_seen = now;
    d.retry_after = now + policy.min_delay;
    d.expires = t.expires;
    d.attempts = 1;
    d.reply = policy.reply;
    return {};
  }

  TripletRecord t = **found;
  t.last_seen = now;
  d.first_seen = t.first_seen;
  if (!t.passed_at) {
    if (now - t.first_seen < policy.min_delay) {
      // Too early. The delay still counts from the first sight: restarting it on every early
      // retry would hold back clients that retry quickly and then back off (ASCOT's choice;
      // the vectors list both readings).
      ++t.attempts;
      if (auto r = tx.put_triplet(t); !r) return r;
      d.outcome = Outcome::defer;
      d.reason = Reason::too_early;
      d.retry_after = t.first_seen + policy.min_delay;
      d.expires = t.expires;
      d.attempts = t.attempts;
      d.reply = policy.reply;
      return {};
    }
    t.passed_at = now;
    t.passes = 1;
    t.expires = now + policy.known_lifetime;
    if (auto r = tx.put_triplet(t); !r) return r;
    d.outcome = Outcome::pass_after_delay;
    d.reason = Reason::retried;
    d.passed_at = now;
    d.expires = t.expires;
    d.attempts = t.attempts;
    // Only a retry that waited out the delay is evidence that the client queues and retries,
    // so only pass_after_delay counts toward whitelisting its network; repeated deliveries of
    // one known triplet do not (ASCOT's choice).
    if (policy.auto_whitelist_after > 0) {
      ClientRecord c = client->value_or(ClientRecord{.network = d.network});
      ++c.passes;
      c.last_seen = now;
      c.expires = now + policy.whitelist_lifetime;
      if (c.passes >= policy.auto_whitelist_after && !c.whitelisted_at) c.whitelisted_at = now;
      if (auto r = tx.put_client(c); !r) return r;
      d.client_passes = c.passes;
      d.whitelisted_at = c.whitelisted_at;
    }
    return {};
  }

  // Known: renewed by every delivery, so regular correspondents are never delayed again
  // (ASCOT's choice; an expiry fixed at the first pass is the other reading the vectors list).
  ++t.passes;
  t.expires = now + policy.known_lifetime;
  if (auto r = tx.put_triplet(t); !r) return r;
  d.outcome = Outcome::pass_known;
  d.reason = Reason::known;
  d.passed_at = t.passed_at;
  d.expires = t.expires;
  d.attempts = t.attempts;
  return {};
}

}  // namespace

Expected<Decision> decide(Store& store, const Clock& clock, const Policy& policy,
                          const Triplet& triplet) {
  if (auto ok = validate(policy); !ok) return std::unexpected(ok.error());
  auto key = make_key(triplet, policy);
  if (!key) return std::unexpected(key.error());
  Decision d;
  d.now = clock.now();
  d.key = key->text;
  d.network = key->network.to_string();

  // Exemptions need no state and leave none (RFC 6647 4.1).
  const IpAddress client = triplet.client.unmapped();
  if (std::any_of(policy.exempt_clients.begin(), policy.exempt_clients.end(),
                  [&](const Network& n) { return n.contains(client); })) {
    d.outcome = Outcome::pass_whitelisted;
    d.reason = Reason::exempt_client;
    return d;
  }
  if (exempt_recipient(policy, key->recipient)) {
    d.outcome = Outcome::pass_whitelisted;
    d.reason = Reason::exempt_recipient;
    return d;
  }

  auto r = store.transact([&](Transaction& tx) { return decide_in(tx, policy, *key, d.now, d); });
  if (!r) return std::unexpected(r.error());
  return d;
}

}  // namespace ascot::greylist
