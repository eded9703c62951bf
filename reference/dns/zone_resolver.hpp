// dns/zone_resolver.hpp: a Resolver that answers from zone data in-process.
#pragma once

#include <memory>

#include "dns/resolver.hpp"
#include "dns/zone.hpp"

namespace ascot::dns {

// ZoneResolver answers every query from a Zone, exactly as the DNS scenario server would
// answer it over the network (both use Zone::lookup). The zone is shared, not copied.
class ZoneResolver final : public Resolver {
 public:
  explicit ZoneResolver(std::shared_ptr<const Zone> zone) : zone_(std::move(zone)) {}

 protected:
  Answer do_query(std::string_view name, RRType type) override;

 private:
  std::shared_ptr<const Zone> zone_;
};

// answer_from_chain turns an authoritative answer into what a resolver reports: the records
// of |type| in the chain, and the status.
Answer answer_from_zone(const ZoneAnswer& zone_answer, RRType type);

}  // namespace ascot::dns
