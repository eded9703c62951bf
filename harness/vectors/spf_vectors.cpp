#include "vectors/spf_vectors.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace ascot::vectors {

namespace {

Expected<std::set<spf::Result>> read_results(json::Object& obj, std::string_view key) {
  std::set<spf::Result> out;
  auto names = obj.strings(key);
  if (!names) return std::unexpected(names.error());
  for (const auto& n : *names) {
    auto r = spf::parse_result(n);
    if (!r) return fail(Errc::parse_error, "'" + n + "' is not an SPF result", obj.child_path(key));
    out.insert(*r);
  }
  return out;
}

Expected<SpfVector> read_vector(const boost::json::value& v, const std::string& path,
                                const VectorFile& file, const std::string& group_comment,
                                std::shared_ptr<const dns::Zone> zone) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  SpfVector out;
  auto meta = read_meta(*obj, file, group_comment);
  if (!meta) return std::unexpected(meta.error());
  out.meta = std::move(*meta);
  out.zone = std::move(zone);
  auto identity = obj->string("identity");
  if (!identity) return std::unexpected(identity.error());
  out.query.identity = *identity == "helo" ? spf::Identity::helo : spf::Identity::mailfrom;
  auto ip = obj->string("ip");
  if (!ip) return std::unexpected(ip.error());
  auto address = IpAddress::parse(*ip);
  if (!address)
    return fail(Errc::parse_error, "'" + *ip + "' is not an IP address", obj->child_path("ip"));
  out.query.ip = *address;
  auto sender = obj->string("sender");
  if (!sender) return std::unexpected(sender.error());
  out.query.sender = *sender;
  auto helo = obj->string("helo");
  if (!helo) return std::unexpected(helo.error());
  out.query.helo = *helo;
  auto receiver = obj->optional_string("receiver");
  if (!receiver) return std::unexpected(receiver.error());
  if (*receiver) out.query.receiver = **receiver;
  auto timestamp = obj->optional_integer("timestamp");
  if (!timestamp) return std::unexpected(timestamp.error());
  if (*timestamp) out.query.timestamp = **timestamp;
  auto expected = read_results(*obj, "expected");
  if (!expected) return std::unexpected(expected.error());
  out.expected = *expected;
  auto acceptable = read_results(*obj, "acceptable");
  if (!acceptable) return std::unexpected(acceptable.error());
  out.acceptable = *acceptable;
  if (const auto* e = obj->value("explanation")) {
    if (e->is_null()) {
      out.explanation = std::optional<std::string>();
    } else if (e->is_string()) {
      out.explanation = std::optional<std::string>(std::string(e->get_string()));
    } else {
      return fail(Errc::parse_error, "expected a string or null", obj->child_path("explanation"));
    }
  }
  auto done = obj->finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

}  // namespace

Expected<std::vector<SpfVector>> load_spf_vectors(const VectorFile& file) {
  if (file.schema != "spf-check.schema.json") {
    return fail(Errc::invalid_argument, "holds " + file.schema + " vectors, not SPF vectors",
                file.path);
  }
  std::vector<SpfVector> out;
  const auto& groups = file.document.at("groups").get_array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string group_path = "groups[" + std::to_string(g) + "]";
    auto zone = dns::Zone::from_json(groups[g].at("zone"), group_path + ".zone");
    if (!zone) return fail_at(zone.error(), file.path);
    auto shared = std::make_shared<const dns::Zone>(std::move(*zone));
    std::string group_comment(groups[g].at("comment").get_string());
    const auto& vectors = groups[g].at("vectors").get_array();
    for (std::size_t v = 0; v < vectors.size(); ++v) {
      auto vec = read_vector(vectors[v], group_path + ".vectors[" + std::to_string(v) + "]", file,
                             group_comment, shared);
      if (!vec) return fail_at(vec.error(), file.path);
      out.push_back(std::move(*vec));
    }
  }
  return out;
}

Expected<std::vector<SpfVector>> load_all_spf_vectors(const std::vector<std::string>& paths,
                                                      const SchemaStore& schemas) {
  std::vector<VectorFile> files;
  std::string problems;
  for (const auto& path : paths) {
    auto file = load_vector_file(path, schemas);
    if (!file) {
      problems += file.error().to_string() + "\n";
      continue;
    }
    if (file->schema == "spf-check.schema.json") files.push_back(std::move(*file));
  }
  for (const auto& p : lint(files)) problems += p + "\n";
  if (!problems.empty())
    return fail(Errc::parse_error, "the SPF vectors do not lint cleanly:\n" + problems);
  std::vector<SpfVector> out;
  for (const auto& file : files) {
    auto vecs = load_spf_vectors(file);
    if (!vecs) return std::unexpected(vecs.error());
    for (auto& v : *vecs) out.push_back(std::move(v));
  }
  return out;
}

std::string results_text(const std::set<spf::Result>& results) {
  if (results.size() == 1) return std::string(spf::result_name(*results.begin()));
  std::string out = "[";
  for (auto r : results) {
    if (out.size() > 1) out += ", ";
    out += spf::result_name(r);
  }
  return out + "]";
}

}  // namespace ascot::vectors
