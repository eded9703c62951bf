// ascot check dkim | arc | dmarc: one message through the reference implementation.
#include <boost/json.hpp>
#include <iostream>

#include "arc/arc.hpp"
#include "authres/authres.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/mail_input.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"
#include "dkim/verify.hpp"
#include "dmarc/evaluate.hpp"
#include "mail/address.hpp"
#include "mail/message.hpp"
#include "spf/check_host.hpp"
#include "spf/received_spf.hpp"

namespace ascot::cli {

namespace {

std::vector<OptionSpec> with_dns(std::vector<OptionSpec> options) {
  auto dns = dns_options(true);
  options.insert(options.end(), dns.begin(), dns.end());
  return options;
}

const OptionSpec kMessage{
    "message", "FILE",
    "the message (RFC 5322; lines ending in LF are read as CRLF); - for standard input"};
const OptionSpec kNow{
    "now", "SECONDS",
    "the time of the check, seconds since the epoch (default: now, or the vector's)"};
const OptionSpec kReceiver{"receiver", "NAME",
                           "the authserv-id for the Authentication-Results line (default: ascot)"};
const OptionSpec kJson{"json", "", "print the result as JSON"};

const CommandSpec kDkimSpec{
    "ascot check dkim --message FILE (--dns HOST:PORT | --zone FILE) [options]",
    "Verify every DKIM-Signature of a message (RFC 6376 6, RFC 8301, RFC 8463) with the reference\n"
    "implementation and print each signature's RFC 8601 result with the reason, then an\n"
    "Authentication-Results line. Exit status: 0 when the message was verified, whatever the "
    "results;\n"
    "2 for bad arguments or unusable input.",
    with_dns({kMessage, kNow, kReceiver, kJson}), "",
    "  ascot check dkim --message signed.eml --dns 127.0.0.1:5353\n"
    "  ascot check dkim --zone vectors/dkim/rfc6376-canonicalization.json --vector "
    "dkim-canon-relaxed-relaxed-unchanged\n"};

const CommandSpec kArcSpec{
    "ascot check arc --message FILE (--dns HOST:PORT | --zone FILE) [options]",
    "Validate the ARC chain of a message (RFC 8617 5.2) with the reference implementation and "
    "print\n"
    "the chain validation status (none, pass or fail), oldest-pass for a passing chain, the "
    "instance\n"
    "where a failing chain broke, and an Authentication-Results line. Exit status as for check "
    "dkim.",
    with_dns({kMessage, kNow, kReceiver, kJson}), "",
    "  ascot check arc --message forwarded.eml --dns 127.0.0.1:5353\n"
    "  ascot check arc --zone vectors/arc/rfc8617-validate.json --vector "
    "arc-oldest-pass-list-footer\n"};

const CommandSpec kDmarcSpec{
    "ascot check dmarc --message FILE --ip ADDRESS --mail-from ADDRESS --helo NAME (--dns "
    "HOST:PORT | "
    "--zone FILE) [options]",
    "Evaluate DMARC for a message as a receiver does: SPF for the SMTP client and envelope (RFC "
    "7208),\n"
    "DKIM for every signature (RFC 6376), then DMARC for the RFC5322.From domain, in the mode of "
    "RFC 9989\n"
    "(the 2026 revision, DNS tree walk) or RFC 7489 (Public Suffix List). The From field must hold "
    "one\n"
    "address (RFC 7489 6.6.1). Exit status: 0 when a result was computed; 2 for bad arguments or "
    "a\n"
    "message DMARC cannot evaluate.",
    with_dns({kMessage,
              {"ip", "ADDRESS", "the SMTP client's IPv4 or IPv6 address"},
              {"mail-from", "ADDRESS", "the MAIL FROM address; \"\" for the null reverse-path"},
              {"helo", "NAME", "the HELO/EHLO name"},
              {"mode", "rfc9989|rfc7489", "which DMARC specification to apply (default rfc9989)"},
              {"psl", "FILE",
               "with rfc7489: the Public Suffix List file (default: Debian's publicsuffix)"},
              kNow,
              kReceiver,
              kJson}),
    "",
    "  ascot check dmarc --message m.eml --ip 192.0.2.1 --mail-from bounce@example.com --helo "
    "mx.example.com "
    "--dns 127.0.0.1:5353\n"};

int usage(const char* command, const std::string& message) {
  std::cerr << "ascot check " << command << ": " << message << "\n";
  return kExitUsage;
}

// The inputs every message check needs.
struct MessageCheck {
  DnsChoice dns;
  mail::Message message;
  std::int64_t now = 0;
  std::string receiver;
};

Expected<MessageCheck> prepare(const Args& args) {
  auto dns = make_dns(args, true);
  if (!dns) return std::unexpected(dns.error());
  auto text = message_input(args, *dns);
  if (!text) return std::unexpected(text.error());
  auto message = mail::Message::parse(std::move(*text));
  if (!message)
    return fail(Errc::parse_error, "the message does not parse: " + message.error().to_string());
  std::int64_t now = 0;
  const boost::json::value* vector_now =
      dns->zone && dns->zone->vector_json ? dns->zone->vector_json->if_contains("now") : nullptr;
  if (!args.get("now") && vector_now && vector_now->is_int64()) {
    now = vector_now->get_int64();
  } else {
    auto t = time_option(args, "now");
    if (!t) return std::unexpected(t.error());
    now = *t;
  }
  return MessageCheck{std::move(*dns), std::move(*message), now, args.get_or("receiver", "ascot")};
}

boost::json::array dkim_json(const std::vector<dkim::SignatureResult>& results) {
  boost::json::array out;
  for (const auto& r : results) {
    out.push_back(boost::json::object{{"result", dkim::result_name(r.result)},
                                      {"reason", r.reason},
                                      {"detail", r.detail},
                                      {"domain", r.domain},
                                      {"selector", r.selector},
                                      {"algorithm", r.algorithm},
                                      {"keyBits", r.key_bits},
                                      {"testing", r.testing}});
  }
  return out;
}

std::string authentication_results(const std::string& receiver,
                                   const std::vector<std::string>& resinfo) {
  return authres::format_resinfo(receiver, resinfo, "\n");
}

int check_dkim(const Args& args) {
  auto c = prepare(args);
  if (!c) return usage("dkim", c.error().to_string());
  auto results = dkim::verify(c->message, *c->dns.resolver, {.now = c->now});
  std::vector<std::string> resinfo;
  for (const auto& r : results) resinfo.push_back(dkim::authentication_results_dkim(r));
  if (results.empty()) resinfo.push_back("dkim=none");
  std::string ar = authentication_results(c->receiver, resinfo);
  if (args.flag("json")) {
    std::cout << json::pretty(boost::json::object{{"signatures", dkim_json(results)},
                                                  {"authenticationResults", ar}})
              << "\n";
    return kExitOk;
  }
  if (results.empty()) std::cout << "no DKIM-Signature fields\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    std::cout << "signature " << i + 1 << ": " << dkim::result_name(r.result) << " d=" << r.domain
              << " s=" << r.selector << (r.algorithm.empty() ? "" : " a=" + r.algorithm)
              << (r.key_bits ? " (" + std::to_string(r.key_bits) + "-bit key)" : "")
              << (r.testing ? " [key in testing mode, t=y]" : "") << "\n";
    if (!r.reason.empty()) std::cout << "  " << r.reason << ": " << r.detail << "\n";
  }
  std::cout << ar << "\n";
  return kExitOk;
}

int check_arc(const Args& args) {
  auto c = prepare(args);
  if (!c) return usage("arc", c.error().to_string());
  arc::ChainResult r = arc::validate(c->message, *c->dns.resolver, {.now = c->now});
  std::string resinfo = arc::authentication_results_arc(r);
  std::string ar = authentication_results(c->receiver, {resinfo});
  if (args.flag("json")) {
    boost::json::object o{{"cv", arc::chain_status_name(r.status)},
                          {"instances", r.instances},
                          {"reason", r.reason},
                          {"authenticationResults", ar}};
    if (r.status == arc::ChainStatus::pass) o["oldestPass"] = r.oldest_pass;
    if (r.status == arc::ChainStatus::fail && r.failed_instance)
      o["failedInstance"] = r.failed_instance;
    std::cout << json::pretty(o) << "\n";
    return kExitOk;
  }
  std::cout << "cv: " << arc::chain_status_name(r.status) << "\n";
  if (r.instances) std::cout << "instances: " << r.instances << "\n";
  if (r.status == arc::ChainStatus::pass) std::cout << "oldest-pass: " << r.oldest_pass << "\n";
  if (r.status == arc::ChainStatus::fail && r.failed_instance)
    std::cout << "failed at: i=" << r.failed_instance << "\n";
  std::cout << "reason: " << r.reason << "\n" << ar << "\n";
  return kExitOk;
}

// RFC 7489 6.6.1 / RFC 9989: the one RFC5322.From domain, or why there is none.
Expected<std::string> from_domain(const mail::Message& message) {
  auto fields = message.named("From");
  if (fields.size() != 1) {
    return fail(Errc::parse_error,
                "the message has " + std::to_string(fields.size()) +
                    " From fields; DMARC needs exactly one (RFC 5322 3.6, RFC 7489 6.6.1)");
  }
  auto boxes = mail::parse_mailbox_list(message.value(*fields.front()));
  if (!boxes) return fail(Errc::parse_error, "the From field: " + boxes.error().to_string());
  for (const auto& b : *boxes) {
    if (!ascii::iequals(b.domain, boxes->front().domain)) {
      return fail(Errc::parse_error,
                  "the From field names several domains (" + boxes->front().domain + ", " +
                      b.domain + "); ASCOT does not evaluate such messages (RFC 7489 6.6.1)");
    }
  }
  if (boxes->front().domain.starts_with('[')) {
    return fail(Errc::parse_error,
                "the From address has a domain-literal, which has no DMARC policy");
  }
  return ascii::lower(boxes->front().domain);
}

int check_dmarc(const Args& args) {
  auto c = prepare(args);
  if (!c) return usage("dmarc", c.error().to_string());
  auto from = from_domain(c->message);
  if (!from) return usage("dmarc", from.error().message);
  spf::Query query;
  auto ip = args.get("ip");
  if (!ip) return usage("dmarc", "--ip is required");
  auto parsed_ip = IpAddress::parse(*ip);
  if (!parsed_ip) return usage("dmarc", "--ip: '" + *ip + "' is not an IPv4 or IPv6 address");
  query.ip = *parsed_ip;
  auto mail_from = args.get("mail-from");
  if (!mail_from) return usage("dmarc", "--mail-from is required (\"\" for the null reverse-path)");
  query.sender = *mail_from;
  auto helo = args.get("helo");
  if (!helo) return usage("dmarc", "--helo is required");
  query.helo = *helo;
  query.receiver = c->receiver;
  query.timestamp = c->now;
  std::string mode = args.get_or("mode", "rfc9989");
  if (mode != "rfc9989" && mode != "rfc7489")
    return usage("dmarc", "--mode must be rfc9989 or rfc7489");
  dmarc::Options options;
  std::optional<dmarc::PublicSuffixList> own_list;
  if (mode == "rfc7489") {
    if (auto psl = args.get("psl")) {
      auto list = dmarc::PublicSuffixList::load(*psl);
      if (!list) return usage("dmarc", "--psl: " + list.error().to_string());
      own_list = std::move(*list);
      options.psl = &*own_list;
    } else {
      auto system = dmarc::system_public_suffix_list();
      if (!system) return usage("dmarc", system.error().to_string() + " (give --psl FILE)");
      options.psl = *system;
    }
  } else if (args.get("psl")) {
    return usage("dmarc", "--psl applies to --mode rfc7489 only; RFC 9989 walks the DNS tree");
  }
  // SPF authenticates the MAIL FROM domain, or the HELO domain for the null reverse-path
  // (RFC 7489 3.1.2, RFC 7208 2.4).
  spf::Outcome spf_outcome = spf::evaluate(query, *c->dns.resolver);
  auto dkim_results = dkim::verify(c->message, *c->dns.resolver, {.now = c->now});
  dmarc::Question question;
  question.mode = mode == "rfc7489" ? dmarc::Mode::rfc7489 : dmarc::Mode::rfc9989;
  question.from_domain = *from;
  question.spf = {std::string(spf::result_name(spf_outcome.result)), spf_outcome.domain};
  for (const auto& r : dkim_results)
    question.dkim.push_back({std::string(dkim::result_name(r.result)), r.domain});
  dmarc::Evaluation e = dmarc::evaluate(question, *c->dns.resolver, options);
  std::string dmarc_resinfo = dmarc::authentication_results_dmarc(e, *from);
  std::vector<std::string> resinfo{spf::authentication_results_spf(query, spf_outcome)};
  for (const auto& r : dkim_results) resinfo.push_back(dkim::authentication_results_dkim(r));
  if (dkim_results.empty()) resinfo.push_back("dkim=none");
  resinfo.push_back(dmarc_resinfo);
  std::string ar = authentication_results(c->receiver, resinfo);
  auto optional_bool = [](std::optional<bool> b) {
    return b ? boost::json::value(*b) : boost::json::value(nullptr);
  };
  if (args.flag("json")) {
    boost::json::object o{
        {"mode", mode},
        {"fromDomain", *from},
        {"spf", boost::json::object{{"result", spf::result_name(spf_outcome.result)},
                                    {"domain", spf_outcome.domain}}},
        {"dkim", dkim_json(dkim_results)},
        {"result", dmarc::result_name(e.result)},
        {"policyDomain", e.policy_domain},
        {"orgDomain", e.org_domain},
        {"spfAligned", optional_bool(e.spf_aligned)},
        {"dkimAligned", optional_bool(e.dkim_aligned)},
        {"problem", e.problem},
        {"authenticationResults", ar}};
    if (e.policy) o["policy"] = dmarc::policy_name(*e.policy);
    if (e.disposition) o["disposition"] = dmarc::policy_name(*e.disposition);
    std::cout << json::pretty(o) << "\n";
    return kExitOk;
  }
  std::cout << "from domain: " << *from << "\n"
            << "spf: " << spf::result_name(spf_outcome.result) << " for " << spf_outcome.domain
            << "\n";
  for (const auto& r : dkim_results) {
    std::cout << "dkim: " << dkim::result_name(r.result) << " d=" << r.domain
              << (r.reason.empty() ? "" : " (" + r.reason + ")") << "\n";
  }
  std::cout << "dmarc (" << mode << "): " << dmarc::result_name(e.result) << "\n";
  if (e.policy)
    std::cout << "policy: " << dmarc::policy_name(*e.policy) << " from " << e.policy_domain << "\n";
  if (e.disposition) std::cout << "disposition: " << dmarc::policy_name(*e.disposition) << "\n";
  if (!e.org_domain.empty()) std::cout << "organizational domain: " << e.org_domain << "\n";
  if (!e.problem.empty()) std::cout << "problem: " << e.problem << "\n";
  std::cout << ar << "\n";
  return kExitOk;
}

}  // namespace

int cmd_check_mail(const std::string& mechanism, int argc, char** argv, int first) {
  const CommandSpec* spec = mechanism == "dkim"  ? &kDkimSpec
                            : mechanism == "arc" ? &kArcSpec
                                                 : &kDmarcSpec;
  std::string name = "ascot check " + mechanism;
  int exit_code = kExitOk;
  auto args = parse_command(*spec, name.c_str(), argc, argv, first, exit_code);
  if (!args) return exit_code;
  if (mechanism == "dkim") return check_dkim(*args);
  if (mechanism == "arc") return check_arc(*args);
  return check_dmarc(*args);
}

}  // namespace ascot::cli
