#pragma once

#include <cstddef>

namespace confide::limits {

// Maxima for untrusted content, checked before any deep work so that no file can make the
// engine slow or exhaust the 64 KiB wasm stack. Each has its own problem code.

inline constexpr std::size_t file_bytes = 1024 * 1024;  ///< "file-too-large"
inline constexpr std::size_t depth = 64;                ///< JSON nesting, "too-deep"
inline constexpr std::size_t questions = 200;           ///< "too-many-questions"
inline constexpr std::size_t options = 32;              ///< per question, "too-many-options"
inline constexpr std::size_t conditions = 2000;  ///< nodes in one file, "too-many-conditions"
inline constexpr std::size_t text_bytes = 8192;  ///< one string, "text-too-long"
inline constexpr std::size_t results = 200;      ///< outcomes+findings+alerts, "too-many-results"
inline constexpr double number_magnitude = 1e9;  ///< any number's |value|, "number-out-of-range"
/// Problems listed per file; one more, "too-many-problems", counts the rest.
inline constexpr std::size_t problems = 100;

}  // namespace confide::limits
