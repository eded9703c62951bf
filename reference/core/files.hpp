// core/files.hpp: reading whole files and writing them atomically.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ascot {

// read_file returns the bytes of the file at |path|, exactly.
Expected<std::string> read_file(const std::string& path);

// write_file_atomic writes |content| to a temporary file beside |path|, flushes it to disk
// and renames it over |path|: a reader sees the old file or the whole new one, never a part,
// even if the process is killed half way.
Expected<void> write_file_atomic(const std::string& path, std::string_view content);

}  // namespace ascot
