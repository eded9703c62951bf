// RFC 7208 9.1 (Received-SPF, with verified erratum 5436) and 9.2 / RFC 8601 2.7.2
// (Authentication-Results).
#include "core/ascii.hpp"
#include "spf/received_spf.hpp"

namespace ascot::spf {

namespace {

// Session data comes from the SMTP client; 9.1 requires that the field carry no invalid
// characters and nothing malicious. Bytes other than SP and printable ASCII become '?' (so no
// CR or LF can start a forged field), and values are cut at a length that keeps the field
// reasonable (RFC 5322 2.1.1).
std::string sanitise(std::string_view s, std::size_t max_length = 200) {
  std::string out;
  for (unsigned char c : s.substr(0, max_length)) {
    out += (c >= 0x20 && c <= 0x7e) ? static_cast<char>(c) : '?';
  }
  return out;
}

// RFC 5322 3.2.3 atext.
bool is_atext(char c) {
  return ascii::is_alnum(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.' || s.find("..") != std::string_view::npos)
    return false;
  for (char c : s) {
    if (c != '.' && !is_atext(c)) return false;
  }
  return true;
}

std::string value(std::string_view raw) {
  std::string clean = sanitise(raw);
  if (is_dot_atom(clean)) return clean;
  std::string quoted = "\"";
  for (char c : clean) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// Comment text: no parentheses or backslashes from the session may unbalance it.
std::string comment_safe(std::string_view s) {
  std::string out = sanitise(s);
  for (char& c : out) {
    if (c == '(' || c == ')' || c == '\\') c = '?';
  }
  return out;
}

std::string comment(const Query& query, const Outcome& outcome, std::string_view receiver) {
  bool helo = query.identity == Identity::helo || query.sender.empty();
  std::string subject = comment_safe(helo ? outcome.domain : outcome.sender);
  std::string ip = query.ip.unmapped().to_string();
  std::string text;
  switch (outcome.result) {
    case Result::pass:
      text = "domain of " + subject + " designates " + ip + " as permitted sender";
      break;
    case Result::fail:
      text = "domain of " + subject + " does not designate " + ip + " as permitted sender";
      break;
    case Result::softfail:
      text = "domain of " + subject + " discourages use of " + ip + " as a sender";
      break;
    case Result::neutral:
      text = ip + " is neither permitted nor denied by domain of " + subject;
      break;
    case Result::none:
      text = "domain of " + subject + " does not publish an SPF record";
      break;
    case Result::temperror:
      text = "temporary error while evaluating the SPF record for " + subject;
      break;
    case Result::permerror:
      text = "the SPF record for " + subject + " cannot be interpreted";
      break;
  }
  return "(" + comment_safe(receiver) + ": " + text + ")";
}

// Folds |words| into lines of at most 78 octets, continuing with one SP (RFC 5322 2.2.3).
std::string fold(const std::vector<std::string>& words) {
  std::string out;
  std::size_t line = 0;
  for (const auto& w : words) {
    if (out.empty()) {
      out = w;
      line = w.size();
    } else if (line + 1 + w.size() > 78) {
      out += "\r\n " + w;
      line = 1 + w.size();
    } else {
      out += " " + w;
      line += 1 + w.size();
    }
  }
  return out;
}

}  // namespace

std::string received_spf_field(const Query& query, const Outcome& outcome,
                               std::string_view receiver) {
  std::vector<std::string> words = {"Received-SPF:", std::string(result_name(outcome.result))};
  std::string c = comment(query, outcome, receiver);
  // Comments may be folded between words too.
  std::size_t start = 0;
  while (start < c.size()) {
    auto space = c.find(' ', start);
    if (space == std::string::npos) space = c.size();
    words.push_back(c.substr(start, space - start));
    start = space + 1;
  }
  std::vector<std::pair<std::string, std::string>> keys;
  keys.emplace_back("client-ip", value(query.ip.unmapped().to_string()));
  if (query.identity == Identity::mailfrom && !query.sender.empty())
    keys.emplace_back("envelope-from", value(query.sender));
  keys.emplace_back("helo", value(query.helo));
  keys.emplace_back("identity", std::string(identity_name(query.identity)));
  keys.emplace_back("receiver", value(receiver));
  if (!outcome.mechanism.empty()) keys.emplace_back("mechanism", value(outcome.mechanism));
  if ((outcome.result == Result::permerror || outcome.result == Result::temperror) &&
      !outcome.problem.empty()) {
    keys.emplace_back("problem", value(outcome.problem));
  }
  for (const auto& [k, v] : keys) {
    std::string word = k;
    word += '=';
    word += v;
    word += ';';
    words.push_back(std::move(word));
  }
  return fold(words);
}

std::string authentication_results_spf(const Query& query, const Outcome& outcome) {
  std::string out = "spf=" + std::string(result_name(outcome.result));
  if (query.identity == Identity::helo || query.sender.empty()) {
    out += " smtp.helo=" + value(query.helo);
  } else {
    auto at = query.sender.rfind('@');
    out += " smtp.mailfrom=" +
           value(at == std::string::npos ? query.sender : query.sender.substr(at + 1));
  }
  return out;
}

}  // namespace ascot::spf
