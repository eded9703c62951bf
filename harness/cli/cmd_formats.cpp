// The report and result formats: ascot parse authres | arf, ascot report arf, ascot dmarc
// aggregate.
#include <algorithm>
#include <boost/json.hpp>
#include <iostream>
#include <map>

#include "adapters/reference_adapter.hpp"
#include "arf/arf.hpp"
#include "authres/authres.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/mail_input.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"
#include "dmarc/aggregate.hpp"
#include "mail/message.hpp"

namespace ascot::cli {

namespace {

const CommandSpec kParseAuthresSpec{
    "ascot parse authres [FILE | -] [--lenient]",
    "Parse an Authentication-Results header field (RFC 8601 2.2) with the reference parser and "
    "print\n"
    "it as JSON, in the form of the authres-parse vectors. The input is the whole field\n"
    "(\"Authentication-Results: ...\") or only its value; folding is allowed. Exit status: 0 when "
    "it\n"
    "parses, 1 when it does not (the error says where), 2 for bad arguments.",
    {{"lenient", "",
      "accept a ';' after the last result and tspecials in unquoted values, as some software "
      "writes"}},
    "[FILE | -]",
    "  ascot parse authres received-field.txt\n"
    "  printf 'Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.com' | ascot "
    "parse authres -\n"};

const CommandSpec kParseArfSpec{
    "ascot parse arf [FILE | -]",
    "Parse an abuse report in the Abuse Reporting Format (RFC 5965, RFC 6591 for auth-failure) "
    "and\n"
    "print its feedback fields as JSON, in the form of the arf-parse vectors. Exit status: 0 when "
    "it\n"
    "is a valid report, 1 when it is not (the error names the rule), 2 for bad arguments.",
    {},
    "[FILE | -]",
    "  ascot parse arf report.eml\n"};

const CommandSpec kReportArfSpec{
    "ascot report arf --original FILE --from ADDRESS --to ADDRESS --user-agent TEXT [options]",
    "Write an abuse report in the Abuse Reporting Format (RFC 5965): a multipart/report with a\n"
    "human-readable part, the message/feedback-report fields, and the reported message (or only "
    "its\n"
    "header). The result passes 'ascot parse arf'. Exit status: 0 when written; 2 for bad "
    "arguments.",
    {{"original", "FILE", "the reported message; - for standard input"},
     {"from", "ADDRESS", "the report's From"},
     {"to", "ADDRESS", "the report's To"},
     {"user-agent", "TEXT", "User-Agent: the reporting software and version (RFC 5965 3.1)"},
     {"feedback-type", "TYPE",
      "abuse, fraud, virus, other, not-spam or auth-failure (default abuse)"},
     {"field", "NAME:VALUE",
      "another report field, e.g. Source-IP:192.0.2.1 (repeatable, kept in order)", true},
     {"subject", "TEXT", "the report's Subject (default: Abuse report)"},
     {"date", "DATE", "the report's Date, RFC 5322 date-time (default: none)"},
     {"message-id", "ID", "the report's Message-ID"},
     {"text", "TEXT", "the human-readable first part"},
     {"headers-only", "", "include only the header of the reported message (text/rfc822-headers)"},
     {"out", "FILE", "write the report to FILE (atomically) instead of standard output"}},
    "",
    "  ascot report arf --original spam.eml --from abuse@example.net --to abuse@example.com "
    "--user-agent 'ascot/0.1' --field Source-IP:192.0.2.1\n"};

const CommandSpec kAggregateSpec{
    "ascot dmarc aggregate --in FILE [--json | --convert rfc7489|rfc9990 [--out FILE]]",
    "Read a DMARC aggregate report, in the XML of RFC 7489 Appendix C or the 2.0 form of RFC 9990\n"
    "(recognised by its namespace), check its structure, and print a summary: reporter, period,\n"
    "published policy, messages by disposition and by DKIM/SPF outcome, the busiest sources. With\n"
    "--convert, write the report in the other form. Exit status: 0 when the report is valid, 1 "
    "when\n"
    "it is not (the error names the element), 2 for bad arguments.",
    {{"in", "FILE", "the report (XML; - for standard input)"},
     {"json", "", "print the summary as JSON"},
     {"convert", "FORMAT", "write the report as rfc7489 or rfc9990 XML"},
     {"out", "FILE", "with --convert: write to FILE (atomically) instead of standard output"}},
    "",
    "  ascot dmarc aggregate --in report.xml\n"
    "  ascot dmarc aggregate --in report.xml --convert rfc9990 --out report-2.0.xml\n"};

// The single optional positional input of the parse commands, standard input by default.
Expected<std::string> positional_input(const Args& args) {
  if (args.positional().size() > 1) return fail(Errc::invalid_argument, "give one input file");
  return read_input(args.positional().empty() ? "-" : args.positional().front());
}

int parse_authres(const Args& args) {
  auto text = positional_input(args);
  if (!text) {
    std::cerr << "ascot parse authres: " << text.error().to_string() << "\n";
    return kExitUsage;
  }
  std::string_view input = *text;
  while (input.ends_with('\n') || input.ends_with('\r')) input.remove_suffix(1);
  authres::ParseOptions options{.lenient = args.flag("lenient")};
  bool whole_field =
      input.size() > 23 && ascii::iequals(input.substr(0, 23), "Authentication-Results:");
  auto parsed = whole_field ? authres::parse_field(input, options) : authres::parse(input, options);
  if (!parsed) {
    std::cerr << "ascot parse authres: not a valid Authentication-Results field: "
              << parsed.error().to_string() << "\n";
    return kExitFailed;
  }
  std::cout << json::pretty(harness::authres_json(*parsed)) << "\n";
  return kExitOk;
}

int parse_arf(const Args& args) {
  if (args.positional().size() > 1) {
    std::cerr << "ascot parse arf: give one input file\n";
    return kExitUsage;
  }
  auto text = read_message(args.positional().empty() ? "-" : args.positional().front());
  if (!text) {
    std::cerr << "ascot parse arf: " << text.error().to_string() << "\n";
    return kExitUsage;
  }
  auto message = mail::Message::parse(std::move(*text));
  if (!message) {
    std::cerr << "ascot parse arf: not a message: " << message.error().to_string() << "\n";
    return kExitFailed;
  }
  auto report = arf::parse(*message);
  if (!report) {
    std::cerr << "ascot parse arf: not a valid feedback report: " << report.error().to_string()
              << "\n";
    return kExitFailed;
  }
  std::cout << json::pretty(harness::arf_json(*report)) << "\n";
  return kExitOk;
}

int report_arf(const Args& args) {
  auto usage = [](const std::string& message) {
    std::cerr << "ascot report arf: " << message << "\n";
    return kExitUsage;
  };
  arf::ReportSpec spec;
  auto original = args.get("original");
  auto from = args.get("from");
  auto to = args.get("to");
  auto agent = args.get("user-agent");
  if (!original || !from || !to || !agent)
    return usage("--original, --from, --to and --user-agent are required");
  auto bytes = read_message(*original);
  if (!bytes) return usage(bytes.error().to_string());
  spec.original = std::move(*bytes);
  spec.from = *from;
  spec.to = *to;
  spec.user_agent = *agent;
  spec.feedback_type = args.get_or("feedback-type", "abuse");
  spec.subject = args.get_or("subject", spec.subject);
  spec.date = args.get_or("date", "");
  spec.message_id = args.get_or("message-id", "");
  spec.human_text = args.get_or("text", "This is an abuse report for the attached message.");
  spec.headers_only = args.flag("headers-only");
  for (const auto& f : args.all("field")) {
    auto colon = f.find(':');
    if (colon == std::string::npos || colon == 0)
      return usage("--field: '" + f + "' is not NAME:VALUE");
    std::string value = f.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    spec.fields.emplace_back(f.substr(0, colon), value);
  }
  auto report = arf::generate(spec);
  if (!report) return usage(report.error().to_string());
  auto written = write_output(args.get("out"), *report);
  if (!written) return usage(written.error().to_string());
  return kExitOk;
}

int dmarc_aggregate(const Args& args) {
  auto usage = [](const std::string& message) {
    std::cerr << "ascot dmarc aggregate: " << message << "\n";
    return kExitUsage;
  };
  auto in = args.get("in");
  if (!in) return usage("--in FILE is required");
  auto xml = read_input(*in);
  if (!xml) return usage(xml.error().to_string());
  auto report = dmarc::parse_aggregate(*xml);
  if (!report) {
    std::cerr << "ascot dmarc aggregate: " << *in
              << " is not a valid aggregate report: " << report.error().to_string() << "\n";
    return kExitFailed;
  }
  if (auto format = args.get("convert")) {
    if (*format != "rfc7489" && *format != "rfc9990")
      return usage("--convert must be rfc7489 or rfc9990");
    report->format = *format == "rfc9990" ? dmarc::AggregateReport::Format::rfc9990
                                          : dmarc::AggregateReport::Format::rfc7489;
    auto written = write_output(args.get("out"), dmarc::write_aggregate(*report));
    if (!written) return usage(written.error().to_string());
    return kExitOk;
  }
  if (args.get("out")) return usage("--out goes with --convert");
  // Totals weighted by each record's message count.
  std::uint64_t messages = 0;
  std::map<std::string, std::uint64_t> by_disposition, by_dkim, by_spf, by_source;
  for (const auto& r : report->records) {
    messages += r.count;
    by_disposition[r.disposition] += r.count;
    by_dkim[r.dkim] += r.count;
    by_spf[r.spf] += r.count;
    by_source[r.source_ip] += r.count;
  }
  std::vector<std::pair<std::string, std::uint64_t>> sources(by_source.begin(), by_source.end());
  std::stable_sort(sources.begin(), sources.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sources.size() > 10) sources.resize(10);
  auto to_json = [](const std::map<std::string, std::uint64_t>& m) {
    boost::json::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
  };
  const auto& p = report->policy;
  std::string format =
      report->format == dmarc::AggregateReport::Format::rfc9990 ? "rfc9990" : "rfc7489";
  if (args.flag("json")) {
    boost::json::array top;
    for (const auto& [ip, n] : sources)
      top.push_back(boost::json::object{{"sourceIp", ip}, {"messages", n}});
    std::cout << json::pretty(boost::json::object{{"format", format},
                                                  {"orgName", report->org_name},
                                                  {"reportId", report->report_id},
                                                  {"begin", report->begin},
                                                  {"end", report->end},
                                                  {"domain", p.domain},
                                                  {"p", p.p},
                                                  {"sp", p.sp},
                                                  {"records", report->records.size()},
                                                  {"messages", messages},
                                                  {"disposition", to_json(by_disposition)},
                                                  {"dkim", to_json(by_dkim)},
                                                  {"spf", to_json(by_spf)},
                                                  {"topSources", std::move(top)}})
              << "\n";
    return kExitOk;
  }
  auto line = [](const std::map<std::string, std::uint64_t>& m) {
    std::string out;
    for (const auto& [k, v] : m) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(v);
    return out;
  };
  std::cout << "format: " << format << "\n"
            << "reporter: " << report->org_name
            << (report->email.empty() ? "" : " <" + report->email + ">") << "\n"
            << "report id: " << report->report_id << "\n"
            << "period: " << report->begin << " to " << report->end
            << " (seconds since the epoch)\n"
            << "policy: " << p.domain << " p=" << p.p << (p.sp.empty() ? "" : " sp=" + p.sp)
            << (p.np.empty() ? "" : " np=" + p.np)
            << (p.pct ? " pct=" + std::to_string(*p.pct) : "") << "\n"
            << "records: " << report->records.size() << ", messages: " << messages << "\n"
            << "disposition: " << line(by_disposition) << "\n"
            << "dkim: " << line(by_dkim) << "\n"
            << "spf: " << line(by_spf) << "\n";
  for (const auto& [ip, n] : sources) std::cout << "  " << ip << ": " << n << " messages\n";
  for (const auto& e : report->errors) std::cout << "reporter error: " << e << "\n";
  return kExitOk;
}

}  // namespace

int cmd_parse(int argc, char** argv, int first) {
  std::string what = first < argc ? argv[first] : "";
  if (what != "authres" && what != "arf") {
    if (what == "--help" || what == "-h") {
      std::cout << "Usage: ascot parse authres|arf [FILE | -]   ('ascot parse authres --help')\n";
      return kExitOk;
    }
    std::cerr << "ascot parse: choose authres or arf (ascot parse authres --help)\n";
    return kExitUsage;
  }
  std::string name = "ascot parse " + what;
  int exit_code = kExitOk;
  auto args = parse_command(what == "authres" ? kParseAuthresSpec : kParseArfSpec, name.c_str(),
                            argc, argv, first + 1, exit_code);
  if (!args) return exit_code;
  return what == "authres" ? parse_authres(*args) : parse_arf(*args);
}

int cmd_report_arf(int argc, char** argv, int first) {
  int exit_code = kExitOk;
  auto args = parse_command(kReportArfSpec, "ascot report arf", argc, argv, first, exit_code);
  if (!args) return exit_code;
  return report_arf(*args);
}

int cmd_dmarc(int argc, char** argv, int first) {
  std::string what = first < argc ? argv[first] : "";
  if (what != "aggregate") {
    if (what == "--help" || what == "-h") {
      std::cout << "Usage: ascot dmarc aggregate --in FILE   ('ascot dmarc aggregate --help')\n";
      return kExitOk;
    }
    std::cerr << "ascot dmarc: the subcommand is 'aggregate' (ascot dmarc aggregate --help)\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  auto args =
      parse_command(kAggregateSpec, "ascot dmarc aggregate", argc, argv, first + 1, exit_code);
  if (!args) return exit_code;
  return dmarc_aggregate(*args);
}

}  // namespace ascot::cli
