#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace confide {

/** How bad a problem is: an error makes a file unusable, a warning does not. */
enum class Severity { error, warning };

/**
 * One thing wrong with a file or an input, reported as a value rather than thrown.
 *
 * `pointer` is an RFC 6901 JSON Pointer into the file the problem was found in ("" is the
 * whole file). `code` is a stable kebab-case identifier that tests and tools match on;
 * `message` is for people.
 */
struct Problem {
  std::string code;     ///< e.g. "unknown-key", "duplicate-id", "outcome-gap"
  std::string pointer;  ///< JSON Pointer, "" for the whole file
  std::string message;  ///< one sentence, no trailing period needed
  Severity severity = Severity::error;
};

using Problems = std::vector<Problem>;

/** True when at least one problem is an error (warnings alone leave a file usable). */
bool has_errors(const Problems& problems);

/** Escapes one reference token for a JSON Pointer ("~" -> "~0", "/" -> "~1"). */
std::string pointer_token(std::string_view token);

/** The pointer to member `key` (escaped as a reference token) or item `index` of `pointer`. */
std::string pointer_to(std::string_view pointer, std::string_view key);
std::string pointer_to(std::string_view pointer, std::size_t index);

}  // namespace confide
