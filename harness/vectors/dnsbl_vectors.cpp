#include "vectors/dnsbl_vectors.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json.hpp"

namespace ascot::vectors {

namespace {

// need turns a failed parse of a name (nullopt) into an error naming the value and its path.
template <class T>
Expected<T> need(std::optional<T> value, const std::string& text, const std::string& what,
                 const std::string& where) {
  if (!value) return fail(Errc::parse_error, "'" + text + "' is not " + what, where);
  return *value;
}

Expected<dnsbl::List> read_list(json::Object obj) {
  dnsbl::List list;
  auto zone = obj.string("zone");
  if (!zone) return std::unexpected(zone.error());
  list.zone = *zone;
  auto kind_text = obj.string("kind");
  if (!kind_text) return std::unexpected(kind_text.error());
  auto kind =
      need(dnsbl::parse_kind(*kind_text), *kind_text, "a list kind", obj.child_path("kind"));
  if (!kind) return std::unexpected(kind.error());
  list.kind = *kind;
  auto role_text = obj.string("role");
  if (!role_text) return std::unexpected(role_text.error());
  auto role = need(dnsbl::parse_role(*role_text), *role_text, "a role", obj.child_path("role"));
  if (!role) return std::unexpected(role.error());
  list.role = *role;
  auto encoding_text = obj.optional_string("encoding");
  if (!encoding_text) return std::unexpected(encoding_text.error());
  if (*encoding_text) {
    auto e = need(dnsbl::parse_encoding(**encoding_text), **encoding_text, "an encoding",
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
    for (const auto& [key, value] : obj.value("meanings")->get_object()) {
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

Expected<dnsbl::Subject> read_subject(json::Object obj) {
  dnsbl::Subject out;
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

Expected<DnsblLookupExpectation> read_expected(json::Object obj) {
  DnsblLookupExpectation out;
  auto status = obj.string("status");
  if (!status) return std::unexpected(status.error());
  auto s = need(dnsbl::parse_status(*status), *status, "a status", obj.child_path("status"));
  if (!s) return std::unexpected(s.error());
  out.status = *s;
  auto name = obj.optional_string("queryName");
  if (!name) return std::unexpected(name.error());
  out.query_name = *name;
  auto effect = obj.optional_string("effect");
  if (!effect) return std::unexpected(effect.error());
  if (*effect) {
    auto e = need(dnsbl::parse_effect(**effect), **effect, "an effect", obj.child_path("effect"));
    if (!e) return std::unexpected(e.error());
    out.effect = *e;
  }
  for (auto [key, field] : {std::pair{"codes", &out.codes}, std::pair{"meanings", &out.meanings},
                            std::pair{"reasons", &out.reasons}}) {
    if (!obj.has(key)) continue;
    auto values = obj.strings(key);
    if (!values) return std::unexpected(values.error());
    *field = sorted(std::move(*values));
  }
  auto done = obj.finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

Expected<DnsblHealthExpectation> read_health(json::Object obj) {
  DnsblHealthExpectation out;
  auto status = obj.string("status");
  if (!status) return std::unexpected(status.error());
  auto s = need(dnsbl::parse_health_status(*status), *status, "a health status",
                obj.child_path("status"));
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
                                  const VectorFile& file, const std::string& group_comment,
                                  const std::shared_ptr<const dns::Zone>& zone,
                                  const dnsbl::List& list) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  DnsblVector out;
  auto meta = read_meta(*obj, file, group_comment);
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
  // The schema's oneOf already demands this; a loader fed an unchecked document must not
  // build a vector that asks nothing.
  int kinds = (out.expected ? 1 : 0) + (out.error ? 1 : 0) + (out.health ? 1 : 0);
  if (kinds != 1 || out.subject.has_value() == out.health.has_value()) {
    return fail(Errc::parse_error,
                "a vector is a lookup (subject, expected), a refusal (subject, error) or a "
                "health check (health)",
                path);
  }
  auto done = obj->finish();
  if (!done) return std::unexpected(done.error());
  return out;
}

}  // namespace

Expected<std::vector<DnsblVector>> load_dnsbl_vectors(const VectorFile& file) {
  if (file.schema != "dnsbl-lookup.schema.json") {
    return fail(Errc::invalid_argument, "holds " + file.schema + " vectors, not DNSBL vectors",
                file.path);
  }
  std::vector<DnsblVector> out;
  std::shared_ptr<const dns::Zone> zone;
  dnsbl::List list;
  auto r = for_each_group(
      file,
      [&](json::Object& group, const std::string& path) -> Expected<void> {
        auto z = read_group_zone(group, path);
        if (!z) return std::unexpected(z.error());
        zone = std::move(*z);
        auto list_obj = group.object("list");
        if (!list_obj) return std::unexpected(list_obj.error());
        auto l = read_list(std::move(*list_obj));
        if (!l) return std::unexpected(l.error());
        list = std::move(*l);
        return {};
      },
      [&](const boost::json::value& v, const std::string& path,
          const std::string& comment) -> Expected<void> {
        auto vec = read_vector(v, path, file, comment, zone, list);
        if (!vec) return std::unexpected(vec.error());
        out.push_back(std::move(*vec));
        return {};
      });
  if (!r) return std::unexpected(r.error());
  return out;
}

std::string subject_text(const dnsbl::Subject& subject) {
  if (const auto* ip = std::get_if<IpAddress>(&subject)) return ip->to_string();
  return std::get<std::string>(subject);
}

std::vector<std::string> sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

}  // namespace ascot::vectors
