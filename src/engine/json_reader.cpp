#include "json_reader.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "limits.hpp"

namespace confide {

namespace {

using nlohmann::json;

bool is_continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

/** Offset of the first byte that breaks UTF-8 (RFC 3629, no overlongs or surrogates), or npos. */
std::size_t first_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char c = bytes[i];
    if (c < 0x80U) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80U;  // allowed range of the second byte, which rules out overlongs
    unsigned char high = 0xBFU;
    if (c >= 0xC2U && c <= 0xDFU) {
      length = 2;
    } else if (c >= 0xE0U && c <= 0xEFU) {
      length = 3;
      if (c == 0xE0U) low = 0xA0U;
      if (c == 0xEDU) high = 0x9FU;  // UTF-16 surrogates are not characters
    } else if (c >= 0xF0U && c <= 0xF4U) {
      length = 4;
      if (c == 0xF0U) low = 0x90U;
      if (c == 0xF4U) high = 0x8FU;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + length > size) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (!is_continuation(bytes[i + k])) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

/**
 * Builds the DOM the way nlohmann's own SAX DOM parser does, but reports duplicate keys and
 * out-of-range numbers with their pointer and stops when containers nest too deeply.
 */
class StrictBuilder {
 public:
  explicit StrictBuilder(Problems& problems) : problems_(problems) {}

  bool null() { return add(json(nullptr)); }
  bool boolean(bool value) { return add(json(value)); }
  bool number_integer(json::number_integer_t value) {
    if (!skipping() && std::fabs(static_cast<double>(value)) > limits::number_magnitude)
      out_of_range();
    return add(json(value));
  }
  bool number_unsigned(json::number_unsigned_t value) {
    if (!skipping() && static_cast<double>(value) > limits::number_magnitude) out_of_range();
    return add(json(value));
  }
  bool number_float(json::number_float_t value, const std::string& /*text*/) {
    if (!skipping() && !(std::fabs(value) <= limits::number_magnitude)) out_of_range();
    return add(json(value));
  }
  bool string(std::string& value) { return add(json(std::move(value))); }
  bool binary(json::binary_t& /*value*/) { return false; }  // never produced by JSON text

  bool start_object(std::size_t /*elements*/) { return open(json::value_t::object); }
  bool start_array(std::size_t /*elements*/) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& name) {
    if (skipping()) return true;
    json* object = stack_.back();
    if (object->find(name) != object->end()) {
      problems_.push_back({"duplicate-key", child_pointer(name),
                           "duplicate key \"" + name + "\" (each key may appear once)",
                           Severity::error});
      discard_next_ = true;
    }
    key_ = std::move(name);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) {
    error_position_ = position;
    error_message_ = error.what();
    failed_ = true;
    // nlohmann reports a literal beyond the range of double (1e400) as a parse error (406).
    if (error.id == 406) overflow_pointer_ = value_pointer();
    return false;
  }

  json& root() { return root_; }
  bool too_deep() const { return too_deep_; }
  bool failed() const { return failed_; }
  std::size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }
  const std::optional<std::string>& overflow_pointer() const { return overflow_pointer_; }

 private:
  bool skipping() const { return skip_depth_ > 0; }

  /// Pointer of the value about to be added to the innermost open container.
  std::string value_pointer() const {
    if (stack_.empty()) return "";
    const json* top = stack_.back();
    if (top->is_object()) return child_pointer(key_);
    return path() + "/" + std::to_string(top->size());
  }

  std::string child_pointer(const std::string& name) const {
    return path() + "/" + pointer_token(name);
  }

  std::string path() const {
    std::string pointer;
    for (const auto& token : tokens_) pointer += "/" + token;
    return pointer;
  }

  void out_of_range() {
    problems_.push_back({"number-out-of-range", value_pointer(),
                         "number out of range (magnitude above 1e9)", Severity::error});
  }

