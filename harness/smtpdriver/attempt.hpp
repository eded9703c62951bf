// harness/smtpdriver/attempt.hpp: one delivery attempt against an SMTP IUT, and what became
// of it.
//
// The harness connects, presents the case's client address and HELO (with XCLIENT), sends
// the envelope and the message (marked "X-ASCOT-Case: <id>"), and then looks for the message
// where the IUT may have put it: at the sink (delivered, marked, or a DSN back to the
// sender), in the spam box, or nowhere (discarded). The outcome is one of the actions of
// X.1240 7.15 to 7.19, or clean delivery. A greylisted attempt (4xx at RCPT) is retried once
// after the profile's delay.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "smtpdriver/sink.hpp"

namespace ascot::harness {

// SmtpTarget is the PIXIT of an SMTP IUT (docs/iut-profile.md).
struct SmtpTarget {
  std::string host = "127.0.0.1";
  std::uint16_t port = 25;
  std::string harness_helo = "harness.ascot.test";
  std::chrono::milliseconds timeout{10'000};  // per SMTP step
  // The IUT greylists: after a 4xx at RCPT, wait this long and try once more. 0: no retry.
  std::chrono::milliseconds greylist_delay{0};
  // How long to look for a message at the sink or in the spam box after a 250.
  std::chrono::milliseconds delivery_wait{3'000};
  // The spam box: a directory under which the IUT files spam as maildir files (any depth);
  // empty when the IUT has none the harness can see.
  std::string spam_box_dir;
  // Marking (X.1240 7.19): a header field "Name: value" whose presence means marked, and a
  // subject tag; either one is enough.
  std::string mark_field = "X-Spam-Flag: YES";
  std::string mark_subject_tag = "[SPAM]";
};

struct AttemptAuth {
  std::string user, password;
  bool tls = true;
};

struct Attempt {
  std::string case_id;
  std::string client_address;
  std::string helo;
  std::string mail_from;  // without brackets; empty for <>
  std::vector<std::string> rcpt_to;
  std::string message;
  std::optional<AttemptAuth> auth;
};

enum class Outcome { clean, rejected, deferred, discarded, bounced, spam_boxed, marked };
std::string_view outcome_name(Outcome o);  // "clean", "rejected", ..., "spam-boxed"

struct AttemptResult {
  Outcome outcome = Outcome::clean;
  bool greylisted = false;  // the first attempt got 4xx at RCPT and the retry passed
  int code = 0;             // the deciding reply code (0 when none decided)
  std::string status;       // its enhanced status code, when it had one
  std::string stage;        // "connect", "helo", "mail", "rcpt", "data", or "after-data"
  std::string reply_text;
  std::optional<SinkMessage> delivered;  // the copy found at the sink (delivered or DSN)
  std::string transcript;
};

// run_attempt performs |attempt| against |target|. An Error means the attempt could not be
// made or observed (the IUT unreachable, XCLIENT refused, a malformed reply): the case is
// inconclusive, never a fail.
Expected<AttemptResult> run_attempt(const SmtpTarget& target, Sink& sink, const Attempt& attempt);

// case_marker is the header field line that identifies a case's messages.
std::string case_marker(const std::string& case_id);

}  // namespace ascot::harness
