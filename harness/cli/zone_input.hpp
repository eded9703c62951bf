// harness/cli/zone_input.hpp: reading the zone data a command is given with --zone.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "vectors/dnsbl_vectors.hpp"
#include "vectors/spf_vectors.hpp"

namespace ascot::cli {

struct ZoneInput {
  std::shared_ptr<const dns::Zone> zone;
  std::optional<vectors::SpfVector> vector;          // an SPF vector chosen with --vector
  std::optional<vectors::DnsblVector> dnsbl_vector;  // a DNSBL vector chosen with --vector
  // A vector of another kind chosen with --vector, as it stands in the file, so that a command
  // can take its inputs (message, now) from it.
  std::optional<boost::json::object> vector_json;
  std::string description;  // what was loaded, for messages
};

// load_zone_input reads |path|: either a zone object in the vector format, or a vector file of
// any kind, from which the zone of the group holding |vector_id| is taken (or the only group's
// zone, when the file has one group and no id is given).
Expected<ZoneInput> load_zone_input(const std::string& path,
                                    const std::optional<std::string>& vector_id);

}  // namespace ascot::cli
