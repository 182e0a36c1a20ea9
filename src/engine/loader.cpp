#include "loader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_reader.hpp"
#include "limits.hpp"
#include "ui_text.hpp"

// Strategy: parse strictly into a DOM (json_reader), then walk it once, checking every object
// against the keys its shape allows and recording each problem with its JSON Pointer rather
// than stopping at the first. Nothing here throws.

namespace confide {

namespace {

using Keys = std::initializer_list<std::string_view>;

// Every key a question may have; which ones a question allows depends on its type.
#define CONFIDE_QUESTION_KEYS \
  { "id", "type", "title", "hint", "required", "showIf", "options", "min", "max", "unit", "body" }
// Every key a condition may have: first its heads (it needs exactly one), then their modifiers.
constexpr std::array<std::string_view, 11> condition_keys = {
    "answer", "answered", "scale",   "all",    "any",    "not",
    "in",     "notIn",    "atLeast", "atMost", "between"};
constexpr std::size_t condition_heads = 6;
// A version is a label such as "1.2.0", at most this many characters (the schema's maxLength).
constexpr std::size_t version_characters = 64;

template <typename Range>
bool contains(const Range& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

char folded(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

/** The longest word closest() looks at; longer words get no suggestion. */
constexpr std::size_t longest_word = 64;
/** Suggestions are kept below this distance (closest() uses 2 for short words, 3 otherwise). */
constexpr std::size_t widest_bound = 3;

/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive,
 * when it is below `bound`; `bound` otherwise. Untrusted content may ask for thousands of
 * suggestions, so only a band of width 2*bound-1 around the diagonal is filled, the work stops
 * once two rows in a row are all at `bound` (a transposition skips one row, never two), and
 * nothing is allocated. `a` is at most longest_word long, `bound` at most widest_bound.
 */
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) >= bound) return bound;
  const std::size_t reach = bound - 1;  // the farthest a useful cell lies from the diagonal
  // Three rows: this one, the one before, and the one before that (for transpositions).
  std::size_t rows[3][longest_word + widest_bound + 1];
  for (std::size_t j = 0; j <= m; ++j) rows[0][j] = std::min(j, bound);
  std::size_t previous_minimum = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t* row = rows[i % 3];
    const std::size_t* above = rows[(i - 1) % 3];
    const std::size_t* above2 = rows[(i + 1) % 3];  // row i - 2
    const std::size_t first = i > reach ? i - reach : 1;
    const std::size_t last = std::min(m, i + reach);
    row[first - 1] = first == 1 ? std::min(i, bound) : bound;
    if (last < m) row[last + 1] = bound;
    std::size_t minimum = row[first - 1];
    for (std::size_t j = first; j <= last; ++j) {
      const std::size_t cost = folded(a[i - 1]) == folded(b[j - 1]) ? 0 : 1;
      std::size_t best = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + cost});
      if (i > 1 && j > 1 && folded(a[i - 1]) == folded(b[j - 2]) &&
          folded(a[i - 2]) == folded(b[j - 1])) {
        best = std::min(best, above2[j - 2] + 1);
      }
      row[j] = std::min(best, bound);
      minimum = std::min(minimum, row[j]);
    }
    if (minimum >= bound && previous_minimum >= bound) return bound;
    previous_minimum = minimum;
  }
  return rows[n % 3][m];
}

/** The words a suggestion is chosen from: any contiguous list of string_views, not copied. */
struct Words {
  template <typename Range>
  Words(const Range& range) : first(std::data(range)), count(std::size(range)) {}
  const std::string_view* first;
  std::size_t count;
};

/** The closest of `candidates` to a mistyped `word`, or "" when none is close enough. */
std::string_view closest(std::string_view word, Words candidates) {
  if (word.size() > longest_word) return {};
  std::string_view best;
  std::size_t best_distance = word.size() <= 4 ? widest_bound - 1 : widest_bound;
  for (std::size_t i = 0; i < candidates.count; ++i) {
    const std::string_view candidate = candidates.first[i];
    const std::size_t distance = edit_distance(word, candidate, best_distance);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
      if (best_distance == 0) break;  // a bound of 0 would leave no band
    }
  }
  return best;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  const auto lower_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_digit(id[0])) return false;
  return std::all_of(id.begin() + 1, id.end(),
                     [&](char c) { return lower_digit(c) || c == '-' || c == '_'; });
}

