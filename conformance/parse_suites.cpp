// The parser suites: Authentication-Results (RFC 8601) and ARF (RFC 5965). A case passes when
// a valid input parses to exactly the expected structure, or an invalid one is rejected.
#include <boost/json.hpp>

#include "conformance/typed_suite.hpp"
#include "core/json.hpp"
#include "vectors/parse_vectors.hpp"

namespace ascot::conformance {

namespace {

class ParseSuite final : public TypedSuite<vectors::ParseVector> {
 public:
  ParseSuite(std::string name, std::string schema, ParseProbe* Probes::*probe)
      : name_(std::move(name)), schema_(std::move(schema)), probe_(probe) {}

  std::string_view name() const override { return name_; }
  std::string_view schema() const override { return schema_; }

  Expected<void> add_file(const vectors::VectorFile& file) override {
    return add_all(vectors::load_parse_vectors(file));
  }

  std::vector<std::string> claims(const std::string&) const override { return {}; }

  CaseOutcome run(const Probes& probes, const std::string& id) const override {
    const auto* v = find(id);
    if (v == nullptr) return unknown(id);
    ParseProbe* probe = probes.*probe_;
    if (probe == nullptr) return not_applicable("the IUT has no " + name_ + " parser to ask");
    auto observation = probe->parse(v->input);
    if (!observation) return from_probe_error(observation.error());
    CaseOutcome out;
    out.transcript = std::move(observation->transcript);
    out.expected =
        v->invalid ? "rejected (" + *v->invalid + ")" : boost::json::serialize(*v->expected);
    out.observed =
        observation->valid ? observation->parsed_json : "rejected: " + observation->error;
    if (v->invalid) {
      out.verdict = observation->valid ? Verdict::fail : Verdict::pass;
      if (observation->valid) out.reason = "the input must be rejected: " + *v->invalid;
      return out;
    }
    if (!observation->valid) {
      out.verdict = Verdict::fail;
      out.reason = "a valid input was rejected: " + observation->error;
      return out;
    }
    auto parsed = json::parse(observation->parsed_json, "the IUT's parse result");
    if (!parsed) {
      out.verdict = Verdict::error;
      out.reason = parsed.error().to_string();
      return out;
    }
    out.observed = boost::json::serialize(*parsed);
    out.verdict = *parsed == *v->expected ? Verdict::pass : Verdict::fail;
    if (out.verdict == Verdict::fail) out.reason = "the parse result differs from the expected one";
    return out;
  }

 private:
  std::string name_;
  std::string schema_;
  ParseProbe* Probes::*probe_;
};

}  // namespace

std::unique_ptr<Suite> make_authres_suite() {
  return std::make_unique<ParseSuite>("authres", "authres-parse.schema.json", &Probes::authres);
}
std::unique_ptr<Suite> make_arf_suite() {
  return std::make_unique<ParseSuite>("arf", "arf-parse.schema.json", &Probes::arf);
}

}  // namespace ascot::conformance
