// Any bytes through the engine's strict JSON reader and through nlohmann's parser: they accept
// and refuse the same texts (the reader's own refusals, over its size or depth limits, and texts
// with a NUL byte aside), and where both accept a text without a duplicate key they build the
// same value, members in the same order (numbers of more than 15 significant digits are close,
// not exact: a few ulps are allowed).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "../engine/json_compare.hpp"
#include "fuzz_support.hpp"
#include "json_reader.hpp"

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
  const auto reference = nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, false);
  if (document.parsed == reference.is_discarded()) {
    confide::fuzz::fail(document.parsed ? "the reader accepts what nlohmann refuses"
                                        : "the reader refuses what nlohmann accepts");
  }
  bool duplicate = false;
  for (const confide::Problem& problem : document.problems) {
    duplicate = duplicate || problem.code == "duplicate-key";
  }
  if (document.parsed && !duplicate && !confide::testing::same(document.value, reference, 1e-12)) {
    confide::fuzz::fail("the reader and nlohmann build different values");
  }
  return 0;
}
