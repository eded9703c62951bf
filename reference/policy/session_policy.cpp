// SessionPolicy: the techniques of X.1240 7 and X.1241 9 run at their SMTP stages, scored
// (7.3) and turned into actions (7.15-7.19). docs/smtp.md describes each choice.
#include "policy/session_policy.hpp"

#include <cstdio>

#include "arc/arc.hpp"
#include "authres/authres.hpp"
#include "content/classifier.hpp"
#include "core/ascii.hpp"
#include "dkim/verify.hpp"
#include "dmarc/evaluate.hpp"
#include "dmarc/record.hpp"
#include "dnsbl/dnsbl.hpp"
#include "dnsbl/uri_hosts.hpp"
#include "mail/address.hpp"
#include "mail/datetime.hpp"
#include "mail/message.hpp"
#include "smtp/received.hpp"
#include "spf/check_host.hpp"
#include "spf/received_spf.hpp"

namespace ascot::policy {
namespace {

std::chrono::sys_seconds now_of(const Clock& clock) {
  return std::chrono::time_point_cast<std::chrono::seconds>(clock.now());
}

// The order of severity of the actions taken at the end of DATA (docs/smtp.md).
int severity(Action a) {
  switch (a) {
    case Action::reject:
      return 5;
    case Action::bounce:
      return 4;
    case Action::discard:
      return 3;
    case Action::spam_box:
      return 2;
    case Action::mark:
      return 1;
    default:
      return 0;
  }
}

std::string score_text(double total) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", total);
  return buffer;
}

// tag_subject returns |m| with |tag| at the start of its Subject field's value (X.1240 7.19),
// or with a Subject field added when there is none.
std::string tag_subject(const mail::Message& m, std::string_view tag) {
  const std::string_view message = m.bytes();
  auto subject = m.named("Subject");
  if (subject.empty()) return "Subject: " + std::string(tag) + "\r\n" + std::string(message);
  auto at = subject.front()->value.offset;
  // Keep the one space that usually follows the colon.
  if (at < message.size() && message[at] == ' ') ++at;
  return std::string(message.substr(0, at)) + std::string(tag) + " " +
         std::string(message.substr(at));
}

}  // namespace

SessionPolicy::SessionPolicy(const Services& services)
    : services_(services), config_(*services.config), resolver_(services.make_resolver()) {}

void SessionPolicy::add(Finding f) {
  findings_.push_back(std::move(f));
}

std::optional<smtp::Reply> SessionPolicy::act(const Finding& f) {
  add(f);
  if (!config_.enabled(f.technique)) return std::nullopt;
  const auto& t = config_.technique(f.technique);
  if (t.action != Action::reject && t.action != Action::tempfail) return std::nullopt;
  if (!f.temporary && !f.hit) return std::nullopt;
  if (!f.temporary && t.reply) return *t.reply;
  return default_reply(f, t.action);
}

std::optional<smtp::Reply> SessionPolicy::on_connect(const smtp::Envelope&) {
  findings_.clear();
  sender_checked_ = false;
  sender_refusal_.reset();
  allowed_ = false;
  iprev_.clear();
  spf_resinfo_.clear();
  spf_result_.clear();
  spf_domain_.clear();
  verified_name_.clear();
  rule_action_.reset();
  return std::nullopt;
}

std::optional<smtp::Reply> SessionPolicy::on_helo(const smtp::Envelope& e) {
  return on_connect(e);
}

std::optional<smtp::Reply> SessionPolicy::on_mail(const smtp::Envelope& e) {
  return on_connect(e);
}

