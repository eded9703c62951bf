// Fuzz target: the feedback report parser (RFC 5965) over arbitrary messages.
#include <cstdint>
#include <string>

#include "arf/arf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto message =
      ascot::mail::Message::parse(std::string(reinterpret_cast<const char*>(data), size));
  if (!message) return 0;
  (void)ascot::arf::parse(*message);
  return 0;
}
