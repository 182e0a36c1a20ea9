// The strict JSON reader against nlohmann's own parser, and the writer that the API's replies
// are made with, read back by nlohmann.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_compare.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"
#include "test_support.hpp"

using namespace confide;
using json = nlohmann::ordered_json;

namespace {

/** Equal values; numbers within 15 significant digits. */
bool same(const JsonValue& a, const json& b) { return testing::same(a, b, 1e-15); }

/** What nlohmann makes of `text`: discarded when it refuses it. */
json reference(const std::string& text) { return json::parse(text, nullptr, false); }

/** Random JSON text with every kind of value, escapes and number forms, nested a little. */
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : random_(seed) {}

  std::string value(int depth) {
    switch (pick(depth > 3 ? 5 : 7)) {
      case 0:
        return "null";
      case 1:
        return pick(2) ? "true" : "false";
      case 2:
      case 3:
        return number();
      case 4:
        return string();
      case 5: {
        std::string out = "[";
        for (int i = 0, n = pick(4); i < n; ++i) out += (i ? "," : "") + space() + value(depth + 1);
        return out + space() + "]";
      }
      default: {
        std::string out = "{";
        for (int i = 0, n = pick(4); i < n; ++i) {
          out += (i ? "," : "") + space() + "\"k" + std::to_string(i) + "\"" + space() + ":" +
                 value(depth + 1);
        }
        return out + "}";
      }
    }
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::string space() {
    static const char* const spaces[] = {"", " ", "\n", "\t ", "\r\n  "};
    return spaces[pick(5)];
  }

  /** Numbers of up to 15 significant digits, which the reader gives exactly. */
  std::string number() {
    std::string out = pick(3) == 0 ? "-" : "";
    const int digits = 1 + pick(9);
    out += std::to_string(1 + pick(9));
    for (int i = 1; i < digits; ++i) out += std::to_string(pick(10));
    if (pick(2)) {
      out += ".";
      for (int i = 0, n = 1 + pick(6); i < n; ++i) out += std::to_string(pick(10));
    }
    if (pick(4) == 0)
      out += std::string(pick(2) ? "e" : "E") + (pick(2) ? "-" : "+") + std::to_string(pick(12));
    return out;
  }

  std::string string() {
    static const char* const pieces[] = {
        "a",   "Zz",      " ",       "\\\"",    "\\\\",           "\\/", "\\b", "\\f", "\\n", "\\r",
        "\\t", "\\u0041", "\\u00e9", "\\u20ac", "\\ud83d\\ude00", "é",   "€",   "😀",   "~1",  "/"};
    std::string out = "\"";
    for (int i = 0, n = pick(6); i < n; ++i) out += pieces[pick(20)];
    return out + "\"";
  }

  std::mt19937 random_;
};

}  // namespace

TEST_CASE("the reader gives what nlohmann's parser gives on valid JSON", "[json]") {
  Generator generate(20261201);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = generate.value(0);
    INFO(text);
    const JsonDocument document = read_json(text);
    const json expected = reference(text);
    REQUIRE_FALSE(expected.is_discarded());
    REQUIRE(document.parsed);
    CHECK(same(document.value, expected));
  }
}

TEST_CASE("the reader gives numbers as doubles and members in the order of the text", "[json]") {
  const JsonDocument document = read_json(
      "{\"z\": [0, -0, 7, -7, 1000000000, 1.0, 1e2, -2.5E-3, 0.1], \"a\": true, "
      "\"m\": {\"\": null}}");
  REQUIRE(document.parsed);
  const JsonValue& root = document.value;
  REQUIRE(root.is_object());
  REQUIRE(root.size() == 3);
  const JsonMember* member = root.members().begin();
  CHECK(member[0].key == "z");
  CHECK(member[1].key == "a");
  CHECK(member[2].key == "m");
  const JsonValue& v = *root.find("z");
  REQUIRE(v.is_array());
  const double expected[] = {0, 0, 7, -7, 1000000000, 1, 100, -2.5e-3, 0.1};
  REQUIRE(v.size() == std::size(expected));
  for (std::size_t i = 0; i < v.size(); ++i) {
    REQUIRE(v[i].number() != nullptr);
    CHECK(*v[i].number() == expected[i]);
  }
  CHECK_FALSE(std::signbit(*v[1].number()));  // "-0" is the integer 0, as nlohmann reads it
  CHECK(*root.find("a")->boolean());
  CHECK(root.find("m")->find("")->is_null());
  CHECK(root.find("missing") == nullptr);
  CHECK(v.find("z") == nullptr);  // not an object
  CHECK(root.find("a")->string() == nullptr);
}