std::optional<smtp::Reply> SessionPolicy::sender_stage(const smtp::Envelope& e) {
  const IpAddress client = e.client.address.unmapped();
  const smtp::Path from = e.mail_from.value_or(smtp::Path{});
  if (config_.enabled(Technique::local_lists)) {
    if (auto f = check_local_lists(config_, client, from)) {
      if (f->allow) {
        allowed_ = true;
        add(*f);
        return std::nullopt;
      }
      if (auto r = act(*f)) return r;
    }
  }
  if (config_.enabled(Technique::dnsbl)) {
    for (const auto& list : config_.dnsbls) {
      dnsbl::List l;
      l.zone = list.zone;
      l.kind = dnsbl::Kind::ip;
      // RFC 5782 2.1: the TXT record says why; it goes into the refusal text.
      auto result = dnsbl::lookup(*resolver_, l, client, {.want_reason = true});
      Finding f{Technique::dnsbl};
      if (!result) {
        f.check = "error";
        f.detail = result.error().to_string();
      } else if (result->status == dnsbl::Status::listed) {
        f.hit = true;
        f.check = "listed";
        f.detail = client.to_string() + " listed by " + list.zone;
        if (!result->reasons.empty()) f.detail += ": " + result->reasons.front();
      } else if (result->status == dnsbl::Status::temperror) {
        f.temporary = true;
        f.check = "temperror";
        f.detail = list.zone + ": " + result->problem;
      } else {
        f.check = "not-listed";
      }
      if (auto r = act(f)) return r;
    }
  }
  bool want_rdns = config_.enabled(Technique::ptr) || config_.enabled(Technique::fcrdns) ||
                   config_.enabled(Technique::dynamic);
  if (want_rdns) {
    auto rd = check_reverse_dns(*resolver_, client);
    iprev_ = rd.iprev;
    verified_name_ = rd.verified_name;
    if (config_.enabled(Technique::ptr)) {
      if (auto r = act(rd.ptr)) return r;
    }
    if (config_.enabled(Technique::fcrdns)) {
      if (auto r = act(rd.fcrdns)) return r;
    }
  }
  if (config_.enabled(Technique::dynamic)) {
    std::optional<Finding> f = check_dynamic_name(config_, client, verified_name_);
    for (const auto& zone : config_.dynamic_zones) {
      if (f && f->hit) break;
      dnsbl::List l;
      l.zone = zone.zone;
      l.kind = dnsbl::Kind::ip;
      auto result = dnsbl::lookup(*resolver_, l, client);
      if (result && result->status == dnsbl::Status::listed) {
        f = Finding{Technique::dynamic,
                    "policy-list",
                    true,
                    false,
                    false,
                    client.to_string() + " listed as dynamic by " + zone.zone};
      }
    }
    if (f) {
      if (auto r = act(*f)) return r;
    }
  }
  if (config_.enabled(Technique::helo)) {
    if (auto f = check_helo(config_, *resolver_, e.helo, client, services_.server_address)) {
      if (auto r = act(*f)) return r;
    }
  }
  if (config_.enabled(Technique::sender_domain)) {
    if (auto f = check_sender_domain(*resolver_, from)) {
      if (auto r = act(*f)) return r;
    }
  }
  if (config_.enabled(Technique::callback) && services_.call_back && from.mailbox &&
      !from.mailbox->domain_is_literal) {
    // X.1240 7.5 "eliciting a response": ask the sender domain's first MX (RFC 5321 5.1)
    // whether it would accept mail for the sender; no message is sent.
    Finding f{Technique::callback};
    auto domain = ascii::lower(from.mailbox->domain);
    std::string host = domain;
    auto mx = resolver_->query(domain, dns::RRType::MX);
    int best = 65536;
    for (const auto& r : mx.records) {
      if (const auto* m = r.mx(); m && m->preference < best) {
        best = m->preference;
        host = m->exchange;
      }
    }
    auto a = resolver_->query(host, dns::RRType::A);
    if (a.records.empty() || !a.records.front().address()) {
      f.temporary = a.is_error();
      f.hit = !a.is_error();
      f.check = a.is_error() ? "temperror" : "no-mail-host";
      f.detail = "no address for " + host;
    } else {
      auto code = services_.call_back(a.records.front().address()->to_string(),
                                      config_.callback_port, from);
      if (!code && code.error().code == Errc::unsupported) {
        // The MTA would not contact this host (ASCOT sends nothing off loopback): no verdict.
        f.check = "not-contacted";
        f.detail = code.error().message;
      } else if (!code) {
        f.temporary = true;
        f.check = "unreachable";
        f.detail = code.error().to_string();
      } else if (*code >= 500) {
        f.hit = true;
        f.check = "refused";
        f.detail = host + " answered " + std::to_string(*code) + " for " + from.to_string();
      } else if (*code >= 400) {
        f.temporary = true;
        f.check = "tempfail";
        f.detail = host + " answered " + std::to_string(*code);
      } else {
        f.check = "accepted";
        f.detail = host + " accepts " + from.to_string();
      }
    }
    if (auto r = act(f)) return r;
  }
  bool want_spf = config_.enabled(Technique::spf) || config_.enabled(Technique::dmarc);
  if (want_spf) {
    spf::Query q;
    q.ip = client;
    q.sender = from.mailbox ? from.mailbox->to_string() : "";
    q.helo = e.helo;
    q.receiver = config_.hostname;
    q.timestamp = now_of(*services_.clock).time_since_epoch().count();
    auto outcome = spf::evaluate(q, *resolver_);
    spf_resinfo_ = spf::authentication_results_spf(q, outcome);
    spf_result_ = std::string(spf::result_name(outcome.result));
    spf_domain_ = outcome.domain;
    if (config_.enabled(Technique::spf)) {
      Finding f{Technique::spf};
      f.check = spf_result_;
      f.hit = outcome.result == spf::Result::fail;
      f.temporary = outcome.result == spf::Result::temperror;
      f.detail = "spf=" + spf_result_ + " for " + outcome.domain;
      if (auto r = act(f)) return r;
    }
  }
  return std::nullopt;
}

