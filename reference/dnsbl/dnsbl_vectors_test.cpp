// Runs every vector of vectors/dnsbl/ as its own GoogleTest case against the reference
// (ctest -R Rfc5782/DnsblVectorCase.Run/<id> runs one, with the id's dashes as underscores). Files
// are validated against their schema with the harness's validator, linted (unique ids, declared
// counts, flags), and read strictly: an unknown or unread key anywhere fails the load, naming the
// file and JSON path.
#include "dnsbl/dnsbl.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/json.hpp"
#include "dns/zone.hpp"
#include "dns/zone_resolver.hpp"
#include "vectors/json_schema.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::dnsbl {
namespace {

namespace fs = std::filesystem;
using vectors::VectorMeta;

constexpr const char* kSchema = "dnsbl-lookup.schema.json";

struct LookupExpectation {
  Status status = Status::not_listed;
  std::optional<std::string> query_name;
  std::optional<Effect> effect;
  std::optional<std::vector<std::string>> codes;
  std::optional<std::vector<std::string>> meanings;
  std::optional<std::vector<std::string>> reasons;
};

struct HealthExpectation {
  HealthStatus status = HealthStatus::healthy;
  std::vector<std::string> failed;
  std::vector<std::string> inconclusive;
};

struct DnsblVector {
  VectorMeta meta;
  std::string load_error;  // set on the single placeholder case when loading failed
  std::shared_ptr<const dns::Zone> zone;
  List list;
  std::optional<Subject> subject;
  bool want_reason = false;
  std::optional<LookupExpectation> expected;
  std::optional<std::string> error;
  std::optional<HealthExpectation> health;
};

void PrintTo(const DnsblVector& v, std::ostream* os) {
  *os << (v.load_error.empty() ? v.meta.id : "load error");
}

template <class T>
Expected<T> need(std::optional<T> value, const std::string& text, const std::string& what,
                 const std::string& where) {
  if (!value) return fail(Errc::parse_error, "'" + text + "' is not " + what, where);
  return *value;
}

Expected<std::vector<std::string>> sorted(json::Object& obj, std::string_view key) {
  auto v = obj.strings(key);
  if (v) std::sort(v->begin(), v->end());
  return v;
}

Expected<List> read_list(json::Object obj) {
  List list;
  auto zone = obj.string("zone");
  if (!zone) return std::unexpected(zone.error());
  list.zone = *zone;
  auto kind_text = obj.string("kind");
  if (!kind_text) return std::unexpected(kind_text.error());
  auto kind = need(parse_kind(*kind_text), *kind_text, "a list kind", obj.child_path("kind"));
  if (!kind) return std::unexpected(kind.error());
  list.kind = *kind;
  auto role_text = obj.string("role");
  if (!role_text) return std::unexpected(role_text.error());
  auto role = need(parse_role(*role_text), *role_text, "a role", obj.child_path("role"));
  if (!role) return std::unexpected(role.error());
  list.role = *role;
  auto encoding_text = obj.optional_string("encoding");
  if (!encoding_text) return std::unexpected(encoding_text.error());
  if (*encoding_text) {
    auto e = need(parse_encoding(**encoding_text), **encoding_text, "an encoding",
                  obj.child_path("encoding"));
    if (!e) return std::unexpected(e.error());
    list.encoding = *e;
  }
  auto fallback = obj.optional_string("defaultMeaning");
  if (!fallback) return std::unexpected(fallback.error());
  if (*fallback) list.default_meaning = **fallback;
  if (obj.has("meanings")) {
    auto meanings = obj.object("meanings");
    if (!meanings) return std::unexpected(meanings.error());
    const auto* raw = obj.value("meanings");
    for (const auto& [key, value] : raw->get_object()) {
      auto code = need(IpAddress::parse_v4(key), std::string(key), "an IPv4 address",
                       meanings->child_path(key));
      if (!code) return std::unexpected(code.error());
      auto text = meanings->string(key);
      if (!text) return std::unexpected(text.error());
      list.meanings[*code] = *text;
    }
    auto done = meanings->finish();
    if (!done) return std::unexpected(done.error());
  }
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return list;
}

Expected<Subject> read_subject(json::Object obj) {
  Subject out;
  if (obj.has("ip")) {
    auto text = obj.string("ip");
    if (!text) return std::unexpected(text.error());
    auto address = need(IpAddress::parse(*text), *text, "an IP address", obj.child_path("ip"));
    if (!address) return std::unexpected(address.error());
    out = *address;
  } else {
    auto text = obj.string("domain");
    if (!text) return std::unexpected(text.error());
    out = *text;
  }
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

Expected<LookupExpectation> read_expected(json::Object obj) {
  LookupExpectation out;
  auto status = obj.string("status");
  if (!status) return std::unexpected(status.error());
  auto s = need(parse_status(*status), *status, "a status", obj.child_path("status"));
  if (!s) return std::unexpected(s.error());
  out.status = *s;
  auto name = obj.optional_string("queryName");
  if (!name) return std::unexpected(name.error());
  out.query_name = *name;
  auto effect = obj.optional_string("effect");
  if (!effect) return std::unexpected(effect.error());
  if (*effect) {
    auto e = need(parse_effect(**effect), **effect, "an effect", obj.child_path("effect"));
    if (!e) return std::unexpected(e.error());
    out.effect = *e;
  }
  for (auto [key, field] : {std::pair{"codes", &out.codes}, std::pair{"meanings", &out.meanings},
                            std::pair{"reasons", &out.reasons}}) {
    if (!obj.has(key)) continue;
    auto values = sorted(obj, key);
    if (!values) return std::unexpected(values.error());
    *field = *values;
  }
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

Expected<HealthExpectation> read_health(json::Object obj) {
  HealthExpectation out;
  auto status = obj.string("status");
  if (!status) return std::unexpected(status.error());
  auto s = need(parse_health_status(*status), *status, "a health status", obj.child_path("status"));
  if (!s) return std::unexpected(s.error());
  out.status = *s;
  auto failed = obj.strings("failed");
  if (!failed) return std::unexpected(failed.error());
  out.failed = *failed;
  auto inconclusive = obj.strings("inconclusive");
  if (!inconclusive) return std::unexpected(inconclusive.error());
  out.inconclusive = *inconclusive;
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

Expected<DnsblVector> read_vector(const boost::json::value& v, const std::string& path,
                                  const vectors::VectorFile& file, const std::string& group_comment,
                                  const std::shared_ptr<const dns::Zone>& zone, const List& list) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  DnsblVector out;
  auto meta = vectors::read_meta(*obj, file, group_comment);
  if (!meta) return std::unexpected(meta.error());
  out.meta = std::move(*meta);
  out.zone = zone;
  out.list = list;
  if (obj->has("subject")) {
    auto sub = obj->object("subject");
    if (!sub) return std::unexpected(sub.error());
    auto subject = read_subject(std::move(*sub));
    if (!subject) return std::unexpected(subject.error());
    out.subject = std::move(*subject);
  }
  auto reason = obj->boolean("reason", false);
  if (!reason) return std::unexpected(reason.error());
  out.want_reason = *reason;
  if (obj->has("expected")) {
    auto e = obj->object("expected");
    if (!e) return std::unexpected(e.error());
    auto expected = read_expected(std::move(*e));
    if (!expected) return std::unexpected(expected.error());
    out.expected = std::move(*expected);
  }
  auto error = obj->optional_string("error");
  if (!error) return std::unexpected(error.error());
  out.error = *error;
  if (obj->has("health")) {
    auto h = obj->object("health");
    if (!h) return std::unexpected(h.error());
    auto health = read_health(std::move(*h));
    if (!health) return std::unexpected(health.error());
    out.health = std::move(*health);
  }
  auto done = obj->finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

Expected<std::vector<DnsblVector>> read_file(const vectors::VectorFile& file) {
  std::vector<DnsblVector> out;
  const auto& groups = file.document.at("groups").get_array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string group_path = "groups[" + std::to_string(g) + "]";
    auto group = json::Object::of(groups[g], group_path);
    if (!group) return fail_at(group.error(), file.path);
    auto comment = group->string("comment");
    if (!comment) return fail_at(comment.error(), file.path);
    const auto* zone_json = group->value("zone");
    auto zone = dns::Zone::from_json(*zone_json, group_path + ".zone");
    if (!zone) return fail_at(zone.error(), file.path);
    auto shared = std::make_shared<const dns::Zone>(std::move(*zone));
    auto list_obj = group->object("list");
    if (!list_obj) return fail_at(list_obj.error(), file.path);
    auto list = read_list(std::move(*list_obj));
    if (!list) return fail_at(list.error(), file.path);
    auto vecs = group->array("vectors");
    if (!vecs) return fail_at(vecs.error(), file.path);
    for (std::size_t i = 0; i < (*vecs)->size(); ++i) {
      auto vec = read_vector((**vecs)[i], group_path + ".vectors[" + std::to_string(i) + "]", file,
                             *comment, shared, *list);
      if (!vec) return fail_at(vec.error(), file.path);
      out.push_back(std::move(*vec));
    }
    auto done = group->finish();
    if (!done) return fail_at(done.error(), file.path);
  }
  return out;
}

// The schemas a DNSBL file needs, loaded on their own (not the whole directory), so that a
// schema another module is still writing cannot fail these cases.
Expected<void> load_schemas(vectors::SchemaStore& store) {
  fs::path source = fs::path(ASCOT_SOURCE_DIR) / "vectors" / "schemas";
  fs::path dir = fs::temp_directory_path() / ("ascot_dnsbl_schemas_" + std::to_string(::getpid()));
  std::error_code ec;
  fs::create_directories(dir, ec);
  for (const char* name : {"vector-common.schema.json", "zone.schema.json", kSchema}) {
    fs::copy_file(source / name, dir / name, fs::copy_options::overwrite_existing, ec);
    if (ec) return fail(Errc::io_error, ec.message(), (source / name).string());
  }
  auto loaded = store.load_directory(dir.string());
  fs::remove_all(dir, ec);
  return loaded;
}

Expected<std::vector<DnsblVector>> load_all() {
  vectors::SchemaStore schemas;
  auto loaded = load_schemas(schemas);
  if (!loaded) return std::unexpected(loaded.error());
  auto paths =
      vectors::find_vector_files((fs::path(ASCOT_SOURCE_DIR) / "vectors" / "dnsbl").string());
  if (paths.empty()) return fail(Errc::not_found, "no vector files", "vectors/dnsbl");
  std::vector<vectors::VectorFile> files;
  std::string problems;
  for (const auto& path : paths) {
    auto file = vectors::load_vector_file(path, schemas);
    if (!file) {
      problems += file.error().to_string() + "\n";
    } else if (file->schema != kSchema) {
      problems += path + ": names " + file->schema + ", not " + kSchema + "\n";
    } else {
      files.push_back(std::move(*file));
    }
  }
  for (const auto& p : vectors::lint(files)) problems += p + "\n";
  if (!problems.empty())
    return fail(Errc::parse_error, "the DNSBL vectors do not load:\n" + problems);
  std::vector<DnsblVector> out;
  for (const auto& file : files) {
    auto vecs = read_file(file);
    if (!vecs) return std::unexpected(vecs.error());
    for (auto& v : *vecs) out.push_back(std::move(v));
  }
  return out;
}

const Expected<std::vector<DnsblVector>>& all_vectors() {
  static const Expected<std::vector<DnsblVector>> vectors = load_all();
  return vectors;
}

std::vector<DnsblVector> cases() {
  if (all_vectors()) return *all_vectors();
  DnsblVector placeholder;
  placeholder.meta.id = "load-error";
  placeholder.load_error = all_vectors().error().to_string();
  return {placeholder};
}

std::vector<std::string> sorted_strings(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class DnsblVectorCase : public ::testing::TestWithParam<DnsblVector> {};

TEST_P(DnsblVectorCase, Run) {
  const DnsblVector& v = GetParam();
  ASSERT_TRUE(v.load_error.empty()) << v.load_error;
  SCOPED_TRACE(v.meta.file + ": " + v.meta.id + " (" + v.meta.clause.to_string() + ", " +
               std::string(level_name(v.meta.level)) + "): " + v.meta.comment);
  dns::ZoneResolver resolver(v.zone);

  if (v.health) {
    auto health = check_health(resolver, v.list);
    ASSERT_TRUE(health) << health.error().to_string();
    EXPECT_EQ(health_status_name(health->status), health_status_name(v.health->status));
    EXPECT_EQ(health->failed(), v.health->failed);
    EXPECT_EQ(health->inconclusive(), v.health->inconclusive);
    return;
  }

  ASSERT_TRUE(v.subject);
  auto result = lookup(resolver, v.list, *v.subject, {.want_reason = v.want_reason});
  if (v.error) {
    ASSERT_FALSE(result) << "expected the error " << *v.error << ", got "
                         << status_name(result->status) << " for " << result->query_name;
    EXPECT_EQ(errc_name(result.error().code), *v.error) << result.error().to_string();
    EXPECT_EQ(resolver.query_count(), 0u) << "bad input must not cause a query";
    return;
  }
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_TRUE(v.expected);
  const LookupExpectation& e = *v.expected;
  EXPECT_EQ(status_name(result->status), status_name(e.status)) << result->problem;
  if (e.query_name) {
    EXPECT_EQ(result->query_name, *e.query_name);
  }
  if (e.effect) {
    EXPECT_EQ(effect_name(result->effect()), effect_name(*e.effect));
  }
  if (e.codes) {
    std::vector<std::string> codes;
    for (const auto& c : result->codes) codes.push_back(c.address.to_string());
    EXPECT_EQ(sorted_strings(codes), *e.codes);
  }
  if (e.meanings) {
    std::vector<std::string> meanings;
    for (const auto& c : result->codes)
      meanings.insert(meanings.end(), c.meanings.begin(), c.meanings.end());
    EXPECT_EQ(sorted_strings(meanings), *e.meanings);
  }
  if (e.reasons) {
    EXPECT_EQ(sorted_strings(result->reasons), *e.reasons);
  }
}

std::string case_name(const ::testing::TestParamInfo<DnsblVector>& info) {
  std::string name = info.param.meta.id;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Rfc5782, DnsblVectorCase, ::testing::ValuesIn(cases()), case_name);

TEST(DnsblVectorFiles, LoadLintAndCount) {
  const auto& all = all_vectors();
  ASSERT_TRUE(all) << all.error().to_string();
  EXPECT_GE(all->size(), 40u);
  std::size_t lookups = 0, errors = 0, health = 0;
  for (const auto& v : *all) {
    lookups += v.expected ? 1 : 0;
    errors += v.error ? 1 : 0;
    health += v.health ? 1 : 0;
  }
  EXPECT_GT(lookups, 0u);
  EXPECT_GT(errors, 0u);
  EXPECT_GT(health, 0u);
}

}  // namespace
}  // namespace ascot::dnsbl
