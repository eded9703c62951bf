// RFC 4155 (the application/mbox media type; appendix A describes the mbox format and its
// "From " quoting variants): reading training mail from an mbox file.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>
#include <vector>

#include "content/corpus.hpp"

namespace ascot::content {

namespace {

// kReadChunk is how much of the file is read at a time (ASCOT's choice).
constexpr std::size_t kReadChunk = std::size_t{64} << 10;

// LineReader yields the lines of a stream without their LF (a CR before it is removed too).
// A line is never held beyond mail::kMaxMessageSize octets: the rest of a longer one is read
// and dropped, and the line is marked overlong, so a file without line ends cannot make it
// allocate without bound.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in), buffer_(kReadChunk) {}

  // next reads the next line into |line|; false at the end of the file or on a read error
  // (failed() tells them apart).
  bool next(std::string& line, bool& overlong) {
    line.clear();
    overlong = false;
    bool any = false;
    while (true) {
      if (pos_ == len_) {
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        len_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        if (len_ == 0) {
          if (any && !line.empty() && line.back() == '\r') line.pop_back();
          return any;
        }
      }
      any = true;
      const char* start = buffer_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      std::size_t take = nl != nullptr ? static_cast<std::size_t>(nl - start) : len_ - pos_;
      std::size_t room = mail::kMaxMessageSize - line.size();
      if (take > room) overlong = true;
      line.append(start, std::min(take, room));
      pos_ += take;
      if (nl != nullptr) {
        ++pos_;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
      }
    }
  }

  bool failed() const { return in_.bad(); }

 private:
  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
};

// mboxrd quoting: ">From ", ">>From ", ... lose one ">".
bool is_quoted_from(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i).starts_with("From ");
}

class MboxReader {
 public:
  MboxReader(const std::string& path, const MessageSink& sink) : path_(path), sink_(sink) {}

  Expected<CorpusStats> run() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      return fail(errno == ENOENT ? Errc::not_found : Errc::io_error,
                  "cannot open the mbox file: " + std::string(std::strerror(errno)), path_);
    }
    LineReader lines(in);
    std::string line;
    bool overlong = false;
    bool previous_empty = false;
    std::size_t number = 0;
    while (lines.next(line, overlong)) {
      ++number;
      if (line.starts_with("From ") && (number == 1 || previous_empty)) {
        if (auto r = finish(); !r) return std::unexpected(r.error());
        open_ = true;
        ++index_;
        start_line_ = number;
        previous_empty = false;
        continue;
      }
      if (!open_ && line.empty()) {
        previous_empty = true;  // empty lines before the first message are tolerated
        continue;
      }
      if (!open_) {
        return fail(Errc::parse_error,
                    "is not an mbox file: line " + std::to_string(number) +
                        " comes before any \"From \" line (RFC 4155)",
                    path_);
      }
      previous_empty = line.empty();
      std::string_view text = line;
      if (is_quoted_from(text)) text.remove_prefix(1);
      if (overlong || bytes_.size() + text.size() + 2 > mail::kMaxMessageSize) {
        too_large_ = true;
        continue;
      }
      bytes_ += text;
      bytes_ += "\r\n";
    }
    if (lines.failed()) {
      return fail(Errc::io_error,
                  "read failed after line " + std::to_string(number) + ": " + std::strerror(errno),
                  path_);
    }
    if (number == 0) {
      return fail(Errc::parse_error, "is empty, not an mbox file (RFC 4155)", path_);
    }
    if (auto r = finish(); !r) return std::unexpected(r.error());
    return std::move(stats_);
  }

 private:
  // finish passes on the message read so far, if any.
  Expected<void> finish() {
    if (!open_) return {};
    open_ = false;
    std::string where = path_ + ": message " + std::to_string(index_) + " (line " +
                        std::to_string(start_line_) + ")";
    // The empty line that separates messages belongs to the mbox, not to the message.
    if (bytes_.ends_with("\r\n\r\n")) bytes_.resize(bytes_.size() - 2);
    std::string bytes = std::exchange(bytes_, {});
    if (std::exchange(too_large_, false)) {
      return skip(where, "larger than " + std::to_string(mail::kMaxMessageSize) + " octets");
    }
    if (bytes.empty()) return skip(where, "empty");
    auto message = mail::Message::parse(std::move(bytes));
    if (!message) return skip(where, message.error().to_string());
    ++stats_.read;
    return sink_(*message, where);
  }

  Expected<void> skip(const std::string& where, const std::string& why) {
    ++stats_.skipped;
    if (stats_.problems.size() < kMaxReportedProblems)
      stats_.problems.push_back(where + ": " + why);
    return {};
  }

  const std::string& path_;
  const MessageSink& sink_;
  CorpusStats stats_;
  std::string bytes_;
  bool open_ = false;
  bool too_large_ = false;
  std::size_t index_ = 0;
  std::size_t start_line_ = 0;
};

}  // namespace

Expected<CorpusStats> read_mbox(const std::string& path, const MessageSink& sink) {
  return MboxReader(path, sink).run();
}

}  // namespace ascot::content
