#include "vectors/dmarc_vectors.hpp"

#include <boost/json.hpp>

namespace ascot::vectors {

namespace {

Expected<DmarcQuestion> read_question(json::Object& obj) {
  DmarcQuestion q;
  auto mode = obj.string("mode");
  if (!mode) return std::unexpected(mode.error());
  q.mode = *mode;
  auto from = obj.string("fromDomain");
  if (!from) return std::unexpected(from.error());
  q.from_domain = *from;
  auto spf = obj.object("spf");
  if (!spf) return std::unexpected(spf.error());
  auto spf_result = spf->string("result");
  auto spf_domain = spf->string("domain");
  if (!spf_result || !spf_domain)
    return fail(Errc::parse_error, "spf needs result and domain", spf->path());
  q.spf_result = *spf_result;
  q.spf_domain = *spf_domain;
  if (auto done = spf->finish(); !done) return std::unexpected(done.error());
  auto dkim = obj.array("dkim");
  if (!dkim) return std::unexpected(dkim.error());
  for (std::size_t i = 0; i < (*dkim)->size(); ++i) {
    auto d = json::Object::of((**dkim)[i], json::index_path(obj.child_path("dkim"), i));
    if (!d) return std::unexpected(d.error());
    auto result = d->string("result");
    auto domain = d->string("domain");
    if (!result || !domain)
      return fail(Errc::parse_error, "a dkim entry needs result and domain", d->path());
    q.dkim.emplace_back(*result, *domain);
    if (auto done = d->finish(); !done) return std::unexpected(done.error());
  }
  auto sample = obj.optional_integer("sample");
  if (!sample) return std::unexpected(sample.error());
  if (*sample) q.sample = static_cast<int>(**sample);
  return q;
}

Expected<std::optional<std::set<std::string>>> optional_set(json::Object& obj,
                                                            std::string_view key) {
  if (!obj.has(key)) {
    obj.value(key);
    return std::optional<std::set<std::string>>();
  }
  auto values = obj.strings(key);
  if (!values) return std::unexpected(values.error());
  return std::optional<std::set<std::string>>(
      std::set<std::string>(values->begin(), values->end()));
}

Expected<DmarcExpectation> read_expectation(json::Object& obj) {
  DmarcExpectation e;
  auto result = obj.strings("result");
  if (!result) return std::unexpected(result.error());
  e.result = {result->begin(), result->end()};
  auto policy = optional_set(obj, "policy");
  if (!policy) return std::unexpected(policy.error());
  e.policy = *policy;
  auto disposition = optional_set(obj, "disposition");
  if (!disposition) return std::unexpected(disposition.error());
  e.disposition = *disposition;
  auto pd = obj.optional_string("policyDomain");
  if (!pd) return std::unexpected(pd.error());
  e.policy_domain = *pd;
  auto od = obj.optional_string("orgDomain");
  if (!od) return std::unexpected(od.error());
  e.org_domain = *od;
  for (auto [key, into] :
       {std::pair<std::string_view, std::optional<bool>*>{"spfAligned", &e.spf_aligned},
        {"dkimAligned", &e.dkim_aligned}}) {
    if (const auto* v = obj.value(key)) {
      if (!v->is_bool())
        return fail(Errc::parse_error, "expected true or false", obj.child_path(key));
      *into = v->get_bool();
    }
  }
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return e;
}

}  // namespace

Expected<std::vector<DmarcVector>> load_dmarc_vectors(const VectorFile& file) {
  if (file.schema != "dmarc-evaluate.schema.json") {
    return fail(Errc::invalid_argument, "holds " + file.schema + " vectors, not DMARC vectors",
                file.path);
  }
  std::vector<DmarcVector> out;
  const boost::json::object* last_group = nullptr;
  std::shared_ptr<const dns::Zone> zone;
  std::optional<std::vector<std::string>> psl;
  auto r = for_each_vector(
      file,
      [&](const boost::json::object& group, const boost::json::value& v,
          const std::string& path) -> Expected<void> {
        if (&group != last_group) {
          auto z = dns::Zone::from_json(group.at("zone"), path + " (its group's zone)");
          if (!z) return std::unexpected(z.error());
          zone = std::make_shared<const dns::Zone>(std::move(*z));
          psl.reset();
          if (const auto* rules = group.if_contains("publicSuffixList")) {
            psl.emplace();
            for (const auto& rule : rules->get_array()) psl->emplace_back(rule.get_string());
          }
          last_group = &group;
        }
        auto obj = json::Object::of(v, path);
        if (!obj) return std::unexpected(obj.error());
        DmarcVector vec;
        vec.zone = zone;
        auto meta = read_meta(*obj, file, std::string(group.at("comment").get_string()));
        if (!meta) return std::unexpected(meta.error());
        vec.meta = std::move(*meta);
        auto q = read_question(*obj);
        if (!q) return std::unexpected(q.error());
        vec.question = std::move(*q);
        vec.question.public_suffixes = psl;
        auto expected = obj->object("expected");
        if (!expected) return std::unexpected(expected.error());
        auto e = read_expectation(*expected);
        if (!e) return std::unexpected(e.error());
        vec.expected = std::move(*e);
        auto done = obj->finish();
        if (!done) return std::unexpected(done.error());
        out.push_back(std::move(vec));
        return {};
      });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace ascot::vectors
