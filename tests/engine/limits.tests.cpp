// Each maximum of limits.hpp, exactly at the limit (loads without that problem) and one past it
// (exactly that problem, at its pointer). Covered in loader.tests.cpp already, and not repeated
// here: depth on bare JSON and on a chain of "not" conditions, questions, options, text_bytes,
// file_bytes far past the limit, and number_magnitude as read_json sees it.

#include <algorithm>
#include <cstddef>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "api.hpp"
#include "json_reader.hpp"
#include "limits.hpp"
#include "loader.hpp"

using namespace confide;
using nlohmann::json;

namespace {

/** A small valid assessment without any condition, so that tests can count them. */
json base() {
  return json::parse(R"({
    "confide": 1, "id": "limits", "version": "1", "locales": ["en"], "title": "Limits",
    "questions": [
      {"id": "q1", "type": "single", "title": "One?",
       "options": [{"id": "a", "label": "A", "scores": {"s": 1}}, {"id": "b", "label": "B"}]},
      {"id": "q2", "type": "number", "title": "Two?", "min": 0, "max": 10, "required": false}
    ],
    "scales": [{"id": "s"}],
    "outcomes": [{"id": "done", "title": "Done", "body": "Thanks."}]
  })");
}

std::string listing(const Problems& problems) {
  std::string text;
  for (const Problem& problem : problems) {
    text += problem.code + " [" + problem.pointer + "] " + problem.message + "\n";
  }
  return text;
}

bool mentions(const Problems& problems, const std::string& code) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const Problem& problem) { return problem.code == code; });
}

/** Loads; checks that it succeeded with no problem at all. */
void require_loads(const std::string& text) {
  const LoadedAssessment loaded = load_assessment(text);
  INFO(listing(loaded.problems));
  CHECK(loaded.problems.empty());
  CHECK(loaded.assessment.has_value());
}

/** Loads; checks that exactly one problem came out, with this code and pointer. */
void require_only(const std::string& text, const std::string& code, const std::string& pointer) {
  const LoadedAssessment loaded = load_assessment(text);
  INFO(listing(loaded.problems));
  CHECK_FALSE(loaded.assessment.has_value());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].code == code);
  CHECK(loaded.problems[0].pointer == pointer);
}

/** Levels of arrays and objects, the way the reader counts them against limits::depth. */
std::size_t depth_of(const json& value) {
  if (!value.is_structured()) return 0;
  std::size_t deepest = 0;
  for (const json& child : value) deepest = std::max(deepest, depth_of(child));
  return deepest + 1;
}

json result(const std::string& id, const json& when) {
  json item = {{"id", id}, {"title", "T"}, {"body", "B"}};
  if (!when.is_null()) item["when"] = when;
  return item;
}

/** An `any` of `count` nodes in all: itself and count - 1 leaves. */
json wide_condition(std::size_t count) {
  json children = json::array();
  for (std::size_t i = 1; i < count; ++i) children.push_back({{"answered", "q1"}});
  return {{"any", children}};
}

}  // namespace

TEST_CASE("file size: at and one byte past the limit", "[limits]") {
  const std::string content = base().dump();
  const auto padded = [&](std::size_t size) {
    std::string text = content;
    text.insert(1, std::string(size - content.size(), ' '));
    return text;
  };
  SECTION("at the limit") {
    const std::string text = padded(limits::file_bytes);
    REQUIRE(text.size() == limits::file_bytes);
    require_loads(text);
  }
  SECTION("one byte past") {
    const std::string text = padded(limits::file_bytes + 1);
    require_only(text, "file-too-large", "");
  }
}

TEST_CASE("conditions: at and one past the limit, counted over the whole file", "[limits]") {
  // Spread over a showIf, a finding and an alert: the limit is per file, not per tree.
  const std::size_t in_show_if = 500;
  const std::size_t in_alert = 700;
  json document = base();
  document["questions"][1]["showIf"] = wide_condition(in_show_if);
  document["alerts"] = json::array({result("alert", wide_condition(in_alert))});
  SECTION("at the limit") {
    document["findings"] = json::array(
        {result("finding", wide_condition(limits::conditions - in_show_if - in_alert))});
    require_loads(document.dump());
  }
  SECTION("one past") {
    document["findings"] = json::array(
        {result("finding", wide_condition(limits::conditions - in_show_if - in_alert + 1))});
    require_only(document.dump(), "too-many-conditions", "");
  }
  SECTION("nested nodes count as well") {
    // An "all" of chains of "not"s, as many nodes as the limit leaves for the finding.
    std::size_t left = limits::conditions - in_show_if - in_alert - 1;
    json chains = json::array();
    while (left > 0) {
      json chain = {{"answered", "q1"}};
      for (std::size_t length = 1; length < std::min<std::size_t>(left, 30); ++length) {
        chain = {{"not", chain}};
      }
      left -= std::min<std::size_t>(left, 30);
      chains.push_back(chain);
    }
    document["findings"] = json::array({result("finding", {{"all", chains}})});
    REQUIRE(depth_of(document) <= limits::depth);
    require_loads(document.dump());
    document["findings"][0]["when"]["all"][0] = {{"not", chains[0]}};
    require_only(document.dump(), "too-many-conditions", "");
  }
}

