// harness/adapters/reference_adapter.hpp: the built-in reference implementation as an IUT.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <memory>

#include "adapters/adapter.hpp"
#include "arf/arf.hpp"
#include "authres/authres.hpp"
#include "greylist/greylist.hpp"

namespace ascot::harness {

// reference_profile is the profile of the reference: it claims every feature ASCOT tests.
IutProfile reference_profile(const std::string& adapter_name);

// make_reference_adapter answers every probe with the reference modules. The SPF and DNSBL
// probes ask the DNS: with |over_dns| false they read the case's zone in-process
// (ZoneResolver); with |over_dns| true the adapter starts the DNS scenario server on 127.0.0.1
// and they ask it over UDP/TCP (StubResolver), the same path a product's DNS traffic takes.
// The other probes read their zone in-process either way; the greylisting probe runs each
// sequence against a fresh in-memory store with a clock it sets to each attempt's time.
Expected<std::unique_ptr<Adapter>> make_reference_adapter(bool over_dns, IutProfile profile);

// GreylistStoreFactory opens a new, empty greylisting store: one per sequence.
using GreylistStoreFactory = std::function<Expected<std::unique_ptr<greylist::Store>>()>;

// make_reference_greylist_probe returns the reference's greylisting probe over stores from
// |open_store| (the reference adapter's uses greylist::MemoryStore), so that the same sequences
// can be run against another Store (reference_vectors_test runs them against SqliteStore).
std::unique_ptr<conformance::GreylistProbe> make_reference_greylist_probe(
    GreylistStoreFactory open_store);

// The reference's parse results in the JSON form of the parser vectors (authres-parse and
// arf-parse schemas), as the probes report them and `ascot parse` prints them.
boost::json::value authres_json(const authres::AuthenticationResults& ar);
boost::json::value arf_json(const arf::Report& report);

}  // namespace ascot::harness
