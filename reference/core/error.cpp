#include "core/error.hpp"

namespace ascot {

std::string_view errc_name(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid-argument";
    case Errc::parse_error:
      return "parse-error";
    case Errc::io_error:
      return "io-error";
    case Errc::timeout:
      return "timeout";
    case Errc::not_found:
      return "not-found";
    case Errc::limit_exceeded:
      return "limit-exceeded";
    case Errc::unsupported:
      return "unsupported";
    case Errc::internal:
      return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  return where.empty() ? message : where + ": " + message;
}

}  // namespace ascot