  /// Places a value in the innermost container; returns where it now lives, or null if dropped.
  json* place(json&& value) {
    if (skipping()) return nullptr;
    if (discard_next_) {
      discard_next_ = false;
      return nullptr;
    }
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json* top = stack_.back();
    if (top->is_object()) {
      auto inserted = top->get_ptr<json::object_t*>()->emplace(std::move(key_), std::move(value));
      return &inserted.first->second;
    }
    auto* array = top->get_ptr<json::array_t*>();
    array->push_back(std::move(value));
    return &array->back();
  }

  bool add(json&& value) {
    place(std::move(value));
    return true;
  }

  bool open(json::value_t type) {
    if (++depth_ > limits::depth) {
      too_deep_ = true;
      return false;
    }
    if (skipping()) {
      ++skip_depth_;
      return true;
    }
    std::string token;
    if (!stack_.empty()) {
      const json* top = stack_.back();
      token = top->is_object() ? pointer_token(key_) : std::to_string(top->size());
    }
    json* placed = place(json(type));
    if (placed == nullptr) {  // the value of a duplicate key: read it, keep nothing
      skip_depth_ = 1;
      return true;
    }
    if (!stack_.empty()) tokens_.push_back(std::move(token));
    stack_.push_back(placed);
    return true;
  }

  bool close() {
    --depth_;
    if (skipping()) {
      --skip_depth_;
      return true;
    }
    if (stack_.size() > 1) tokens_.pop_back();
    stack_.pop_back();
    return true;
  }

  Problems& problems_;
  json root_;
  std::vector<json*> stack_;
  std::vector<std::string> tokens_;  ///< reference tokens of the open containers below the root
  std::string key_;
  bool discard_next_ = false;
  std::size_t skip_depth_ = 0;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
  bool failed_ = false;
  std::size_t error_position_ = 0;
  std::string error_message_;
  std::optional<std::string> overflow_pointer_;
};

/** nlohmann's explanation without its "[json.exception...] parse error at line..:" prefix. */
std::string parse_error_detail(const std::string& what) {
  std::size_t start = what.find("column ");
  if (start != std::string::npos) start = what.find(": ", start);
  std::string detail = start == std::string::npos ? what : what.substr(start + 2);
  // The last token may be the whole rest of a long string: the position says enough.
  const std::size_t last_read = detail.find("; last read:");
  if (last_read != std::string::npos) detail.erase(last_read);
  return detail;
}

}  // namespace

std::string text_location(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (!is_continuation(c)) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

JsonDocument read_json(std::string_view text) {
  JsonDocument document;
  if (text.size() > limits::file_bytes) {
    document.problems.push_back({"file-too-large", "",
                                 "file too large: " + std::to_string(text.size()) +
                                     " bytes, at most " + std::to_string(limits::file_bytes),
                                 Severity::error});
    return document;
  }
  const std::size_t bad = first_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    document.problems.push_back(
        {"invalid-utf8", "", "invalid UTF-8 at " + text_location(text, bad), Severity::error});
    return document;
  }

  Problems found;
  StrictBuilder builder(found);
  const char* begin = text.data();
  const bool ok = json::sax_parse(begin, begin + text.size(), &builder, json::input_format_t::json,
                                  true, false);
  if (builder.too_deep()) {
    document.problems.push_back(
        {"too-deep", "", "JSON nested more than " + std::to_string(limits::depth) + " levels deep",
         Severity::error});
    return document;
  }
  if (!ok || builder.failed()) {
    // nlohmann counts the offending character as read: step back onto it.
    std::size_t position = builder.error_position();
    if (position > 0) --position;
    if (builder.overflow_pointer()) {
      document.problems.push_back({"number-out-of-range", *builder.overflow_pointer(),
                                   "number out of range at " + text_location(text, position),
                                   Severity::error});
      return document;
    }
    document.problems.push_back({"malformed-json", "",
                                 "malformed JSON at " + text_location(text, position) + ": " +
                                     parse_error_detail(builder.error_message()),
                                 Severity::error});
    return document;
  }
  document.value = std::move(builder.root());
  document.parsed = true;
  document.problems = std::move(found);
  return document;
}

}  // namespace confide
