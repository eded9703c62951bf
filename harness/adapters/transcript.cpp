#include "adapters/transcript.hpp"

namespace ascot::harness {

std::string describe_query(std::string_view name, dns::RRType type, const dns::Answer& answer) {
  std::string out = "dns: " + dns::type_name(type) + " " + std::string(name) + " -> " +
                    std::string(dns::status_name(answer.status));
  if (answer.status == dns::Answer::Status::ok && answer.records.empty()) out += " (no records)";
  for (const auto& r : answer.records) out += " | " + r.rdata_text();
  if (!answer.detail.empty()) out += " (" + answer.detail + ")";
  return out;
}

void TranscriptRecorder::on_query(std::string_view name, dns::RRType type,
                                  const dns::Answer& answer) {
  line(describe_query(name, type, answer));
}

void TranscriptRecorder::trace(int depth, std::string_view text) {
  text_.append(static_cast<std::size_t>(depth) * 2, ' ');
  text_ += "spf: ";
  text_ += text;
  text_ += '\n';
}

void TranscriptRecorder::line(std::string_view text) {
  text_ += text;
  text_ += '\n';
}

}  // namespace ascot::harness
