// Any bytes through the engine's strict JSON reader and through nlohmann's parser: they accept
// and refuse the same texts (the reader's own refusals, over its size or depth limits, and texts
// with a NUL byte aside), and where both accept a text without a duplicate key they build the
// same value.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "json_reader.hpp"

namespace {

using nlohmann::json;

/** Numbers of more than 15 significant digits are close, not exact: allow a few ulps. */
bool same(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>();
    const double y = b.get<double>();
    if (a.is_number_float() != b.is_number_float()) return false;
    return x == y || std::fabs(x - y) <= 1e-12 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !same(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const confide::JsonDocument document = confide::read_json(text);
  // A parsed document may still carry errors (duplicate keys, numbers out of range).
  for (const confide::Problem& problem : document.problems) {
    if (!confide::fuzz::valid_pointer(problem.pointer)) confide::fuzz::fail("invalid pointer");
  }
  if (!document.parsed && document.problems.size() != 1) {
    confide::fuzz::fail("a text that could not be read has not exactly one problem");
  }
  if (!document.parsed &&
      (document.problems[0].code == "too-deep" || document.problems[0].code == "file-too-large")) {
    return 0;  // limits of the reader's own
  }
  // nlohmann's lexer takes a NUL byte for the end of the text and ignores what follows it; the
  // reader refuses such a text, so there is nothing to compare.
  if (text.find('\0') != std::string_view::npos) {
    if (document.parsed) confide::fuzz::fail("the reader accepts a text with a NUL byte");
    return 0;
  }
  const json reference = json::parse(text.begin(), text.end(), nullptr, false);
  if (document.parsed == reference.is_discarded()) {
    confide::fuzz::fail(document.parsed ? "the reader accepts what nlohmann refuses"
                                        : "the reader refuses what nlohmann accepts");
  }
  bool duplicate = false;
  for (const confide::Problem& problem : document.problems) {
    duplicate = duplicate || problem.code == "duplicate-key";
  }
  if (document.parsed && !duplicate && !same(document.value, reference)) {
    confide::fuzz::fail("the reader and nlohmann build different values");
  }
  return 0;
}
