#include "vectors/smtp_vectors.hpp"

#include <boost/json.hpp>

namespace ascot::vectors {

std::string scenario_claim(const std::string& technique) {
  // X.1241 9.1, 9.2 and 9.4 are the controls of X.1241; the rest are X.1240 7 techniques.
  if (technique == "relay" || technique == "auth" || technique == "trace")
    return "x1241." + technique;
  return "x1240." + technique;
}

Expected<std::vector<SmtpScenario>> load_smtp_scenarios(const VectorFile& file) {
  if (file.schema != "smtp-scenario.schema.json") {
    return fail(Errc::invalid_argument, "holds " + file.schema + " vectors, not smtp-scenario ones",
                file.path);
  }
  std::vector<SmtpScenario> out;
  std::shared_ptr<const dns::Zone> zone;
  auto r = for_each_group(
      file,
      [&](json::Object& group, const std::string& path) -> Expected<void> {
        auto z = read_group_zone(group, path);
        if (!z) return std::unexpected(z.error());
        zone = std::move(*z);
        return {};
      },
      [&](const boost::json::value& v, const std::string& path,
          const std::string& comment) -> Expected<void> {
        auto obj = json::Object::of(v, path);
        if (!obj) return std::unexpected(obj.error());
        SmtpScenario s;
        s.zone = zone;
        auto meta = read_meta(*obj, file, comment);
        if (!meta) return std::unexpected(meta.error());
        s.meta = std::move(*meta);
        auto technique = obj->string("technique");
        if (!technique) return std::unexpected(technique.error());
        s.technique = *technique;
        auto client = obj->object("client");
        if (!client) return std::unexpected(client.error());
        auto address = client->string("address");
        auto helo = client->string("helo");
        if (!address) return std::unexpected(address.error());
        if (!helo) return std::unexpected(helo.error());
        if (auto f = client->finish(); !f) return std::unexpected(f.error());
        s.client_address = *address;
        s.helo = *helo;
        auto from = obj->string("mailFrom");
        if (!from) return std::unexpected(from.error());
        s.mail_from = *from;
        auto rcpt = obj->strings("rcptTo");
        if (!rcpt) return std::unexpected(rcpt.error());
        s.rcpt_to = std::move(*rcpt);
        if (obj->has("auth")) {
          auto a = obj->object("auth");
          if (!a) return std::unexpected(a.error());
          auto user = a->string("user");
          auto password = a->string("password");
          auto tls = a->boolean("tls", true);
          if (!user) return std::unexpected(user.error());
          if (!password) return std::unexpected(password.error());
          if (!tls) return std::unexpected(tls.error());
          if (auto f = a->finish(); !f) return std::unexpected(f.error());
          s.auth = ScenarioAuth{*user, *password, *tls};
        }
        auto message = read_message(*obj);
        if (!message) return std::unexpected(message.error());
        s.message = std::move(*message);
        auto expected = obj->strings("expected");
        if (!expected) return std::unexpected(expected.error());
        s.expected = {expected->begin(), expected->end()};
        auto trace = obj->boolean("checkTrace", false);
        if (!trace) return std::unexpected(trace.error());
        s.check_trace = *trace;
        if (auto f = obj->finish(); !f) return std::unexpected(f.error());
        out.push_back(std::move(s));
        return {};
      });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace ascot::vectors
