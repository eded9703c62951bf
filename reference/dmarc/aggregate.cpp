// RFC 7489 Appendix C and RFC 9990: DMARC aggregate report XML.
#include "dmarc/aggregate.hpp"

#include <algorithm>
#include <charconv>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "core/ip.hpp"

namespace ascot::dmarc {

namespace {

using Format = AggregateReport::Format;

std::unexpected<Error> bad(const std::string& path, const std::string& what) {
  return fail(Errc::parse_error, what, path);
}

std::string text_of(pugi::xml_node n) {
  std::string s = n.text().as_string();
  auto first = s.find_first_not_of(" \t\r\n");
  auto last = s.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

// Reads the child |name| of |parent|: required or optional, at most once.
Expected<std::string> child(pugi::xml_node parent, const char* name, const std::string& path,
                            bool required) {
  pugi::xml_node first = parent.child(name);
  if (!first) {
    if (required) return bad(path, "the required element <" + std::string(name) + "> is missing");
    return std::string();
  }
  if (first.next_sibling(name)) return bad(path + "/" + name, "appears more than once");
  return text_of(first);
}

Expected<void> one_of(const std::string& value, std::initializer_list<const char*> allowed,
                      const std::string& path) {
  for (const char* a : allowed) {
    if (value == a) return {};
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return bad(path, "'" + value + "' is not one of " + list);
}

template <class T>
Expected<T> number(const std::string& text, const std::string& path) {
  T v{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    return bad(path, "'" + text + "' is not a number");
  return v;
}

#define ASCOT_TAKE(var, expr) \
  auto var = (expr);          \
  if (!var) return std::unexpected(var.error())

}  // namespace

Expected<AggregateReport> parse_aggregate(std::string_view xml) {
  if (xml.size() > kMaxAggregateSize) {
    return fail(Errc::limit_exceeded,
                "the report is larger than " + std::to_string(kMaxAggregateSize) + " octets");
  }
  pugi::xml_document doc;
  pugi::xml_parse_result loaded =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!loaded) {
    return fail(Errc::parse_error, std::string("not XML: ") + loaded.description(),
                "offset " + std::to_string(loaded.offset));
  }
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "feedback")
    return bad("/", "the root element is <" + std::string(root.name()) + ">, not <feedback>");
  AggregateReport r;
  std::string ns = root.attribute("xmlns").as_string();
  r.format = ns == kAggregateNamespace2 ? Format::rfc9990 : Format::rfc7489;
  bool v2 = r.format == Format::rfc9990;
  if (v2) {
    ASCOT_TAKE(version, child(root, "version", "/feedback", true));
    if (*version != "1.0")
      return bad("/feedback/version", "the 2.0 format has version 1.0, not '" + *version + "'");
  }
  // report_metadata
  pugi::xml_node meta = root.child("report_metadata");
  if (!meta) return bad("/feedback", "the required element <report_metadata> is missing");
  const std::string mp = "/feedback/report_metadata";
  ASCOT_TAKE(org, child(meta, "org_name", mp, true));
  ASCOT_TAKE(email, child(meta, "email", mp, true));
  ASCOT_TAKE(extra, child(meta, "extra_contact_info", mp, false));
  ASCOT_TAKE(id, child(meta, "report_id", mp, true));
  r.org_name = *org;
  r.email = *email;
  r.extra_contact_info = *extra;
  r.report_id = *id;
  if (v2) {
    ASCOT_TAKE(generator, child(meta, "generator", mp, false));
    r.generator = *generator;
  }
  pugi::xml_node range = meta.child("date_range");
  if (!range) return bad(mp, "the required element <date_range> is missing");
  ASCOT_TAKE(begin_text, child(range, "begin", mp + "/date_range", true));
  ASCOT_TAKE(end_text, child(range, "end", mp + "/date_range", true));
  ASCOT_TAKE(begin, number<std::int64_t>(*begin_text, mp + "/date_range/begin"));
  ASCOT_TAKE(end, number<std::int64_t>(*end_text, mp + "/date_range/end"));
  if (*end < *begin) return bad(mp + "/date_range", "end is before begin");
  r.begin = *begin;
  r.end = *end;
  for (pugi::xml_node e : meta.children("error")) r.errors.push_back(text_of(e));
  // policy_published
  pugi::xml_node pol = root.child("policy_published");
  if (!pol) return bad("/feedback", "the required element <policy_published> is missing");
  const std::string pp = "/feedback/policy_published";
  ASCOT_TAKE(domain, child(pol, "domain", pp, true));
  r.policy.domain = *domain;
  ASCOT_TAKE(p, child(pol, "p", pp, true));
  if (auto ok = one_of(*p, {"none", "quarantine", "reject"}, pp + "/p"); !ok)
    return std::unexpected(ok.error());
  r.policy.p = *p;
  // RFC 7489's schema requires sp, pct and fo; RFC 9990 makes them optional.
  ASCOT_TAKE(sp, child(pol, "sp", pp, !v2));
  if (!sp->empty()) {
    if (auto ok = one_of(*sp, {"none", "quarantine", "reject"}, pp + "/sp"); !ok)
      return std::unexpected(ok.error());
  }
  r.policy.sp = *sp;
  for (auto [name, into] :
       {std::pair<const char*, std::string*>{"adkim", &r.policy.adkim}, {"aspf", &r.policy.aspf}}) {
    ASCOT_TAKE(value, child(pol, name, pp, false));
    if (!value->empty()) {
      if (auto ok = one_of(*value, {"r", "s"}, pp + "/" + name); !ok)
        return std::unexpected(ok.error());
    }
    *into = *value;
  }
  ASCOT_TAKE(fo, child(pol, "fo", pp, !v2));
  r.policy.fo = *fo;
  if (v2) {
    ASCOT_TAKE(np, child(pol, "np", pp, false));
    if (!np->empty()) {
      if (auto ok = one_of(*np, {"none", "quarantine", "reject"}, pp + "/np"); !ok)
        return std::unexpected(ok.error());
    }
    r.policy.np = *np;
    ASCOT_TAKE(testing, child(pol, "testing", pp, false));
    if (!testing->empty()) {
      if (auto ok = one_of(*testing, {"n", "y"}, pp + "/testing"); !ok)
        return std::unexpected(ok.error());
    }
    r.policy.testing = *testing;
    ASCOT_TAKE(method, child(pol, "discovery_method", pp, false));
    if (!method->empty()) {
      if (auto ok = one_of(*method, {"psl", "treewalk"}, pp + "/discovery_method"); !ok)
        return std::unexpected(ok.error());
    }
    r.policy.discovery_method = *method;
  } else {
    ASCOT_TAKE(pct_text, child(pol, "pct", pp, true));
    ASCOT_TAKE(pct, number<int>(*pct_text, pp + "/pct"));
    if (*pct < 0 || *pct > 100) return bad(pp + "/pct", "pct is outside 0..100");
    r.policy.pct = *pct;
  }
  // records
  std::size_t index = 0;
  for (pugi::xml_node rec : root.children("record")) {
    std::string rp = "/feedback/record[" + std::to_string(++index) + "]";
    if (r.records.size() == kMaxAggregateRecords)
      return fail(Errc::limit_exceeded, "too many records", rp);
    AggregateReport::Record out;
    pugi::xml_node row = rec.child("row");
    if (!row) return bad(rp, "the required element <row> is missing");
    ASCOT_TAKE(ip, child(row, "source_ip", rp + "/row", true));
    if (!IpAddress::parse(*ip))
      return bad(rp + "/row/source_ip", "'" + *ip + "' is not an IP address");
    out.source_ip = *ip;
    ASCOT_TAKE(count_text, child(row, "count", rp + "/row", true));
    ASCOT_TAKE(count, number<std::uint64_t>(*count_text, rp + "/row/count"));
    out.count = *count;
    pugi::xml_node evaluated = row.child("policy_evaluated");
    if (!evaluated) return bad(rp + "/row", "the required element <policy_evaluated> is missing");
    const std::string ep = rp + "/row/policy_evaluated";
    ASCOT_TAKE(disposition, child(evaluated, "disposition", ep, true));
    auto ok =
        v2 ? one_of(*disposition, {"none", "pass", "quarantine", "reject"}, ep + "/disposition")
           : one_of(*disposition, {"none", "quarantine", "reject"}, ep + "/disposition");
    if (!ok) return std::unexpected(ok.error());
    out.disposition = *disposition;
    ASCOT_TAKE(dkim, child(evaluated, "dkim", ep, true));
    ASCOT_TAKE(spf, child(evaluated, "spf", ep, true));
    for (auto [value, name] :
         {std::pair<const std::string*, const char*>{&*dkim, "dkim"}, {&*spf, "spf"}}) {
      if (auto r2 = one_of(*value, {"pass", "fail"}, ep + "/" + name); !r2)
        return std::unexpected(r2.error());
    }
    out.dkim = *dkim;
    out.spf = *spf;
    for (pugi::xml_node reason : evaluated.children("reason")) {
      ASCOT_TAKE(type, child(reason, "type", ep + "/reason", true));
      auto allowed = v2 ? one_of(*type,
                                 {"local_policy", "mailing_list", "other", "policy_test_mode",
                                  "trusted_forwarder"},
                                 ep + "/reason/type")
                        : one_of(*type,
                                 {"forwarded", "sampled_out", "trusted_forwarder", "mailing_list",
                                  "local_policy", "other"},
                                 ep + "/reason/type");
      if (!allowed) return std::unexpected(allowed.error());
      ASCOT_TAKE(comment, child(reason, "comment", ep + "/reason", false));
      out.reasons.push_back({*type, *comment});
    }
    pugi::xml_node ids = rec.child("identifiers");
    if (!ids) return bad(rp, "the required element <identifiers> is missing");
    ASCOT_TAKE(to, child(ids, "envelope_to", rp + "/identifiers", false));
    ASCOT_TAKE(from, child(ids, "envelope_from", rp + "/identifiers", v2));
    ASCOT_TAKE(header_from, child(ids, "header_from", rp + "/identifiers", true));
    out.envelope_to = *to;
    out.envelope_from = *from;
    out.header_from = *header_from;
    pugi::xml_node auth = rec.child("auth_results");
    if (!auth) return bad(rp, "the required element <auth_results> is missing");
    const std::string ap = rp + "/auth_results";
    for (pugi::xml_node d : auth.children("dkim")) {
      ASCOT_TAKE(ddomain, child(d, "domain", ap + "/dkim", true));
      ASCOT_TAKE(selector, child(d, "selector", ap + "/dkim", v2));
      ASCOT_TAKE(result, child(d, "result", ap + "/dkim", true));
      if (auto r2 = one_of(*result,
                           {"none", "pass", "fail", "policy", "neutral", "temperror", "permerror"},
                           ap + "/dkim/result");
          !r2) {
        return std::unexpected(r2.error());
      }
      ASCOT_TAKE(human, child(d, "human_result", ap + "/dkim", false));
      out.dkim_results.push_back({*ddomain, *selector, *result, *human});
    }
    for (pugi::xml_node s : auth.children("spf")) {
      ASCOT_TAKE(sdomain, child(s, "domain", ap + "/spf", true));
      ASCOT_TAKE(scope, child(s, "scope", ap + "/spf", false));
      if (!scope->empty()) {
        if (auto r2 = one_of(*scope, {"helo", "mfrom"}, ap + "/spf/scope"); !r2)
          return std::unexpected(r2.error());
      }
      ASCOT_TAKE(result, child(s, "result", ap + "/spf", true));
      if (auto r2 = one_of(
              *result, {"none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"},
              ap + "/spf/result");
          !r2) {
        return std::unexpected(r2.error());
      }
      ASCOT_TAKE(human, child(s, "human_result", ap + "/spf", false));
      out.spf_results.push_back({*sdomain, *scope, *result, *human});
    }
    if (out.spf_results.empty()) return bad(ap, "at least one <spf> result is required");
    r.records.push_back(std::move(out));
  }
  if (r.records.empty()) return bad("/feedback", "a report holds at least one <record>");
  return r;
}

std::string write_aggregate(const AggregateReport& r) {
  bool v2 = r.format == Format::rfc9990;
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("feedback");
  if (v2) root.append_attribute("xmlns") = std::string(kAggregateNamespace2).c_str();
  auto add = [](pugi::xml_node parent, const char* name, const std::string& value,
                bool always = true) {
    if (!always && value.empty()) return;
    parent.append_child(name).text().set(value.c_str());
  };
  if (v2) add(root, "version", "1.0");
  pugi::xml_node meta = root.append_child("report_metadata");
  add(meta, "org_name", r.org_name);
  add(meta, "email", r.email);
  add(meta, "extra_contact_info", r.extra_contact_info, false);
  add(meta, "report_id", r.report_id);
  pugi::xml_node range = meta.append_child("date_range");
  add(range, "begin", std::to_string(r.begin));
  add(range, "end", std::to_string(r.end));
  for (const auto& e : r.errors) add(meta, "error", e);
  if (v2) add(meta, "generator", r.generator, false);
  pugi::xml_node pol = root.append_child("policy_published");
  add(pol, "domain", r.policy.domain);
  if (v2) add(pol, "discovery_method", r.policy.discovery_method, false);
  add(pol, "adkim", r.policy.adkim, false);
  add(pol, "aspf", r.policy.aspf, false);
  add(pol, "p", r.policy.p);
  add(pol, "sp", v2 ? r.policy.sp : (r.policy.sp.empty() ? r.policy.p : r.policy.sp), !v2);
  if (v2) {
    add(pol, "np", r.policy.np, false);
    add(pol, "testing", r.policy.testing, false);
    add(pol, "fo", r.policy.fo, false);
  } else {
    add(pol, "pct", std::to_string(r.policy.pct.value_or(100)));
    add(pol, "fo", r.policy.fo.empty() ? "0" : r.policy.fo);
  }
  for (const auto& rec : r.records) {
    pugi::xml_node record = root.append_child("record");
    pugi::xml_node row = record.append_child("row");
    add(row, "source_ip", rec.source_ip);
    add(row, "count", std::to_string(rec.count));
    pugi::xml_node evaluated = row.append_child("policy_evaluated");
    add(evaluated, "disposition", rec.disposition);
    add(evaluated, "dkim", rec.dkim);
    add(evaluated, "spf", rec.spf);
    for (const auto& reason : rec.reasons) {
      pugi::xml_node n = evaluated.append_child("reason");
      add(n, "type", reason.type);
      add(n, "comment", reason.comment, false);
    }
    pugi::xml_node ids = record.append_child("identifiers");
    add(ids, "envelope_to", rec.envelope_to, false);
    add(ids, "envelope_from", rec.envelope_from, v2);
    add(ids, "header_from", rec.header_from);
    pugi::xml_node auth = record.append_child("auth_results");
    for (const auto& d : rec.dkim_results) {
      pugi::xml_node n = auth.append_child("dkim");
      add(n, "domain", d.domain);
      add(n, "selector", d.selector, v2);
      add(n, "result", d.result);
      add(n, "human_result", d.human_result, false);
    }
    for (const auto& s : rec.spf_results) {
      pugi::xml_node n = auth.append_child("spf");
      add(n, "domain", s.domain);
      add(n, "scope", s.scope, false);
      add(n, "result", s.result);
      add(n, "human_result", s.human_result, false);
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace ascot::dmarc
