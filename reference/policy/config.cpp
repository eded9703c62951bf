// The policy file (JSON; its format is in docs/smtp.md). Unknown keys are errors, so a typo
// never silently turns a technique off.
#include <filesystem>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {
namespace {

Expected<std::pair<IpAddress, int>> parse_network(const std::string& text,
                                                  const std::string& where) {
  auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return fail(Errc::parse_error, "not an IP address or network: " + text, where);
  int prefix = address->bit_length();
  if (slash != std::string::npos) {
    try {
      std::size_t used = 0;
      prefix = std::stoi(text.substr(slash + 1), &used);
      if (used != text.size() - slash - 1) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      return fail(Errc::parse_error, "bad prefix length in " + text, where);
    }
    if (prefix < 0 || prefix > address->bit_length()) {
      return fail(Errc::parse_error, "prefix length out of range in " + text, where);
    }
  }
  return std::pair{*address, prefix};
}

Expected<std::vector<std::pair<IpAddress, int>>> networks(json::Object& o, std::string_view key) {
  auto texts = o.strings(key);
  if (!texts) return std::unexpected(texts.error());
  std::vector<std::pair<IpAddress, int>> out;
  for (std::size_t i = 0; i < texts->size(); ++i) {
    auto n = parse_network((*texts)[i], json::index_path(o.child_path(key), i));
    if (!n) return std::unexpected(n.error());
    out.push_back(*n);
  }
  return out;
}

Expected<std::optional<double>> number(json::Object& o, std::string_view key) {
  const auto* v = o.value(key);
  if (!v || v->is_null()) return std::optional<double>();
  if (!v->is_number()) return fail(Errc::parse_error, "must be a number", o.child_path(key));
  return std::optional<double>(v->to_number<double>());
}

Expected<std::vector<std::string>> lower_strings(json::Object& o, std::string_view key) {
  auto s = o.strings(key);
  if (!s) return s;
  for (auto& x : *s) x = ascii::lower(x);
  return s;
}

Expected<ListEntries> list_entries(json::Object& parent, std::string_view key) {
  ListEntries out;
  if (!parent.has(key)) return out;
  auto o = parent.object(key);
  if (!o) return std::unexpected(o.error());
  auto n = networks(*o, "networks");
  if (!n) return std::unexpected(n.error());
  out.networks = std::move(*n);
  auto d = lower_strings(*o, "domains");
  if (!d) return std::unexpected(d.error());
  out.domains = std::move(*d);
  auto a = lower_strings(*o, "addresses");
  if (!a) return std::unexpected(a.error());
  out.addresses = std::move(*a);
  if (auto f = o->finish(); !f) return std::unexpected(f.error());
  return out;
}

Expected<std::vector<DnsList>> dns_lists(json::Object& parent, std::string_view key) {
  std::vector<DnsList> out;
  auto array = parent.optional_array(key);
  if (!array) return std::unexpected(array.error());
  if (!*array) return out;
  for (std::size_t i = 0; i < (*array)->size(); ++i) {
    auto o = json::Object::of((**array)[i], json::index_path(parent.child_path(key), i));
    if (!o) return std::unexpected(o.error());
    DnsList list;
    auto zone = o->string("zone");
    if (!zone) return std::unexpected(zone.error());
    list.zone = ascii::lower(*zone);
    auto domains = o->boolean("domains", false);
    if (!domains) return std::unexpected(domains.error());
    list.domains = *domains;
    auto s = number(*o, "score");
    if (!s) return std::unexpected(s.error());
    list.score = s->value_or(1.0);
    if (auto f = o->finish(); !f) return std::unexpected(f.error());
    out.push_back(std::move(list));
  }
  return out;
}

Expected<smtp::Reply> reply_of(json::Object& o) {
  auto code = o.integer("code");
  if (!code) return std::unexpected(code.error());
  if (*code < 400 || *code > 599) {
    return fail(Errc::parse_error, "a refusal reply code must be 4xx or 5xx", o.child_path("code"));
  }
  auto status = o.optional_string("status");
  if (!status) return std::unexpected(status.error());
  auto text = o.string("text");
  if (!text) return std::unexpected(text.error());
  if (*status) {
    auto parsed = smtp::EnhancedStatus::parse(**status);
    if (!parsed || parsed->klass != *code / 100) {
      return fail(Errc::parse_error, "enhanced status must match the reply code's class",
                  o.child_path("status"));
    }
  }
  if (auto f = o.finish(); !f) return std::unexpected(f.error());
  return smtp::reply(static_cast<int>(*code), status->value_or(""), *text);
}

Expected<TechniqueConfig> technique_config(json::Object& o) {
  TechniqueConfig t;
  auto enabled = o.boolean("enabled", true);
  if (!enabled) return std::unexpected(enabled.error());
  t.enabled = *enabled;
  auto action = o.optional_string("action");
  if (!action) return std::unexpected(action.error());
  if (*action) {
    auto a = parse_action(**action);
    if (!a) {
      return fail(Errc::parse_error,
                  "unknown action \"" + **action +
                      "\" (score, reject, tempfail, discard, bounce, spam-box, mark)",
                  o.child_path("action"));
    }
    t.action = *a;
  }
  auto s = number(o, "score");
  if (!s) return std::unexpected(s.error());
  t.score = s->value_or(1.0);
  if (o.has("reply")) {
    auto r = o.object("reply");
    if (!r) return std::unexpected(r.error());
    auto reply = reply_of(*r);
    if (!reply) return std::unexpected(reply.error());
    t.reply = std::move(*reply);
  }
  if (auto f = o.finish(); !f) return std::unexpected(f.error());
  return t;
}

template <class T>
Expected<void> assign(Expected<T> value, T& target) {
  if (!value) return std::unexpected(value.error());
  target = std::move(*value);
  return {};
}

Expected<Config> read_config(const boost::json::value& root) {
  auto o = json::Object::of(root, "policy");
  if (!o) return std::unexpected(o.error());
  Config c;
  if (auto r = assign(o->string("hostname"), c.hostname); !r) return std::unexpected(r.error());
  if (auto r = assign(lower_strings(*o, "local_domains"), c.local_domains); !r)
    return std::unexpected(r.error());
  if (auto r = assign(networks(*o, "relay_networks"), c.relay_networks); !r)
    return std::unexpected(r.error());
  if (o->has("users")) {
    const auto* users = o->value("users");
    if (!users->is_object())
      return fail(Errc::parse_error, "must be an object", o->child_path("users"));
    for (const auto& [user, password] : users->as_object()) {
      if (!password.is_string()) {
        return fail(Errc::parse_error, "a password must be a string",
                    o->child_path("users") + "." + std::string(user));
      }
      c.users[std::string(user)] = std::string(password.as_string());
    }
  }
  if (o->has("thresholds")) {
    auto t = o->object("thresholds");
    if (!t) return std::unexpected(t.error());
    for (auto [key, target] :
         {std::pair{"reject", &c.thresholds.reject}, std::pair{"bounce", &c.thresholds.bounce},
          std::pair{"discard", &c.thresholds.discard},
          std::pair{"spam_box", &c.thresholds.spam_box}, std::pair{"mark", &c.thresholds.mark}}) {
      auto n = number(*t, key);
      if (!n) return std::unexpected(n.error());
      *target = *n;
    }
    if (auto f = t->finish(); !f) return std::unexpected(f.error());
  }
  if (o->has("techniques")) {
    const auto* all = o->value("techniques");
    if (!all->is_object())
      return fail(Errc::parse_error, "must be an object", o->child_path("techniques"));
    for (const auto& [name, value] : all->as_object()) {
      auto where = o->child_path("techniques") + "." + std::string(name);
      auto id = parse_technique(name);
      if (!id) {
        std::string known;
        for (const auto& i : techniques())
          known += (known.empty() ? "" : ", ") + std::string(i.name);
        return fail(Errc::parse_error, "unknown technique (known: " + known + ")", where);
      }
      auto to = json::Object::of(value, where);
      if (!to) return std::unexpected(to.error());
      auto t = technique_config(*to);
      if (!t) return std::unexpected(t.error());
      c.techniques[*id] = std::move(*t);
    }
  }
  if (auto r = assign(list_entries(*o, "block"), c.block); !r) return std::unexpected(r.error());
  if (auto r = assign(list_entries(*o, "allow"), c.allow); !r) return std::unexpected(r.error());
  if (auto r = assign(dns_lists(*o, "dnsbls"), c.dnsbls); !r) return std::unexpected(r.error());
  if (auto r = assign(dns_lists(*o, "uribls"), c.uribls); !r) return std::unexpected(r.error());
  if (auto r = assign(dns_lists(*o, "dynamic_zones"), c.dynamic_zones); !r)
    return std::unexpected(r.error());
  auto patterns = o->strings("dynamic_patterns");
  if (!patterns) return std::unexpected(patterns.error());
  for (std::size_t i = 0; i < patterns->size(); ++i) {
    try {
      c.dynamic_patterns.emplace_back(
          (*patterns)[i], std::regex((*patterns)[i], std::regex::ECMAScript | std::regex::icase));
    } catch (const std::regex_error& e) {
      return fail(Errc::parse_error, std::string("not a regular expression: ") + e.what(),
                  json::index_path(o->child_path("dynamic_patterns"), i));
    }
  }
  auto port = o->optional_integer("callback_port");
  if (!port) return std::unexpected(port.error());
  if (*port) {
    if (**port < 1 || **port > 65535)
      return fail(Errc::parse_error, "not a port", o->child_path("callback_port"));
    c.callback_port = static_cast<std::uint16_t>(**port);
  }
  if (auto r = assign(lower_strings(*o, "token_recipients"), c.token_recipients); !r)
    return std::unexpected(r.error());
  auto secret = o->optional_string("token_secret");
  if (!secret) return std::unexpected(secret.error());
  c.token_secret = secret->value_or("");
  if (!c.token_recipients.empty() && c.token_secret.empty()) {
    return fail(Errc::parse_error, "token_recipients needs a token_secret",
                o->child_path("token_secret"));
  }
  if (o->has("greylist")) {
    auto g = o->object("greylist");
    if (!g) return std::unexpected(g.error());
    auto delay = g->optional_integer("delay");
    if (!delay) return std::unexpected(delay.error());
    if (*delay) c.greylist_delay = std::chrono::seconds(**delay);
    auto window = g->optional_integer("retry_window");
    if (!window) return std::unexpected(window.error());
    if (*window) c.greylist_retry_window = std::chrono::seconds(**window);
    if (auto f = g->finish(); !f) return std::unexpected(f.error());
  }
  auto state = o->optional_string("state_file");
  if (!state) return std::unexpected(state.error());
  c.state_file = state->value_or("");
  if (o->has("bayes")) {
    auto b = o->object("bayes");
    if (!b) return std::unexpected(b.error());
    auto model = b->string("model");
    if (!model) return std::unexpected(model.error());
    c.bayes_model = *model;
    auto threshold = number(*b, "threshold");
    if (!threshold) return std::unexpected(threshold.error());
    c.bayes_threshold = threshold->value_or(0.9);
    if (auto f = b->finish(); !f) return std::unexpected(f.error());
  }
  auto rules = o->optional_string("rules_file");
  if (!rules) return std::unexpected(rules.error());
  c.rules_file = rules->value_or("");
  if (o->has("marking")) {
    auto m = o->object("marking");
    if (!m) return std::unexpected(m.error());
    auto tag = m->optional_string("subject_tag");
    if (!tag) return std::unexpected(tag.error());
    if (*tag) c.subject_tag = **tag;
    auto tag_subject = m->boolean("tag_subject", true);
    if (!tag_subject) return std::unexpected(tag_subject.error());
    c.tag_subject = *tag_subject;
    if (auto f = m->finish(); !f) return std::unexpected(f.error());
  }
  if (auto f = o->finish(); !f) return std::unexpected(f.error());
  return c;
}

}  // namespace

Expected<Config> parse_config(std::string_view text, std::string_view where) {
  auto root = json::parse(text, where);
  if (!root) return std::unexpected(root.error());
  auto c = read_config(*root);
  if (!c) return fail_at(c.error(), where);
  return c;
}

Expected<Config> load_config(const std::string& path) {
  auto root = json::parse_file(path);
  if (!root) return std::unexpected(root.error());
  auto c = read_config(*root);
  if (!c) return fail_at(c.error(), path);
  // Files the policy names are relative to the policy file, as people expect of a config.
  auto dir = std::filesystem::path(path).parent_path();
  for (std::string* file : {&c->state_file, &c->bayes_model, &c->rules_file}) {
    if (!file->empty() && std::filesystem::path(*file).is_relative())
      *file = (dir / *file).string();
  }
  return c;
}

}  // namespace ascot::policy