bool valid_locale(std::string_view tag) {
  // BCP 47-ish: a 2-3 letter language, then subtags of 2-8 letters or digits.
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto alnum = [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); };
  std::size_t i = 0;
  while (i < tag.size() && alpha(tag[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < tag.size()) {
    if (tag[i] != '-' && tag[i] != '_') return false;
    const std::size_t start = ++i;
    while (i < tag.size() && alnum(tag[i])) ++i;
    if (i - start < 2 || i - start > 8) return false;
  }
  return true;
}

bool valid_date(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  const auto digits = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (date[i] - '0');
    return value;
  };
  const int year = digits(0, 4);
  const int month = digits(5, 2);
  const int day = digits(8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

bool valid_region(std::string_view region) {
  return region.size() == 2 && region[0] >= 'A' && region[0] <= 'Z' && region[1] >= 'A' &&
         region[1] <= 'Z';
}

bool valid_colour(std::string_view colour) {
  if (colour.size() != 7 || colour[0] != '#') return false;
  return std::all_of(colour.begin() + 1, colour.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

bool valid_font(std::string_view font) {
  // ^[A-Za-z0-9 ,'"-]{1,100}$: names only, nothing that could end the CSS declaration.
  if (font.empty() || font.size() > 100) return false;
  return std::all_of(font.begin(), font.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == ',' || c == '\'' ||
           c == '"' || c == '-';
  });
}

bool plain_url_characters(std::string_view url) {
  return std::all_of(url.begin(), url.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte != 0x7F && c != '\\' && c != '"' && c != '<' && c != '>';
  });
}

bool https_url(std::string_view url) {
  if (url.size() < 9 || url.size() > 2048) return false;
  if (lower(url.substr(0, 8)) != "https://") return false;
  const char host = url[8];
  return host != '/' && host != '?' && host != '#' && host != '@' && plain_url_characters(url);
}

bool same_origin_path(std::string_view path) {
  return path.size() >= 2 && path.size() <= 2048 && path[0] == '/' && path[1] != '/' &&
         plain_url_characters(path);
}

std::optional<double> number_of(const JsonValue& value) {
  if (const double* number = value.number()) return *number;
  return std::nullopt;
}

const std::string_view* string_of(const JsonValue& value) { return value.string(); }

const JsonValue* member(const JsonValue& object, std::string_view key) { return object.find(key); }

const char* type_name(const JsonValue& value) {
  switch (value.type()) {
    case JsonValue::Type::null:
      return "null";
    case JsonValue::Type::object:
      return "an object";
    case JsonValue::Type::array:
      return "an array";
    case JsonValue::Type::string:
      return "a string";
    case JsonValue::Type::boolean:
      return "a boolean";
    case JsonValue::Type::number:
      return "a number";
  }
  return "an unexpected value";
}

/** What every file reader shares: the problems found so far and the checks of small values. */
class Reader {
 public:
  Problems problems;
  std::vector<std::string> locales;  ///< the locales a Text object may name

  std::size_t unlisted = 0;  ///< problems found after limits::problems were listed

  void report(const char* code, std::string pointer, std::initializer_list<Piece> message) {
    if (problems.size() >= limits::problems) {
      ++unlisted;
      return;
    }
    problems.push_back({code, std::move(pointer), join(message), Severity::error});
  }

  /** closest(), or "" once no more problems are listed: nobody reads that suggestion. */
  std::string_view suggest(std::string_view word, Words candidates) const {
    return problems.size() >= limits::problems ? std::string_view() : closest(word, candidates);
  }

  void wrong_type(const JsonValue& value, const std::string& pointer, const char* expected) {
    report("wrong-type", pointer, {"expected ", expected, ", found ", type_name(value)});
  }

  bool expect_object(const JsonValue& value, const std::string& pointer) {
    if (value.is_object()) return true;
    wrong_type(value, pointer, "an object");
    return false;
  }

  const JsonValue* expect_array(const JsonValue& value, const std::string& pointer) {
    if (value.is_array()) return &value;
    wrong_type(value, pointer, "an array");
    return nullptr;
  }

  /**
   * Reports keys outside `allowed` (a key in `elsewhere` is known but not allowed here: `where`
   * says why) and each key of `required` that is missing.
   */
  void check_keys(const JsonValue& object, const std::string& pointer, Keys allowed, Keys required,
                  Keys elsewhere = {}, std::string_view where = {}, bool root = false) {
    for (auto it = object.members().begin(); it != object.members().end(); ++it) {
      const std::string_view key = it->key;
      if (contains(allowed, key)) continue;
      const std::string key_pointer = pointer_to(pointer, key);
      if (root && key == "$schema") {
        // For editors only, so its value is not read; the schemas require a string.
        if (!it->value.is_string()) wrong_type(it->value, key_pointer, "a string");
        continue;
      }
      if (contains(elsewhere, key)) {
        report("unknown-key", key_pointer, {"key ", in_quotes(key), " is not allowed ", where});
        continue;
      }
      report("unknown-key", key_pointer,
             {"unknown key ", in_quotes(key), did_you_mean(suggest(key, allowed))});
    }
    for (std::string_view key : required) {
      if (member(object, key) == nullptr) {
        report("missing-key", pointer, {"missing key ", in_quotes(key)});
      }
    }
  }

  /** A string that must not be empty; nullptr (after reporting) otherwise. */
  const std::string_view* nonempty_string(const JsonValue& value, const std::string& pointer) {
    const std::string_view* text = string_of(value);
    if (text == nullptr) {
      wrong_type(value, pointer, "a string");
      return nullptr;
    }
    if (text->empty()) {
      report("invalid-value", pointer, {"must not be empty"});
      return nullptr;
    }
    if (text->size() > limits::text_bytes) {
      report("text-too-long", pointer,
             {"text of ", text->size(), " bytes, at most ", limits::text_bytes});
      return nullptr;
    }
    return text;
  }

  /** An id: [a-z0-9][a-z0-9-_]*, at most 64 characters. Returns "" when it is not a string. */
  std::string id(const JsonValue& value, const std::string& pointer) {
    const std::string_view* text = string_of(value);
    if (text == nullptr) {
      wrong_type(value, pointer, "an id string");
      return {};
    }
    if (!valid_id(*text)) {
      report("invalid-value", pointer,
             {"invalid id ", in_quotes(*text),
              ": use a-z, 0-9, '-' and '_', starting with a letter or digit, at most 64"});
    }
    return std::string(*text);
  }

  std::string id_member(const JsonValue& object, const std::string& pointer) {
    const JsonValue* value = member(object, "id");
    if (value == nullptr) return {};
    const std::string_view* text = string_of(*value);
    if (text != nullptr && valid_id(*text)) return std::string(*text);
    return id(*value, pointer_to(pointer, "id"));
  }

  void text(const JsonValue& value, std::string pointer_value, Text& out) {
    out.pointer = std::move(pointer_value);
    const std::string& pointer = out.pointer;
    if (value.is_string()) {
      if (const std::string_view* s = nonempty_string(value, pointer)) out.all = *s;
      return;
    }
    if (!value.is_object()) {
      wrong_type(value, pointer, "a text (a string or an object of locale to string)");
      return;
    }
    if (value.empty()) {
      report("invalid-value", pointer, {"a text object needs at least one locale"});
      return;
    }
    for (auto it = value.members().begin(); it != value.members().end(); ++it) {
      const std::string_view locale = it->key;
      const std::string item_pointer = pointer_to(pointer, locale);
      if (std::find(locales.begin(), locales.end(), locale) == locales.end()) {
        report("invalid-value", item_pointer,
               {"locale ", in_quotes(locale), " is not declared",
                did_you_mean(suggest(
                    locale, std::vector<std::string_view>(locales.begin(), locales.end())))});
        continue;
      }
      if (const std::string_view* s = nonempty_string(it->value, item_pointer)) {
        out.by_locale.emplace(locale, *s);
      }
    }
  }

  void text_member(const JsonValue& object, const char* key, const std::string& pointer,
                   Text& out) {
    if (const JsonValue* value = member(object, key)) text(*value, pointer_to(pointer, key), out);
  }

  std::optional<bool> boolean_member(const JsonValue& object, const char* key,
                                     const std::string& pointer) {
    const JsonValue* value = member(object, key);
    if (value == nullptr) return std::nullopt;
    if (const auto* b = value->boolean()) return *b;
    wrong_type(*value, pointer_to(pointer, key), "true or false");
    return std::nullopt;
  }

  std::optional<double> number(const JsonValue& value, const std::string& pointer) {
    const std::optional<double> result = number_of(value);
    if (!result) wrong_type(value, pointer, "a number");
    return result;
  }

  /** "confide": 1, the only format version this engine reads. */
  void version(const JsonValue& root) {
    const JsonValue* value = member(root, "confide");
    if (value == nullptr) return;
    const std::optional<double> number_value = number(*value, "/confide");
    if (number_value && *number_value != 1.0) {
      report("unsupported-version", "/confide",
             {"unsupported format version (this engine reads \"confide\": 1)"});
    }
  }

  /** A date as YYYY-MM-DD. */
  std::string date(const JsonValue& value, const std::string& pointer) {
    const std::string_view* text = string_of(value);
    if (text == nullptr) {
      wrong_type(value, pointer, "a date string (YYYY-MM-DD)");
      return {};
    }
    if (!valid_date(*text))
      report("invalid-value", pointer,
             {"invalid date ", in_quotes(*text), ", expected YYYY-MM-DD"});
    return std::string(*text);
  }

  std::string region(const JsonValue& value, const std::string& pointer) {
    const std::string_view* text = string_of(value);
    if (text == nullptr) {
      wrong_type(value, pointer, "a region code string");
      return {};
    }
    if (!valid_region(*text)) {
      report("invalid-value", pointer,
             {"invalid region ", in_quotes(*text),
              ", expected an ISO 3166-1 alpha-2 code such as \"US\""});
    }
    return std::string(*text);
  }

  std::string https(const JsonValue& value, const std::string& pointer) {
    const std::string_view* text = string_of(value);
    if (text == nullptr) {
      wrong_type(value, pointer, "an https: address");
      return {};
    }
    if (!https_url(*text)) {
      report("invalid-value", pointer,
             {"invalid address ", in_quotes(*text), ": only https: addresses are allowed"});
    }
    return std::string(*text);
  }

  /** A resource (assessment or publisher), at `out.pointer`. */
  void resource(const JsonValue& value, Resource& out) {
    const std::string& pointer = out.pointer;
    out.id = id_member(value, pointer);
    text_member(value, "title", pointer, out.title);
    text_member(value, "body", pointer, out.body);
    if (const JsonValue* region_value = member(value, "region")) {
      out.region = region(*region_value, pointer_to(pointer, "region"));
    }
    if (const JsonValue* date_value = member(value, "lastVerified")) {
      out.last_verified = date(*date_value, pointer_to(pointer, "lastVerified"));
    }
  }
};

/**
 * Ids already used in one namespace. The ids are views of strings that outlive the set (the
 * parsed document's, or a loaded assessment's); where an id was first used is only spelled out
 * when it is used again.
 */
class IdSet {
 public:
  /**
   * Adds the id of item `position` of the list at `list` (a pointer that outlives the set), that
   * the model keeps at `index`. Reports "duplicate-id" when it is already there.
   */
  bool add(Reader& reader, std::string_view id, std::string_view list, std::size_t position,
           std::size_t index) {
    if (id.empty()) return false;
    const auto inserted = seen_.emplace(id, Use{list, position, index});
    if (!inserted.second) {
      const Use& first = inserted.first->second;
      reader.report("duplicate-id", id_pointer(list, position),
                    {"duplicate id ", in_quotes(id), " (first used at ",
                     id_pointer(first.list, first.position), ")"});
    }
    return inserted.second;
  }

  bool add(Reader& reader, std::string_view id, std::string_view list, std::size_t position) {
    return add(reader, id, list, position, position);
  }

  /** The model index of `id`, or npos. */
  std::size_t find(std::string_view id) const {
    const auto found = seen_.find(id);
    return found == seen_.end() ? npos : found->second.index;
  }

  /** The known ids, sorted, for a did-you-mean. */
  std::vector<std::string_view> ids() const {
    std::vector<std::string_view> result;
    result.reserve(seen_.size());
    for (const auto& entry : seen_) result.push_back(entry.first);
    return result;
  }

  std::size_t size() const { return seen_.size(); }

 private:
  struct Use {
    std::string_view list;
    std::size_t position;
    std::size_t index;
  };

  static std::string id_pointer(std::string_view list, std::size_t position) {
    return pointer_to(pointer_to(list, position), "id");
  }

  std::map<std::string_view, Use> seen_;  // sorted: ids() needs no sort
};

/** The id string of an object in the parsed document, "" when there is none. */
std::string_view id_in(const JsonValue& object) {
  const JsonValue* value = member(object, "id");
  const std::string_view* text = value == nullptr ? nullptr : string_of(*value);
  return text == nullptr ? std::string_view() : std::string_view(*text);
}

/**
 * Whether a file that was given as an assessment is a publisher file without its "extends":
 * every key is one a publisher file has, and one of them only a publisher file has.
 */
bool publisher_without_extends(const JsonValue& root) {
  // Initializer lists, as check_keys takes: an array here made the wasm larger.
  bool publisher = false;
  for (auto it = root.members().begin(); it != root.members().end(); ++it) {
    const std::string_view key = it->key;
    if (contains(Keys{"brand", "theme", "quickExit", "texts", "blocks"}, key)) {
      publisher = true;
    } else if (!contains(Keys{"confide", "resources", "$schema"}, key)) {
      return false;
    }
  }
  return publisher;
}

class AssessmentReader : public Reader {
 public:
  Assessment assessment;

  void read(const JsonValue& root) {
    if (!expect_object(root, "")) return;
    if (publisher_without_extends(root)) {
      report("missing-key", "",
             {"missing key \"extends\": this looks like a publisher file, which names the "
              "assessment it extends"});
      return;
    }
    check_keys(root, "",
               {"confide", "id", "version", "locales", "title", "intro", "about", "ui", "questions",
                "scales", "outcomes", "findings", "alerts", "resources"},
               {"confide", "id", "version", "locales", "title", "questions", "outcomes"}, {}, {},
               true);
    version(root);
    if (const JsonValue* value = member(root, "id")) assessment.id = id(*value, "/id");
    if (const JsonValue* value = member(root, "version")) {
      if (const std::string_view* text = nonempty_string(*value, "/version")) {
        // Characters, as the schema's maxLength counts them: bytes that start one.
        const auto characters = static_cast<std::size_t>(
            std::count_if(text->begin(), text->end(), [](char c) { return (c & 0xC0) != 0x80; }));
        if (characters > version_characters) {
          report("invalid-value", "/version",
                 {"a version is a short label such as \"1.2.0\": ", characters,
                  " characters, at most ", version_characters});
        } else {
          assessment.version = *text;
        }
      }
    }
    read_locales(root);
    text_member(root, "title", "", assessment.title);
    text_member(root, "intro", "", assessment.intro);
    text_member(root, "about", "", assessment.about);
    read_ui(root);
    read_scales(root);
    read_questions(root);
    read_resources(root);
    read_show_ifs();
    read_results(root);
    if (assessment.questions.size() <= limits::questions) order_questions();
  }

 private:
  // Conditions are read once every question, scale and option is known, so that a condition
  // may name a question further down the file.
  std::vector<const JsonValue*> show_if_values_;
  IdSet question_ids_;
  IdSet scale_ids_;
  IdSet resource_ids_;
  IdSet result_ids_;  ///< outcomes, findings and alerts share one namespace
  std::size_t condition_count_ = 0;
  bool questions_read_ = false;  ///< false: every question reference would fail, say nothing

  void read_locales(const JsonValue& root) {
    const JsonValue* value = member(root, "locales");
    if (value == nullptr) return;
    const JsonValue* array = expect_array(*value, "/locales");
    if (array == nullptr) return;
    if (array->empty()) report("invalid-value", "/locales", {"declare at least one locale"});
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string pointer = pointer_to("/locales", i);
      const std::string_view* tag = string_of((*array)[i]);
      if (tag == nullptr) {
        wrong_type((*array)[i], pointer, "a locale tag string");
      } else if (!valid_locale(*tag)) {
        report("invalid-value", pointer, {"invalid locale tag ", in_quotes(*tag)});
      } else if (std::find(locales.begin(), locales.end(), *tag) != locales.end()) {
        report("invalid-value", pointer, {"locale ", in_quotes(*tag), " is declared twice"});
      } else {
        locales.emplace_back(*tag);
      }
    }
    assessment.locales = locales;
  }

  void read_ui(const JsonValue& root) {
    const JsonValue* value = member(root, "ui");
    if (value == nullptr || !expect_object(*value, "/ui")) return;
    for (auto it = value->members().begin(); it != value->members().end(); ++it) {
      const std::string pointer = pointer_to("/ui", it->key);
      const auto& keys = ui_keys();
      if (std::find(keys.begin(), keys.end(), it->key) == keys.end()) {
        report("unknown-key", pointer,
               {"unknown UI text ", in_quotes(it->key), did_you_mean(suggest(it->key, keys))});
        continue;
      }
      text(it->value, pointer, assessment.ui[std::string(it->key)]);
    }
  }

  void read_scales(const JsonValue& root) {
    const JsonValue* value = member(root, "scales");
    if (value == nullptr) return;
    const JsonValue* array = expect_array(*value, "/scales");
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string pointer = pointer_to("/scales", i);
      const JsonValue& item = (*array)[i];
      if (!expect_object(item, pointer)) continue;
      check_keys(item, pointer, {"id", "title"}, {"id"});
      Scale scale;
      scale.pointer = pointer;
      scale.id = id_member(item, pointer);
      text_member(item, "title", pointer, scale.title);
      scale_ids_.add(*this, id_in(item), "/scales", i, assessment.scales.size());
      assessment.scales.push_back(std::move(scale));
    }
  }

  std::optional<QuestionType> question_type(const JsonValue& question, const std::string& pointer) {
    const JsonValue* value = member(question, "type");
    if (value == nullptr) return std::nullopt;
    const std::string_view* name = string_of(*value);
    if (name == nullptr) {
      wrong_type(*value, pointer_to(pointer, "type"), "a question type string");
      return std::nullopt;
    }
    for (const QuestionType type :
         {QuestionType::single, QuestionType::multiple, QuestionType::number, QuestionType::info}) {
      if (*name == question_type_name(type)) return type;
    }
    report("invalid-value", pointer_to(pointer, "type"),
           {"unknown question type ", in_quotes(*name),
            " (expected \"single\", \"multiple\", \"number\" or \"info\")"});
    return std::nullopt;
  }

  void read_questions(const JsonValue& root) {
    const JsonValue* value = member(root, "questions");
    if (value == nullptr) return;
    const JsonValue* array = expect_array(*value, "/questions");
    if (array == nullptr) return;
    questions_read_ = true;
    if (array->empty()) report("invalid-value", "/questions", {"add at least one question"});
    if (array->size() > limits::questions) {
      report("too-many-questions", "/questions",
             {array->size(), " questions, at most ", limits::questions});
    }
    assessment.questions.reserve(array->size());
    show_if_values_.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      const JsonValue& item = (*array)[i];
      Question question;
      question.pointer = pointer_to("/questions", i);
      const std::string& pointer = question.pointer;
      const JsonValue* show_if = nullptr;
      if (expect_object(item, pointer)) {
        show_if = member(item, "showIf");
        read_question(item, pointer, question);
      }
      question_ids_.add(*this, id_in(item), "/questions", i);
      assessment.questions.push_back(std::move(question));
      show_if_values_.push_back(show_if);
    }
  }

  void read_question(const JsonValue& item, const std::string& pointer, Question& question) {
    const std::optional<QuestionType> type = question_type(item, pointer);
    if (type) question.type = *type;
    if (!type) {
      check_keys(item, pointer, CONFIDE_QUESTION_KEYS, {"id", "type", "title"});
    } else {
      static constexpr const char* where_by_type[] = {
          "on a \"single\" question", "on a \"multiple\" question", "on a \"number\" question",
          "on an \"info\" question"};
      const char* where = where_by_type[static_cast<std::size_t>(*type)];
      switch (*type) {
        case QuestionType::single:
        case QuestionType::multiple:
          check_keys(item, pointer,
                     {"id", "type", "title", "hint", "required", "showIf", "options"},
                     {"id", "type", "title", "options"}, CONFIDE_QUESTION_KEYS, where);
          break;
        case QuestionType::number:
          check_keys(item, pointer,
                     {"id", "type", "title", "hint", "required", "showIf", "min", "max", "unit"},
                     {"id", "type", "title", "min", "max"}, CONFIDE_QUESTION_KEYS, where);
          break;
        case QuestionType::info:
          check_keys(item, pointer, {"id", "type", "title", "hint", "showIf", "body"},
                     {"id", "type", "title", "body"}, CONFIDE_QUESTION_KEYS, where);
          break;
      }
    }
    question.id = id_member(item, pointer);
    text_member(item, "title", pointer, question.title);
    text_member(item, "hint", pointer, question.hint);
    text_member(item, "body", pointer, question.body);
    text_member(item, "unit", pointer, question.unit);
    if (const auto required = boolean_member(item, "required", pointer)) {
      question.required = *required;
    }
    if (!type) {
      // Read the options anyway, so that conditions naming them do not fail as well.
      if (const JsonValue* options = member(item, "options")) {
        question.type = QuestionType::multiple;
        read_options(*options, pointer_to(pointer, "options"), question);
      }
      return;
    }
    if (*type == QuestionType::single || *type == QuestionType::multiple) {
      if (const JsonValue* options = member(item, "options")) {
        read_options(*options, pointer_to(pointer, "options"), question);
      }
    }
    if (*type == QuestionType::number) read_bounds(item, pointer, question);
    if (*type == QuestionType::info) question.required = false;
  }

  void read_bounds(const JsonValue& item, const std::string& pointer, Question& question) {
    bool ok = true;
    for (const char* key : {"min", "max"}) {
      const JsonValue* value = member(item, key);
      if (value == nullptr) {
        ok = false;
        continue;
      }
      const std::string bound_pointer = pointer_to(pointer, key);
      const std::optional<double> bound = number(*value, bound_pointer);
      if (!bound) {
        ok = false;
      } else if (std::floor(*bound) != *bound) {
        report("invalid-value", bound_pointer, {"must be a whole number"});
        ok = false;
      } else {
        (std::string_view(key) == "min" ? question.min : question.max) = *bound;
      }
    }
    if (ok && question.min > question.max) {
      report("number-out-of-range", pointer_to(pointer, "max"), {"max is below min"});
    }
  }

  void read_options(const JsonValue& value, const std::string& pointer, Question& question) {
    const JsonValue* array = expect_array(value, pointer);
    if (array == nullptr) return;
    if (array->size() < 2) {
      report("invalid-value", pointer, {"a question needs at least 2 options"});
    }
    if (array->size() > limits::options) {
      report("too-many-options", pointer, {array->size(), " options, at most ", limits::options});
      return;
    }
    const bool multiple = question.type == QuestionType::multiple;
    IdSet ids;
    question.options.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      const JsonValue& item = (*array)[i];
      Option option;
      option.pointer = pointer_to(pointer, i);
      const std::string& option_pointer = option.pointer;
      if (expect_object(item, option_pointer)) {
        if (multiple) {
          check_keys(item, option_pointer, {"id", "label", "hint", "exclusive", "scores"},
                     {"id", "label"});
        } else {
          check_keys(item, option_pointer, {"id", "label", "hint", "scores"}, {"id", "label"},
                     {"exclusive"}, "on an option of a \"single\" question");
        }
        option.id = id_member(item, option_pointer);
        text_member(item, "label", option_pointer, option.label);
        text_member(item, "hint", option_pointer, option.hint);
        if (multiple) {
          if (const auto exclusive = boolean_member(item, "exclusive", option_pointer)) {
            option.exclusive = *exclusive;
          }
        }
        if (const JsonValue* scores = member(item, "scores")) {
          read_scores(*scores, pointer_to(option_pointer, "scores"), option);
        }
      }
      ids.add(*this, id_in(item), pointer, i);
      question.options.push_back(std::move(option));
    }
  }

  void read_scores(const JsonValue& value, const std::string& pointer, Option& option) {
    if (!expect_object(value, pointer)) return;
    for (auto it = value.members().begin(); it != value.members().end(); ++it) {
      const std::optional<double> points = number_of(it->value);
      const std::size_t scale = scale_ids_.find(it->key);
      if (!points) wrong_type(it->value, pointer_to(pointer, it->key), "a number");
      if (scale == npos) {
        report("unknown-id", pointer_to(pointer, it->key), {"unknown scale ", in_quotes(it->key)});
        continue;
      }
      if (points) option.scores.emplace_back(scale, *points);
    }
  }

  void read_resources(const JsonValue& root) {
    const JsonValue* value = member(root, "resources");
    if (value == nullptr) return;
    const JsonValue* array = expect_array(*value, "/resources");
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const JsonValue& item = (*array)[i];
      Resource resource_value;
      resource_value.pointer = pointer_to("/resources", i);
      const std::string& pointer = resource_value.pointer;
      if (expect_object(item, pointer)) {
        check_keys(item, pointer, {"id", "title", "body", "region", "lastVerified"},
                   {"id", "title", "body"});
        resource(item, resource_value);
      }
      resource_ids_.add(*this, id_in(item), "/resources", i);
      assessment.resources.push_back(std::move(resource_value));
    }
  }

  void read_show_ifs() {
    for (std::size_t i = 0; i < assessment.questions.size(); ++i) {
      if (show_if_values_[i] == nullptr) continue;
      Question& question = assessment.questions[i];
      question.show_if.emplace();
      condition(*show_if_values_[i], pointer_to(question.pointer, "showIf"), *question.show_if);
    }
  }

  void read_results(const JsonValue& root) {
    std::size_t total = 0;
    total += read_result_list(root, "/outcomes", assessment.outcomes);
    total += read_result_list(root, "/findings", assessment.findings);
    total += read_result_list(root, "/alerts", assessment.alerts);
    if (total > limits::results) {
      report("too-many-results", "",
             {total, " outcomes, findings and alerts, at most ", limits::results});
    }
  }

  /** Reads one of the result lists; `list` is its pointer, a literal such as "/outcomes". */
  std::size_t read_result_list(const JsonValue& root, const char* list,
                               std::vector<Result>& results) {
    const JsonValue* value = member(root, list + 1);
    if (value == nullptr) return 0;
    const std::string list_pointer = list;
    const JsonValue* array = expect_array(*value, list_pointer);
    if (array == nullptr) return 0;
    const bool outcomes = std::string_view(list) == "/outcomes";
    if (outcomes && array->empty())
      report("invalid-value", list_pointer, {"add at least one outcome"});
    if (array->size() > limits::results) return array->size();  // reported by the caller
    results.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      const JsonValue& item = (*array)[i];
      Result result;
      result.pointer = pointer_to(list_pointer, i);
      const std::string& pointer = result.pointer;
      if (expect_object(item, pointer)) {
        check_keys(item, pointer, {"id", "title", "body", "when", "resources"},
                   outcomes ? Keys{"id", "title", "body"} : Keys{"id", "title", "body", "when"});
        result.id = id_member(item, pointer);
        text_member(item, "title", pointer, result.title);
        text_member(item, "body", pointer, result.body);
        if (const JsonValue* when = member(item, "when")) {
          result.when.emplace();
          condition(*when, pointer_to(pointer, "when"), *result.when);
        } else if (outcomes && i + 1 < array->size()) {
          report("unreachable-outcome", pointer,
                 {"only the last outcome may lack \"when\": the outcomes after this one can "
                  "never be chosen"});
        }
        if (const JsonValue* resources = member(item, "resources")) {
          read_result_resources(*resources, pointer_to(pointer, "resources"), result);
        }
      }
      result_ids_.add(*this, id_in(item), list, i);
      results.push_back(std::move(result));
    }
    return array->size();
  }

  void read_result_resources(const JsonValue& value, const std::string& pointer, Result& result) {
    const JsonValue* array = expect_array(value, pointer);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string item_pointer = pointer_to(pointer, i);
      const std::string_view* name = string_of((*array)[i]);
      if (name == nullptr) {
        wrong_type((*array)[i], item_pointer, "a resource id");
        continue;
      }
      const std::size_t found = resource_ids_.find(*name);
      if (found == npos) {
        report("unknown-id", item_pointer, {"unknown resource ", in_quotes(*name)});
      } else {
        result.resources.push_back(found);
      }
    }
  }

  // --- conditions ---------------------------------------------------------------------------

  std::size_t question_ref(const JsonValue& value, const std::string& pointer) {
    const std::string_view* name = string_of(value);
    if (name == nullptr) {
      wrong_type(value, pointer, "a question id");
      return npos;
    }
    const std::size_t found = question_ids_.find(*name);
    if (found == npos) {
      if (!questions_read_) return npos;
      std::string_view suggestion;
      if (question_ids_.size() <= limits::questions) {
        suggestion = suggest(*name, question_ids_.ids());
      }
      report("unknown-id", pointer,
             {"unknown question ", in_quotes(*name), did_you_mean(suggestion)});
      return npos;
    }
    return found;
  }

  void bounds(const JsonValue& value, const std::string& pointer, Condition& out) {
    bool complete = true;
    if (const JsonValue* at_least = member(value, "atLeast")) {
      if (const auto bound = number(*at_least, pointer_to(pointer, "atLeast")))
        out.at_least = *bound;
      else
        complete = false;
    }
    if (const JsonValue* at_most = member(value, "atMost")) {
      if (const auto bound = number(*at_most, pointer_to(pointer, "atMost")))
        out.at_most = *bound;
      else
        complete = false;
    }
    if (const JsonValue* between = member(value, "between")) {
      const std::string between_pointer = pointer_to(pointer, "between");
      const JsonValue* array = expect_array(*between, between_pointer);
      if (array == nullptr) return;
      if (array->size() != 2) {
        report("invalid-value", between_pointer,
               {"\"between\" takes two numbers: [lowest, highest]"});
        return;
      }
      const auto low = number((*array)[0], pointer_to(between_pointer, "0"));
      const auto high = number((*array)[1], pointer_to(between_pointer, "1"));
      if (!low || !high) return;
      out.at_least = *low;
      out.at_most = *high;
      if (*low > *high) {
        report("number-out-of-range", between_pointer, {"the lowest bound is above the highest"});
      }
      return;
    }
    if (complete && out.at_least > out.at_most) {
      report("number-out-of-range", pointer_to(pointer, "atMost"),
             {"\"atMost\" is below \"atLeast\""});
    }
  }

  void option_list(const JsonValue& value, const std::string& pointer, Condition& out) {
    const JsonValue* array = expect_array(value, pointer);
    if (array == nullptr) return;
    if (array->empty()) {
      report("invalid-value", pointer, {"list at least one option"});
      return;
    }
    const Question* question = out.question == npos ? nullptr : &assessment.questions[out.question];
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string item_pointer = pointer_to(pointer, i);
      const std::string_view* name = string_of((*array)[i]);
      if (name == nullptr) {
        wrong_type((*array)[i], item_pointer, "an option id");
        continue;
      }
      if (question == nullptr) continue;
      const auto& options = question->options;
      const auto found = std::find_if(options.begin(), options.end(),
                                      [&](const Option& option) { return option.id == *name; });
      if (found == options.end()) {
        report("unknown-id", item_pointer,
               {"unknown option ", in_quotes(*name), " of question ", in_quotes(question->id)});
      } else {
        insert_sorted(out.options, static_cast<std::size_t>(found - options.begin()));
      }
    }
  }

  /**
   * Reads one condition node. Only the descent into all/any/not happens here, so that the
   * recursion's frame stays small: nesting may go as deep as limits::depth allows and the
   * wasm stack is 64 KiB.
   */
  void condition(const JsonValue& value, const std::string& pointer, Condition& out) {
    const JsonValue* children = condition_node(value, pointer, out);
    if (children == nullptr) return;
    // The children come as a new vector rather than a resize of the empty one: the same
    // result, without resize's growth path (about 550 B of wasm).
    if (out.kind == Condition::Kind::negation) {
      out.children = std::vector<Condition>(1);
      condition(*children, pointer_to(pointer, "not"), out.children.front());
      return;
    }
    const JsonValue& array = *children;
    out.children = std::vector<Condition>(array.size());
    const std::string list = pointer_to(pointer, out.kind == Condition::Kind::all ? "all" : "any");
    for (std::size_t i = 0; i < array.size(); ++i) {
      condition(array[i], pointer_to(list, i), out.children[i]);
    }
  }

  /**
   * Checks and reads everything of a condition node but its children. Returns what to descend
   * into: the `not` object or the `all`/`any` array (out.kind tells which), else null.
   */
