#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <set>
#include <utility>
#include <vector>

#include "json_writer.hpp"
#include "limits.hpp"

namespace confide {

JsonValue::Members JsonValue::members() const {
  if (!is_object()) return {nullptr, nullptr};
  return {scalar_.members, scalar_.members + count_};
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const JsonMember& member : members()) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

JsonValue JsonValue::make_boolean(bool value) {
  JsonValue out;
  out.type_ = Type::boolean;
  out.scalar_.boolean = value;
  return out;
}

JsonValue JsonValue::make_number(double value) {
  JsonValue out;
  out.type_ = Type::number;
  out.scalar_.number = value;
  return out;
}

JsonValue JsonValue::make_string(std::string_view text) {
  JsonValue out;
  out.type_ = Type::string;
  out.string_ = text;
  return out;
}

JsonValue JsonValue::make_array(const JsonValue* items, std::size_t count) {
  JsonValue out;
  out.type_ = Type::array;
  out.scalar_.items = items;
  out.count_ = static_cast<std::uint32_t>(count);
  return out;
}

JsonValue JsonValue::make_object(const JsonMember* members, std::size_t count) {
  JsonValue out;
  out.type_ = Type::object;
  out.scalar_.members = members;
  out.count_ = static_cast<std::uint32_t>(count);
  return out;
}

void JsonArena::reserve(std::size_t bytes) { next_block_ = std::max(next_block_, bytes); }

void* JsonArena::allocate(std::size_t bytes, std::size_t align) {
  const std::size_t skip =
      static_cast<std::size_t>(-reinterpret_cast<std::uintptr_t>(free_)) & (align - 1);
  if (skip + bytes > left_) {
    // Not make_unique: the block need not be zeroed.
    const std::size_t size = std::max(bytes, next_block_);
    blocks_.emplace_back(new unsigned char[size]);
    free_ = blocks_.back().get();
    left_ = size;
    next_block_ = size * 2;
  } else {
    free_ += skip;
    left_ -= skip;
  }
  void* out = free_;
  free_ += bytes;
  left_ -= bytes;
  return out;
}

std::string_view JsonArena::copy(std::string_view text) {
  if (text.empty()) return {};
  auto* out = static_cast<char*>(allocate(text.size(), 1));
  std::memcpy(out, text.data(), text.size());
  return {out, text.size()};
}

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// Eight bytes at a time: the tests below are exact for every byte (they never report a byte
// that is not there), so runs of plain text are skipped a word at a time.
constexpr std::uint64_t each_byte(unsigned char c) { return 0x0101010101010101ULL * c; }

std::uint64_t load_word(const char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

/** Whether some byte of `word` is below `bound` (at most 0x80). */
constexpr bool any_byte_below(std::uint64_t word, unsigned char bound) {
  return ((word - each_byte(bound)) & ~word & each_byte(0x80)) != 0;
}

constexpr bool any_byte_is(std::uint64_t word, unsigned char c) {
  return any_byte_below(word ^ each_byte(c), 1);
}

/** Whether `c` may stand unescaped in a string (anything but '"', '\\' and controls). */
constexpr bool plain_string_byte(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

/** Whether no byte of `word` ends or breaks a run of plain string characters. */
constexpr bool plain_string_bytes(std::uint64_t word) {
  return !any_byte_below(word, 0x20) && !any_byte_is(word, '"') && !any_byte_is(word, '\\');
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629, no overlongs or surrogates), or npos. */
std::size_t first_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    if (i + 8 <= size && (load_word(text.data() + i) & each_byte(0x80)) == 0) {
      i += 8;  // ASCII
      continue;
    }
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

/// Powers of ten that a double holds exactly (10^22 is the last).
constexpr double exact_powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/** digits × 10^exponent: exact for up to 15 significant digits and |exponent| ≤ 22. */
double scale_by_ten(double digits, long exponent) {
  for (; exponent > 22; exponent -= 22) {
    digits *= 1e22;
    if (!std::isfinite(digits)) return digits;
  }
  for (; exponent < -22; exponent += 22) {
    digits /= 1e22;
    if (digits == 0) return digits;
  }
  const auto index = static_cast<std::size_t>(exponent < 0 ? -exponent : exponent);
  return exponent < 0 ? digits / exact_powers[index] : digits * exact_powers[index];
}

/** Why reading stopped, when it did. */
enum class Stop { none, malformed, too_deep, overflow };

/**
 * A strict recursive-descent reader that builds the DOM in one pass over text already known to
 * be valid UTF-8. Recursion is bounded by limits::depth, checked before descending. The items
 * and members of the containers being read wait on two stacks, and move to the arena in one
 * piece when their container closes.
 */
class StrictReader {
 public:
  StrictReader(std::string_view text, JsonArena& arena, Problems& problems)
      : text_(text), arena_(arena), problems_(problems) {}

  /** Reads the whole text as one value; false when it stopped (see stop()). */
  bool read(JsonValue& root) {
    // A byte order mark, which some editors write, is not part of the value.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
    skip_space();
    if (!value(root)) return false;
    skip_space();
    if (at_ < text_.size()) return malformed({"unexpected text after the JSON value"});
    return true;
  }

  Stop stop() const { return stop_; }
  std::size_t stop_offset() const { return stop_offset_; }
  const std::string& stop_detail() const { return stop_detail_; }
  const std::string& overflow_pointer() const { return overflow_pointer_; }

 private:
  /** Where the value being read sits: a key of an object or an index of an array. */
  struct Frame {
    std::string_view key;
    std::size_t index;
    bool in_object;
  };

  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  bool at_end() const { return at_ >= text_.size(); }

  void skip_space() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      ++at_;
    }
  }

  bool malformed(std::initializer_list<Piece> detail) {
    stop_ = Stop::malformed;
    stop_offset_ = at_;
    stop_detail_ = join(detail);
    return false;
  }

  bool unexpected(const char* expected) {
    if (at_end()) return malformed({"unexpected end of text; expected ", expected});
    // Quote the whole UTF-8 character, not its first byte.
    std::size_t end = at_ + 1;
    while (end < text_.size() && is_continuation(static_cast<unsigned char>(text_[end]))) ++end;
    return malformed({"unexpected '", text_.substr(at_, end - at_), "'; expected ", expected});
  }

  std::string pointer() const {
    std::string out;
    for (const Frame& frame : frames_) {
      out += '/';
      if (frame.in_object) {
        out += pointer_token(frame.key);
      } else {
        append_whole_number(out, frame.index);
      }
    }
    return out;
  }

  bool value(JsonValue& out) {
    switch (peek()) {
      case '{':
        return object(out);
      case '[':
        return array(out);
      case '"': {
        std::string_view text;
        if (!string(text)) return false;
        out = JsonValue::make_string(text);
        return true;
      }
      case 't':
        return literal("true", out, JsonValue::make_boolean(true));
      case 'f':
        return literal("false", out, JsonValue::make_boolean(false));
      case 'n':
        return literal("null", out, JsonValue());
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number(out);
        return unexpected("a value");
    }
  }

  bool literal(std::string_view word, JsonValue& out, JsonValue value) {
    if (text_.substr(at_, word.size()) != word) return unexpected("a value");
    at_ += word.size();
    out = value;
    return true;
  }

  /**
   * An object or an array from its opening bracket to `close`: `element()` reads each member
   * or item, with its frame on top of frames_; elements are separated by commas.
   */
  template <class Element>
  bool container(char close, const char* expected, bool in_object, Element element) {
    if (++depth_ > limits::depth) {
      stop_ = Stop::too_deep;
      return false;
    }
    ++at_;
    skip_space();
    if (peek() != close) {
      frames_.push_back({{}, 0, in_object});
      while (true) {
        if (!element()) return false;
        skip_space();
        if (peek() == close) break;
        if (peek() != ',') return unexpected(expected);
        ++at_;
        skip_space();
      }
      frames_.pop_back();
    }
    ++at_;
    --depth_;
    return true;
  }

  /** The `count` entries of `stack` from `base`, moved to the arena. */
  template <class Entry>
  const Entry* settle(std::vector<Entry>& stack, std::size_t base) {
    const std::size_t count = stack.size() - base;
    if (count == 0) return nullptr;
    auto* out = static_cast<Entry*>(arena_.allocate(count * sizeof(Entry), alignof(Entry)));
    std::copy(stack.begin() + static_cast<std::ptrdiff_t>(base), stack.end(), out);
    stack.resize(base);
    return out;
  }

  /// Content objects have a handful of keys, which are scanned; a longer object's are indexed.
  static constexpr std::size_t scanned_keys = 16;

  /** Whether `key` is among the members of the object being read (from `base`). */
  bool seen_key(std::size_t base, std::string_view key,
                const std::set<std::string_view>& index) const {
    if (!index.empty()) return index.count(key) != 0;
    for (std::size_t i = base; i < members_.size(); ++i) {
      if (members_[i].key == key) return true;
    }
    return false;
  }

  /** After a member was added: keeps `index` once the object has too many keys to scan. */
  void index_keys(std::size_t base, std::set<std::string_view>& index) const {
    if (!index.empty()) {
      index.insert(members_.back().key);
    } else if (members_.size() - base > scanned_keys) {
      for (std::size_t i = base; i < members_.size(); ++i) index.insert(members_[i].key);
    }
  }

  bool object(JsonValue& out) {
    const std::size_t base = members_.size();
    std::set<std::string_view> index;
    const bool ok = container('}', "',' or '}'", true, [&] {
      if (peek() != '"') return unexpected("a key in double quotes");
      std::string_view key;
      if (!string(key)) return false;
      skip_space();
      if (peek() != ':') return unexpected("':' after the key");
      ++at_;
      skip_space();
      frames_.back().key = key;
      JsonValue member;
      if (!seen_key(base, key, index)) {
        if (!value(member)) return false;
        members_.push_back({key, member});
        index_keys(base, index);
        return true;
      }
      // Each key may appear once: report it, keep the first value and read the second
      // without reporting anything inside it.
      if (discarding_ == 0) {
        report("duplicate-key", join({"duplicate key \"", key, "\" (each key may appear once)"}));
      }
      ++discarding_;
      const bool read = value(member);
      --discarding_;
      return read;
    });
    if (!ok) return false;
    const std::size_t count = members_.size() - base;
    out = JsonValue::make_object(settle(members_, base), count);
    return true;
  }

  bool array(JsonValue& out) {
    const std::size_t base = items_.size();
    const bool ok = container(']', "',' or ']'", false, [&] {
      frames_.back().index = items_.size() - base;
      JsonValue item;
      if (!value(item)) return false;
      items_.push_back(item);
      return true;
    });
    if (!ok) return false;
    const std::size_t count = items_.size() - base;
    out = JsonValue::make_array(settle(items_, base), count);
    return true;
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** Four hex digits after "\u", or -1. */
  long code_unit() {
    if (at_ + 4 > text_.size()) return -1;
    long unit = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = hex_digit(text_[at_ + i]);
      if (digit < 0) return -1;
      unit = unit * 16 + digit;
    }
    at_ += 4;
    return unit;
  }

  static void append_utf8(std::string& out, unsigned long point) {
    const auto byte = [&out](unsigned long b) { out += static_cast<char>(b); };
    if (point < 0x80) {
      byte(point);
    } else if (point < 0x800) {
      byte(0xC0 | (point >> 6));
      byte(0x80 | (point & 0x3F));
    } else if (point < 0x10000) {
      byte(0xE0 | (point >> 12));
      byte(0x80 | ((point >> 6) & 0x3F));
      byte(0x80 | (point & 0x3F));
    } else {
      byte(0xF0 | (point >> 18));
      byte(0x80 | ((point >> 12) & 0x3F));
      byte(0x80 | ((point >> 6) & 0x3F));
      byte(0x80 | (point & 0x3F));
    }
  }

  /** A string from its opening quote, copied to the arena; the text is valid UTF-8 already. */
  bool string(std::string_view& result) {
    ++at_;
    const std::size_t first = at_;
    std::size_t run = at_;  // start of the characters not yet copied
    std::string& out = unescaped_;
    out.clear();
    while (true) {
      while (at_ + 8 <= text_.size() && plain_string_bytes(load_word(text_.data() + at_))) {
        at_ += 8;
      }
      // The byte that ends the run is among the next eight, unless the text ends first.
      while (at_ < text_.size() && plain_string_byte(static_cast<unsigned char>(text_[at_]))) {
        ++at_;
      }
      if (at_end()) return malformed({"unterminated string"});
      const char c = text_[at_];
      if (c == '"') break;
      if (c != '\\') return malformed({"a control character in a string must be escaped"});
      out.append(text_.data() + run, at_ - run);
      ++at_;
      const char escape = peek();
      ++at_;
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const std::size_t start = at_ - 2;
          long unit = code_unit();
          if (unit < 0) return bad_escape(start, "\\u needs four hexadecimal digits");
          auto point = static_cast<unsigned long>(unit);
          if (point >= 0xDC00 && point <= 0xDFFF) {
            return bad_escape(start, "a low surrogate must follow a high surrogate");
          }
          if (point >= 0xD800 && point <= 0xDBFF) {
            const long low = text_.substr(at_, 2) == "\\u" ? (at_ += 2, code_unit()) : -1;
            if (low < 0xDC00 || low > 0xDFFF) {
              return bad_escape(start, "a high surrogate must be followed by a low surrogate");
            }
            point = 0x10000 + ((point - 0xD800) << 10) + (static_cast<unsigned long>(low) - 0xDC00);
          }
          append_utf8(out, point);
          break;
        }
        default:
          at_ -= 2;
          return malformed({"invalid escape in a string"});
      }
      run = at_;
    }
    if (run == first) {
      result = arena_.copy(text_.substr(first, at_ - first));  // nothing was escaped
    } else {
      out.append(text_.data() + run, at_ - run);
      result = arena_.copy(out);
    }
    ++at_;
    return true;
  }

  bool bad_escape(std::size_t start, const char* detail) {
    at_ = start;
    return malformed({detail});
  }

  bool digit_at(std::size_t i) const {
    return i < text_.size() && text_[i] >= '0' && text_[i] <= '9';
  }

  /**
   * A number as JSON writes it: exact up to 15 significant digits (all that content needs),
   * close beyond.
   */
  bool number(JsonValue& out) {
    const std::size_t start = at_;
    const bool negative = peek() == '-';
    if (negative) ++at_;
    if (!digit_at(at_)) return unexpected("a digit");
    std::uint64_t digits = 0;  // the first 19 significant digits
    int kept = 0;
    long exponent = 0;  // of the digits not kept, and of the fraction
    bool integral = true;
    const auto take = [&](char c, bool fraction) {
      if (kept < 19) {
        if (digits != 0 || c != '0') {
          digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
          if (digits != 0) ++kept;
        }
        if (fraction) --exponent;
      } else if (!fraction) {
        ++exponent;
      }
    };
    if (text_[at_] == '0') {
      ++at_;
      if (digit_at(at_)) return malformed({"a number must not start with 0"});
    } else {
      while (digit_at(at_)) take(text_[at_++], false);
    }
    if (peek() == '.') {
      integral = false;
      ++at_;
      if (!digit_at(at_)) return unexpected("a digit after '.'");
      while (digit_at(at_)) take(text_[at_++], true);
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++at_;
      bool minus = false;
      if (peek() == '+' || peek() == '-') minus = text_[at_++] == '-';
      if (!digit_at(at_)) return unexpected("a digit in the exponent");
      long written = 0;
      while (digit_at(at_)) {
        if (written < 100000) written = written * 10 + (text_[at_] - '0');
        ++at_;
      }
      exponent += minus ? -written : written;
    }
    if (integral && exponent == 0) {
      // Exact below 2^53; integers beyond are out of range anyway.
      const double magnitude = static_cast<double>(digits);
      out = JsonValue::make_number(negative && digits != 0 ? -magnitude : magnitude);
      check_magnitude(magnitude);
      return true;
    }
    double value = scale_by_ten(static_cast<double>(digits), exponent);
    if (!std::isfinite(value)) {
      at_ = start;
      stop_ = Stop::overflow;
      stop_offset_ = start;
      overflow_pointer_ = pointer();
      return false;
    }
    if (negative) value = -value;
    out = JsonValue::make_number(value);
    check_magnitude(std::fabs(value));
    return true;
  }

  void check_magnitude(double magnitude) {
    if (magnitude > limits::number_magnitude && discarding_ == 0) {
      report("number-out-of-range", "number out of range (magnitude above 1e9)");
    }
  }

  /** A problem with the value being read, which does not stop reading. */
  void report(const char* code, std::string message) {
    problems_.push_back({code, pointer(), std::move(message), Severity::error});
  }

  std::string_view text_;
  JsonArena& arena_;
  Problems& problems_;
  std::vector<JsonValue> items_;     ///< of the arrays being read, innermost last
  std::vector<JsonMember> members_;  ///< of the objects being read, innermost last
  std::string unescaped_;            ///< the string being read, when it has escapes
  std::size_t at_ = 0;
  std::size_t depth_ = 0;
  std::size_t discarding_ = 0;  ///< inside the ignored value of a duplicate key
  std::vector<Frame> frames_;
  Stop stop_ = Stop::none;
  std::size_t stop_offset_ = 0;
  std::string stop_detail_;
  std::string overflow_pointer_;
};

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
  return join({"line ", line, ", column ", column});
}

