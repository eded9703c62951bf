// dmarc/aggregate.hpp: DMARC aggregate reports, in the XML of RFC 7489 Appendix C and in the
// namespaced 2.0 form of RFC 9990 (urn:ietf:params:xml:ns:dmarc-2.0).
//
// parse() reads either form and checks the structure its schema requires (the elements that
// must be present, their order-free content, the enumerations, numbers where numbers go);
// write() produces either form. Reports come from other organisations: the parser refuses
// documents over a size limit and never follows external entities (pugixml does not).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::dmarc {

inline constexpr std::string_view kAggregateNamespace2 = "urn:ietf:params:xml:ns:dmarc-2.0";
inline constexpr std::size_t kMaxAggregateSize = 32u << 20;  // 32 MiB of XML
inline constexpr std::size_t kMaxAggregateRecords = 1000000;

struct AggregateReport {
  enum class Format { rfc7489, rfc9990 };
  Format format = Format::rfc7489;

  // report_metadata
  std::string org_name;
  std::string email;
  std::string extra_contact_info;
  std::string report_id;
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::vector<std::string> errors;
  std::string generator;  // 9990

  // policy_published
  struct Published {
    std::string domain;
    std::string discovery_method;  // 9990: psl or treewalk
    std::string adkim, aspf;       // r or s, optional
    std::string p, sp, np;         // np: 9990
    std::optional<int> pct;        // 7489
    std::string fo;
    std::string testing;  // 9990: y or n
  } policy;

  struct Reason {
    std::string type;
    std::string comment;
  };
  struct DkimResult {
    std::string domain, selector, result, human_result;
  };
  struct SpfResult {
    std::string domain, scope, result, human_result;
  };
  struct Record {
    std::string source_ip;
    std::uint64_t count = 0;
    std::string disposition, dkim, spf;  // policy_evaluated
    std::vector<Reason> reasons;
    std::string envelope_to, envelope_from, header_from;
    std::vector<DkimResult> dkim_results;
    std::vector<SpfResult> spf_results;
  };
  std::vector<Record> records;
};

// parse_aggregate reads a report in either form (the 2.0 form is recognised by its
// namespace). The error names the element path and what is wrong.
Expected<AggregateReport> parse_aggregate(std::string_view xml);

// write_aggregate writes |report| in its format.
std::string write_aggregate(const AggregateReport& report);

}  // namespace ascot::dmarc
