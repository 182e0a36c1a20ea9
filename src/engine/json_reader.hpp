#pragma once

// Strict reading of untrusted JSON text into nlohmann's DOM, by a reader of our own rather than
// nlohmann's parser: the limits of limits.hpp are enforced while reading (size before anything,
// depth as containers open), duplicate keys are reported with their pointer instead of silently
// keeping one value, nothing is ever thrown, and it is faster and far smaller in the wasm build.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "problem.hpp"

namespace confide {

/** The outcome of reading one JSON text. */
struct JsonDocument {
  /// The parsed value; null when `parsed` is false. For a duplicate key the first value is kept.
  nlohmann::json value;
  /// False when the text could not be read at all (malformed, invalid UTF-8, too large, too deep).
  bool parsed = false;
  /// The fatal problem, or every duplicate key and out-of-range number found while parsing.
  Problems problems;
};

/**
 * Parses `text` strictly. Fatal problems ("file-too-large", "invalid-utf8", "malformed-json",
 * "too-deep") use the root pointer "" and give the line and column where they exist; the
 * others ("duplicate-key", "number-out-of-range") point at the value concerned.
 */
JsonDocument read_json(std::string_view text);

/** "line L, column C" (1-based, columns in characters) of a byte offset into `text`. */
std::string text_location(std::string_view text, std::size_t offset);

}  // namespace confide