std::optional<smtp::Reply> SessionPolicy::on_rcpt(const smtp::Envelope& e, const smtp::Path& rcpt) {
  if (!sender_checked_) {
    sender_checked_ = true;
    sender_refusal_ = sender_stage(e);
  }
  if (config_.enabled(Technique::relay)) {
    if (auto f = check_relay(config_, e.client.address, !e.auth_user.empty(), rcpt)) {
      // X.1241 9.1 comes first: an open relay is refused whatever else is true.
      if (f->hit) {
        if (auto r = act(*f)) return r;
      }
    }
  }
  if (sender_refusal_) return sender_refusal_;
  if (allowed_ || !config_.enabled(Technique::greylist) || !services_.greylist) return std::nullopt;
  greylist::Policy policy;
  policy.min_delay = config_.greylist_delay;
  policy.retry_window = config_.greylist_retry_window;
  greylist::Triplet triplet{
      e.client.address.unmapped(),
      e.mail_from && e.mail_from->mailbox ? e.mail_from->mailbox->to_string() : "",
      rcpt.mailbox ? rcpt.mailbox->to_string() : "postmaster"};
  auto decision = greylist::decide(*services_.greylist, *services_.clock, policy, triplet);
  Finding f{Technique::greylist};
  if (!decision) {
    // greylist.hpp advises failing open when the store fails: mail is not lost to an outage.
    f.temporary = true;
    f.check = "store-error";
    f.detail = decision.error().to_string();
    add(f);
    return std::nullopt;
  }
  f.check = std::string(greylist::reason_name(decision->reason));
  f.hit = decision->outcome == greylist::Outcome::defer;
  f.detail = std::string(greylist::outcome_name(decision->outcome)) + " " + decision->key;
  add(f);
  if (!f.hit) return std::nullopt;
  const auto& configured = config_.technique(Technique::greylist);
  if (configured.reply) return *configured.reply;
  return smtp::reply(decision->reply->code, decision->reply->enhanced,
                     "[X.1240 7.11 greylist] " + decision->reply->text);
}

std::string SessionPolicy::headers_for(const smtp::Envelope& e, const std::string& id, double total,
                                       const std::vector<std::string>& resinfo, bool marked) const {
  smtp::ReceivedStamp stamp;
  stamp.helo = e.helo;
  stamp.reverse_name = verified_name_;
  stamp.client = e.client.address;
  stamp.by = config_.hostname;
  // RFC 3848: ESMTP, with S for TLS and A for an authenticated client.
  stamp.with = e.esmtp
                   ? std::string("ESMTP") + (e.tls ? "S" : "") + (e.auth_user.empty() ? "" : "A")
                   : "SMTP";
  stamp.id = id;
  if (e.recipients.size() == 1) stamp.for_path = e.recipients.front().to_string();
  stamp.at = now_of(*services_.clock);
  std::string out = "Received: " + smtp::format_received(stamp) + "\r\n";
  out += authres::format_resinfo(config_.hostname, resinfo) + "\r\n";
  out += "X-ASCOT-Findings: " + findings_header(findings_, total) + "\r\n";
  if (marked) out += "X-Spam-Flag: YES\r\nX-Spam-Score: " + score_text(total) + "\r\n";
  return out;
}

