// harness/adapters/transcript.hpp: recording what happens during one case.
#pragma once

#include <string>
#include <string_view>

#include "dns/resolver.hpp"
#include "spf/check_host.hpp"

namespace ascot::harness {

// TranscriptRecorder collects DNS queries (as a QueryObserver) and evaluation steps (as an
// SPF TraceSink) into one text, in the order they happen.
class TranscriptRecorder final : public dns::QueryObserver, public spf::TraceSink {
 public:
  void on_query(std::string_view name, dns::RRType type, const dns::Answer& answer) override;
  void trace(int depth, std::string_view line) override;
  // line appends a line of free text.
  void line(std::string_view text);

  const std::string& text() const { return text_; }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// describe_answer prints one DNS answer: "TXT example.com -> NOERROR "v=spf1 -all"".
std::string describe_query(std::string_view name, dns::RRType type, const dns::Answer& answer);

}  // namespace ascot::harness