#if defined(__GNUC__) || defined(__clang__)
  __attribute__((noinline))
#endif
  const JsonValue*
  condition_node(const JsonValue& value, const std::string& pointer, Condition& out) {
    out.pointer = pointer;
    if (++condition_count_ > limits::conditions) {
      if (condition_count_ == limits::conditions + 1) {
        report("too-many-conditions", "",
               {"more than ", limits::conditions, " conditions in one file"});
      }
      return nullptr;
    }
    if (!expect_object(value, pointer)) return nullptr;
    std::string_view heads[2];  // the first two: more than one is already wrong
    std::size_t head_count = 0;
    bool unknown = false;
    for (auto it = value.members().begin(); it != value.members().end(); ++it) {
      const std::string_view key = it->key;
      const auto found = std::find(condition_keys.begin(), condition_keys.end(), key);
      if (found == condition_keys.end()) {
        report("unknown-key", pointer_to(pointer, key),
               {"unknown key ", in_quotes(key), did_you_mean(suggest(key, condition_keys))});
        unknown = true;
      } else if (found < condition_keys.begin() + condition_heads) {
        if (head_count < 2) heads[head_count] = *found;
        ++head_count;
      }
    }
    if (head_count == 0) {
      if (!unknown) {
        report("missing-key", pointer,
               {"a condition needs one of \"answer\", \"answered\", \"scale\", \"all\", \"any\" "
                "or \"not\""});
      }
      return nullptr;
    }
    if (head_count > 1) {
      report("invalid-value", pointer,
             {"a condition has exactly one shape: \"", heads[0], "\" and \"", heads[1],
              "\" cannot be combined"});
      return nullptr;
    }
    const std::string_view head = heads[0];
    const bool has_in = (member(value, "in") != nullptr);
    const bool has_not_in = (member(value, "notIn") != nullptr);
    const bool has_at_least = (member(value, "atLeast") != nullptr);
    const bool has_range = has_at_least || (member(value, "atMost") != nullptr);
    const bool has_between = (member(value, "between") != nullptr);
    const int shapes = int{has_in} + int{has_not_in} + int{has_range} + int{has_between};

    if (head == "answer" || head == "scale") {
      const bool answer = head == "answer";
      if (!answer && (has_in || has_not_in)) {
        report("invalid-value", pointer + (has_in ? "/in" : "/notIn"),
               {"a scale condition takes \"atLeast\", \"atMost\" or \"between\""});
        return nullptr;
      }
      if (shapes == 0) {
        report("missing-key", pointer,
               {answer ? "a condition on an answer needs \"in\", \"notIn\", \"atLeast\", "
                         "\"atMost\" or \"between\""
                       : "a condition on a scale needs \"atLeast\", \"atMost\" or \"between\""});
        return nullptr;
      }
      if (shapes > 1) {
        report("invalid-value", pointer,
               {"a condition has exactly one shape: use one of \"in\", \"notIn\", "
                "\"atLeast\"/\"atMost\" or \"between\""});
        return nullptr;
      }
      if (!answer) {
        out.kind = Condition::Kind::scale_range;
        const std::string_view* name = string_of(*member(value, "scale"));
        if (name == nullptr) {
          wrong_type(*member(value, "scale"), pointer_to(pointer, "scale"), "a scale id");
        } else if (const std::size_t found = scale_ids_.find(*name); found != npos) {
          out.scale = found;
        } else {
          report("unknown-id", pointer_to(pointer, "scale"), {"unknown scale ", in_quotes(*name)});
        }
        bounds(value, pointer, out);
        return nullptr;
      }
      out.question = question_ref(*member(value, "answer"), pointer_to(pointer, "answer"));
      const Question* question =
          out.question == npos ? nullptr : &assessment.questions[out.question];
      if (question != nullptr && question->type == QuestionType::info) {
        report("wrong-question-type", pointer_to(pointer, "answer"),
               {"question ", in_quotes(question->id), " is an \"info\" step and has no answer"});
        out.question = npos;
        return nullptr;
      }
      if (has_in || has_not_in) {
        const char* key = has_in ? "in" : "notIn";
        out.kind = has_in ? Condition::Kind::answer_in : Condition::Kind::answer_not_in;
        if (question != nullptr && question->type == QuestionType::number) {
          report("wrong-question-type", pointer_to(pointer, key),
                 {"\"", key, "\" needs a \"single\" or \"multiple\" question; ",
                  in_quotes(question->id), " is a \"number\" question"});
          return nullptr;
        }
        option_list(*member(value, key), pointer_to(pointer, key), out);
        return nullptr;
      }
      out.kind = Condition::Kind::answer_range;
      if (question != nullptr && question->type != QuestionType::number) {
        const char* key = has_between ? "between" : has_at_least ? "atLeast" : "atMost";
        report("wrong-question-type", pointer_to(pointer, key),
               {"\"", key, "\" needs a \"number\" question; ", in_quotes(question->id), " is a \"",
                question_type_name(question->type), "\" question"});
        return nullptr;
      }
      bounds(value, pointer, out);
      return nullptr;
    }

    if (shapes > 0) {
      const char* key = has_in         ? "in"
                        : has_not_in   ? "notIn"
                        : has_between  ? "between"
                        : has_at_least ? "atLeast"
                                       : "atMost";
      report("invalid-value", pointer_to(pointer, key),
             {"\"", key, "\" cannot be combined with \"", head, "\""});
      return nullptr;
    }
    if (head == "answered") {
      out.kind = Condition::Kind::answered;
      out.question = question_ref(*member(value, "answered"), pointer_to(pointer, "answered"));
      if (out.question != npos && assessment.questions[out.question].type == QuestionType::info) {
        report("wrong-question-type", pointer_to(pointer, "answered"),
               {"question ", in_quotes(assessment.questions[out.question].id),
                " is an \"info\" step and has no answer"});
        out.question = npos;
      }
      return nullptr;
    }
    if (head == "not") {
      out.kind = Condition::Kind::negation;
      return member(value, "not");
    }
    out.kind = head == "all" ? Condition::Kind::all : Condition::Kind::any;
    const JsonValue& list = *member(value, head);
    return expect_array(list, pointer_to(pointer, head)) == nullptr ? nullptr : &list;
  }

  // --- evaluation order ---------------------------------------------------------------------

  void dependencies(const Condition& condition,
                    const std::vector<std::vector<std::size_t>>& by_scale,
                    std::vector<std::size_t>& out) const {
    switch (condition.kind) {
      case Condition::Kind::answer_in:
      case Condition::Kind::answer_not_in:
      case Condition::Kind::answer_range:
      case Condition::Kind::answered:
        if (condition.question != npos) insert_sorted(out, condition.question);
        break;
      case Condition::Kind::scale_range:
        if (condition.scale != npos) {
          for (std::size_t q : by_scale[condition.scale]) insert_sorted(out, q);
        }
        break;
      case Condition::Kind::all:
      case Condition::Kind::any:
      case Condition::Kind::negation:
        for (const Condition& child : condition.children) dependencies(child, by_scale, out);
        break;
    }
  }

  /** Orders the questions so that each comes after what its showIf depends on; finds cycles. */
  void order_questions() {
    const std::size_t n = assessment.questions.size();
    std::vector<std::vector<std::size_t>> by_scale(assessment.scales.size());
    for (std::size_t q = 0; q < n; ++q) {
      for (const Option& option : assessment.questions[q].options) {
        for (const auto& score : option.scores) {
          auto& list = by_scale[score.first];
          if (list.empty() || list.back() != q) list.push_back(q);
        }
      }
    }
    std::vector<std::vector<std::size_t>> depends_on(n);
    std::vector<std::vector<std::size_t>> dependents(n);
    std::vector<std::size_t> waiting(n, 0);
    for (std::size_t q = 0; q < n; ++q) {
      const auto& show_if = assessment.questions[q].show_if;
      if (!show_if) continue;
      auto& deps = depends_on[q];
      dependencies(*show_if, by_scale, deps);  // sorted, distinct
      waiting[q] = deps.size();
      for (std::size_t d : deps) dependents[d].push_back(q);
    }
    // Kahn's algorithm, always taking the earliest ready question: document order where free.
    // There are at most limits::questions, so the earliest is found by a scan, not a heap.
    std::vector<std::size_t> order;
    order.reserve(n);
    Flags placed(n, false);
    while (true) {
      std::size_t q = 0;
      while (q < n && (placed[q] || waiting[q] != 0)) ++q;
      if (q == n) break;
      placed[q] = true;
      order.push_back(q);
      for (std::size_t next : dependents[q]) --waiting[next];
    }
    if (order.size() == n) {
      assessment.evaluation_order = std::move(order);
      return;
    }
    report_cycles(depends_on, dependents, waiting);
  }

  /** One problem per group of questions that depend on each other, spelling one cycle out. */
  void report_cycles(const std::vector<std::vector<std::size_t>>& depends_on,
                     const std::vector<std::vector<std::size_t>>& dependents,
                     const std::vector<std::size_t>& waiting) {
    const std::size_t n = depends_on.size();
    Flags covered(n, false);
    for (std::size_t start = 0; start < n; ++start) {
      if (waiting[start] == 0 || covered[start]) continue;
      // Breadth-first along "depends on" among the unordered questions, back to `start`.
      std::vector<std::size_t> parent(n, npos);
      Flags reached(n, false);
      std::vector<std::size_t> queue = {start};
      std::size_t closing = npos;  // a question depending on `start`, reached from it
      for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::size_t q = queue[head];
        for (std::size_t d : depends_on[q]) {
          if (waiting[d] == 0) continue;
          if (d == start && closing == npos) closing = q;
          if (!reached[d]) {
            reached[d] = true;
            parent[d] = q;
            queue.push_back(d);
          }
        }
      }
      if (closing == npos) continue;  // waits on a cycle without being on one
      std::vector<std::size_t> path;
      for (std::size_t q = closing; q != start; q = parent[q]) path.push_back(q);
      path.push_back(start);
      std::reverse(path.begin(), path.end());
      std::string spelled;
      for (std::size_t q : path) spelled += assessment.questions[q].id + " -> ";
      spelled += assessment.questions[start].id;
      report("showif-cycle", pointer_to(assessment.questions[start].pointer, "showIf"),
             {"showIf depends on itself: ", spelled});
      // Cover every question on a cycle with `start`: reached from it and reaching it.
      Flags reaches(n, false);
      std::vector<std::size_t> back = {start};
      reaches[start] = true;
      for (std::size_t head = 0; head < back.size(); ++head) {
        for (std::size_t q : dependents[back[head]]) {
          if (waiting[q] != 0 && !reaches[q]) {
            reaches[q] = true;
            back.push_back(q);
          }
        }
      }
      for (std::size_t q = 0; q < n; ++q) {
        if (reached[q] && reaches[q]) covered[q] = true;
      }
    }
  }
};

