#pragma once

// Helpers the engine tests share: reading files of the source tree and looking into the
// problems a load or an analysis reports.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "problem.hpp"

namespace confide::test {

/** The whole of a file as bytes; empty when it cannot be read. */
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

/** A path below the source tree, e.g. `source_path("content") / "pcd.json"`. */
inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(CONFIDE_SOURCE_DIR) / relative;
}

/** Whether `problems` holds one with this code at this pointer. */
inline bool has_problem(const Problems& problems, const std::string& code,
                        const std::string& pointer) {
  return std::any_of(problems.begin(), problems.end(), [&](const Problem& problem) {
    return problem.code == code && problem.pointer == pointer;
  });
}

/** One line per problem, for the INFO of a failing check. */
inline std::string describe(const Problems& problems) {
  std::string text;
  for (const Problem& problem : problems) {
    text += problem.code + " [" + problem.pointer + "] " + problem.message + "\n";
  }
  return text;
}

}  // namespace confide::test
