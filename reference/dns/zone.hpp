// dns/zone.hpp: the DNS data of a test case, and the answers it gives.
//
// A Zone is what a vector's "zone" object describes (vectors/schemas/zone.schema.json):
// records per owner name, plus the pseudo-records TIMEOUT, SERVFAIL and NXDOMAIN that make a
// name misbehave. Zone::lookup is the single definition of what those data answer; both the
// in-process ZoneResolver and the harness's DNS scenario server call it, so a product under
// test sees exactly what the reference sees.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "dns/types.hpp"

namespace ascot::dns {

// Pseudo is a behaviour in place of data.
enum class Pseudo { none, timeout, servfail, nxdomain };

// ZoneAnswer is the authoritative answer of a Zone to one question.
struct ZoneAnswer {
  // timeout: no answer at all (a server stays silent).
  enum class Kind { answer, nxdomain, servfail, timeout };
  Kind kind = Kind::answer;
  // For kind answer and nxdomain: the CNAME records followed, then the records of the type
  // asked for (possibly none: NODATA).
  std::vector<Record> chain;
};

class Zone {
 public:
  // kMaxCnameChain bounds CNAME following so that a loop in zone data cannot hang a lookup;
  // eight hops is more than any test needs (resolvers commonly stop between 8 and 16).
  static constexpr int kMaxCnameChain = 8;

  Zone() = default;

  // from_json reads zone data in the vector format. |path| locates the zone in messages.
  // Fails with the JSON path of the first bad entry.
  static Expected<Zone> from_json(const boost::json::value& zone, const std::string& path);

  // add stores a record under its (canonicalised) owner name.
  void add(Record record);
  // add_pseudo makes every query for |name| behave as |pseudo|.
  void add_pseudo(std::string_view name, Pseudo pseudo);

  // lookup answers a question as an authoritative server for all the zone's data would:
  // CNAMEs are followed within the data; a name with only names below it is an empty
  // non-terminal (NOERROR, no records); a name covered by a wildcard "*.parent" gets the
  // wildcard's records under its own name (RFC 4592); any other unknown name is NXDOMAIN.
  ZoneAnswer lookup(std::string_view name, RRType type) const;

  // names lists the owner names in canonical order.
  std::vector<std::string> names() const;
  // records returns the records stored under |name| (canonical form); empty when none.
  const std::vector<Record>& records(std::string_view name) const;
  Pseudo pseudo(std::string_view name) const;
  bool empty() const { return records_.empty() && pseudo_.empty(); }

  // to_json writes the zone back in the vector format (for reports and `ascot dns serve`).
  boost::json::value to_json() const;

 private:
  bool exists(const std::string& name) const;
  const std::vector<Record>* find_owner(const std::string& name, std::string& wildcard_owner) const;

  std::map<std::string, std::vector<Record>, std::less<>> records_;
  std::map<std::string, Pseudo, std::less<>> pseudo_;
  std::set<std::string, std::less<>> nonterminals_;  // every proper ancestor of an owner
};

}  // namespace ascot::dns
