// harness/adapters/smtp_adapter.hpp: an IUT reached over SMTP.
//
// Adapter "smtp": a product already running, described by a profile whose PIXIT gives its
// endpoint, where the harness runs the DNS scenario server and the sink (the product is
// configured to ask and relay there), the action it takes per technique, its greylisting
// delay, how it marks spam and where its spam box is (docs/iut-profile.md).
//
// Adapter "reference-mta": the reference MTA started in-process, on loopback, with the
// policy profiles/reference-mta.policy.json; the DNS scenario server and the sink are started
// on free ports, so several runs can share a machine.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "adapters/adapter.hpp"
#include "conformance/smtp_probe.hpp"

namespace ascot::harness {

// make_smtp_adapter drives the SMTP IUT of |profile| (adapter "smtp").
Expected<std::unique_ptr<Adapter>> make_smtp_adapter(IutProfile profile);

// make_reference_mta_adapter starts the reference MTA and drives it over SMTP. |data_root|
// holds profiles/reference-mta.policy.json.
Expected<std::unique_ptr<Adapter>> make_reference_mta_adapter(const std::string& data_root);

// reference_mta_claims lists what the reference MTA claims with the policy of |data_root|
// (empty when the policy cannot be read; the error then shows when a case runs).
std::set<std::string> reference_mta_claims(const std::string& data_root);

// make_lazy_reference_mta_probe returns an SmtpProbe that starts the reference MTA (as
// make_reference_mta_adapter does) the first time a case needs it, so that the in-process
// reference adapter can run the SMTP scenarios too without starting servers it may not need.
std::unique_ptr<conformance::SmtpProbe> make_lazy_reference_mta_probe(const std::string& data_root);

}  // namespace ascot::harness
