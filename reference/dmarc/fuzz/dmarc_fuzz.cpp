// Fuzz target: DMARC records in both modes, the aggregate report parser (either XML form),
// and a write-then-parse round trip of every report that parses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dmarc/aggregate.hpp"
#include "dmarc/record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ascot::dmarc::parse_record(text, ascot::dmarc::Mode::rfc7489);
  (void)ascot::dmarc::parse_record(text, ascot::dmarc::Mode::rfc9989);
  auto report = ascot::dmarc::parse_aggregate(text);
  if (report) {
    auto again = ascot::dmarc::parse_aggregate(ascot::dmarc::write_aggregate(*report));
    if (!again || again->records.size() != report->records.size()) std::abort();
  }
  return 0;
}