TEST_CASE("the reader finds duplicate keys in long objects too", "[json]") {
  // Past a handful of members the keys seen are indexed; the first value is kept either way,
  // and nothing inside a second value is reported (2e9 is out of range).
  for (const int size : {3, 16, 17, 40, 2000}) {
    std::string text = "{";
    for (int i = 0; i < size; ++i)
      text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
    text += "\"k" + std::to_string(size - 1) + "\": -1, \"k0\": [1, 2e9]}";
    INFO(size);
    const JsonDocument document = read_json(text);
    REQUIRE(document.parsed);
    REQUIRE(document.problems.size() == 2);
    CHECK(document.problems[0].code == "duplicate-key");
    CHECK(document.problems[0].pointer == "/k" + std::to_string(size - 1));
    CHECK(document.problems[1].pointer == "/k0");
    REQUIRE(document.value.size() == static_cast<std::size_t>(size));
    CHECK(*document.value.find("k0")->number() == 0);
    CHECK(*document.value.find("k" + std::to_string(size - 1))->number() == size - 1);
  }
}

TEST_CASE("the reader refuses what JSON does not allow, as nlohmann does", "[json]") {
  for (const char* text : {"",
                           " ",
                           "{",
                           "}",
                           "[1,]",
                           "[,1]",
                           "{\"a\":1,}",
                           "{\"a\" 1}",
                           "{a:1}",
                           "{'a':1}",
                           "01",
                           "-",
                           "1.",
                           ".5",
                           "1e",
                           "1e+",
                           "+1",
                           "0x10",
                           "[1 2]",
                           "\"a",
                           "\"\\x\"",
                           "\"\\u12\"",
                           "\"\\u12g4\"",
                           "\"\\ud800\"",
                           "\"\\udc00\"",
                           "\"\\ud800\\u0041\"",
                           "\"tab\there\"",
                           "\"line\nbreak\"",
                           "tru",
                           "nul",
                           "True",
                           "NaN",
                           "Infinity",
                           "[1]x",
                           "{} {}",
                           "[\"a\"]]",
                           "1 2",
                           "\"\\\""}) {
    INFO(text);
    REQUIRE(reference(text).is_discarded());
    const JsonDocument document = read_json(text);
    CHECK_FALSE(document.parsed);
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "malformed-json");
    CHECK(document.problems[0].pointer.empty());
    CHECK(document.problems[0].message.find("line 1, column ") != std::string::npos);
  }
}

TEST_CASE("a NUL byte ends nothing: what follows it is read, and refused", "[json]") {
  // nlohmann's lexer stops at a NUL byte as if the text ended there.
  for (const std::string& text : {std::string("[1]\0[2]", 7), std::string("\"u\"\0\0id\"", 8),
                                  std::string("{\"a\": \"x\0y\"}", 13)}) {
    const JsonDocument document = read_json(text);
    CHECK_FALSE(document.parsed);
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "malformed-json");
  }
}

TEST_CASE("the reader agrees with nlohmann on damaged content files", "[json]") {
  // Every content file with single bytes changed: where nlohmann accepts the text and it has
  // no duplicate key (nlohmann keeps the last, the reader the first and a problem), the values
  // are the same; where nlohmann refuses it, so does the reader.
  std::mt19937 random(7);
  const char replacements[] = "{}[]\",:0-.e\\ atfn";
  for (const char* name : {"phq9.json", "gad7.json", "publishers/health-demo.json"}) {
    const std::string original = test::read_file(test::source_path("content") / name);
    REQUIRE_FALSE(original.empty());
    for (int i = 0; i < 300; ++i) {
      std::string text = original;
      const auto at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(random);
      if (static_cast<unsigned char>(text[at]) >= 0x80) continue;  // keep the UTF-8 whole
      text[at] = replacements[std::uniform_int_distribution<std::size_t>(
          0, sizeof replacements - 2)(random)];
      INFO(name << " with byte " << at << " as '" << text[at] << "'");
      const JsonDocument document = read_json(text);
      const json expected = reference(text);
      const bool duplicate =
          std::any_of(document.problems.begin(), document.problems.end(),
                      [](const Problem& p) { return p.code == "duplicate-key"; });
      CHECK(document.parsed == !expected.is_discarded());
      if (document.parsed && !duplicate) CHECK(same(document.value, expected));
    }
  }
}

