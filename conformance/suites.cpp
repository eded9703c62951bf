// The registry of suites, one per mechanism.
#include "conformance/suite.hpp"

namespace ascot::conformance {

std::unique_ptr<Suite> make_spf_suite();
std::unique_ptr<Suite> make_authres_suite();
std::unique_ptr<Suite> make_arf_suite();
std::unique_ptr<Suite> make_dkim_suite();
std::unique_ptr<Suite> make_dmarc_suite();
std::unique_ptr<Suite> make_arc_suite();
std::unique_ptr<Suite> make_dnsbl_suite();
std::unique_ptr<Suite> make_greylist_suite();
std::unique_ptr<Suite> make_smtp_suite();

std::vector<std::unique_ptr<Suite>> make_suites() {
  std::vector<std::unique_ptr<Suite>> out;
  out.push_back(make_spf_suite());
  out.push_back(make_authres_suite());
  out.push_back(make_arf_suite());
  out.push_back(make_dkim_suite());
  out.push_back(make_dmarc_suite());
  out.push_back(make_arc_suite());
  out.push_back(make_dnsbl_suite());
  out.push_back(make_greylist_suite());
  out.push_back(make_smtp_suite());
  return out;
}

}  // namespace ascot::conformance
