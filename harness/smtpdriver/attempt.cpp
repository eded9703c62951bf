// One delivery attempt and its observation.
#include "smtpdriver/attempt.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/ip.hpp"
#include "mta/client.hpp"

namespace ascot::harness {
namespace {

using namespace std::chrono_literals;

// How often the spam box and the sink are looked at while waiting.
constexpr auto kPollInterval = 25ms;

struct Step {
  std::optional<AttemptResult> decided;  // set when the session ended the attempt
};

AttemptResult refused(const smtp::Reply& r, std::string stage) {
  AttemptResult out;
  out.outcome = r.permanent() ? Outcome::rejected : Outcome::deferred;
  out.code = r.code;
  out.status = r.status ? r.status->to_string() : "";
  out.stage = std::move(stage);
  out.reply_text = r.text();
  return out;
}

std::string header_section(const std::string& bytes) {
  auto end = bytes.find("\r\n\r\n");
  return end == std::string::npos ? bytes : bytes.substr(0, end + 2);
}

bool is_marked(const SmtpTarget& t, const std::string& bytes) {
  auto header = header_section(bytes);
  std::istringstream lines(header);
  std::string line;
  auto colon = t.mark_field.find(':');
  std::string name = ascii::lower(ascii::trim(t.mark_field.substr(0, colon)));
  std::string value =
      colon == std::string::npos ? "" : ascii::lower(ascii::trim(t.mark_field.substr(colon + 1)));
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto c = line.find(':');
    if (c == std::string::npos) continue;
    auto n = ascii::lower(ascii::trim(line.substr(0, c)));
    auto v = ascii::lower(ascii::trim(line.substr(c + 1)));
    if (!name.empty() && n == name && (value.empty() || v == value)) return true;
    if (n == "subject" && !t.mark_subject_tag.empty() &&
        ascii::istarts_with(ascii::trim(line.substr(c + 1)), t.mark_subject_tag)) {
      return true;
    }
  }
  return false;
}

bool is_dsn(const SinkMessage& m, const Attempt& a) {
  if (a.mail_from.empty()) return false;
  bool to_sender = false;
  for (const auto& r : m.envelope.recipients) {
    if (r.mailbox && ascii::iequals(r.mailbox->to_string(), a.mail_from)) to_sender = true;
  }
  auto header = ascii::lower(header_section(m.bytes));
  return to_sender && header.find("multipart/report") != std::string::npos;
}

// spam_box_has looks for a file under |dir| that contains |marker|.
bool spam_box_has(const std::string& dir, const std::string& marker) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (dir.empty() || !fs::exists(dir, ec)) return false;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (it->path().parent_path().filename() == "tmp") continue;  // maildir: not yet delivered
    std::ifstream in(it->path(), std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find(marker) != std::string::npos) return true;
  }
  return false;
}