smtp::MessageOutcome SessionPolicy::on_message(const smtp::Envelope& e, std::string_view bytes) {
  std::string id = "ASCOT" + [&] {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%08llX",
                  static_cast<unsigned long long>(services_.next_id ? ++*services_.next_id : 0));
    return std::string(buffer);
  }();
  auto parsed = mail::Message::parse(std::string(bytes));
  if (!parsed) {
    // RFC 3463 X.6.0: the content is not a message we can read (RFC 5322).
    return {smtp::reply(550, "5.6.0", "Malformed message: " + parsed.error().message),
            smtp::Disposition::deliver};
  }
  const mail::Message& m = *parsed;
  std::vector<std::string> resinfo;
  if (!iprev_.empty()) {
    resinfo.push_back("iprev=" + iprev_ + " policy.iprev=" + e.client.address.to_string());
  }
  if (!spf_resinfo_.empty()) resinfo.push_back(spf_resinfo_);
  auto refuse = [&](smtp::Reply r) {
    return smtp::MessageOutcome{std::move(r), smtp::Disposition::deliver};
  };
  std::optional<dmarc::Evaluation> dmarc_result;
  if (!allowed_) {
    if (config_.enabled(Technique::tokens)) {
      auto subject = m.first("Subject").value_or("");
      for (const auto& rcpt : e.recipients) {
        if (!rcpt.mailbox) continue;
        if (auto f = check_tokens(config_, *rcpt.mailbox, subject)) {
          if (auto r = act(*f)) return refuse(*r);
        }
      }
    }
    if (config_.enabled(Technique::uribl) && !config_.uribls.empty()) {
      auto hosts = dnsbl::extract_uri_hosts(m.body());
      Finding f{Technique::uribl, "clean"};
      for (const auto& list : config_.uribls) {
        dnsbl::List l;
        l.zone = list.zone;
        l.kind = dnsbl::Kind::domain;
        for (const auto& domain : hosts.domains) {
          auto result = dnsbl::lookup(*resolver_, l, domain);
          if (result && result->status == dnsbl::Status::listed) {
            f.hit = true;
            f.check = "listed";
            f.detail = domain + " listed by " + list.zone;
            break;
          }
        }
        if (f.hit) break;
      }
      if (auto r = act(f)) return refuse(*r);
    }
    if (config_.enabled(Technique::bayes) && services_.bayes) {
      // X.1240 7.9: Robinson-Fisher indicator at or above the threshold (SpamBayes' 0.90).
      auto s = content::classify(m, *services_.bayes);
      Finding f{Technique::bayes};
      if (!s) {
        f.temporary = true;
        f.check = "model-error";
        f.detail = s.error().to_string();
      } else {
        f.hit = s->indicator >= config_.bayes_threshold;
        f.check = f.hit ? "spam" : "not-spam";
        f.detail = "indicator " + score_text(s->indicator * 100) + "%";
      }
      if (auto r = act(f)) return refuse(*r);
    }
    if (config_.enabled(Technique::rules) && services_.rules) {
      auto result = content::evaluate(m, *services_.rules);
      Finding f{Technique::rules, "no-hit"};
      for (const auto& hit : result.hits) {
        if (hit.id.starts_with("action-")) {
          if (auto a = parse_action(hit.id.substr(7))) {
            if (!rule_action_ || severity(*a) > severity(*rule_action_)) rule_action_ = a;
          }
        }
        f.detail += (f.detail.empty() ? "" : ", ") + hit.id;
      }
      // A rule that names an action takes that action alone (rule_action_); the technique's
      // own action applies to the scoring rules.
      f.hit = result.total > 0;
      if (f.hit) f.check = "hit";
      if (auto r = act(f)) return refuse(*r);
    }
    std::int64_t now = now_of(*services_.clock).time_since_epoch().count();
    std::vector<dkim::SignatureResult> signatures;
    if (config_.enabled(Technique::dkim) || config_.enabled(Technique::dmarc)) {
      signatures = dkim::verify(m, *resolver_, {.now = now});
      for (const auto& s : signatures) resinfo.push_back(dkim::authentication_results_dkim(s));
      if (signatures.empty()) resinfo.emplace_back("dkim=none");
    }
    if (config_.enabled(Technique::dkim)) {
      // Our reading (docs/smtp.md): a message whose signatures all fail is suspicious; an
      // unsigned message is not, since most mail is not signed (RFC 6376 6.1: a message with
      // no valid signature is treated as unsigned).
      Finding f{Technique::dkim, signatures.empty() ? "none" : "fail"};
      bool pass = false;
      for (const auto& s : signatures) pass = pass || s.result == dkim::Result::pass;
      if (pass) f.check = "pass";
      f.hit = !signatures.empty() && !pass;
      if (auto r = act(f)) return refuse(*r);
    }
    if (config_.enabled(Technique::arc)) {
      auto chain = arc::validate(m, *resolver_, {.now = now});
      resinfo.push_back(arc::authentication_results_arc(chain));
      Finding f{Technique::arc, std::string(arc::chain_status_name(chain.status))};
      f.hit = chain.status == arc::ChainStatus::fail;
      f.detail = chain.reason;
      if (auto r = act(f)) return refuse(*r);
    }
    if (config_.enabled(Technique::dmarc)) {
      auto from = m.first("From");
      std::string domain;
      if (from) {
        auto boxes = mail::parse_mailbox_list(*from);
        if (boxes && boxes->size() == 1) domain = ascii::lower(boxes->front().domain);
      }
      Finding f{Technique::dmarc, "none"};
      if (!domain.empty() && !domain.starts_with('[')) {
        dmarc::Question q;
        q.mode = dmarc::Mode::rfc9989;  // the DNS tree walk: no Public Suffix List needed
        q.from_domain = domain;
        q.spf = {spf_result_, spf_domain_};
        for (const auto& s : signatures)
          q.dkim.push_back({std::string(dkim::result_name(s.result)), s.domain});
        dmarc_result = dmarc::evaluate(q, *resolver_);
        resinfo.push_back(dmarc::authentication_results_dmarc(*dmarc_result, domain));
        f.check = std::string(dmarc::result_name(dmarc_result->result));
        f.temporary = dmarc_result->result == dmarc::Result::temperror;
        if (dmarc_result->result == dmarc::Result::fail && dmarc_result->disposition &&
            *dmarc_result->disposition != dmarc::Policy::none) {
          f.hit = true;
          f.check = "fail-" + std::string(dmarc::policy_name(*dmarc_result->disposition));
        }
      }
      add(f);
      // DMARC with action "reject" honours the domain's policy (RFC 7489 6.6.4 / RFC 9989):
      // p=reject refuses in the session, p=quarantine files the message in the spam box.
      const auto& t = config_.technique(Technique::dmarc);
      if (f.hit && t.action == Action::reject && f.check == "fail-reject") {
        return refuse(t.reply.value_or(smtp::reply(
            550, "5.7.1", "[X.1240 7.4 dmarc] Rejected by the DMARC policy of " + domain)));
      }
    }
    if (config_.enabled(Technique::trace)) {
      std::vector<std::string> received;
      for (const auto* field : m.named("Received")) received.emplace_back(m.value(*field));
      auto check = smtp::check_trace(received, now_of(*services_.clock));
      Finding f{Technique::trace, check.consistent() ? "consistent" : "inconsistent"};
      f.hit = !check.consistent();
      if (f.hit)
        f.detail = "hop " + std::to_string(check.problems.front().hop) + ": " +
                   check.problems.front().what;
      if (auto r = act(f)) return refuse(*r);
    }
  }
  // X.1240 7.3: the score, then the most severe action any technique or threshold asks for.
  Scored scored = allowed_ ? Scored{} : score(config_, findings_);
  std::optional<Action> action = scored.action;
  if (!allowed_) {
    for (const auto& f : findings_) {
      if (!f.hit || !config_.enabled(f.technique)) continue;
      Action a = config_.technique(f.technique).action;
      if (f.technique == Technique::dmarc && a == Action::reject)
        a = Action::spam_box;  // quarantine
      if (severity(a) > 0 && (!action || severity(a) > severity(*action))) action = a;
    }
    if (rule_action_ && (!action || severity(*rule_action_) > severity(*action)))
      action = rule_action_;
  }
  auto accepted = [&](std::string text) { return smtp::reply(250, "2.0.0", text + " " + id); };
  if (action == Action::reject) {
    return refuse(smtp::reply(
        550, "5.7.1",
        "[X.1240 7.15] Message refused as spam (score " + score_text(scored.total) + ")"));
  }
  if (action == Action::discard) {
    // X.1240 7.16: accepted, then dropped; the client cannot tell.
    return {accepted("Ok: queued as"), smtp::Disposition::discard};
  }
  if (action == Action::bounce) {
    // X.1240 7.17: accepted, then returned in a DSN. Never to the null reverse-path (RFC 5321
    // 4.5.5); docs/smtp.md warns that bouncing forged senders is backscatter.
    if (e.mail_from && e.mail_from->mailbox) {
      Outgoing dsn;
      dsn.recipients.push_back(*e.mail_from);
      dsn.message = make_dsn(
          config_, e, bytes, "5.7.1",
          "smtp; 550 5.7.1 Message refused as spam (score " + score_text(scored.total) + ")",
          now_of(*services_.clock), id);
      if (auto d = services_.delivery->deliver(dsn); !d) {
        return refuse(smtp::reply(451, "4.3.0", "Temporary failure: " + d.error().message));
      }
    }
    return {accepted("Ok: queued as"), smtp::Disposition::bounce};
  }
  bool marked = action == Action::mark || action == Action::spam_box;
  Outgoing out;
  out.mail_from = e.mail_from.value_or(smtp::Path{});
  out.recipients = e.recipients;
  out.disposition =
      action == Action::spam_box ? smtp::Disposition::spam_box : smtp::Disposition::deliver;
  std::string body = action == Action::mark && config_.tag_subject
                         ? tag_subject(m, config_.subject_tag)
                         : std::string(bytes);
  out.message = headers_for(e, id, scored.total, resinfo, marked) + body;
  if (auto d = services_.delivery->deliver(out); !d) {
    return refuse(smtp::reply(451, "4.3.0", "Temporary failure in delivery: " + d.error().message));
  }
  return {accepted("Ok: queued as"), out.disposition};
}

