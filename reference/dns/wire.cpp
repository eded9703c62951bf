#include "dns/wire.hpp"

#include "core/ascii.hpp"

namespace ascot::dns {

namespace {

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xff));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
}

// Label bytes as presentation text: dot, backslash and non-printable bytes escaped.
void append_label_text(std::string& out, std::span<const std::uint8_t> label) {
  for (std::uint8_t c : label) {
    if (c == '.' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c <= 0x20 || c >= 0x7f) {
      out += '\\';
      out += static_cast<char>('0' + c / 100);
      out += static_cast<char>('0' + (c / 10) % 10);
      out += static_cast<char>('0' + c % 10);
    } else {
      out += static_cast<char>(c);
    }
  }
}

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::size_t pos() const { return pos_; }
  std::size_t left() const { return bytes_.size() - pos_; }

  Expected<std::uint8_t> u8() {
    if (left() < 1) return truncated("a byte");
    return bytes_[pos_++];
  }
  Expected<std::uint16_t> u16() {
    if (left() < 2) return truncated("a 16-bit field");
    auto v = static_cast<std::uint16_t>(bytes_[pos_] << 8 | bytes_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  Expected<std::uint32_t> u32() {
    auto hi = u16();
    if (!hi) return std::unexpected(hi.error());
    auto lo = u16();
    if (!lo) return std::unexpected(lo.error());
    return static_cast<std::uint32_t>(*hi) << 16 | *lo;
  }
  Expected<std::span<const std::uint8_t>> take(std::size_t n) {
    if (left() < n) return truncated(std::to_string(n) + " bytes");
    auto out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  // RFC 1035 4.1.4: a name is a sequence of labels ending in a zero octet or a pointer.
  // Each pointer must point strictly before the label that holds it, so every jump moves
  // backwards and decoding ends after at most |bytes| steps.
  Expected<std::string> name() {
    std::string out;
    std::size_t wire_length = 1;
    std::size_t cursor = pos_;
    std::size_t resume = 0;
    bool jumped = false;
    std::size_t lowest_pointer_origin = cursor;
    while (true) {
      if (cursor >= bytes_.size()) return bad("a name runs past the end of the message", cursor);
      std::uint8_t len = bytes_[cursor];
      if ((len & 0xc0) == 0xc0) {
        if (cursor + 1 >= bytes_.size()) return bad("a compression pointer is cut off", cursor);
        std::size_t target = static_cast<std::size_t>((len & 0x3f) << 8 | bytes_[cursor + 1]);
        if (target >= lowest_pointer_origin) {
          return bad("a compression pointer does not point backwards", cursor);
        }
        if (!jumped) resume = cursor + 2;
        jumped = true;
        lowest_pointer_origin = target;
        cursor = target;
        continue;
      }
      if ((len & 0xc0) != 0) return bad("a label has the reserved type bits 01 or 10", cursor);
      if (len == 0) {
        pos_ = jumped ? resume : cursor + 1;
        return out;
      }
      wire_length += static_cast<std::size_t>(len) + 1;
      if (wire_length > kMaxWireNameLength) return bad("a name is longer than 255 octets", cursor);
      if (cursor + 1 + len > bytes_.size())
        return bad("a label runs past the end of the message", cursor);
      if (!out.empty()) out += '.';
      append_label_text(out, bytes_.subspan(cursor + 1, len));
      cursor += 1 + static_cast<std::size_t>(len);
    }
  }

 private:
  std::unexpected<Error> truncated(const std::string& what) const {
    return fail(Errc::parse_error, "message ends where " + what + " was expected",
                "offset " + std::to_string(pos_));
  }
  static std::unexpected<Error> bad(const std::string& what, std::size_t at) {
    return fail(Errc::parse_error, what, "offset " + std::to_string(at));
  }

  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

Expected<Record> read_record(Reader& in) {
  Record rec;
  auto name = in.name();
  if (!name) return std::unexpected(name.error());
  rec.name = std::move(*name);
  auto type = in.u16();
  if (!type) return std::unexpected(type.error());
  rec.type = static_cast<RRType>(*type);
  auto rclass = in.u16();
  if (!rclass) return std::unexpected(rclass.error());
  auto ttl = in.u32();
  if (!ttl) return std::unexpected(ttl.error());
  rec.ttl = *ttl;
  auto rdlength = in.u16();
  if (!rdlength) return std::unexpected(rdlength.error());
  std::size_t start = in.pos();
  std::size_t end = start + *rdlength;
  if (in.left() < *rdlength) {
    return fail(Errc::parse_error, "RDATA runs past the end of the message",
                "offset " + std::to_string(start));
  }
  auto wrong_length = [&](const char* what) {
    return fail(Errc::parse_error, std::string("RDATA length does not fit ") + what,
                "offset " + std::to_string(start));
  };
  switch (rec.type) {
    case RRType::A: {
      if (*rdlength != 4) return wrong_length("an A record");
      auto b = in.take(4);
      rec.data = IpAddress::v4({(*b)[0], (*b)[1], (*b)[2], (*b)[3]});
      break;
    }
    case RRType::AAAA: {
      if (*rdlength != 16) return wrong_length("an AAAA record");
      auto b = in.take(16);
      std::array<std::uint8_t, 16> octets{};
      for (std::size_t i = 0; i < 16; ++i) octets[i] = (*b)[i];
      rec.data = IpAddress::v6(octets);
      break;
    }
    case RRType::NS:
    case RRType::CNAME:
    case RRType::PTR: {
      auto target = in.name();
      if (!target) return std::unexpected(target.error());
      rec.data = std::move(*target);
      break;
    }
    case RRType::MX: {
      auto pref = in.u16();
      if (!pref) return std::unexpected(pref.error());
      auto exchange = in.name();
      if (!exchange) return std::unexpected(exchange.error());
      rec.data = Mx{*pref, std::move(*exchange)};
      break;
    }
    case RRType::TXT:
    case RRType::SPF: {
      std::vector<std::string> strings;
      while (in.pos() < end) {
        auto len = in.u8();
        if (!len) return std::unexpected(len.error());
        if (in.pos() + *len > end) return wrong_length("its character-strings");
        auto bytes = in.take(*len);
        strings.emplace_back(reinterpret_cast<const char*>(bytes->data()), bytes->size());
      }
      rec.data = std::move(strings);
      break;
    }
    default: {
      auto bytes = in.take(*rdlength);
      rec.data = std::vector<std::uint8_t>(bytes->begin(), bytes->end());
      break;
    }
  }
  if (in.pos() != end) return wrong_length("its contents");
  return rec;
}

Expected<void> write_rdata(const Record& rec, std::vector<std::uint8_t>& out) {
  std::size_t length_at = out.size();
  put16(out, 0);
  if (const auto* a = rec.address()) {
    std::size_t n = a->is_v4() ? 4 : 16;
    for (std::size_t i = 0; i < n; ++i) out.push_back(a->octets()[i]);
  } else if (const auto* t = rec.target()) {
    auto r = encode_name(*t, out);
    if (!r) return r;
  } else if (const auto* m = rec.mx()) {
    put16(out, m->preference);
    auto r = encode_name(m->exchange, out);
    if (!r) return r;
  } else if (const auto* s = rec.strings()) {
    for (const auto& piece : *s) {
      if (piece.size() > 255) {
        return fail(Errc::invalid_argument, "a character-string is longer than 255 octets",
                    rec.name);
      }
      out.push_back(static_cast<std::uint8_t>(piece.size()));
      out.insert(out.end(), piece.begin(), piece.end());
    }
  } else {
    const auto& raw = std::get<std::vector<std::uint8_t>>(rec.data);
    out.insert(out.end(), raw.begin(), raw.end());
  }
  std::size_t length = out.size() - length_at - 2;
  if (length > 0xffff)
    return fail(Errc::invalid_argument, "RDATA is longer than 65535 octets", rec.name);
  out[length_at] = static_cast<std::uint8_t>(length >> 8);
  out[length_at + 1] = static_cast<std::uint8_t>(length & 0xff);
  return {};
}

}  // namespace

Expected<void> encode_name(std::string_view name, std::vector<std::uint8_t>& out) {
  if (name.ends_with('.') && !name.ends_with("\\.")) name.remove_suffix(1);
  std::size_t wire_length = 1;
  std::vector<std::uint8_t> label;
  auto flush = [&]() -> Expected<void> {
    if (label.empty())
      return fail(Errc::invalid_argument, "the name has an empty label", std::string(name));
    if (label.size() > 63)
      return fail(Errc::invalid_argument, "a label is longer than 63 octets", std::string(name));
    wire_length += label.size() + 1;
    if (wire_length > kMaxWireNameLength) {
      return fail(Errc::invalid_argument, "the name is longer than 255 octets", std::string(name));
    }
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    label.clear();
    return {};
  };
  if (!name.empty()) {
    for (std::size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c == '.') {
        auto r = flush();
        if (!r) return r;
      } else if (c == '\\' && i + 3 < name.size() && ascii::is_digit(name[i + 1]) &&
                 ascii::is_digit(name[i + 2]) && ascii::is_digit(name[i + 3])) {
        int v = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
        if (v > 255)
          return fail(Errc::invalid_argument, "an escape \\DDD is above 255", std::string(name));
        label.push_back(static_cast<std::uint8_t>(v));
        i += 3;
      } else if (c == '\\' && i + 1 < name.size()) {
        label.push_back(static_cast<std::uint8_t>(name[++i]));
      } else {
        label.push_back(static_cast<std::uint8_t>(c));
      }
    }
    auto r = flush();
    if (!r) return r;
  }
  out.push_back(0);
  return {};
}

Expected<std::vector<std::uint8_t>> encode(const Message& m) {
  std::vector<std::uint8_t> out;
  out.reserve(512);
  const Header& h = m.header;
  put16(out, h.id);
  out.push_back(static_cast<std::uint8_t>((h.qr ? 0x80 : 0) | (h.opcode & 0x0f) << 3 |
                                          (h.aa ? 0x04 : 0) | (h.tc ? 0x02 : 0) |
                                          (h.rd ? 0x01 : 0)));
  out.push_back(
      static_cast<std::uint8_t>((h.ra ? 0x80 : 0) | (static_cast<unsigned>(h.rcode) & 0x0f)));
  for (std::size_t count :
       {m.questions.size(), m.answers.size(), m.authority.size(), m.additional.size()}) {
    if (count > 0xffff) return fail(Errc::invalid_argument, "too many records for one message");
    put16(out, static_cast<std::uint16_t>(count));
  }
  for (const auto& q : m.questions) {
    auto r = encode_name(q.name, out);
    if (!r) return std::unexpected(r.error());
    put16(out, static_cast<std::uint16_t>(q.type));
    put16(out, q.qclass);
  }
  for (const auto* section : {&m.answers, &m.authority, &m.additional}) {
    for (const auto& rec : *section) {
      auto r = encode_name(rec.name, out);
      if (!r) return std::unexpected(r.error());
      put16(out, static_cast<std::uint16_t>(rec.type));
      put16(out, 1);
      put32(out, rec.ttl);
      r = write_rdata(rec, out);
      if (!r) return std::unexpected(r.error());
    }
  }
  if (out.size() > kMaxMessageSize)
    return fail(Errc::invalid_argument, "message is longer than 65535 octets");
  return out;
}

Expected<Message> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kMaxMessageSize)
    return fail(Errc::parse_error, "message is longer than 65535 octets");
  Reader in(bytes);
  Message m;
  auto id = in.u16();
  if (!id) return std::unexpected(id.error());
  auto flags1 = in.u8();
  if (!flags1) return std::unexpected(flags1.error());
  auto flags2 = in.u8();
  if (!flags2) return std::unexpected(flags2.error());
  m.header.id = *id;
  m.header.qr = (*flags1 & 0x80) != 0;
  m.header.opcode = static_cast<std::uint8_t>((*flags1 >> 3) & 0x0f);
  m.header.aa = (*flags1 & 0x04) != 0;
  m.header.tc = (*flags1 & 0x02) != 0;
  m.header.rd = (*flags1 & 0x01) != 0;
  m.header.ra = (*flags2 & 0x80) != 0;
  m.header.rcode = static_cast<Rcode>(*flags2 & 0x0f);
  std::uint16_t counts[4];
  for (auto& c : counts) {
    auto v = in.u16();
    if (!v) return std::unexpected(v.error());
    c = *v;
  }
  // Vectors grow one element per decoded item; the loop ends at the first item the bytes
  // do not contain, so a forged count cannot cause a large allocation.
  for (std::uint16_t i = 0; i < counts[0]; ++i) {
    Question q;
    auto name = in.name();
    if (!name) return std::unexpected(name.error());
    q.name = std::move(*name);
    auto type = in.u16();
    if (!type) return std::unexpected(type.error());
    auto qclass = in.u16();
    if (!qclass) return std::unexpected(qclass.error());
    q.type = static_cast<RRType>(*type);
    q.qclass = *qclass;
    m.questions.push_back(std::move(q));
  }
  std::vector<Record>* sections[3] = {&m.answers, &m.authority, &m.additional};
  for (int s = 0; s < 3; ++s) {
    for (std::uint16_t i = 0; i < counts[s + 1]; ++i) {
      auto rec = read_record(in);
      if (!rec) return std::unexpected(rec.error());
      sections[s]->push_back(std::move(*rec));
    }
  }
  if (in.left() != 0) {
    return fail(Errc::parse_error,
                std::to_string(in.left()) + " unexpected bytes after the last record",
                "offset " + std::to_string(in.pos()));
  }
  return m;
}

}  // namespace ascot::dns
