// Every vector of vectors/greylist/*.json as its own GoogleTest case, run against both stores.
// Run one alone with, for example,
//   greylist_test --gtest_filter='*memory__retry_after_delay_passes'
// The files are read strictly (an unknown or unread key is an error) and checked the way the
// shared linter checks vector files: unique ids, the declared count, flags defined and used,
// well-formed clauses, choices explained by an AMBIGUOUS flag, "acceptable" only on SHOULD/MAY
// vectors; and, for sequences, steps in time order with a choice only on the last step (after
// a choice, later steps could not know which branch was taken).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/clause.hpp"
#include "core/json.hpp"
#include "greylist/greylist.hpp"
#include "greylist/memory_store.hpp"
#include "greylist/sqlite_store.hpp"

namespace ascot::greylist {
namespace {

using std::chrono::seconds;

// The vectors' time 0. Any instant works; this one is fixed so failures reproduce exactly.
const TimePoint kStart = TimePoint(seconds(1'700'000'000));
// Steps of one vector are few; a longer sequence is a mistake in the file. ASCOT's limit.
constexpr std::size_t kMaxSteps = 64;

struct Step {
  std::int64_t at = 0;
  std::string ip;
  std::string mail_from;
  std::string rcpt_to;
  std::set<std::string> expected;
  std::set<std::string> acceptable;
  std::vector<std::int64_t> reply_codes;
};

struct Vector {
  std::string file;
  std::string id;
  std::string comment;
  std::string clause;
  std::string level;
  std::vector<std::string> flags;
  Policy policy;
  std::vector<Step> steps;
};

struct Loaded {
  std::vector<Vector> vectors;
  std::vector<std::string> problems;
};

template <class T>
bool take(Expected<T> got, T& out, std::vector<std::string>& problems) {
  if (!got) {
    problems.push_back(got.error().to_string());
    return false;
  }
  out = std::move(*got);
  return true;
}

std::set<std::string> outcome_set(json::Object& obj, std::string_view key,
                                  std::vector<std::string>& problems) {
  std::set<std::string> out;
  auto names = obj.strings(key);
  if (!names) {
    problems.push_back(names.error().to_string());
    return out;
  }
  for (const auto& n : *names) {
    if (!parse_outcome(n)) problems.push_back(obj.child_path(key) + ": unknown outcome " + n);
    if (!out.insert(n).second) problems.push_back(obj.child_path(key) + ": repeated " + n);
  }
  return out;
}

std::optional<Policy> read_policy(json::Object& obj, std::vector<std::string>& problems) {
  Policy p;
  auto secs = [&](std::string_view key, std::chrono::seconds& field, bool required) {
    if (!required && !obj.has(key)) return;
    std::int64_t v = 0;
    if (take(obj.integer(key), v, problems)) field = seconds(v);
  };
  secs("minDelay", p.min_delay, true);
  secs("retryWindow", p.retry_window, true);
  secs("knownLifetime", p.known_lifetime, true);
  secs("whitelistLifetime", p.whitelist_lifetime, false);
  std::int64_t v = 0;
  if (take(obj.integer("ipv4Prefix"), v, problems)) p.ipv4_prefix = static_cast<int>(v);
  if (take(obj.integer("ipv6Prefix"), v, problems)) p.ipv6_prefix = static_cast<int>(v);
  p.auto_whitelist_after = 0;  // off unless the vector's policy says otherwise
  if (obj.has("autoWhitelistAfter") && take(obj.integer("autoWhitelistAfter"), v, problems)) {
    p.auto_whitelist_after = static_cast<int>(v);
  }
  std::vector<std::string> nets;
  if (take(obj.strings("exemptClients"), nets, problems)) {
    for (const auto& n : nets) {
      auto net = parse_network(n);
      if (!net) {
        problems.push_back(obj.child_path("exemptClients") + ": " + net.error().message);
      } else {
        p.exempt_clients.push_back(*net);
      }
    }
  }
  take(obj.strings("exemptRecipientDomains"), p.exempt_recipient_domains, problems);
  take(obj.strings("exemptRecipients"), p.exempt_recipients, problems);
  if (auto done = obj.finish(); !done) problems.push_back(done.error().to_string());
  if (auto ok = validate(p); !ok) {
    problems.push_back(obj.path() + ": " + ok.error().message);
    return std::nullopt;
  }
  return p;
}

void read_file(const std::string& path, std::map<std::string, std::string>& ids, Loaded& out) {
  auto& problems = out.problems;
  auto doc = json::parse_file(path);
  if (!doc) {
    problems.push_back(doc.error().to_string());
    return;
  }
  std::vector<std::string> local;
  auto top = json::Object::of(*doc, path);
  if (!top) {
    problems.push_back(top.error().to_string());
    return;
  }
  std::string schema, title, spec;
  take(top->string("schema"), schema, local);
  if (schema != "greylist-sequence.schema.json") local.push_back(path + ": wrong schema");
  take(top->string("title"), title, local);
  take(top->string("spec"), spec, local);
  std::optional<std::string> description;
  take(top->optional_string("description"), description, local);
  std::int64_t declared = 0;
  take(top->integer("numberOfVectors"), declared, local);
  std::map<std::string, std::string> notes;  // flag -> bug type
  if (auto notes_obj = top->object("notes"); !notes_obj) {
    local.push_back(notes_obj.error().to_string());
  } else {
    for (const auto& [flag, note] : doc->at("notes").get_object()) {
      auto n = json::Object::of(note, notes_obj->child_path(flag));
      std::string bug, text;
      if (n && take(n->string("bugType"), bug, local) &&
          take(n->string("description"), text, local)) {
        notes[std::string(flag)] = bug;
      }
      if (!n) {
        local.push_back(n.error().to_string());
      } else if (auto done = n->finish(); !done) {
        local.push_back(done.error().to_string());
      }
    }
  }
  std::set<std::string> used;
  std::int64_t count = 0;
  const boost::json::array* groups = nullptr;
  take(top->array("groups"), groups, local);
  if (auto done = top->finish(); !done) local.push_back(done.error().to_string());
  for (std::size_t g = 0; groups != nullptr && g < groups->size(); ++g) {
    auto group = json::Object::of((*groups)[g], json::index_path(path + ": groups", g));
    if (!group) {
      local.push_back(group.error().to_string());
      continue;
    }
    std::string group_comment;
    take(group->string("comment"), group_comment, local);
    std::optional<Policy> policy;
    if (auto policy_obj = group->object("policy"); !policy_obj) {
      local.push_back(policy_obj.error().to_string());
    } else {
      policy = read_policy(*policy_obj, local);
    }
    const boost::json::array* vectors = nullptr;
    take(group->array("vectors"), vectors, local);
    if (auto done = group->finish(); !done) local.push_back(done.error().to_string());
    for (std::size_t i = 0; vectors != nullptr && i < vectors->size(); ++i) {
      ++count;
      auto obj = json::Object::of((*vectors)[i], json::index_path(group->path() + ".vectors", i));
      if (!obj) {
        local.push_back(obj.error().to_string());
        continue;
      }
      Vector vec;
      vec.file = path;
      take(obj->string("id"), vec.id, local);
      take(obj->string("comment"), vec.comment, local);
      take(obj->string("clause"), vec.clause, local);
      take(obj->string("level"), vec.level, local);
      take(obj->strings("flags"), vec.flags, local);
      const boost::json::array* steps = nullptr;
      take(obj->array("steps"), steps, local);
      if (auto done = obj->finish(); !done) local.push_back(done.error().to_string());
      const std::string where = obj->path() + " (" + vec.id + ")";
      // A repeated or malformed id is reported here and its vector not run: test names must
      // be unique and made of letters, digits and '_'.
      bool runnable = !vec.id.empty();
      for (char c : vec.id)
        runnable = runnable && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
      if (!runnable) local.push_back(where + ": an id is lower-case words joined by '-'");
      if (auto [it, fresh] = ids.emplace(vec.id, where); !fresh) {
        local.push_back(where + ": id also used at " + it->second);
        runnable = false;
      }
      if (!parse_clause(vec.clause)) local.push_back(where + ": bad clause " + vec.clause);
      if (vec.level != "MUST" && vec.level != "SHOULD" && vec.level != "MAY") {
        local.push_back(where + ": bad level " + vec.level);
      }
      bool ambiguous = false;
      for (const auto& f : vec.flags) {
        used.insert(f);
        if (!notes.contains(f)) local.push_back(where + ": flag " + f + " is not in notes");
        ambiguous = ambiguous || notes[f] == "AMBIGUOUS";
      }
      if (steps == nullptr || steps->empty() || steps->size() > kMaxSteps) {
        local.push_back(where + ": needs 1.." + std::to_string(kMaxSteps) + " steps");
        continue;
      }
      for (std::size_t s = 0; s < steps->size(); ++s) {
        auto so = json::Object::of((*steps)[s], json::index_path(obj->path() + ".steps", s));
        if (!so) {
          local.push_back(so.error().to_string());
          continue;
        }
        Step step;
        take(so->integer("at"), step.at, local);
        take(so->string("ip"), step.ip, local);
        take(so->string("mailFrom"), step.mail_from, local);
        take(so->string("rcptTo"), step.rcpt_to, local);
        step.expected = outcome_set(*so, "expected", local);
        step.acceptable = outcome_set(*so, "acceptable", local);
        if (const auto* codes = so->value("replyCodes")) {
          if (!codes->is_array()) local.push_back(so->child_path("replyCodes") + ": not an array");
          for (const auto& c : codes->is_array() ? codes->get_array() : boost::json::array()) {
            if (!c.is_int64()) local.push_back(so->child_path("replyCodes") + ": not integers");
            if (c.is_int64()) step.reply_codes.push_back(c.get_int64());
          }
        }
        if (auto done = so->finish(); !done) local.push_back(done.error().to_string());
        const std::string at = so->path();
        if (!IpAddress::parse(step.ip)) local.push_back(at + ": bad ip " + step.ip);
        if (step.expected.empty()) local.push_back(at + ": expected is empty");
        if (step.expected.size() > 1 && !ambiguous) {
          local.push_back(at + ": a choice of outcomes needs an AMBIGUOUS flag");
        }
        if (step.expected.size() > 1 && s + 1 != steps->size()) {
          local.push_back(at + ": a choice of outcomes is allowed only on the last step");
        }
        if (!step.acceptable.empty() && vec.level == "MUST") {
          local.push_back(at + ": a MUST vector cannot list acceptable outcomes");
        }
        for (const auto& a : step.acceptable) {
          if (step.expected.contains(a))
            local.push_back(at + ": " + a + " expected and acceptable");
        }
        if (!step.reply_codes.empty() && !step.expected.contains("defer")) {
          local.push_back(at + ": replyCodes belong to a deferral");
        }
        if (step.reply_codes.size() > 1 && !ambiguous) {
          local.push_back(at + ": a choice of reply codes needs an AMBIGUOUS flag");
        }
        if (!vec.steps.empty() && step.at < vec.steps.back().at) {
          local.push_back(at + ": steps must be in time order");
        }
        vec.steps.push_back(std::move(step));
      }
      if (policy && runnable) {
        vec.policy = *policy;
        out.vectors.push_back(std::move(vec));
      }
    }
  }
  if (count != declared) {
    local.push_back(path + ": numberOfVectors is " + std::to_string(declared) +
                    " but the file holds " + std::to_string(count));
  }
  for (const auto& [flag, bug] : notes) {
    if (!used.contains(flag)) local.push_back(path + ": flag " + flag + " is never used");
  }
  problems.insert(problems.end(), local.begin(), local.end());
}

const Loaded& loaded() {
  static const Loaded all = [] {
    Loaded out;
    const auto dir = std::filesystem::path(ASCOT_SOURCE_DIR) / "vectors" / "greylist";
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
    if (ec) out.problems.push_back(dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::map<std::string, std::string> ids;
    for (const auto& f : files) read_file(f, ids, out);
    return out;
  }();
  return all;
}

TEST(GreylistVectors, LoadCleanly) {
  std::string all;
  for (const auto& p : loaded().problems) all += p + "\n";
  EXPECT_TRUE(loaded().problems.empty()) << all;
  EXPECT_GE(loaded().vectors.size(), 30u);
}

enum class Kind { memory, sqlite };

struct Case {
  Kind kind;
  const Vector* vector;
};

// PrintTo names a case in failure messages (GoogleTest would print its bytes).
void PrintTo(const Case& c, std::ostream* os) {
  *os << (c.kind == Kind::memory ? "memory " : "sqlite ") << c.vector->id;
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (Kind k : {Kind::memory, Kind::sqlite}) {
    for (const auto& v : loaded().vectors) out.push_back({k, &v});
  }
  return out;
}

class Sequence : public ::testing::TestWithParam<Case> {};

TEST_P(Sequence, Reference) {
  const Vector& v = *GetParam().vector;
  SCOPED_TRACE(v.file + ": " + v.id + " (" + v.clause + ", " + v.level + ")\n" + v.comment);
  std::unique_ptr<Store> store;
  std::filesystem::path dir;
  if (GetParam().kind == Kind::memory) {
    store = std::make_unique<MemoryStore>();
  } else {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "greylist-vector-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    auto opened = SqliteStore::open((dir / "greylist.db").string());
    ASSERT_TRUE(opened) << opened.error().to_string();
    store = std::move(*opened);
  }
  FixedClock clock(kStart);
  for (std::size_t i = 0; i < v.steps.size(); ++i) {
    const Step& s = v.steps[i];
    clock.set(kStart + seconds(s.at));
    auto d =
        decide(*store, clock, v.policy, Triplet{*IpAddress::parse(s.ip), s.mail_from, s.rcpt_to});
    ASSERT_TRUE(d) << "step " << i << ": " << d.error().to_string();
    std::string observed(outcome_name(d->outcome));
    std::string want;
    for (const auto& e : s.expected) want += (want.empty() ? "" : " or ") + e;
    EXPECT_TRUE(s.expected.contains(observed))
        << "step " << i << " at +" << s.at << "s (" << s.ip << " <" << s.mail_from << "> <"
        << s.rcpt_to << ">): expected " << want << ", observed " << observed << " ("
        << reason_name(d->reason) << ")";
    if (!s.reply_codes.empty() && d->reply) {
      EXPECT_NE(std::find(s.reply_codes.begin(), s.reply_codes.end(), d->reply->code),
                s.reply_codes.end())
          << "step " << i << ": reply code " << d->reply->code;
    }
  }
  store.reset();
  if (!dir.empty()) std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Greylist, Sequence, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name =
                               std::string(param_info.param.kind == Kind::memory ? "memory"
                                                                                 : "sqlite") +
                               "__" + param_info.param.vector->id;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ascot::greylist
