// smtp/reply.hpp: SMTP replies (RFC 5321 4.2) with enhanced status codes (RFC 3463, RFC 2034).
//
// A server builds a Reply and writes format(reply); a client feeds the lines it reads to a
// ReplyReader, which assembles multi-line replies (4.2.1) and checks them strictly, because
// the harness judges products by their replies and must notice a malformed one rather than
// guess at it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::smtp {

// RFC 5321 4.5.3.1.5: a reply line is at most 512 octets including the reply code and CRLF.
inline constexpr std::size_t kMaxReplyLine = 512;
// Our own bound on the lines of one reply, so a peer that never sends the last line ("250 ")
// cannot make a reader grow without end. EHLO replies of real servers have about 15 lines.
inline constexpr std::size_t kMaxReplyLines = 100;

// EnhancedStatus is class.subject.detail (RFC 3463 2): class 2, 4 or 5; subject and detail
// 0..999 written without leading zeros.
struct EnhancedStatus {
  int klass = 2;
  int subject = 0;
  int detail = 0;

  std::string to_string() const;
  // parse reads "5.7.1"; nullopt unless it is exactly one status code of RFC 3463 2.
  static std::optional<EnhancedStatus> parse(std::string_view text);
  friend bool operator==(const EnhancedStatus&, const EnhancedStatus&) = default;
};

// Reply is one complete SMTP reply: a three-digit code (4.2), an optional enhanced status
// that prefixes every line (RFC 2034 3), and one or more text lines.
struct Reply {
  int code = 250;
  std::optional<EnhancedStatus> status;
  std::vector<std::string> lines;

  bool positive() const { return code >= 200 && code < 400; }
  bool transient() const { return code >= 400 && code < 500; }
  bool permanent() const { return code >= 500 && code < 600; }
  // text joins the lines with "\n" (without codes), for messages and reports.
  std::string text() const;
  friend bool operator==(const Reply&, const Reply&) = default;
};

// reply builds a one-line Reply; |status| is "5.5.2" or empty for none.
Reply reply(int code, std::string_view status, std::string_view text);

// format writes |r| as it goes on the wire: "250-a\r\n250 b\r\n". Text that came from a peer
// can reach a reply (an echoed address), so CR, LF and other controls in it are written as
// "?" and each line is cut to fit kMaxReplyLine.
std::string format(const Reply& r);

// ReplyLine is one line a server sent: its code, whether it is the last line (a space after
// the code, 4.2.1) and its text.
struct ReplyLine {
  int code = 0;
  bool last = true;
  std::string text;
};

// parse_reply_line reads one line without its CRLF. Only "ddd", "ddd text" and "ddd-text"
// are replies (4.2); the first digit must be 2..5 (4.2.1).
Expected<ReplyLine> parse_reply_line(std::string_view line);

// ReplyReader assembles complete replies from lines. A multi-line reply whose lines carry
// different codes, too many lines, or an over-long line is an error (4.2.1, 4.5.3.1.5).
class ReplyReader {
 public:
  // feed takes one line (CRLF removed). It returns the Reply when |line| completed one,
  // nullopt when more lines are needed, or an error; after an error the reader starts afresh.
  Expected<std::optional<Reply>> feed(std::string_view line);
  bool in_progress() const { return !pending_.lines.empty(); }

 private:
  Reply pending_;
};

// split_status moves an enhanced status from the start of each line's text into the
// Reply (RFC 2034 3 puts the status at the start of the text of each line). It is
// applied only when every line starts with the same status whose class matches the reply
// code's first digit; otherwise the reply is returned unchanged.
Reply split_status(Reply r);

}  // namespace ascot::smtp