class PublisherReader : public Reader {
 public:
  Publisher publisher;

  explicit PublisherReader(const Assessment& assessment) : assessment_(assessment) {
    locales = assessment.locales;
  }

  void read(const JsonValue& root) {
    if (!expect_object(root, "")) return;
    check_keys(
        root, "",
        {"confide", "extends", "brand", "theme", "quickExit", "texts", "blocks", "resources"},
        {"confide", "extends"}, {}, {}, true);
    version(root);
    if (const JsonValue* value = member(root, "extends")) {
      publisher.extends = id(*value, "/extends");
      if (string_of(*value) != nullptr && publisher.extends != assessment_.id) {
        report("unknown-id", "/extends",
               {"extends ", in_quotes(publisher.extends), " but the assessment is ",
                in_quotes(assessment_.id)});
      }
    }
    if (const JsonValue* value = member(root, "brand")) {
      if (const std::string_view* brand = nonempty_string(*value, "/brand"))
        publisher.brand = *brand;
    }
    read_theme(root);
    if (const JsonValue* value = member(root, "quickExit")) {
      if (expect_object(*value, "/quickExit")) {
        check_keys(*value, "/quickExit", {"url"}, {"url"});
        if (const JsonValue* url = member(*value, "url")) {
          publisher.quick_exit = https(*url, "/quickExit/url");
        }
      }
    }
    if (const JsonValue* value = member(root, "texts")) {
      if (expect_object(*value, "/texts")) {
        check_keys(*value, "/texts", {"intro", "about", "privacy"}, {});
        for (const char* key : {"intro", "about", "privacy"}) {
          if (const JsonValue* item = member(*value, key)) {
            text(*item, std::string("/texts/") + key, publisher.texts[key]);
          }
        }
      }
    }
    read_blocks(root);
    read_resources(root);
  }

