#pragma once

// Writes JSON text straight into a string, for the views the widget reads: no DOM is built, and
// the wasm build carries no serializer or printf. The caller gives a well-formed sequence of
// calls (a key before each member's value); commas are placed here.

#include <cstdint>
#include <string>
#include <string_view>

namespace confide {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  /** An object member's key; its value comes next. */
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  /** A whole number as an integer ("120", not "120.0"); others to 15 significant digits. */
  JsonWriter& number(double value);
  JsonWriter& boolean(bool value) { return raw(value ? "true" : "false"); }
  JsonWriter& null() { return raw("null"); }
  /** A string, or null when it is empty. */
  JsonWriter& string_or_null(std::string_view text) { return text.empty() ? null() : string(text); }

  /** A value that is JSON text already (a fragment written by another JsonWriter). */
  JsonWriter& raw(std::string_view json);

 private:
  void separate() {
    if (need_comma_) out_ += ',';
  }
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);

  std::string& out_;
  bool need_comma_ = false;
};

/** Appends `text` as a JSON string literal, quotes included. */
void append_json_string(std::string& out, std::string_view text);

/** Appends `number` in decimal digits: every count, index, handle and whole number written. */
void append_whole_number(std::string& out, std::uint64_t number);

/** `value` as JSON writes it: see JsonWriter::number. Not finite: "null". */
std::string json_number(double value);

}  // namespace confide
