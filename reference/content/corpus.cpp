// Training corpora: maildirs (D. J. Bernstein's maildir format, as qmail and most IMAP servers
// store mail) and the dispatch between them and mbox files (rfc4155_mbox.cpp).
#include "content/corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "content/tokenizer.hpp"
#include "core/files.hpp"

namespace ascot::content {

namespace fs = std::filesystem;

std::string to_crlf(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 32);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) out += '\r';
    out += bytes[i];
  }
  return out;
}

Expected<CorpusStats> read_maildir(const std::string& path, const MessageSink& sink) {
  std::error_code ec;
  std::vector<fs::path> dirs;
  for (const char* sub : {"cur", "new"}) {
    fs::path dir = fs::path(path) / sub;
    if (fs::is_directory(dir, ec)) dirs.push_back(dir);
  }
  if (dirs.empty()) {
    return fail(Errc::not_found, "is not a maildir: it has neither cur/ nor new/", path);
  }
  CorpusStats stats;
  auto skip = [&](const std::string& where, const std::string& why) {
    ++stats.skipped;
    if (stats.problems.size() < kMaxReportedProblems) stats.problems.push_back(where + ": " + why);
  };
  for (const auto& dir : dirs) {
    std::vector<fs::path> files;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.filename().string().starts_with('.')) continue;
      std::error_code type_ec;
      if (it->is_regular_file(type_ec)) files.push_back(p);
    }
    if (ec) return fail(Errc::io_error, "cannot list the directory: " + ec.message(), dir.string());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::string where = file.string();
      std::error_code size_ec;
      auto size = fs::file_size(file, size_ec);
      if (size_ec) return fail(Errc::io_error, "cannot read the file: " + size_ec.message(), where);
      if (size > mail::kMaxMessageSize) {
        skip(where, "larger than " + std::to_string(mail::kMaxMessageSize) + " octets");
        continue;
      }
      auto bytes = read_file(where);
      if (!bytes) return fail(Errc::io_error, bytes.error().message, where);
      if (bytes->empty()) {
        skip(where, "empty");
        continue;
      }
      auto message = mail::Message::parse(to_crlf(*bytes));
      if (!message) {
        skip(where, message.error().to_string());
        continue;
      }
      ++stats.read;
      if (auto r = sink(*message, where); !r) return std::unexpected(r.error());
    }
  }
  return stats;
}

Expected<CorpusStats> read_corpus(const std::string& path, const MessageSink& sink) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return read_maildir(path, sink);
  return read_mbox(path, sink);
}

Expected<CorpusStats> train_corpus(Model& model, const std::string& path, Label label) {
  CorpusStats stats;
  auto trained = model.train([&](Trainer& trainer) -> Expected<void> {
    auto read = read_corpus(path, [&](const mail::Message& message, std::string_view) {
      return trainer.learn(tokenize(message).tokens, label);
    });
    if (!read) return std::unexpected(read.error());
    stats = std::move(*read);
    return {};
  });
  if (!trained) return std::unexpected(trained.error());
  return stats;
}

}  // namespace ascot::content