 private:
  const Assessment& assessment_;

  void read_theme(const JsonValue& root) {
    const JsonValue* value = member(root, "theme");
    if (value == nullptr || !expect_object(*value, "/theme")) return;
    check_keys(*value, "/theme", {"accent", "text", "background", "surface", "font", "radius"}, {});
    Theme& theme = publisher.theme;
    const std::pair<const char*, std::string*> colours[] = {{"accent", &theme.accent},
                                                            {"text", &theme.text},
                                                            {"background", &theme.background},
                                                            {"surface", &theme.surface}};
    for (const auto& [key, target] : colours) {
      const JsonValue* item = member(*value, key);
      if (item == nullptr) continue;
      const std::string pointer = std::string("/theme/") + key;
      const std::string_view* colour = string_of(*item);
      if (colour == nullptr) {
        wrong_type(*item, pointer, "a colour string \"#rrggbb\"");
      } else if (!valid_colour(*colour)) {
        report("invalid-value", pointer,
               {"invalid colour ", in_quotes(*colour), ", expected \"#rrggbb\""});
      } else {
        *target = *colour;
      }
    }
    if (const JsonValue* item = member(*value, "font")) {
      const std::string_view* font = string_of(*item);
      if (font == nullptr) {
        wrong_type(*item, "/theme/font", "a font-family string");
      } else if (!valid_font(*font)) {
        report("invalid-value", "/theme/font",
               {"invalid font ", in_quotes(*font),
                ": use font names, spaces, commas, quotes and '-' (at most 100 characters)"});
      } else {
        theme.font = *font;
      }
    }
    if (const JsonValue* item = member(*value, "radius")) {
      if (const auto radius = number(*item, "/theme/radius")) {
        if (*radius < 0 || *radius > 24) {
          report("invalid-value", "/theme/radius", {"radius must be from 0 to 24"});
        } else {
          theme.radius = *radius;
        }
      }
    }
  }

