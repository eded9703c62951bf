// Fuzz target: dns::decode on arbitrary bytes. Whatever decodes must encode again, and the
// re-encoded message must decode to the same value (names round-trip through escapes).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "dns/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto message = ascot::dns::decode(std::span(data, size));
  if (!message) return 0;
  auto wire = ascot::dns::encode(*message);
  if (!wire) return 0;  // e.g. a decoded name whose escaped form is legal but an empty label
  auto again = ascot::dns::decode(*wire);
  if (!again || !(*again == *message)) std::abort();
  return 0;
}