bool SessionPolicy::authenticate(std::string_view user, std::string_view password) {
  auto it = config_.users.find(std::string(user));
  return it != config_.users.end() && it->second == password;
}

std::string make_dsn(const Config& config, const smtp::Envelope& e, std::string_view original,
                     std::string_view status, std::string_view diagnostic,
                     std::chrono::sys_seconds now, std::string_view id) {
  const std::string boundary = "ASCOT-DSN-" + std::string(id);
  const std::string date = mail::format_date_time(now);
  std::string sender = e.mail_from && e.mail_from->mailbox ? e.mail_from->mailbox->to_string() : "";
  // RFC 3464 2: multipart/report; report-type=delivery-status, three parts.
  std::string out = "From: Mail Delivery System <MAILER-DAEMON@" + config.hostname + ">\r\n";
  out += "To: <" + sender + ">\r\n";
  out += "Subject: Undelivered Mail Returned to Sender\r\n";
  out += "Date: " + date + "\r\n";
  out += "Auto-Submitted: auto-replied\r\n";  // RFC 3834 5
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" +
         boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
  out += "Your message could not be delivered: it was refused as spam by " + config.hostname +
         ".\r\n\r\n";
  out += "--" + boundary + "\r\nContent-Type: message/delivery-status\r\n\r\n";
  // RFC 3464 2.2: per-message fields.
  out += "Reporting-MTA: dns; " + config.hostname + "\r\n";
  out += "X-ASCOT-Queue-ID: " + std::string(id) + "\r\n";
  out += "Arrival-Date: " + date + "\r\n";
  for (const auto& rcpt : e.recipients) {
    if (!rcpt.mailbox) continue;
    // RFC 3464 2.3: per-recipient fields.
    out += "\r\nFinal-Recipient: rfc822; " + rcpt.mailbox->to_string() + "\r\n";
    out += "Action: failed\r\n";
    out += "Status: " + std::string(status) + "\r\n";
    out += "Diagnostic-Code: " + std::string(diagnostic) + "\r\n";
  }
  out += "\r\n--" + boundary + "\r\nContent-Type: text/rfc822-headers\r\n\r\n";
  auto end_of_header = original.find("\r\n\r\n");
  out += std::string(original.substr(
      0, end_of_header == std::string_view::npos ? original.size() : end_of_header + 2));
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace ascot::policy