  enum class Allowed { outcomes_findings, results };

  /** The result ids listed under `key` ("for", "unless"), each checked against the assessment. */
  std::vector<std::string> named_results(const JsonValue& item, const std::string& pointer,
                                         Allowed allowed, const char* key = "for") {
    std::vector<std::string> ids;
    const JsonValue* value = member(item, key);
    if (value == nullptr) return ids;
    const std::string list_pointer = pointer_to(pointer, key);
    const JsonValue* array = expect_array(*value, list_pointer);
    if (array == nullptr) return ids;
    if (array->empty()) report("invalid-value", list_pointer, {"name at least one result id"});
    const auto has = [](const std::vector<Result>& results, std::string_view name) {
      return std::any_of(results.begin(), results.end(),
                         [&](const Result& result) { return result.id == name; });
    };
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string item_pointer = pointer_to(list_pointer, i);
      const std::string_view* name = string_of((*array)[i]);
      if (name == nullptr) {
        wrong_type((*array)[i], item_pointer, "a result id");
        continue;
      }
      const bool outcome_or_finding =
          has(assessment_.outcomes, *name) || has(assessment_.findings, *name);
      if (outcome_or_finding || (allowed == Allowed::results && has(assessment_.alerts, *name))) {
        ids.emplace_back(*name);
      } else if (has(assessment_.alerts, *name)) {
        // Products blocks are already hidden beside every alert; reading blocks may stay.
        report("unknown-id", item_pointer,
               {in_quotes(*name), " is an alert: blocks ",
                key == std::string_view("unless") ? "name" : "go with", " outcomes and findings"});
      } else {
        report("unknown-id", item_pointer,
               {"unknown ", allowed == Allowed::results ? "result " : "outcome or finding ",
                in_quotes(*name), " in assessment ", in_quotes(assessment_.id)});
      }
    }
    return ids;
  }

  void read_blocks(const JsonValue& root) {
    const JsonValue* value = member(root, "blocks");
    if (value == nullptr) return;
    const JsonValue* array = expect_array(*value, "/blocks");
    if (array == nullptr) return;
    IdSet ids;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const JsonValue& item = (*array)[i];
      Block block;
      block.pointer = pointer_to("/blocks", i);
      const std::string& pointer = block.pointer;
      if (!expect_object(item, pointer)) continue;
      std::optional<Block::Kind> kind;
      if (const JsonValue* kind_value = member(item, "kind")) {
        const std::string_view* name = string_of(*kind_value);
        if (name == nullptr) {
          wrong_type(*kind_value, pointer_to(pointer, "kind"), "\"reading\" or \"products\"");
        } else if (*name == "reading") {
          kind = Block::Kind::reading;
        } else if (*name == "products") {
          kind = Block::Kind::products;
        } else {
          report(
              "invalid-value", pointer_to(pointer, "kind"),
              {"unknown block kind ", in_quotes(*name), " (expected \"reading\" or \"products\")"});
        }
      }
#define CONFIDE_BLOCK_KEYS \
  { "id", "kind", "for", "unless", "title", "body", "links", "products", "notice" }
      if (!kind) {
        check_keys(item, pointer, CONFIDE_BLOCK_KEYS, {"id", "kind", "for", "title"});
      } else if (*kind == Block::Kind::reading) {
        check_keys(item, pointer, {"id", "kind", "for", "unless", "title", "body", "links"},
                   {"id", "kind", "for", "title", "links"}, CONFIDE_BLOCK_KEYS,
                   "on a \"reading\" block");
      } else {
        check_keys(item, pointer,
                   {"id", "kind", "for", "unless", "title", "body", "products", "notice"},
                   {"id", "kind", "for", "title", "products", "notice"}, CONFIDE_BLOCK_KEYS,
                   "on a \"products\" block");
      }
      if (kind) block.kind = *kind;
      block.id = id_member(item, pointer);
      ids.add(*this, id_in(item), "/blocks", i);
      block.for_results = named_results(item, pointer, Allowed::outcomes_findings);
      block.unless_results = named_results(item, pointer, Allowed::outcomes_findings, "unless");
      text_member(item, "title", pointer, block.title);
      text_member(item, "body", pointer, block.body);
      text_member(item, "notice", pointer, block.notice);
      if (kind == Block::Kind::reading) {
        if (const JsonValue* links = member(item, "links"))
          read_links(*links, pointer_to(pointer, "links"), block);
      }
      if (kind == Block::Kind::products) {
        if (const JsonValue* products = member(item, "products")) {
          read_products(*products, pointer_to(pointer, "products"), block);
        }
      }
      publisher.blocks.push_back(std::move(block));
    }
  }

  void read_links(const JsonValue& value, const std::string& pointer, Block& block) {
    const JsonValue* array = expect_array(value, pointer);
    if (array == nullptr) return;
    if (array->empty()) report("invalid-value", pointer, {"add at least one link"});
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string item_pointer = pointer_to(pointer, i);
      const JsonValue& item = (*array)[i];
      if (!expect_object(item, item_pointer)) continue;
      check_keys(item, item_pointer, {"label", "url"}, {"label", "url"});
      Link link;
      link.pointer = item_pointer;
      text_member(item, "label", item_pointer, link.label);
      if (const JsonValue* url = member(item, "url"))
        link.url = https(*url, pointer_to(item_pointer, "url"));
      block.links.push_back(std::move(link));
    }
  }

  void read_products(const JsonValue& value, const std::string& pointer, Block& block) {
    const JsonValue* array = expect_array(value, pointer);
    if (array == nullptr) return;
    if (array->empty()) report("invalid-value", pointer, {"add at least one product"});
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string item_pointer = pointer_to(pointer, i);
      const JsonValue& item = (*array)[i];
      if (!expect_object(item, item_pointer)) continue;
      check_keys(item, item_pointer, {"name", "description", "url", "image", "price"},
                 {"name", "url"});
      Product product;
      product.pointer = item_pointer;
      text_member(item, "name", item_pointer, product.name);
      text_member(item, "description", item_pointer, product.description);
      text_member(item, "price", item_pointer, product.price);
      if (const JsonValue* url = member(item, "url"))
        product.url = https(*url, pointer_to(item_pointer, "url"));
      if (const JsonValue* image = member(item, "image")) {
        const std::string_view* path = string_of(*image);
        if (path == nullptr) {
          wrong_type(*image, pointer_to(item_pointer, "image"), "an image path string");
        } else if (!same_origin_path(*path)) {
          report("invalid-value", pointer_to(item_pointer, "image"),
                 {"invalid image ", in_quotes(*path),
                  ": use a path on this site starting with \"/\", such as \"/confide/img/a.svg\""});
        } else {
          product.image = *path;
        }
      }
      block.products.push_back(std::move(product));
    }
  }

  void read_resources(const JsonValue& root) {
    const JsonValue* value = member(root, "resources");
    if (value == nullptr) return;
    const JsonValue* array = expect_array(*value, "/resources");
    if (array == nullptr) return;
    IdSet ids;
    for (std::size_t k = 0; k < assessment_.resources.size(); ++k) {
      ids.add(*this, assessment_.resources[k].id, "the assessment's /resources", k);
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string pointer = pointer_to("/resources", i);
      const JsonValue& item = (*array)[i];
      if (!expect_object(item, pointer)) continue;
      check_keys(item, pointer, {"id", "title", "body", "region", "lastVerified", "for"},
                 {"id", "title", "body", "lastVerified", "for"});
      Publisher::LocalResource local;
      local.resource.pointer = pointer;
      resource(item, local.resource);
      ids.add(*this, id_in(item), "/resources", i);
      local.for_results = named_results(item, pointer, Allowed::results);
      publisher.resources.push_back(std::move(local));
    }
  }
};