TEST_CASE("errors point at the offending character", "[json]") {
  const auto message = [](const std::string& text) {
    const JsonDocument document = read_json(text);
    REQUIRE(document.problems.size() == 1);
    return document.problems[0].message;
  };
  CHECK(message("{\n  \"a\": [1,\n   2 3]}") ==
        "malformed JSON at line 3, column 6: unexpected '3'; expected ',' or ']'");
  CHECK(message("[\"é\", ü]") ==
        "malformed JSON at line 1, column 7: unexpected 'ü'; expected a value");
  CHECK(message("{\"a\": \"x\\qy\"}") ==
        "malformed JSON at line 1, column 9: invalid escape in a string");
  CHECK(message("[\"\\ud800x\"]") ==
        "malformed JSON at line 1, column 3: a high surrogate must be followed by a low surrogate");
  CHECK(message("{\"a\": \"open") == "malformed JSON at line 1, column 12: unterminated string");
  CHECK(message("[1] [2]") ==
        "malformed JSON at line 1, column 5: unexpected text after the JSON value");
}

TEST_CASE("numbers are read exactly to 15 significant digits", "[json]") {
  std::mt19937_64 random(42);
  for (int i = 0; i < 20000; ++i) {
    // k / 10^j and k * 10^j with k of up to 15 digits: the literal's exact value rounded once.
    const auto k = std::uniform_int_distribution<std::uint64_t>(1, 999999999999999U)(random);
    const int j = std::uniform_int_distribution<int>(0, 22)(random);
    const std::string text = std::to_string(k) + (i % 2 ? "e-" : "e") + std::to_string(j);
    const JsonDocument document = read_json(text);
    INFO(text);
    REQUIRE(document.parsed);
    REQUIRE(document.value.is_number());
    CHECK(*document.value.number() == std::strtod(text.c_str(), nullptr));
  }
}

TEST_CASE("the writer escapes every string so that nlohmann reads it back", "[json]") {
  std::string every;
  for (int c = 1; c < 0x80; ++c) every += static_cast<char>(c);
  every += "é € 😀 \u2028";
  for (const std::string& text :
       {std::string(), std::string("plain"), every, std::string("quote \" backslash \\ slash /"),
        std::string("nul \0 inside", 12)}) {
    std::string out;
    JsonWriter(out).string(text);
    INFO(out);
    const json back = reference(out);
    REQUIRE(back.is_string());
    CHECK(back.get<std::string>() == text);
  }
  std::string out;
  append_json_string(out, "a\"b\\c\nd\x01");
  CHECK(out == R"("a\"b\\c\nd\u0001")");
}

TEST_CASE("the writer places commas and nests", "[json]") {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a").number(1).key("b").begin_array();
  w.boolean(true).null().string("x").begin_object().end_object().begin_array().end_array();
  w.end_array().key("c").string_or_null("").key("d").raw("{\"e\":[]}").end_object();
  CHECK(out == R"({"a":1,"b":[true,null,"x",{},[]],"c":null,"d":{"e":[]}})");
}

TEST_CASE("numbers are written as content writes them", "[json]") {
  CHECK(json_number(0) == "0");
  CHECK(json_number(-0.0) == "0");
  CHECK(json_number(120) == "120");
  CHECK(json_number(-7) == "-7");
  CHECK(json_number(1e9) == "1000000000");
  CHECK(json_number(0.5) == "0.5");
  CHECK(json_number(-2.25) == "-2.25");
  CHECK(json_number(0.1) == "0.1");
  CHECK(json_number(1234.5678) == "1234.5678");
  CHECK(json_number(0.00001) == "0.00001");
  CHECK(json_number(1.5e-7) == "1.5e-7");
  CHECK(json_number(123456789012345.0) == "123456789012345");
  CHECK(json_number(1e20) == "1e20");
  CHECK(json_number(std::nan("")) == "null");
  CHECK(json_number(HUGE_VAL) == "null");
  // Any number of up to 15 significant digits comes back exactly through nlohmann.
  std::mt19937_64 random(3);
  for (int i = 0; i < 20000; ++i) {
    const auto k = std::uniform_int_distribution<std::int64_t>(-999999999999, 999999999999)(random);
    const int j = std::uniform_int_distribution<int>(0, 12)(random);
    const double value = static_cast<double>(k) / std::pow(10.0, j);
    const std::string text = json_number(value);
    INFO(k << "e-" << j << " written as " << text);
    const json back = reference(text);
    REQUIRE(back.is_number());
    const double read = back.get<double>();
    CHECK(std::fabs(read - value) <= 1e-15 * std::fabs(value));
  }
}

