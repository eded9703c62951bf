#include "dns/zone_resolver.hpp"

namespace ascot::dns {

Answer answer_from_zone(const ZoneAnswer& zone_answer, RRType type) {
  Answer out;
  switch (zone_answer.kind) {
    case ZoneAnswer::Kind::timeout:
      out.status = Answer::Status::timeout;
      out.detail = "no answer (zone data: TIMEOUT)";
      return out;
    case ZoneAnswer::Kind::servfail:
      out.status = Answer::Status::servfail;
      return out;
    case ZoneAnswer::Kind::nxdomain:
      out.status = Answer::Status::nxdomain;
      return out;
    case ZoneAnswer::Kind::answer:
      break;
  }
  for (const auto& r : zone_answer.chain) {
    if (r.type == type || type == RRType::ANY) out.records.push_back(r);
  }
  return out;
}

Answer ZoneResolver::do_query(std::string_view name, RRType type) {
  return answer_from_zone(zone_->lookup(name, type), type);
}

}  // namespace ascot::dns
