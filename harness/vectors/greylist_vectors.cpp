#include "vectors/greylist_vectors.hpp"

#include <boost/json.hpp>
#include <tuple>

#include "core/json.hpp"

namespace ascot::vectors {

namespace {

Expected<std::set<std::string>> read_outcomes(json::Object& obj, std::string_view key) {
  auto names = obj.strings(key);
  if (!names) return std::unexpected(names.error());
  std::set<std::string> out;
  for (const auto& n : *names) {
    if (!greylist::parse_outcome(n))
      return fail(Errc::parse_error, "'" + n + "' is not a greylisting outcome",
                  obj.child_path(key));
    if (!out.insert(n).second)
      return fail(Errc::parse_error, "'" + n + "' is listed twice", obj.child_path(key));
  }
  return out;
}

Expected<greylist::Policy> read_policy(json::Object obj) {
  greylist::Policy p;
  auto seconds = [&](std::string_view key, std::chrono::seconds& field,
                     bool required) -> Expected<void> {
    auto v = obj.optional_integer(key);
    if (!v) return std::unexpected(v.error());
    if (!*v && required)
      return fail(Errc::parse_error, "'" + std::string(key) + "' is required", obj.path());
    if (*v) field = std::chrono::seconds(**v);
    return {};
  };
  for (auto [key, field, required] :
       {std::tuple{"minDelay", &p.min_delay, true},
        std::tuple{"retryWindow", &p.retry_window, true},
        std::tuple{"knownLifetime", &p.known_lifetime, true},
        std::tuple{"whitelistLifetime", &p.whitelist_lifetime, false}}) {
    auto r = seconds(key, *field, required);
    if (!r) return std::unexpected(r.error());
  }
  auto v4 = obj.integer("ipv4Prefix");
  if (!v4) return std::unexpected(v4.error());
  p.ipv4_prefix = static_cast<int>(*v4);
  auto v6 = obj.integer("ipv6Prefix");
  if (!v6) return std::unexpected(v6.error());
  p.ipv6_prefix = static_cast<int>(*v6);
  // The schema: absent or 0 means no automatic whitelisting (the reference's default is on).
  auto after = obj.optional_integer("autoWhitelistAfter");
  if (!after) return std::unexpected(after.error());
  p.auto_whitelist_after = static_cast<int>(after->value_or(0));
  auto clients = obj.strings("exemptClients");
  if (!clients) return std::unexpected(clients.error());
  for (std::size_t i = 0; i < clients->size(); ++i) {
    auto net = greylist::parse_network((*clients)[i]);
    if (!net) return fail_at(net.error(), json::index_path(obj.child_path("exemptClients"), i));
    p.exempt_clients.push_back(*net);
  }
  auto domains = obj.strings("exemptRecipientDomains");
  if (!domains) return std::unexpected(domains.error());
  p.exempt_recipient_domains = *domains;
  auto recipients = obj.strings("exemptRecipients");
  if (!recipients) return std::unexpected(recipients.error());
  p.exempt_recipients = *recipients;
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  if (auto ok = greylist::validate(p); !ok) return fail_at(ok.error(), obj.path());
  return p;
}

bool has_ambiguous_flag(const VectorMeta& meta, const VectorFile& file) {
  for (const auto& f : meta.flags) {
    auto note = file.notes.find(f);
    if (note != file.notes.end() && note->second.bug_type == "AMBIGUOUS") return true;
  }
  return false;
}

Expected<GreylistStep> read_step(json::Object obj) {
  GreylistStep step;
  auto at = obj.integer("at");
  if (!at) return std::unexpected(at.error());
  step.attempt.at = *at;
  auto ip = obj.string("ip");
  if (!ip) return std::unexpected(ip.error());
  auto address = IpAddress::parse(*ip);
  if (!address)
    return fail(Errc::parse_error, "'" + *ip + "' is not an IP address", obj.child_path("ip"));
  step.attempt.client = *address;
  auto from = obj.string("mailFrom");
  if (!from) return std::unexpected(from.error());
  step.attempt.mail_from = *from;
  auto to = obj.string("rcptTo");
  if (!to) return std::unexpected(to.error());
  step.attempt.rcpt_to = *to;
  auto expected = read_outcomes(obj, "expected");
  if (!expected) return std::unexpected(expected.error());
  if (expected->empty())
    return fail(Errc::parse_error, "no outcome is expected", obj.child_path("expected"));
  step.expected = std::move(*expected);
  auto acceptable = read_outcomes(obj, "acceptable");
  if (!acceptable) return std::unexpected(acceptable.error());
  step.acceptable = std::move(*acceptable);
  if (const auto* codes = obj.value("replyCodes")) {
    if (!codes->is_array())
      return fail(Errc::parse_error, "expected an array", obj.child_path("replyCodes"));
    for (const auto& c : codes->get_array()) {
      if (!c.is_int64() || c.get_int64() < 400 || c.get_int64() > 499)
        return fail(Errc::parse_error, "reply codes are integers from 400 to 499",
                    obj.child_path("replyCodes"));
      step.reply_codes.push_back(static_cast<int>(c.get_int64()));
    }
  }
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return step;
}

Expected<GreylistVector> read_vector(const boost::json::value& v, const std::string& path,
                                     const VectorFile& file, const std::string& group_comment,
                                     const greylist::Policy& policy) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  GreylistVector out;
  auto meta = read_meta(*obj, file, group_comment);
  if (!meta) return std::unexpected(meta.error());
  out.meta = std::move(*meta);
  out.policy = policy;
  bool ambiguous = has_ambiguous_flag(out.meta, file);
  auto steps = obj->array("steps");
  if (!steps) return std::unexpected(steps.error());
  if ((*steps)->empty() || (*steps)->size() > kMaxGreylistSteps) {
    return fail(Errc::parse_error,
                "a vector has 1 to " + std::to_string(kMaxGreylistSteps) + " steps",
                obj->child_path("steps"));
  }
  for (std::size_t s = 0; s < (*steps)->size(); ++s) {
    std::string where = json::index_path(obj->child_path("steps"), s);
    auto step_obj = json::Object::of((**steps)[s], where);
    if (!step_obj) return std::unexpected(step_obj.error());
    auto step = read_step(std::move(*step_obj));
    if (!step) return std::unexpected(step.error());
    if (!out.steps.empty() && step->attempt.at < out.steps.back().attempt.at)
      return fail(Errc::parse_error, "steps must be in time order", where);
    if (step->expected.size() > 1 && s + 1 != (*steps)->size()) {
      return fail(Errc::parse_error,
                  "a choice of outcomes is allowed only on the last step: later steps could not "
                  "know which branch was taken",
                  where);
    }
    if (!step->reply_codes.empty() && !step->expected.contains("defer"))
      return fail(Errc::parse_error, "replyCodes belong to a deferral", where);
    if (step->reply_codes.size() > 1 && !ambiguous) {
      return fail(Errc::parse_error,
                  "a choice of reply codes needs a flag of bug type AMBIGUOUS to say why", where);
    }
    out.steps.push_back(std::move(*step));
  }
  auto done = obj->finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

}  // namespace

Expected<std::vector<GreylistVector>> load_greylist_vectors(const VectorFile& file) {
  if (file.schema != "greylist-sequence.schema.json") {
    return fail(Errc::invalid_argument,
                "holds " + file.schema + " vectors, not greylisting vectors", file.path);
  }
  std::vector<GreylistVector> out;
  greylist::Policy policy;
  auto r = for_each_group(
      file,
      [&](json::Object& group, const std::string&) -> Expected<void> {
        auto policy_obj = group.object("policy");
        if (!policy_obj) return std::unexpected(policy_obj.error());
        auto p = read_policy(std::move(*policy_obj));
        if (!p) return std::unexpected(p.error());
        policy = std::move(*p);
        return {};
      },
      [&](const boost::json::value& v, const std::string& path,
          const std::string& comment) -> Expected<void> {
        auto vec = read_vector(v, path, file, comment, policy);
        if (!vec) return std::unexpected(vec.error());
        out.push_back(std::move(*vec));
        return {};
      });
  if (!r) return std::unexpected(r.error());
  return out;
}

std::vector<GreylistAttempt> attempts(const GreylistVector& vector) {
  std::vector<GreylistAttempt> out;
  out.reserve(vector.steps.size());
  for (const auto& s : vector.steps) out.push_back(s.attempt);
  return out;
}

}  // namespace ascot::vectors