// session runs the SMTP dialogue once; the result has no after-data observation yet.
Expected<AttemptResult> session(const SmtpTarget& t, const Attempt& a, std::string& transcript) {
  auto connected = mta::Client::connect(t.host, t.port, mta::ClientTimeouts::harness(t.timeout));
  if (!connected) return std::unexpected(connected.error());
  auto& c = **connected;
  auto finish = [&](AttemptResult r) {
    c.quit();
    transcript += c.transcript_text();
    return r;
  };
  auto failed = [&](const Error& e) {
    transcript += c.transcript_text();
    return std::unexpected(e);
  };
  if (c.greeting().code != 220) return finish(refused(c.greeting(), "connect"));
  auto ehlo = c.ehlo(t.harness_helo);
  if (!ehlo) return failed(ehlo.error());
  // Present the case's client (Postfix XCLIENT_README): ADDR, and for IPv6 the IPV6: prefix.
  auto address = IpAddress::parse(a.client_address);
  if (!address) return fail(Errc::invalid_argument, "not an address: " + a.client_address);
  std::string addr = address->is_v6() ? "IPV6:" + address->to_string() : address->to_string();
  auto x = c.command("XCLIENT ADDR=" + addr);
  if (!x) return failed(x.error());
  if (x->code != 220) {
    transcript += c.transcript_text();
    return fail(Errc::unsupported,
                "the IUT refused XCLIENT (" + std::to_string(x->code) +
                    "): it must trust the harness's address (docs/iut-profile.md)");
  }
  if (a.auth && a.auth->tls) {
    auto e1 = c.ehlo(a.helo);
    if (!e1) return failed(e1.error());
    auto tls = c.starttls();
    if (!tls) return failed(tls.error());
    if (tls->code != 220) return finish(refused(*tls, "starttls"));
  }
  auto hello = c.ehlo(a.helo);
  if (!hello) return failed(hello.error());
  if (!hello->positive()) return finish(refused(*hello, "helo"));
  if (a.auth) {
    std::string plain =
        std::string("\0", 1) + a.auth->user + std::string("\0", 1) + a.auth->password;
    auto auth = c.command("AUTH PLAIN " + base64_encode(plain));
    if (!auth) return failed(auth.error());
    // A refused AUTH is not the end: the relay that follows shows what the IUT allows.
  }
  auto mail = c.command("MAIL FROM:<" + a.mail_from + ">");
  if (!mail) return failed(mail.error());
  if (!mail->positive()) return finish(refused(*mail, "mail"));
  std::optional<smtp::Reply> refusal;
  std::size_t accepted = 0;
  for (const auto& rcpt : a.rcpt_to) {
    auto r = c.command("RCPT TO:<" + rcpt + ">");
    if (!r) return failed(r.error());
    if (r->positive()) {
      ++accepted;
    } else if (!refusal || r->permanent()) {
      refusal = *r;
    }
  }
  if (accepted == 0 || refusal) return finish(refused(*refusal, "rcpt"));
  auto data = c.data(case_marker(a.case_id) + a.message);
  if (!data) return failed(data.error());
  if (!data->positive()) return finish(refused(*data, "data"));
  AttemptResult r;
  r.code = data->code;
  r.status = data->status ? data->status->to_string() : "";
  r.stage = "after-data";
  r.reply_text = data->text();
  return finish(r);
}

}  // namespace

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::clean:
      return "clean";
    case Outcome::rejected:
      return "rejected";
    case Outcome::deferred:
      return "deferred";
    case Outcome::discarded:
      return "discarded";
    case Outcome::bounced:
      return "bounced";
    case Outcome::spam_boxed:
      return "spam-boxed";
    case Outcome::marked:
      return "marked";
  }
  return "?";
}

std::string case_marker(const std::string& case_id) {
  return "X-ASCOT-Case: " + case_id + "\r\n";
}

Expected<AttemptResult> run_attempt(const SmtpTarget& t, Sink& sink, const Attempt& a) {
  std::string transcript;
  auto first = session(t, a, transcript);
  if (!first) return fail_at(first.error(), "attempt");
  AttemptResult result = std::move(*first);
  if (result.outcome == Outcome::deferred && result.stage == "rcpt" &&
      t.greylist_delay.count() > 0) {
    // X.1240 7.11: a greylisting IUT defers the first attempt; a real client retries later.
    transcript += "* deferred at RCPT; retrying after the greylisting delay of " +
                  std::to_string(t.greylist_delay.count()) + " ms\n";
    std::this_thread::sleep_for(t.greylist_delay);
    auto second = session(t, a, transcript);
    if (!second) return fail_at(second.error(), "retry");
    result = std::move(*second);
    result.greylisted = result.outcome != Outcome::deferred && result.outcome != Outcome::rejected;
  }
  if (result.stage != "after-data") {
    result.transcript = std::move(transcript);
    return result;
  }
  // Accepted: find where the message went.
  std::string marker = case_marker(a.case_id);
  auto deadline = std::chrono::steady_clock::now() + t.delivery_wait;
  while (true) {
    if (spam_box_has(t.spam_box_dir, marker)) {
      result.outcome = Outcome::spam_boxed;
      break;
    }
    auto found = sink.find(marker);
    if (!found.empty()) {
      const SinkMessage* dsn = nullptr;
      const SinkMessage* copy = nullptr;
      for (const auto& m : found) (is_dsn(m, a) ? dsn : copy) = &m;
      if (copy) {
        result.delivered = *copy;
        result.outcome = is_marked(t, copy->bytes) ? Outcome::marked : Outcome::clean;
      } else {
        result.delivered = *dsn;
        result.outcome = Outcome::bounced;
      }
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      // X.1240 7.16: accepted, and nowhere to be found.
      result.outcome = Outcome::discarded;
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  transcript += "* observed: " + std::string(outcome_name(result.outcome)) + "\n";
  result.transcript = std::move(transcript);
  return result;
}

}  // namespace ascot::harness
