// core/error.hpp: the error type every ASCOT function returns through std::expected.
//
// An Error is for things that went wrong: bad input, an I/O failure, a limit of our own. A
// protocol outcome (SPF permerror, DKIM fail, DMARC reject) is never an Error; it is an
// ordinary result value of its mechanism. Errors carry a message a person can act on and,
// where known, where the problem is (a file and JSON path, a byte offset, a host:port).
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace ascot {

// Errc classifies an Error for callers that branch on the kind of failure.
enum class Errc {
  invalid_argument,  // the caller passed something malformed (a CLI flag, an address)
  parse_error,       // untrusted input did not follow its grammar or schema
  io_error,          // a file or socket operation failed
  timeout,           // a peer did not answer in time
  not_found,         // a named thing (file, vector, purpose) does not exist
  limit_exceeded,    // input larger or deeper than a documented limit allows
  unsupported,       // valid input that this implementation does not handle
  internal,          // a bug in ASCOT: please report it
};

// errc_name returns the stable lower-case name of |code|, as used in JSON output.
std::string_view errc_name(Errc code);

// Error describes one failure. |where| locates it (file:path, offset, endpoint) and may be
// empty; |message| says what was wrong in words a user can act on.
struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::string where;

  // to_string returns "where: message", or just the message when |where| is empty.
  std::string to_string() const;
};

// Expected<T> is the return type of every fallible ASCOT function.
template <class T>
using Expected = std::expected<T, Error>;

// fail builds the error side of an Expected: `return fail(Errc::parse_error, "...", where);`
inline std::unexpected<Error> fail(Errc code, std::string message, std::string where = {}) {
  return std::unexpected<Error>(Error{code, std::move(message), std::move(where)});
}

// fail_at prefixes the location of an existing error with |outer| ("zone.json: groups/0").
inline std::unexpected<Error> fail_at(Error error, std::string_view outer) {
  if (!outer.empty()) {
    error.where =
        error.where.empty() ? std::string(outer) : std::string(outer) + ": " + error.where;
  }
  return std::unexpected<Error>(std::move(error));
}

}  // namespace ascot
