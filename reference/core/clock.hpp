// core/clock.hpp: time as an injected dependency, so that mechanisms with timestamps
// (SPF %{t}, greylisting, DKIM x= and t=) are pure functions of their inputs in tests.
#pragma once

#include <chrono>

namespace ascot {

// Clock gives the current time. Implementations must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
};

// SystemClock reads the real time.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

// FixedClock always answers the time it was given (or last set to).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point at) : at_(at) {}
  std::chrono::system_clock::time_point now() const override { return at_; }
  void set(std::chrono::system_clock::time_point at) { at_ = at; }
  void advance(std::chrono::system_clock::duration by) { at_ += by; }

 private:
  std::chrono::system_clock::time_point at_;
};

}  // namespace ascot
