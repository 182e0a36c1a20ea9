#pragma once

// What the harnesses share: a JSON Pointer syntax check and a failure that libFuzzer reports
// with the input that caused it.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "problem.hpp"

namespace confide::fuzz {

/** Stops the run so that libFuzzer saves the input; an invariant does not hold. */
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
  std::abort();
}

/** RFC 6901: "" or "/" followed by tokens where "~" is only ever "~0" or "~1". */
inline bool valid_pointer(const std::string& pointer) {
  if (pointer.empty()) return true;
  if (pointer[0] != '/') return false;
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '~' &&
        (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

/** A failed load explains itself: at least one error, every one at a valid pointer. */
inline void check_problems(const Problems& problems, bool loaded) {
  for (const Problem& problem : problems) {
    if (!valid_pointer(problem.pointer)) fail("invalid JSON Pointer \"" + problem.pointer + "\"");
    if (problem.code.empty() || problem.message.empty()) fail("a problem without code or message");
  }
  if (!loaded && !has_errors(problems)) fail("a load failed without an error");
  if (loaded && has_errors(problems)) fail("a load succeeded with an error");
}

}  // namespace confide::fuzz
