#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "loader.hpp"
#include "test_support.hpp"

using namespace confide;
using confide::test::describe;
using confide::test::read_file;

namespace {

const Assessment& assessment() {
  static const Assessment loaded =
      *load_assessment(read_file(test::source_path("tests/fixtures/valid/all-types.json")))
           .assessment;
  return loaded;
}

/** Loads `text` and expects exactly one problem, `code` at `pointer`. */
void expect_only(const std::string& text, const std::string& code, const std::string& pointer) {
  const LoadedAnswers loaded = load_answers(text, assessment());
  INFO(text << "\n" << describe(loaded.problems));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].code == code);
  CHECK(loaded.problems[0].pointer == pointer);
}

}  // namespace

// Questions of all-types.json: 0 welcome (info), 1 mood (single: low ok good),
// 2 feelings (multiple: sad anxious none*), 3 age (number 16..120), 4 followup (single: yes no).

TEST_CASE("answers resolve to option indices and numbers", "[answers]") {
  const LoadedAnswers loaded =
      load_answers(R"({"mood": "ok", "feelings": ["anxious", "sad"], "age": 30, "followup": "no"})",
                   assessment());
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.answers.size() == 5);
  CHECK_FALSE(loaded.answers[0]);
  CHECK(loaded.answers[1]->options == std::vector<std::size_t>{1});
  CHECK(loaded.answers[2]->options == std::vector<std::size_t>{0, 1});
  CHECK(loaded.answers[3]->number == 30);
  CHECK(loaded.answers[4]->options == std::vector<std::size_t>{1});
}

TEST_CASE("a partial or empty answer set is valid", "[answers]") {
  const LoadedAnswers empty = load_answers("{}", assessment());
  CHECK(empty.problems.empty());
  CHECK(empty.answers.size() == 5);
  const LoadedAnswers none = load_answers(R"({"feelings": []})", assessment());
  CHECK(none.problems.empty());
  CHECK_FALSE(none.answers[2]);  // nothing checked is unanswered
  const LoadedAnswers exclusive = load_answers(R"({"feelings": ["none"]})", assessment());
  CHECK(exclusive.problems.empty());
  CHECK(exclusive.answers[2]->options == std::vector<std::size_t>{2});
}

TEST_CASE("answers naming unknown questions or options are refused", "[answers]") {
  expect_only(R"({"moood": "ok"})", "unknown-id", "/moood");
  expect_only(R"({"a/b": "ok"})", "unknown-id", "/a~1b");
  expect_only(R"({"mood": "great"})", "unknown-id", "/mood");
  expect_only(R"({"feelings": ["sad", "bored"]})", "unknown-id", "/feelings/1");
}

TEST_CASE("answers of the wrong type are refused", "[answers]") {
  expect_only(R"({"mood": 1})", "wrong-type", "/mood");
  expect_only(R"({"mood": ["ok"]})", "wrong-type", "/mood");
  expect_only(R"({"feelings": "sad"})", "wrong-type", "/feelings");
  expect_only(R"({"feelings": [1]})", "wrong-type", "/feelings/0");
  expect_only(R"({"age": "30"})", "wrong-type", "/age");
  expect_only(R"({"age": null})", "wrong-type", "/age");
  expect_only(R"([])", "wrong-type", "");
}

TEST_CASE("info questions take no answer", "[answers]") {
  expect_only(R"({"welcome": "ok"})", "wrong-question-type", "/welcome");
}

TEST_CASE("multiple answers are distinct and respect the exclusive option", "[answers]") {
  expect_only(R"({"feelings": ["sad", "sad"]})", "invalid-value", "/feelings/1");
  expect_only(R"({"feelings": ["sad", "none"]})", "invalid-value", "/feelings");
}

TEST_CASE("number answers are whole and within bounds", "[answers]") {
  expect_only(R"({"age": 15})", "number-out-of-range", "/age");
  expect_only(R"({"age": 121})", "number-out-of-range", "/age");
  expect_only(R"({"age": 30.5})", "invalid-value", "/age");
  expect_only(R"({"age": 1e12})", "number-out-of-range", "/age");
  const LoadedAnswers edges = load_answers(R"({"age": 16})", assessment());
  CHECK(edges.problems.empty());
  CHECK(load_answers(R"({"age": 120.0})", assessment()).problems.empty());
}

TEST_CASE("every answer problem is reported and good answers are kept", "[answers]") {
  const LoadedAnswers loaded =
      load_answers(R"({"mood": "ok", "age": 3, "feelings": 2, "nope": 1})", assessment());
  INFO(describe(loaded.problems));
  CHECK(loaded.problems.size() == 3);
  CHECK(loaded.answers[1].has_value());
  CHECK_FALSE(loaded.answers[2]);
  CHECK_FALSE(loaded.answers[3]);
}

TEST_CASE("malformed answers text is reported, never thrown", "[answers]") {
  expect_only("{\"mood\": \"ok\",}", "malformed-json", "");
  expect_only("{\"mood\": \"ok\", \"mood\": \"low\"}", "duplicate-key", "/mood");
  expect_only("", "malformed-json", "");
  const LoadedAnswers loaded = load_answers("{\"mood\": ", assessment());
  CHECK(loaded.answers.size() == 5);
}
