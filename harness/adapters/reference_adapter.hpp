// harness/adapters/reference_adapter.hpp: the built-in reference implementation as an IUT.
#pragma once

#include <boost/json/value.hpp>
#include <memory>

#include "adapters/adapter.hpp"
#include "arf/arf.hpp"
#include "authres/authres.hpp"

namespace ascot::harness {

// reference_profile is the profile of the reference: it claims every feature ASCOT tests.
IutProfile reference_profile(const std::string& adapter_name);

// ReferenceAdapter answers SPF probes with ascot::spf::evaluate. With |over_dns| false it
// reads the case's zone in-process (ZoneResolver); with |over_dns| true it starts the DNS
// scenario server on 127.0.0.1 and asks it over UDP/TCP (StubResolver), the same path a
// product's DNS traffic takes.
Expected<std::unique_ptr<Adapter>> make_reference_adapter(bool over_dns, IutProfile profile);

// The reference's parse results in the JSON form of the parser vectors (authres-parse and
// arf-parse schemas), as the probes report them and `ascot parse` prints them.
boost::json::value authres_json(const authres::AuthenticationResults& ar);
boost::json::value arf_json(const arf::Report& report);

}  // namespace ascot::harness
