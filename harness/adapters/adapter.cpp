#include "adapters/adapter.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "adapters/reference_adapter.hpp"
#include "adapters/smtp_adapter.hpp"
#include "core/json.hpp"

#ifndef ASCOT_DATA_DIR
#define ASCOT_DATA_DIR "."
#endif

namespace ascot::harness {

std::string data_dir() {
  if (const char* env = std::getenv("ASCOT_DATA_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "ascot";
    if (std::filesystem::exists(installed / "vectors", ec)) return installed.string();
  }
  return ASCOT_DATA_DIR;
}

bool IutProfile::claims_all(const std::vector<std::string>& needed) const {
  for (const auto& c : needed) {
    if (!claims.contains(c)) return false;
  }
  return true;
}

Expected<IutProfile> load_profile(const std::string& path) {
  auto doc = json::parse_file(path);
  if (!doc) return std::unexpected(doc.error());
  auto obj = json::Object::of(*doc, "");
  if (!obj) return fail_at(obj.error(), path);
  IutProfile p;
  p.source = path;
  auto name = obj->string("name");
  if (!name) return fail_at(name.error(), path);
  p.name = *name;
  auto adapter = obj->string("adapter");
  if (!adapter) return fail_at(adapter.error(), path);
  p.adapter = *adapter;
  auto description = obj->optional_string("description");
  if (!description) return fail_at(description.error(), path);
  p.description = description->value_or("");
  auto claims = obj->strings("claims");
  if (!claims) return fail_at(claims.error(), path);
  p.claims = {claims->begin(), claims->end()};
  if (const auto* pixit = obj->value("pixit")) p.pixit = *pixit;
  auto done = obj->finish();
  if (!done) return fail_at(done.error(), path);
  return p;
}

boost::json::value profile_to_json(const IutProfile& profile) {
  boost::json::array claims;
  for (const auto& c : profile.claims) claims.emplace_back(c);
  return boost::json::object{{"name", profile.name},
                             {"adapter", profile.adapter},
                             {"description", profile.description},
                             {"claims", std::move(claims)},
                             {"pixit", profile.pixit},
                             {"source", profile.source}};
}

Expected<std::unique_ptr<Adapter>> make_adapter(const std::string& iut) {
  if (iut == "reference") return make_reference_adapter(false, reference_profile("reference"));
  if (iut == "reference-dns")
    return make_reference_adapter(true, reference_profile("reference-dns"));
  if (iut == "reference-mta") return make_reference_mta_adapter(data_dir());
  auto profile = load_profile(iut);
  if (!profile) {
    if (profile.error().code == Errc::not_found) {
      return fail(Errc::invalid_argument,
                  "'" + iut +
                      "' is neither a built-in IUT (reference, reference-dns, reference-mta) nor a "
                      "profile file that can be read");
    }
    return std::unexpected(profile.error());
  }
  if (profile->adapter == "reference") return make_reference_adapter(false, std::move(*profile));
  if (profile->adapter == "reference-dns") return make_reference_adapter(true, std::move(*profile));
  if (profile->adapter == "smtp") return make_smtp_adapter(std::move(*profile));
  return fail(Errc::unsupported,
              "adapter '" + profile->adapter +
                  "' is not available in this version "
                  "(known: reference, reference-dns, smtp)",
              iut);
}

}  // namespace ascot::harness
