#pragma once

// Strict reading of untrusted JSON text into a small read-only DOM of the engine's own. The
// limits of limits.hpp are enforced while reading (size before anything, depth as containers
// open), duplicate keys are reported with their pointer instead of silently keeping one value,
// and nothing is ever thrown. The DOM lives in one arena per document, so reading a content file
// costs a few allocations rather than one per value, and dropping it costs nothing; loading is
// the first thing a reader waits for in the browser, and content is only ever read once.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "problem.hpp"

namespace confide {

struct JsonMember;

/**
 * One value of a document that read_json() made: a view into that document's storage, valid
 * as long as the document. Objects keep their members in the order of the text.
 */
class JsonValue {
 public:
  enum class Type : std::uint8_t { null, boolean, number, string, array, object };

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  bool is_boolean() const { return type_ == Type::boolean; }
  bool is_number() const { return type_ == Type::number; }
  bool is_string() const { return type_ == Type::string; }
  bool is_array() const { return type_ == Type::array; }
  bool is_object() const { return type_ == Type::object; }

  /** The value of a boolean, a number or a string; nullptr for any other type. */
  const bool* boolean() const { return is_boolean() ? &scalar_.boolean : nullptr; }
  const double* number() const { return is_number() ? &scalar_.number : nullptr; }
  const std::string_view* string() const { return is_string() ? &string_ : nullptr; }

  /** Items of an array or members of an object; 0 for anything else. */
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  /** An array's items (empty for anything else); `(*this)[i]` for i < size(). */
  const JsonValue* begin() const { return is_array() ? scalar_.items : nullptr; }
  const JsonValue* end() const { return begin() + (is_array() ? count_ : 0); }
  const JsonValue& operator[](std::size_t i) const { return scalar_.items[i]; }

  /** An object's members in the order of the text (none for anything else). */
  struct Members {
    const JsonMember* first;
    const JsonMember* last;
    const JsonMember* begin() const { return first; }
    const JsonMember* end() const { return last; }
  };
  Members members() const;

  /** The member `key` of an object; nullptr when absent or when this is not an object. */
  const JsonValue* find(std::string_view key) const;

  static JsonValue make_boolean(bool value);
  static JsonValue make_number(double value);
  /** `text` must outlive the value (the reader keeps it in the document's arena). */
  static JsonValue make_string(std::string_view text);
  static JsonValue make_array(const JsonValue* items, std::size_t count);
  static JsonValue make_object(const JsonMember* members, std::size_t count);

 private:
  union Scalar {
    bool boolean;
    double number;
    const JsonValue* items;
    const JsonMember* members;
  };
  std::string_view string_;
  Scalar scalar_{};
  std::uint32_t count_ = 0;
  Type type_ = Type::null;
};

struct JsonMember {
  std::string_view key;
  JsonValue value;
};

/** Memory for one document's values and strings, freed all at once with it. */
class JsonArena {
 public:
  /** `bytes` of storage aligned to `align` (a power of two), or a copy of `text`. */
  void* allocate(std::size_t bytes, std::size_t align);
  std::string_view copy(std::string_view text);
  /** The first block's size: most documents then need no other. */
  void reserve(std::size_t bytes);

 private:
  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  unsigned char* free_ = nullptr;
  std::size_t left_ = 0;
  std::size_t next_block_ = 4096;
};

/** The outcome of reading one JSON text. */
struct JsonDocument {
  /// The parsed value; null when `parsed` is false. For a duplicate key the first value is kept.
  JsonValue value;
  /// False when the text could not be read at all (malformed, invalid UTF-8, too large, too deep).
  bool parsed = false;
  /// The fatal problem, or every duplicate key and out-of-range number found while parsing.
  Problems problems;
  /// Where `value` and everything it holds live; the text read is not needed afterwards.
  JsonArena arena;
};

/**
 * Parses `text` strictly. Fatal problems ("file-too-large", "invalid-utf8", "malformed-json",
 * "too-deep") use the root pointer "" and give the line and column where they exist; the
 * others ("duplicate-key", "number-out-of-range") point at the value concerned. Numbers are
 * doubles, exact up to 15 significant digits.
 */
JsonDocument read_json(std::string_view text);

/** "line L, column C" (1-based, columns in characters) of a byte offset into `text`. */
std::string text_location(std::string_view text, std::size_t offset);

}  // namespace confide