TEST_CASE("results: at and one past the limit on outcomes, findings and alerts", "[limits]") {
  json document = base();
  const auto fill = [&](std::size_t findings, std::size_t alerts) {
    document["findings"] = json::array();
    document["alerts"] = json::array();
    for (std::size_t i = 0; i < findings; ++i) {
      document["findings"].push_back(result("f" + std::to_string(i), {{"answered", "q1"}}));
    }
    for (std::size_t i = 0; i < alerts; ++i) {
      document["alerts"].push_back(result("a" + std::to_string(i), {{"answered", "q1"}}));
    }
  };
  // The one outcome of base() counts too.
  SECTION("at the limit") {
    fill(100, limits::results - 101);
    require_loads(document.dump());
  }
  SECTION("one past, over the three lists") {
    fill(100, limits::results - 100);
    require_only(document.dump(), "too-many-results", "");
  }
  SECTION("one past in a single list, which is then not read") {
    document["outcomes"] = json::array();
    for (std::size_t i = 0; i < limits::results; ++i) {
      document["outcomes"].push_back(result("o" + std::to_string(i), {{"answered", "q1"}}));
    }
    document["outcomes"].push_back(result("fallback", nullptr));
    require_only(document.dump(), "too-many-results", "");
  }
}

TEST_CASE("numbers: at and one past the magnitude limit, where the loader reads them", "[limits]") {
  const auto magnitude = static_cast<long long>(limits::number_magnitude);
  json document = base();
  auto& q2 = document["questions"][1];
  SECTION("at the limit, as integers and in exponent form") {
    q2["min"] = -magnitude;
    q2["max"] = magnitude;
    document["questions"][0]["options"][0]["scores"]["s"] = limits::number_magnitude;
    document["findings"] = json::array({result("big", {{"scale", "s"}, {"atLeast", -magnitude}})});
    require_loads(document.dump());
    std::string text = document.dump();
    const std::string digits = std::to_string(magnitude);
    text.replace(text.find(digits), digits.size(), "1e9");
    require_loads(text);
  }
  SECTION("one past, as a bound of a number question") {
    q2["max"] = magnitude + 1;
    require_only(document.dump(), "number-out-of-range", "/questions/1/max");
  }
  SECTION("one past, negative, in a score") {
    document["questions"][0]["options"][0]["scores"]["s"] = -(magnitude + 1);
    require_only(document.dump(), "number-out-of-range", "/questions/0/options/0/scores/s");
  }
  SECTION("just past, as a fraction in a condition") {
    document["findings"] = json::array({result("big", {{"scale", "s"}, {"atMost", 1e9 + 0.5}})});
    require_only(document.dump(), "number-out-of-range", "/findings/0/when/atMost");
  }
}

TEST_CASE("text length: at and one byte past the limit, in a locale and in multi-byte text",
          "[limits]") {
  json document = base();
  document["locales"] = {"en", "fr"};
  // "é" is two bytes: the limit counts bytes, not characters.
  const std::string plain(limits::text_bytes, 'e');
  std::string at_limit;
  while (at_limit.size() + 2 <= limits::text_bytes) at_limit += "\xc3\xa9";
  REQUIRE(at_limit.size() == limits::text_bytes);
  SECTION("at the limit") {
    document["outcomes"][0]["body"] = {{"en", plain}, {"fr", at_limit}};
    require_loads(document.dump());
  }
  SECTION("one byte past") {
    document["outcomes"][0]["body"] = {{"en", plain}, {"fr", at_limit + "e"}};
    require_only(document.dump(), "text-too-long", "/outcomes/0/body/fr");
  }
}

