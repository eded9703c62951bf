// content/corpus.hpp: reading training mail from mbox files and maildirs, and training a
// Model on it (X.1240 7.9 (derived-from-heading): a content filter learns from mail that
// people have sorted into spam and ham).
//
// Stored mail uses the local line ending (RFC 4155 for mbox; a maildir message is a file
// written by the delivery agent), which is LF on the systems ASCOT runs on, while a message
// on the wire ends its lines in CRLF (RFC 5322 2.1). The readers convert each bare LF to CRLF
// before parsing, so a message read from a corpus is the message that was once sent; nothing
// else in it is changed. A message that does not parse, or is larger than
// mail::kMaxMessageSize, is skipped and counted; an I/O error stops the reading with an error
// that names the file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "content/model.hpp"
#include "core/error.hpp"
#include "mail/message.hpp"

namespace ascot::content {

// kMaxReportedProblems bounds the skipped-message reasons kept in CorpusStats (ASCOT's choice:
// enough to show a pattern, few enough to print).
inline constexpr std::size_t kMaxReportedProblems = 20;

// CorpusStats says what reading a corpus found.
struct CorpusStats {
  std::size_t read = 0;     // messages parsed and passed on
  std::size_t skipped = 0;  // messages that did not parse, were empty or too large
  // Why messages were skipped ("spam.mbox: message 7 (line 120): ..."), the first
  // kMaxReportedProblems of them.
  std::vector<std::string> problems;
};

// MessageSink receives each message of a corpus; |where| names it ("spam.mbox: message 3
// (line 57)", "ham/cur/1700000000.x"). An error from the sink stops the reading and is
// returned.
using MessageSink = std::function<Expected<void>(const mail::Message&, std::string_view where)>;

// read_mbox reads the mbox file at |path| (RFC 4155; mboxo and mboxrd). A message begins at a
// "From " line that opens the file or follows an empty line; the empty line before it ends
// the previous message and is not part of it. Quoting is undone the mboxrd way: one ">" is
// removed from every line that matches ">+From " (for an mboxo file this gives the same text,
// except for lines that began ">From " before quoting, which mboxo cannot tell apart).
// Fails (not_found or io_error, naming the file) when the file cannot be read, and
// (parse_error) when it does not begin with a "From " line, so that a single message or a
// file of some other kind is not read as an empty mbox.
Expected<CorpusStats> read_mbox(const std::string& path, const MessageSink& sink);

// read_maildir reads the messages in |path|/cur and |path|/new (D. J. Bernstein's maildir
// format; tmp/ holds deliveries in progress and is not read), each in file-name order; names
// beginning with "." are not messages and are passed over. Fails (not_found) when |path| has
// neither cur/ nor new/, and (io_error, naming the file) when a directory or file cannot be
// read.
Expected<CorpusStats> read_maildir(const std::string& path, const MessageSink& sink);

// read_corpus reads |path| as a maildir when it is a directory, else as an mbox file.
Expected<CorpusStats> read_corpus(const std::string& path, const MessageSink& sink);

// train_corpus tokenises every message of the corpus at |path| and learns it as |label|, all in
// one model.train() transaction: if reading fails half way, the model is unchanged.
Expected<CorpusStats> train_corpus(Model& model, const std::string& path, Label label);

// to_crlf returns |bytes| with every LF that does not follow a CR preceded by one.
std::string to_crlf(std::string_view bytes);

}  // namespace ascot::content
