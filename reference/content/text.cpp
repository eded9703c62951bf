// The decoded text of a message for content filtering (X.1240 7.9 (derived-from-heading)):
// header fields (RFC 5322 2.2, RFC 2047), the MIME tree (RFC 2046) and the transfer
// encodings of its text parts (RFC 2045 6).
#include "content/text.hpp"
#include "core/ascii.hpp"
#include "mail/mime.hpp"

namespace ascot::content {

std::string_view MessageText::subject() const {
  for (const auto& h : headers) {
    if (h.name == "subject") return h.value;
  }
  return {};
}

namespace {

class Reader {
 public:
  Reader(const mail::Message& message, MessageText& out) : message_(message), out_(out) {}

  void part(const mail::Part& p) {
    if (!p.children.empty()) {
      for (const auto& child : p.children) part(child);
      return;
    }
    out_.part_types.push_back(p.content_type.media_type());
    if (p.content_type.type != "text") return;
    bool html = p.content_type.subtype == "html";
    if (!html && p.content_type.subtype != "plain") return;
    std::string_view body = message_.view(p.entity.body);
    std::string encoding;
    for (const auto& f : p.entity.fields) {
      if (ascii::iequals(message_.view(f.name), "Content-Transfer-Encoding")) {
        encoding = ascii::lower(ascii::trim(mail::unfold(message_.view(f.value))));
        break;
      }
    }
    std::size_t budget = kMaxTextBytes - decoded_;
    if (budget == 0) {
      out_.truncated = true;
      return;
    }
    std::string text;
    if (encoding == "quoted-printable") {
      text = decode_quoted_printable(body, budget);
    } else if (encoding == "base64") {
      if (auto decoded = decode_base64(body, budget)) {
        text = std::move(*decoded);
      } else {
        ++out_.raw_parts;
        text = std::string(body.substr(0, budget));
      }
    } else {
      // 7bit, 8bit and binary are identities (RFC 2045 6.2); an unknown encoding such as
      // x-uuencode cannot be undone here and is read as it stands.
      if (!encoding.empty() && encoding != "7bit" && encoding != "8bit" && encoding != "binary") {
        ++out_.raw_parts;
      }
      text = std::string(body.substr(0, budget));
    }
    add_text(std::move(text), html);
  }

  // add_text takes the decoded text of one part.
  void add_text(std::string text, bool html) {
    decoded_ += text.size();
    if (decoded_ >= kMaxTextBytes) out_.truncated = true;
    if (!append_url_hosts(text, out_.url_hosts)) out_.truncated = true;
    if (html) text = strip_html(text);
    out_.body += text;
    out_.body += '\n';
  }

 private:
  const mail::Message& message_;
  MessageText& out_;
  std::size_t decoded_ = 0;  // decoded octets taken so far, against kMaxTextBytes
};

}  // namespace

MessageText read_text(const mail::Message& message) {
  MessageText out;
  out.headers.reserve(message.fields().size());
  for (const auto& f : message.fields()) {
    out.headers.push_back(
        {ascii::lower(message.name(f)),
         std::string(ascii::trim(decode_encoded_words(mail::unfold(message.value(f)))))});
  }
  Reader reader(message, out);
  auto tree = mail::walk_mime(message);
  if (!tree) {
    out.mime_ok = false;
    std::string_view body = message.body();
    reader.add_text(std::string(body.substr(0, kMaxTextBytes)), false);
    return out;
  }
  reader.part(*tree);
  return out;
}

}  // namespace ascot::content
