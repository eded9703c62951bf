// arf/arf.hpp: abuse reports in the Abuse Reporting Format (RFC 5965), with authentication
// failure reports (RFC 6591).
//
// X.1241's spam-information sharing and X.1243's notifications carry such reports between
// domains (derived-from-heading). parse() checks a message is a well-formed feedback report
// and reads its fields; generate() writes one.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "mail/message.hpp"

namespace ascot::arf {

// Report is a parsed feedback report.
struct Report {
  // Every field of the message/feedback-report part: lower-cased name -> values in order,
  // unfolded and trimmed.
  std::map<std::string, std::vector<std::string>> fields;
  std::string original_type;                 // "message/rfc822" or "text/rfc822-headers"
  std::optional<std::string> original_from;  // the From of the returned message or header

  // field returns the only or first value of |name| (lower-case).
  std::optional<std::string> field(const std::string& name) const;
};

// parse checks |message| against RFC 5965 2 (a multipart/report with report-type
// feedback-report of three parts: human-readable text, message/feedback-report, and
// message/rfc822 or text/rfc822-headers) and 3 (Feedback-Type, User-Agent and Version exactly
// once; the 3.2 fields at most once; Version a positive integer; for auth-failure, RFC 6591's
// Auth-Failure). The error says what is wrong.
Expected<Report> parse(const mail::Message& message);

struct ReportSpec {
  std::string from;  // the report's From
  std::string to;    // the report's To
  std::string subject = "Abuse report";
  std::string date;  // RFC 5322 date-time; empty for none
  std::string message_id;
  std::string human_text;  // the first part
  std::string feedback_type = "abuse";
  std::string user_agent;
  std::vector<std::pair<std::string, std::string>> fields;  // more fields, in order (name, value)
  std::string original;                                     // the reported message, exact bytes
  bool headers_only = false;  // send text/rfc822-headers instead of the whole message
  std::string boundary;       // empty: derived from the content
};

// generate writes a report (CRLF line endings). Fails when the spec lacks a required field,
// the original is not a message, or a value holds a line break.
Expected<std::string> generate(const ReportSpec& spec);

}  // namespace ascot::arf