/**
 * Moves a reader's problems to the end of the file's. A loop of push_back: the range insert's
 * instantiation for move iterators was about 840 B of wasm.
 */
void append(Problems& to, Problems& from) {
  for (Problem& problem : from) to.push_back(std::move(problem));
}

/**
 * Keeps the first limits::problems of a file's problems (the parser's and then the reader's),
 * and says in one more, "too-many-problems", how many were left out: a file of thousands of
 * mistakes must neither take seconds to check nor bury the first ones.
 */
void cap(Problems& problems, std::size_t unlisted) {
  if (problems.size() > limits::problems) {
    unlisted += problems.size() - limits::problems;
    problems.erase(problems.begin() + limits::problems, problems.end());
  }
  if (unlisted == 0) return;
  problems.push_back(
      {"too-many-problems", "",
       join({unlisted, unlisted == 1 ? " more problem not listed" : " more problems not listed"}),
       Severity::error});
}

}  // namespace

LoadedAssessment load_assessment(std::string_view text) {
  LoadedAssessment loaded;
  JsonDocument document = read_json(text);
  loaded.problems = std::move(document.problems);
  if (!document.parsed) return loaded;
  AssessmentReader reader;
  reader.read(document.value);
  append(loaded.problems, reader.problems);
  cap(loaded.problems, reader.unlisted);
  if (!has_errors(loaded.problems)) loaded.assessment.emplace(std::move(reader.assessment));
  return loaded;
}