JsonDocument read_json(std::string_view text) {
  JsonDocument document;
  const auto fatal = [&document](const char* code, std::string pointer,
                                 std::initializer_list<Piece> message) {
    document.problems.push_back({code, std::move(pointer), join(message), Severity::error});
    return std::move(document);
  };
  if (text.size() > limits::file_bytes) {
    return fatal("file-too-large", "",
                 {"file too large: ", text.size(), " bytes, at most ", limits::file_bytes});
  }
  const std::size_t bad = first_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    return fatal("invalid-utf8", "", {"invalid UTF-8 at ", text_location(text, bad)});
  }

  Problems found;
  // Values and strings take a few times the text's size: one block is then enough.
  document.arena.reserve(text.size() * 3 + 256);
  StrictReader reader(text, document.arena, found);
  JsonValue root;
  if (reader.read(root)) {
    document.value = root;
    document.parsed = true;
    document.problems = std::move(found);
    return document;
  }
  switch (reader.stop()) {
    case Stop::too_deep:
      return fatal("too-deep", "", {"JSON nested more than ", limits::depth, " levels deep"});
    case Stop::overflow:
      return fatal("number-out-of-range", reader.overflow_pointer(),
                   {"number out of range at ", text_location(text, reader.stop_offset())});
    default:
      return fatal("malformed-json", "",
                   {"malformed JSON at ", text_location(text, reader.stop_offset()), ": ",
                    reader.stop_detail()});
  }
}

}  // namespace confide
