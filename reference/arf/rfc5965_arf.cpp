// RFC 5965 2 (report structure), 3.1-3.5 (fields); RFC 6591 3.1 (auth-failure reports);
// RFC 6522 (multipart/report).
#include "arf/arf.hpp"

#include <algorithm>
#include <set>

#include "core/ascii.hpp"
#include "mail/mime.hpp"

namespace ascot::arf {

std::optional<std::string> Report::field(const std::string& name) const {
  auto it = fields.find(name);
  if (it == fields.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

namespace {

// RFC 5965 3.1: exactly once. 3.2 (and RFC 6692 Source-Port): at most once.
const std::set<std::string, std::less<>> kRequired = {"feedback-type", "user-agent", "version"};
const std::set<std::string, std::less<>> kAtMostOnce = {
    "arrival-date",  "incidents", "original-envelope-id", "original-mail-from",
    "reporting-mta", "source-ip", "source-port"};

std::unexpected<Error> not_a_report(const std::string& why) {
  return fail(Errc::parse_error, "not a feedback report: " + why);
}

std::optional<std::string> from_of(const mail::Message& m, const mail::Entity& entity) {
  for (const auto& f : entity.fields) {
    if (ascii::iequals(m.view(f.name), "From"))
      return std::string(ascii::trim(mail::unfold(m.view(f.value))));
  }
  return std::nullopt;
}

}  // namespace

Expected<Report> parse(const mail::Message& message) {
  auto tree = mail::walk_mime(message);
  if (!tree) return not_a_report("its MIME structure cannot be read: " + tree.error().to_string());
  // RFC 5965 2: a multipart/report whose report-type is feedback-report.
  if (tree->content_type.media_type() != "multipart/report") {
    return not_a_report("the message is " + tree->content_type.media_type() +
                        ", not multipart/report (RFC 5965 2)");
  }
  auto report_type = tree->content_type.parameter("report-type");
  if (!report_type) return not_a_report("multipart/report without report-type (RFC 6522 3)");
  if (!ascii::iequals(*report_type, "feedback-report")) {
    return not_a_report("report-type is " + *report_type + ", not feedback-report (RFC 5965 2)");
  }
  // RFC 5965 2: three parts; the third is required here although RFC 6522 makes it optional.
  if (tree->children.size() != 3) {
    return not_a_report(std::to_string(tree->children.size()) +
                        " parts; a feedback report has exactly three (RFC 5965 2)");
  }
  const mail::Part& machine = tree->children[1];
  if (machine.content_type.media_type() != "message/feedback-report") {
    return not_a_report("the second part is " + machine.content_type.media_type() +
                        ", not message/feedback-report (RFC 5965 2)");
  }
  if (tree->children[0].content_type.media_type() == "message/feedback-report") {
    return not_a_report("the first part must be the human-readable one (RFC 5965 2)");
  }
  const mail::Part& original = tree->children[2];
  Report report;
  report.original_type = original.content_type.media_type();
  if (report.original_type != "message/rfc822" && report.original_type != "text/rfc822-headers") {
    return not_a_report("the third part is " + report.original_type +
                        ", not message/rfc822 or text/rfc822-headers (RFC 5965 2)");
  }
  // The machine-readable part holds header-style fields (RFC 5965 3.5).
  auto fields = mail::parse_entity(message.bytes(), machine.entity.body);
  if (!fields)
    return not_a_report("the message/feedback-report part: " + fields.error().to_string());
  for (const auto& f : fields->fields) {
    std::string name = ascii::lower(message.view(f.name));
    report.fields[name].push_back(std::string(ascii::trim(mail::unfold(message.view(f.value)))));
  }
  for (const auto& name : kRequired) {
    auto it = report.fields.find(name);
    if (it == report.fields.end())
      return not_a_report("the required field " + name + " is missing (RFC 5965 3.1)");
    if (it->second.size() != 1)
      return not_a_report(name + " appears more than once (RFC 5965 3.1)");
  }
  for (const auto& name : kAtMostOnce) {
    auto it = report.fields.find(name);
    if (it != report.fields.end() && it->second.size() > 1) {
      return not_a_report(name + " appears more than once (RFC 5965 3.2)");
    }
  }
  // 3.5: Version = a positive integer.
  const std::string& version = report.fields["version"].front();
  bool numeric =
      !version.empty() && version.front() != '0' &&
      std::all_of(version.begin(), version.end(), [](char c) { return ascii::is_digit(c); });
  if (!numeric)
    return not_a_report("Version '" + version + "' is not a positive integer (RFC 5965 3.5)");
  // RFC 6591 3.1: auth-failure reports carry Auth-Failure.
  if (ascii::iequals(report.fields["feedback-type"].front(), "auth-failure") &&
      report.fields.find("auth-failure") == report.fields.end()) {
    return not_a_report("an auth-failure report without Auth-Failure (RFC 6591 3.1)");
  }
  // The returned message: its header is that of the encapsulated message (message/rfc822) or
  // the part body itself (text/rfc822-headers).
  if (report.original_type == "message/rfc822") {
    if (!original.children.empty())
      report.original_from = from_of(message, original.children[0].entity);
  } else {
    auto header = mail::parse_entity(message.bytes(), original.entity.body);
    if (header) report.original_from = from_of(message, *header);
  }
  return report;
}

namespace {

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

Expected<std::string> generate(const ReportSpec& spec) {
  if (spec.user_agent.empty())
    return fail(Errc::invalid_argument, "User-Agent is required (RFC 5965 3.1)");
  if (spec.feedback_type.empty())
    return fail(Errc::invalid_argument, "Feedback-Type is required (RFC 5965 3.1)");
  for (std::string_view v :
       {std::string_view(spec.from), std::string_view(spec.to), std::string_view(spec.subject),
        std::string_view(spec.user_agent), std::string_view(spec.feedback_type)}) {
    if (has_line_break(v)) return fail(Errc::invalid_argument, "a header value holds a line break");
  }
  for (const auto& [name, value] : spec.fields) {
    if (has_line_break(name) || has_line_break(value) || name.find(':') != std::string::npos) {
      return fail(Errc::invalid_argument, "the field '" + name + "' is not a single header line");
    }
  }
  auto original = mail::Message::parse(spec.original);
  if (!original) return fail_at(original.error(), "the original message");
  std::string boundary = spec.boundary.empty()
                             ? "ascot-arf-" + std::to_string(spec.original.size()) + "-boundary"
                             : spec.boundary;
  if (spec.original.find(boundary) != std::string::npos) boundary += "-x";
  std::string out;
  if (!spec.from.empty()) out += "From: " + spec.from + "\r\n";
  if (!spec.to.empty()) out += "To: " + spec.to + "\r\n";
  out += "Subject: " + spec.subject + "\r\n";
  if (!spec.date.empty()) out += "Date: " + spec.date + "\r\n";
  if (!spec.message_id.empty()) out += "Message-ID: " + spec.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/report; report-type=feedback-report;\r\n\tboundary=\"" +
         boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
  out += spec.human_text.empty() ? "This is an email abuse report.\r\n" : spec.human_text;
  if (!out.ends_with("\r\n")) out += "\r\n";
  out += "\r\n--" + boundary + "\r\nContent-Type: message/feedback-report\r\n\r\n";
  out += "Feedback-Type: " + spec.feedback_type + "\r\nUser-Agent: " + spec.user_agent +
         "\r\nVersion: 1\r\n";
  for (const auto& [name, value] : spec.fields) out += name + ": " + value + "\r\n";
  out += "\r\n--" + boundary + "\r\n";
  if (spec.headers_only) {
    out += "Content-Type: text/rfc822-headers\r\n\r\n";
    out += spec.original.substr(
        0, original->has_body() ? original->body_offset() : spec.original.size());
  } else {
    out += "Content-Type: message/rfc822\r\n\r\n" + spec.original;
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace ascot::arf
