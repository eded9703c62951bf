// harness/adapters/reference_adapter.hpp: the built-in reference implementation as an IUT.
#pragma once

#include <memory>

#include "adapters/adapter.hpp"

namespace ascot::harness {

// reference_profile is the profile of the reference: it claims every feature ASCOT tests.
IutProfile reference_profile(const std::string& adapter_name);

// ReferenceAdapter answers SPF probes with ascot::spf::evaluate. With |over_dns| false it
// reads the case's zone in-process (ZoneResolver); with |over_dns| true it starts the DNS
// scenario server on 127.0.0.1 and asks it over UDP/TCP (StubResolver), the same path a
// product's DNS traffic takes.
Expected<std::unique_ptr<Adapter>> make_reference_adapter(bool over_dns, IutProfile profile);

}  // namespace ascot::harness