TEST_CASE("every finite double is written to 15 significant digits, tiny and huge ones too",
          "[json]") {
  // 14 - exponent once overflowed the power of ten to infinity below about 1e-294.
  CHECK(json_number(1e-300) == "1e-300");
  CHECK(json_number(-1e-300) == "-1e-300");
  CHECK(json_number(1.25e-295) == "1.25e-295");
  CHECK(json_number(DBL_MIN) == "2.2250738585072e-308");
  CHECK(json_number(DBL_TRUE_MIN) == "4.94065645841247e-324");
  CHECK(json_number(-DBL_TRUE_MIN) == "-4.94065645841247e-324");
  CHECK(json_number(DBL_MAX) == "1.79769313486232e308");
  CHECK(json_number(1e308) == "1e308");
  CHECK(json_number(1e-5) == "0.00001");
  CHECK(json_number(9.99999999999999e-6) == "9.99999999999999e-6");
  const auto check_read_back = [](double value) {
    const std::string text = json_number(value);
    INFO(value << " written as " << text);
    const json back = reference(text);
    REQUIRE(back.is_number());
    const double by_strtod = std::strtod(text.c_str(), nullptr);
    CHECK(back.get<double>() == by_strtod);
    // Correct rounding to 15 digits is within 5e-15 of the value; the scaling adds at most
    // one rounding per factor of 1e22. A subnormal comes back exactly, its digits being fewer.
    if (by_strtod != value) CHECK(std::fabs(by_strtod - value) <= 7e-15 * std::fabs(value));
  };
  std::mt19937_64 random(5);
  for (int i = 0; i < 50000; ++i) {
    // Any bit pattern that is a finite double: every exponent, subnormals included.
    const std::uint64_t bits = random();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    if (std::isfinite(value)) check_read_back(value);
  }
  // A number of 15 significant digits is written back as it was, or within the tolerance.
  for (int i = 0; i < 20000; ++i) {
    const auto digits =
        std::uniform_int_distribution<std::int64_t>(100000000000000, 999999999999999)(random);
    const int exponent = std::uniform_int_distribution<int>(-307, 307)(random);
    std::string text = std::to_string(digits);
    text.insert(1, ".");
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    if (exponent < -5 || exponent >= 15) {
      text += "e" + std::to_string(exponent);
    } else {
      text = json_number(std::strtod((text + "e" + std::to_string(exponent)).c_str(), nullptr));
    }
    const double value = std::strtod(text.c_str(), nullptr);
    // Far from 1, the roundings of the scaling can move the fifteenth digit by one.
    if (exponent >= -30 && exponent <= 30) CHECK(json_number(value) == text);
    check_read_back(value);
  }
}

TEST_CASE("numbers beyond a double's range stop reading at their pointer; tiny ones are 0",
          "[json]") {
  for (const std::string& huge :
       {std::string("1e400"), std::string("-1e99999"), std::string("1") + std::string(400, '0'),
        std::string("0.") + std::string(30, '0') + "1e999"}) {
    INFO(huge);
    const JsonDocument document = read_json("{\"a\": [0, " + huge + "]}");
    CHECK_FALSE(document.parsed);
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "number-out-of-range");
    CHECK(document.problems[0].pointer == "/a/1");
  }
  for (const char* tiny : {"1e-400", "-2.5e-99999", "0.0000000000000000000000000000000001"}) {
    INFO(tiny);
    const JsonDocument document = read_json(tiny);
    REQUIRE(document.parsed);
    CHECK(document.problems.empty());
    REQUIRE(document.value.is_number());
    CHECK(std::fabs(*document.value.number()) < 1e-33);
  }
}

TEST_CASE("a byte order mark before the value is allowed, as nlohmann allows it", "[json]") {
  const std::string text = "\xEF\xBB\xBF{\"a\": 1}";
  REQUIRE_FALSE(reference(text).is_discarded());
  const JsonDocument document = read_json(text);
  REQUIRE(document.parsed);
  CHECK(*document.value.find("a")->number() == 1);
  CHECK_FALSE(read_json("{\"a\": 1}\xEF\xBB\xBF").parsed);
}
