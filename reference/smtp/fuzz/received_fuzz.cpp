// Fuzz target: Received fields (RFC 5321 4.4, RFC 5322 3.6.7) and the date-time of RFC 5322
// 3.3. A date that parses must format and parse back to the same instant.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mail/datetime.hpp"
#include "smtp/received.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto field = ascot::smtp::parse_received(input);
  auto date = ascot::mail::parse_date_time(input);
  if (date) {
    auto again = ascot::mail::parse_date_time(ascot::mail::format_date_time(*date));
    if (!again || *again != *date) std::abort();
  }
  std::string values[] = {input, input};
  auto check = ascot::smtp::check_trace(values, std::chrono::sys_seconds{});
  if (check.hops.size() != 2) std::abort();
  (void)field;
  return 0;
}