TEST_CASE("the deepest conditions allowed load, analyse and run", "[limits]") {
  // all/any/not mixed, nested until the document reaches limits::depth exactly, in a showIf,
  // an outcome, a finding and an alert: on wasm this runs with the widget's 64 KiB stack.
  // The chain is built so that evaluation descends all the way: `all` tries the deep child
  // first, `any` has a false leaf first.
  json document = base();
  document["outcomes"] = {result("deep-outcome", nullptr), result("done", nullptr)};
  document["findings"] = json::array({result("deep-finding", nullptr)});
  document["alerts"] = json::array({result("deep-alert", nullptr)});
  const json leaf = {{"answer", "q1"}, {"in", {"a"}}};
  const json false_leaf = {{"answer", "q1"}, {"in", {"b"}}};
  const auto place = [&](const json& condition) {
    document["questions"][1]["showIf"] = condition;
    document["outcomes"][0]["when"] = condition;
    document["findings"][0]["when"] = condition;
    document["alerts"][0]["when"] = condition;
  };
  json condition = leaf;
  for (std::size_t step = 0;; ++step) {
    json wider;
    switch (step % 3) {
      case 0:
        wider = {{"not", condition}};
        break;
      case 1:
        wider = {{"all", {condition, leaf}}};
        break;
      default:
        wider = {{"any", {false_leaf, condition}}};
        break;
    }
    place(wider);
    if (depth_of(document) > limits::depth) break;
    condition = wider;
  }
  place(condition);
  if (depth_of(document) < limits::depth) place(condition = {{"not", condition}});
  REQUIRE(depth_of(document) == limits::depth);
  const std::string text = document.dump();

  const LoadedAssessment loaded = load_assessment(text);
  INFO(listing(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.assessment);
  std::size_t levels = 0;
  for (const Condition* node = &*loaded.assessment->outcomes[0].when; !node->children.empty();
       node = node->kind == Condition::Kind::any ? &node->children.back()
                                                 : &node->children.front()) {
    ++levels;
  }
  CHECK(levels > limits::depth / 3);

  AnalysisOptions options;
  options.steps_per_question = 100;
  const Analysis analysis = analyze(*loaded.assessment, options);
  CHECK_FALSE(mentions(analysis.problems, "too-deep"));

  const json opened = json::parse(api::open(text, "", "en"), nullptr, false);
  REQUIRE(opened.value("ok", false));
  const int session = opened["session"].get<int>();
  json view = json::parse(api::act(session, R"({"do": "answer", "question": "q1", "value": "a"})"),
                          nullptr, false);
  CHECK(view.value("ok", false));
  for (int turn = 0; turn < 3 && view["view"]["step"] != "results"; ++turn) {
    view = json::parse(api::act(session, R"({"do": "next"})"), nullptr, false);
    REQUIRE(view.value("ok", false));
  }
  CHECK(view["view"]["step"] == "results");
  api::close(session);

  SECTION("one level deeper is refused") {
    place({{"not", condition}});
    require_only(document.dump(), "too-deep", "");
  }
}

TEST_CASE("problems: at and past the limit, with suggestions for the ones listed", "[limits]") {
  // The slow file of the report: 200 questions with 64-character ids and one "any" of unknown
  // ids of the same length, each of which once cost a full edit-distance table per question.
  json document = base();
  const auto long_id = [](std::size_t n, char fill) {
    std::string id = std::to_string(n);
    return id + std::string(64 - id.size(), fill);
  };
  document["questions"] = json::array();
  for (std::size_t q = 0; q < limits::questions; ++q) {
    document["questions"].push_back(
        {{"id", long_id(q, 'q')}, {"type", "info"}, {"title", "T"}, {"body", "B"}});
  }
  document.erase("scales");
  const auto with_unknown = [&](std::size_t count) {
    json any = json::array();
    std::string near = long_id(7, 'q');
    near[20] = 'x';
    near[40] = 'y';  // two edits from question 7's id: still suggested
    any.push_back({{"answered", near}});
    for (std::size_t i = 1; i < count; ++i) any.push_back({{"answered", long_id(i, 'u')}});
    json result = document;
    result["outcomes"][0]["when"] = {{"any", any}};
    return load_assessment(result.dump());
  };

  SECTION("at the limit, every problem is listed") {
    const LoadedAssessment loaded = with_unknown(limits::problems);
    REQUIRE(loaded.problems.size() == limits::problems);
    CHECK_FALSE(mentions(loaded.problems, "too-many-problems"));
  }
  SECTION("past it, the first ones and a count of the rest") {
    const std::size_t unknown = limits::conditions - 1;
    const LoadedAssessment loaded = with_unknown(unknown);
    INFO(listing(loaded.problems));
    CHECK_FALSE(loaded.assessment.has_value());
    REQUIRE(loaded.problems.size() == limits::problems + 1);
    CHECK(loaded.problems[0].pointer == "/outcomes/0/when/any/0/answered");
    CHECK(loaded.problems[0].message.find("(did you mean \"" + long_id(7, 'q') + "\"?)") !=
          std::string::npos);
    CHECK(loaded.problems[1].code == "unknown-id");
    CHECK(loaded.problems[1].message.find("did you mean") == std::string::npos);
    const Problem& last = loaded.problems.back();
    CHECK(last.code == "too-many-problems");
    CHECK(last.pointer.empty());
    CHECK(last.message == std::to_string(unknown - limits::problems) + " more problems not listed");
    CHECK(last.severity == Severity::error);
  }
  SECTION("answers are capped too") {
    json answers = json::object();
    for (std::size_t i = 0; i <= limits::problems; ++i) answers[long_id(i, 'u')] = "a";
    json valid = document;
    valid["outcomes"][0].erase("when");
    const LoadedAssessment assessment = load_assessment(valid.dump());
    REQUIRE(assessment.assessment.has_value());
    const LoadedAnswers loaded_answers = load_answers(answers.dump(), *assessment.assessment);
    REQUIRE(loaded_answers.problems.size() == limits::problems + 1);
    CHECK(loaded_answers.problems.back().message == "1 more problem not listed");
  }
}