std::string publisher_extends(std::string_view text) {
  const JsonDocument document = read_json(text);
  if (!document.parsed) return {};
  const JsonValue* value = member(document.value, "extends");
  const std::string_view* name = value == nullptr ? nullptr : string_of(*value);
  return name == nullptr ? std::string() : std::string(*name);
}

LoadedPublisher load_publisher(std::string_view text, const Assessment& assessment) {
  LoadedPublisher loaded;
  JsonDocument document = read_json(text);
  loaded.problems = std::move(document.problems);
  if (!document.parsed) return loaded;
  PublisherReader reader(assessment);
  reader.read(document.value);
  append(loaded.problems, reader.problems);
  cap(loaded.problems, reader.unlisted);
  if (!has_errors(loaded.problems)) loaded.publisher.emplace(std::move(reader.publisher));
  return loaded;
}

LoadedAnswers load_answers(std::string_view text, const Assessment& assessment) {
  LoadedAnswers loaded;
  loaded.answers.resize(assessment.questions.size());
  JsonDocument document = read_json(text);
  loaded.problems = std::move(document.problems);
  if (!document.parsed) return loaded;
  Reader reader;
  const JsonValue& root = document.value;
  if (!reader.expect_object(root, "")) {
    loaded.problems = std::move(reader.problems);
    return loaded;
  }
  std::map<std::string_view, std::size_t> index;
  for (std::size_t q = 0; q < assessment.questions.size(); ++q) {
    index.emplace(assessment.questions[q].id, q);
  }
  std::vector<std::string_view> known;  // the suggestions for an unknown id, filled once
  for (auto it = root.members().begin(); it != root.members().end(); ++it) {
    const std::string_view key = it->key;
    const JsonValue& value = it->value;
    const std::string pointer = "/" + pointer_token(key);
    const auto found = index.find(key);
    if (found == index.end()) {
      if (known.empty() && assessment.questions.size() <= limits::questions) {
        for (const Question& question : assessment.questions) known.push_back(question.id);
      }
      reader.report(
          "unknown-id", pointer,
          {"unknown question ", in_quotes(key), did_you_mean(reader.suggest(key, known))});
      continue;
    }
    // Already reported while parsing (a number beyond every bound, a duplicate key).
    const bool reported =
        std::any_of(loaded.problems.begin(), loaded.problems.end(), [&](const Problem& problem) {
          return problem.pointer.compare(0, pointer.size(), pointer) == 0 &&
                 (problem.pointer.size() == pointer.size() ||
                  problem.pointer[pointer.size()] == '/');
        });
    if (reported) continue;
    const Question& question = assessment.questions[found->second];
    const auto option_index = [&](std::string_view name) {
      for (std::size_t o = 0; o < question.options.size(); ++o) {
        if (question.options[o].id == name) return o;
      }
      return npos;
    };
    Answer answer;
    switch (question.type) {
      case QuestionType::info:
        reader.report("wrong-question-type", pointer,
                      {"question ", in_quotes(key), " is an \"info\" step and takes no answer"});
        continue;
      case QuestionType::single: {
        const std::string_view* name = string_of(value);
        if (name == nullptr) {
          reader.wrong_type(value, pointer, "an option id string");
          continue;
        }
        const std::size_t o = option_index(*name);
        if (o == npos) {
          reader.report("unknown-id", pointer,
                        {"unknown option ", in_quotes(*name), " of question ", in_quotes(key)});
          continue;
        }
        answer.options.push_back(o);
        break;
      }
      case QuestionType::multiple: {
        const JsonValue* array = value.is_array() ? &value : nullptr;
        if (array == nullptr) {
          reader.wrong_type(value, pointer, "an array of option ids");
          continue;
        }
        bool ok = true;
        std::size_t exclusive = npos;  // the first exclusive option listed
        for (std::size_t i = 0; i < array->size(); ++i) {
          const std::string item_pointer = pointer_to(pointer, i);
          const std::string_view* name = string_of((*array)[i]);
          if (name == nullptr) {
            reader.wrong_type((*array)[i], item_pointer, "an option id string");
            ok = false;
            continue;
          }
          const std::size_t o = option_index(*name);
          if (o == npos) {
            reader.report("unknown-id", item_pointer,
                          {"unknown option ", in_quotes(*name), " of question ", in_quotes(key)});
            ok = false;
          } else if (!insert_sorted(answer.options, o)) {
            reader.report("invalid-value", item_pointer,
                          {"option ", in_quotes(*name), " listed twice"});
            ok = false;
          } else if (exclusive == npos && question.options[o].exclusive) {
            exclusive = o;
          }
        }
        if (!ok) continue;
        if (answer.options.size() > 1 && exclusive != npos) {
          reader.report("invalid-value", pointer,
                        {"option ", in_quotes(question.options[exclusive].id),
                         " excludes every other option"});
          continue;
        }
        // No option chosen is what an untouched set of checkboxes means: unanswered.
        if (answer.options.empty()) continue;
        break;
      }
      case QuestionType::number: {
        const std::optional<double> number_value = number_of(value);
        if (!number_value) {
          reader.wrong_type(value, pointer, "a number");
          continue;
        }
        if (std::floor(*number_value) != *number_value) {
          reader.report("invalid-value", pointer, {"must be a whole number"});
          continue;
        }
        if (*number_value < question.min || *number_value > question.max) {
          const auto whole = [](double x) { return std::to_string(static_cast<long long>(x)); };
          reader.report("number-out-of-range", pointer,
                        {"must be from ", whole(question.min), " to ", whole(question.max)});
          continue;
        }
        answer.number = *number_value;
        break;
      }
    }
    loaded.answers[found->second] = std::move(answer);
  }
  append(loaded.problems, reader.problems);
  cap(loaded.problems, reader.unlisted);
  return loaded;
}

}  // namespace confide

#undef CONFIDE_QUESTION_KEYS
#undef CONFIDE_BLOCK_KEYS
