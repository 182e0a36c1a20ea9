#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_reader.hpp"
#include "limits.hpp"
#include "loader.hpp"
#include "test_support.hpp"

using namespace confide;
using confide::test::describe;
using confide::test::has_problem;
using confide::test::read_file;

namespace {

std::filesystem::path fixtures() { return test::source_path("tests/fixtures"); }

/** A small valid assessment, as JSON, for tests to break one piece at a time. */
nlohmann::json minimal() {
  return nlohmann::json::parse(R"({
    "confide": 1, "id": "mini", "version": "1", "locales": ["en", "fr"], "title": "Mini",
    "questions": [
      {"id": "q1", "type": "single", "title": "One?",
       "options": [{"id": "a", "label": "A", "scores": {"s": 1}}, {"id": "b", "label": "B"}]},
      {"id": "q2", "type": "number", "title": "Two?", "min": 0, "max": 10}
    ],
    "scales": [{"id": "s"}],
    "outcomes": [{"id": "hi", "title": "Hi", "body": "High.", "when": {"scale": "s", "atLeast": 1}},
                 {"id": "lo", "title": "Lo", "body": "Low."}]
  })");
}

LoadedAssessment load(const nlohmann::json& document) { return load_assessment(document.dump()); }

}  // namespace

TEST_CASE("every invalid fixture yields exactly its expected problem", "[loader]") {
  const auto folder = fixtures() / "invalid";
  const auto expected = nlohmann::json::parse(read_file(folder / "expected.json"));
  std::set<std::string> seen;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "expected.json") continue;
    seen.insert(name);
    INFO("fixture " << name);
    REQUIRE(expected.contains(name));
    const std::string code = expected[name]["code"].get<std::string>();
    const std::string pointer = expected[name]["pointer"].get<std::string>();
    const std::string text = read_file(entry.path());
    // A fixture that names `extends` is a publisher file, checked with the valid assessment
    // of that id, as `confide check` would.
    const std::string extends = publisher_extends(text);
    if (!extends.empty()) {
      const LoadedAssessment base =
          load_assessment(read_file(fixtures() / "valid" / (extends + ".json")));
      REQUIRE(base.assessment);
      const LoadedPublisher loaded = load_publisher(text, *base.assessment);
      INFO(describe(loaded.problems));
      CHECK_FALSE(loaded.publisher.has_value());
      CHECK(loaded.problems.size() == 1);  // one defect per fixture
      CHECK(has_problem(loaded.problems, code, pointer));
      continue;
    }
    const LoadedAssessment loaded = load_assessment(text);
    INFO(describe(loaded.problems));
    CHECK_FALSE(loaded.assessment.has_value());
    CHECK(has_problem(loaded.problems, code, pointer));
  }
  for (const auto& item : expected.items()) {
    INFO("listed but missing: " << item.key());
    CHECK(seen.count(item.key()) == 1);
  }
  CHECK(seen.size() >= 60);
}

TEST_CASE("the valid fixture loads with ids resolved to indices", "[loader]") {
  const LoadedAssessment loaded = load_assessment(read_file(fixtures() / "valid/all-types.json"));
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.assessment);
  const Assessment& a = *loaded.assessment;
  CHECK(a.id == "all-types");
  CHECK(a.locales == std::vector<std::string>{"en", "fr"});
  CHECK(a.default_locale() == "en");
  REQUIRE(a.questions.size() == 5);
  CHECK(a.questions[0].type == QuestionType::info);
  CHECK_FALSE(a.questions[0].required);
  CHECK(a.questions[0].body.all == std::optional<std::string>("Read this first."));
  CHECK(a.questions[1].type == QuestionType::single);
  CHECK(a.questions[2].type == QuestionType::multiple);
  CHECK_FALSE(a.questions[2].required);
  CHECK(a.questions[2].options[2].exclusive);
  CHECK(a.questions[3].type == QuestionType::number);
  CHECK(a.questions[3].min == 16);
  CHECK(a.questions[3].max == 120);
  CHECK(a.questions[3].unit.by_locale.at("fr") == "ans");
  CHECK(a.questions[3].unit.pointer == "/questions/3/unit");

  SECTION("option scores point at scales") {
    const Option& low = a.questions[1].options[0];
    REQUIRE(low.scores.size() == 2);
    CHECK(std::find(low.scores.begin(), low.scores.end(), std::make_pair(std::size_t{0}, 2.0)) !=
          low.scores.end());
    CHECK(std::find(low.scores.begin(), low.scores.end(), std::make_pair(std::size_t{1}, 1.0)) !=
          low.scores.end());
    CHECK(low.pointer == "/questions/1/options/0");
  }
  SECTION("conditions are resolved") {
    const Condition& show = *a.questions[2].show_if;
    CHECK(show.kind == Condition::Kind::answer_in);
    CHECK(show.question == 1);
    CHECK(show.options == std::vector<std::size_t>{0, 1});
    CHECK(show.pointer == "/questions/2/showIf");
    const Condition& all = *a.questions[4].show_if;
    CHECK(all.kind == Condition::Kind::all);
    REQUIRE(all.children.size() == 3);
    CHECK(all.children[0].kind == Condition::Kind::scale_range);
    CHECK(all.children[0].scale == 0);
    CHECK(all.children[0].at_least == 2);
    CHECK(std::isinf(all.children[0].at_most));
    CHECK(all.children[1].kind == Condition::Kind::negation);
    CHECK(all.children[1].children[0].kind == Condition::Kind::answer_range);
    CHECK(all.children[1].children[0].question == 3);
    CHECK(all.children[1].children[0].at_least == 16);
    CHECK(all.children[1].children[0].at_most == 17);
    CHECK(all.children[1].children[0].pointer == "/questions/4/showIf/all/1/not");
    CHECK(all.children[2].kind == Condition::Kind::any);
    CHECK(all.children[2].children[0].kind == Condition::Kind::answered);
    CHECK(all.children[2].children[0].question == 2);
    CHECK(all.children[2].children[1].kind == Condition::Kind::answer_not_in);
    CHECK(all.children[2].children[1].options == std::vector<std::size_t>{2});
  }
  SECTION("results, resources and the fallback") {
    REQUIRE(a.outcomes.size() == 3);
    CHECK(a.outcomes[0].resources == std::vector<std::size_t>{0});
    CHECK_FALSE(a.outcomes[2].when.has_value());
    REQUIRE(a.findings.size() == 1);
    REQUIRE(a.alerts.size() == 1);
    CHECK(a.alerts[0].when->at_most == 17);
    CHECK(a.resources[0].region == "US");
    CHECK(a.resources[0].last_verified == "2026-10-01");
    CHECK(a.ui.at("next").by_locale.at("fr") == "Continuer");
    CHECK(a.title.pointer == "/title");
  }
  SECTION("evaluation order") {
    CHECK(a.evaluation_order == std::vector<std::size_t>{0, 1, 2, 3, 4});
  }
}

TEST_CASE("the shipped content loads without problems", "[loader]") {
  for (const char* name : {"phq9.json", "gad7.json", "pcd.json"}) {
    const auto path = test::source_path("content") / name;
    if (!std::filesystem::exists(path)) continue;
    INFO(name);
    const LoadedAssessment loaded = load_assessment(read_file(path));
    INFO(describe(loaded.problems));
    CHECK(loaded.assessment.has_value());
    CHECK_FALSE(has_errors(loaded.problems));
  }
}

TEST_CASE("every problem is reported at once", "[loader]") {
  nlohmann::json document = minimal();
  document["questions"][0]["showif"] = {{"answered", "q2"}};
  document["questions"][1]["min"] = 20;
  document["outcomes"][0]["when"]["scale"] = "nope";
  const LoadedAssessment loaded = load(document);
  INFO(describe(loaded.problems));
  CHECK_FALSE(loaded.assessment);
  REQUIRE(loaded.problems.size() == 3);
  CHECK(has_problem(loaded.problems, "unknown-key", "/questions/0/showif"));
  CHECK(has_problem(loaded.problems, "number-out-of-range", "/questions/1/max"));
  CHECK(has_problem(loaded.problems, "unknown-id", "/outcomes/0/when/scale"));
}

TEST_CASE("unknown keys suggest the closest known key", "[loader]") {
  nlohmann::json document = minimal();
  document["questions"][0]["showif"] = {{"answered", "q2"}};
  document["questions"][0]["titel"] = "x";
  const LoadedAssessment loaded = load(document);
  REQUIRE(loaded.problems.size() == 2);
  const auto message = [&](const std::string& pointer) {
    for (const Problem& problem : loaded.problems) {
      if (problem.pointer == pointer) return problem.message;
    }
    return std::string();
  };
  CHECK(message("/questions/0/showif") == "unknown key \"showif\" (did you mean \"showIf\"?)");
  CHECK(message("/questions/0/titel") == "unknown key \"titel\" (did you mean \"title\"?)");
}

TEST_CASE("messages are joined from text, counts, quoted values and suggestions", "[loader]") {
  const std::string long_value(81, 'x');
  CHECK(join({"text of ", std::size_t{8193}, " bytes"}) == "text of 8193 bytes");
  CHECK(join({"unknown key ", in_quotes("titel"), did_you_mean("title")}) ==
        "unknown key \"titel\" (did you mean \"title\"?)");
  CHECK(join({"unknown key ", in_quotes("zzz"), did_you_mean("")}) == "unknown key \"zzz\"");
  CHECK(join({in_quotes(std::string_view(long_value).substr(0, 80))}) ==
        "\"" + long_value.substr(0, 80) + "\"");
  CHECK(join({in_quotes(long_value)}) == "\"" + long_value.substr(0, 80) + "...\"");
}

TEST_CASE("missing keys point at the object and name the key", "[loader]") {
  nlohmann::json document = minimal();
  document["questions"][1].erase("max");
  const LoadedAssessment loaded = load(document);
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].code == "missing-key");
  CHECK(loaded.problems[0].pointer == "/questions/1");
  CHECK(loaded.problems[0].message.find("\"max\"") != std::string::npos);
}

TEST_CASE("duplicate keys are found wherever they are", "[loader]") {
  const std::string text = minimal().dump();
  SECTION("at the root") {
    const LoadedAssessment loaded =
        load_assessment(text.substr(0, text.size() - 1) + ",\"id\":\"x\"}");
    CHECK(has_problem(loaded.problems, "duplicate-key", "/id"));
    CHECK_FALSE(loaded.assessment);
  }
  SECTION("deep, with escaped pointer tokens") {
    const JsonDocument document = read_json(R"({"a/b": [0, {"~c": {"k": 1, "k": {"z": [1]}}}]})");
    REQUIRE(document.parsed);
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "duplicate-key");
    CHECK(document.problems[0].pointer == "/a~1b/1/~0c/k");
    const JsonValue* kept = (*document.value.find("a/b"))[1].find("~c")->find("k");
    REQUIRE(kept->number() != nullptr);  // the first value is kept
    CHECK(*kept->number() == 1);
  }
  SECTION("several in one file") {
    const JsonDocument document = read_json(R"({"a": 1, "a": 2, "b": {"c": 1, "c": 2}, "b": 3})");
    CHECK(document.problems.size() == 3);
    CHECK(has_problem(document.problems, "duplicate-key", "/a"));
    CHECK(has_problem(document.problems, "duplicate-key", "/b/c"));
    CHECK(has_problem(document.problems, "duplicate-key", "/b"));
  }
}

TEST_CASE("nesting is limited", "[loader]") {
  const auto nested = [](std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  SECTION("at the limit") {
    const JsonDocument document = read_json(nested(limits::depth));
    CHECK(document.parsed);
    CHECK(document.problems.empty());
  }
  SECTION("past the limit") {
    const JsonDocument document = read_json(nested(limits::depth + 1));
    CHECK_FALSE(document.parsed);
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "too-deep");
    CHECK(document.problems[0].pointer.empty());
  }
  SECTION("far past the limit, without using the stack") {
    const LoadedAssessment loaded = load_assessment(std::string(500000, '['));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "too-deep");
  }
}

TEST_CASE("files above the size limit are refused before parsing", "[loader]") {
  std::string text = minimal().dump();
  text.insert(1, std::string(limits::file_bytes, ' '));
  const LoadedAssessment loaded = load_assessment(text);
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].code == "file-too-large");
  CHECK(loaded.problems[0].pointer.empty());
}

TEST_CASE("invalid UTF-8 is refused with its position", "[loader]") {
  for (const std::string& bad :
       {std::string("\xff"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
        std::string("\xf4\x90\x80\x80"), std::string("\xe2\x82")}) {
    const LoadedAssessment loaded = load_assessment("{\n\"title\": \"a" + bad + "\"}");
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "invalid-utf8");
    CHECK(loaded.problems[0].message.find("line 2, column 12") != std::string::npos);
  }
  SECTION("valid multi-byte text is fine") {
    const JsonDocument document = read_json("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    CHECK(document.parsed);
  }
}

TEST_CASE("malformed JSON gives line and column", "[loader]") {
  SECTION("trailing comma") {
    const LoadedAssessment loaded = load_assessment("{\n  \"a\": 1,\n}");
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "malformed-json");
    CHECK(loaded.problems[0].pointer.empty());
    CHECK(loaded.problems[0].message.find("line 3, column 1") != std::string::npos);
  }
  SECTION("NaN-like literals") {
    for (const char* literal : {"NaN", "Infinity", "-Infinity", "nan", "inf"}) {
      const LoadedAssessment loaded = load_assessment(std::string("{\"a\": ") + literal + "}");
      INFO(literal);
      REQUIRE(loaded.problems.size() == 1);
      CHECK(loaded.problems[0].code == "malformed-json");
      CHECK(loaded.problems[0].message.find("line 1, column ") != std::string::npos);
    }
  }
  SECTION("columns count characters, not bytes") {
    const LoadedAssessment loaded = load_assessment("{\"\xc3\xa9\xc3\xa9\": x}");
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].message.find("line 1, column 8") != std::string::npos);
  }
  SECTION("empty text") {
    const LoadedAssessment loaded = load_assessment("");
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "malformed-json");
  }
}

TEST_CASE("numbers beyond the magnitude limit are refused", "[loader]") {
  SECTION("overflowing a double") {
    const JsonDocument document = read_json("{\"a\": [1, -1e999]}");
    REQUIRE(document.problems.size() == 1);
    CHECK(document.problems[0].code == "number-out-of-range");
    CHECK(document.problems[0].pointer == "/a/1");
  }
  SECTION("large but finite, in every representation") {
    const JsonDocument document = read_json(
        "[1000000000, -1000000000, 1000000001, -1000000001, "
        "1.5e9, 18446744073709551615, 1e30]");
    CHECK(document.parsed);
    CHECK(document.problems.size() == 5);
    CHECK_FALSE(has_problem(document.problems, "number-out-of-range", "/0"));
    CHECK(has_problem(document.problems, "number-out-of-range", "/2"));
    CHECK(has_problem(document.problems, "number-out-of-range", "/6"));
  }
}

TEST_CASE("texts are checked against the declared locales", "[loader]") {
  nlohmann::json document = minimal();
  SECTION("a missing locale is left to the analysis") {
    document["title"] = {{"en", "Mini"}};
    const LoadedAssessment loaded = load(document);
    CHECK(loaded.problems.empty());
    REQUIRE(loaded.assessment);
    CHECK(loaded.assessment->title.by_locale.size() == 1);
  }
  SECTION("undeclared, empty and long texts") {
    document["title"] = {{"en", ""}, {"es", "x"}};
    document["questions"][0]["title"] = std::string(limits::text_bytes + 1, 'x');
    document["questions"][1]["title"] = std::string(limits::text_bytes, 'x');
    const LoadedAssessment loaded = load(document);
    INFO(describe(loaded.problems));
    CHECK(loaded.problems.size() == 3);
    CHECK(has_problem(loaded.problems, "invalid-value", "/title/en"));
    CHECK(has_problem(loaded.problems, "invalid-value", "/title/es"));
    CHECK(has_problem(loaded.problems, "text-too-long", "/questions/0/title"));
  }
}

TEST_CASE("conditions take exactly one shape", "[loader]") {
  nlohmann::json document = minimal();
  auto& when = document["outcomes"][0]["when"];
  SECTION("atLeast and atMost combine") {
    when = {{"answer", "q2"}, {"atLeast", 2}, {"atMost", 5}};
    const LoadedAssessment loaded = load(document);
    REQUIRE(loaded.assessment);
    const Condition& c = *loaded.assessment->outcomes[0].when;
    CHECK(c.kind == Condition::Kind::answer_range);
    CHECK(c.at_least == 2);
    CHECK(c.at_most == 5);
  }
  SECTION("atLeast above atMost") {
    when = {{"scale", "s"}, {"atLeast", 6}, {"atMost", 5}};
    CHECK(has_problem(load(document).problems, "number-out-of-range", "/outcomes/0/when/atMost"));
  }
  SECTION("between and atLeast") {
    when = {{"scale", "s"}, {"atLeast", 1}, {"between", {1, 2}}};
    CHECK(has_problem(load(document).problems, "invalid-value", "/outcomes/0/when"));
  }
  SECTION("in on a scale") {
    when = {{"scale", "s"}, {"in", {"a"}}};
    CHECK(has_problem(load(document).problems, "invalid-value", "/outcomes/0/when/in"));
  }
  SECTION("not needs an object") {
    when = {{"not", {1}}};
    CHECK(has_problem(load(document).problems, "wrong-type", "/outcomes/0/when/not"));
  }
  SECTION("an empty in list") {
    when = {{"answer", "q1"}, {"in", nlohmann::json::array()}};
    CHECK(has_problem(load(document).problems, "invalid-value", "/outcomes/0/when/in"));
  }
  SECTION("nested problems keep their pointers") {
    when = {{"any", {{{"answered", "q1"}}, {{"not", {{"answer", "q1"}, {"in", {"a", "zz"}}}}}}}};
    CHECK(has_problem(load(document).problems, "unknown-id", "/outcomes/0/when/any/1/not/in/1"));
  }
  SECTION("empty all and any are allowed") {
    when = {{"all", nlohmann::json::array()}};
    document["outcomes"][1]["when"] = {{"any", nlohmann::json::array()}};
    CHECK(load(document).problems.empty());
  }
}

TEST_CASE("the evaluation order follows showIf dependencies", "[loader]") {
  nlohmann::json document = minimal();
  auto& questions = document["questions"];
  // q1 depends on q3 (defined later), q3 on the scale s (scored by q2): q2, q3, q1.
  questions[1] = {
      {"id", "q2"},
      {"type", "single"},
      {"title", "Two"},
      {"options",
       {{{"id", "x"}, {"label", "X"}, {"scores", {{"s", 1}}}}, {{"id", "y"}, {"label", "Y"}}}}};
  questions[0]["options"][0].erase("scores");
  questions[0]["showIf"] = {{"answered", "q3"}};
  questions.push_back({{"id", "q3"},
                       {"type", "number"},
                       {"title", "Three"},
                       {"min", 0},
                       {"max", 3},
                       {"showIf", {{"scale", "s"}, {"atLeast", 1}}}});
  questions.push_back({{"id", "q4"}, {"type", "info"}, {"title", "Four"}, {"body", "B"}});
  const LoadedAssessment loaded = load(document);
  INFO(describe(loaded.problems));
  REQUIRE(loaded.assessment);
  CHECK(loaded.assessment->evaluation_order == std::vector<std::size_t>{1, 2, 0, 3});

  SECTION("a longer cycle is spelled out") {
    questions[1]["showIf"] = {{"answered", "q1"}};
    const LoadedAssessment cyclic = load(document);
    REQUIRE(cyclic.problems.size() == 1);
    CHECK(cyclic.problems[0].code == "showif-cycle");
    CHECK(cyclic.problems[0].pointer == "/questions/0/showIf");
    CHECK(cyclic.problems[0].message == "showIf depends on itself: q1 -> q3 -> q2 -> q1");
  }
}

TEST_CASE("limits on counts are enforced", "[loader]") {
  nlohmann::json document = minimal();
  SECTION("at the question limit") {
    for (std::size_t i = document["questions"].size(); i < limits::questions; ++i) {
      document["questions"].push_back(
          {{"id", "i" + std::to_string(i)}, {"type", "info"}, {"title", "T"}, {"body", "B"}});
    }
    CHECK(load(document).problems.empty());
    document["questions"].push_back(
        {{"id", "last"}, {"type", "info"}, {"title", "T"}, {"body", "B"}});
    CHECK(has_problem(load(document).problems, "too-many-questions", "/questions"));
  }
  SECTION("at the option limit") {
    auto& options = document["questions"][0]["options"];
    while (options.size() < limits::options) {
      options.push_back({{"id", "o" + std::to_string(options.size())}, {"label", "O"}});
    }
    CHECK(load(document).problems.empty());
    options.push_back({{"id", "over"}, {"label", "O"}});
    CHECK(has_problem(load(document).problems, "too-many-options", "/questions/0/options"));
  }
}

TEST_CASE("loading never throws on hostile input", "[loader]") {
  const std::string valid = minimal().dump();
  // Every prefix of a valid file: truncated input of every kind.
  for (std::size_t length = 0; length < valid.size(); length += 7) {
    const LoadedAssessment loaded = load_assessment(valid.substr(0, length));
    CHECK_FALSE(loaded.assessment);
    CHECK_FALSE(loaded.problems.empty());
  }
  for (const char* text : {"null", "0", "\"x\"", "[]", "{}", "{\"questions\": [null, 1, []]}",
                           "{\"outcomes\": [{\"when\": {\"all\": [1, null, {}]}}]}"}) {
    const LoadedAssessment loaded = load_assessment(text);
    CHECK_FALSE(loaded.assessment);
    CHECK_FALSE(loaded.problems.empty());
  }
}

TEST_CASE("conditions nested as deep as JSON allows load", "[loader]") {
  nlohmann::json document = minimal();
  // root, outcomes, outcome, when: four levels before the first condition object.
  nlohmann::json condition = {{"answered", "q1"}};
  for (std::size_t depth = 4; depth < limits::depth; ++depth) condition = {{"not", condition}};
  document["outcomes"][0]["when"] = condition;
  const LoadedAssessment loaded = load(document);
  INFO(describe(loaded.problems));
  REQUIRE(loaded.assessment);
  const Condition* node = &*loaded.assessment->outcomes[0].when;
  std::size_t nots = 0;
  while (node->kind == Condition::Kind::negation) {
    node = &node->children.front();
    ++nots;
  }
  CHECK(nots == limits::depth - 4);
  CHECK(node->kind == Condition::Kind::answered);
  document["outcomes"][0]["when"] = {{"not", condition}};
  CHECK(load(document).problems.at(0).code == "too-deep");
}

TEST_CASE("a publisher file without extends is not read as an assessment", "[loader]") {
  const nlohmann::json publisher = {{"confide", 1},
                                    {"brand", "Test"},
                                    {"theme", {{"accent", "#0b6e4f"}}},
                                    {"blocks", nlohmann::json::array()}};
  SECTION("only the missing extends is reported, with a hint") {
    const LoadedAssessment loaded = load(publisher);
    INFO(describe(loaded.problems));
    CHECK_FALSE(loaded.assessment);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "missing-key");
    CHECK(loaded.problems[0].pointer == "");
    CHECK(loaded.problems[0].message ==
          "missing key \"extends\": this looks like a publisher file, which names the assessment "
          "it extends");
  }
  SECTION("a file with an assessment's keys is still read as an assessment") {
    nlohmann::json document = minimal();
    document["brand"] = "Test";
    const LoadedAssessment loaded = load(document);
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(has_problem(loaded.problems, "unknown-key", "/brand"));
  }
  SECTION("a file with neither is still missing an assessment's keys") {
    const LoadedAssessment loaded = load(nlohmann::json::parse(R"({"confide": 1})"));
    CHECK(has_problem(loaded.problems, "missing-key", ""));
    CHECK(loaded.problems.size() == 6);  // id, version, locales, title, questions, outcomes
  }
}

TEST_CASE("a version is a short label, as the schema says", "[loader]") {
  nlohmann::json document = minimal();
  SECTION("64 characters, however many bytes, are allowed") {
    std::string version;
    for (int i = 0; i < 64; ++i) version += "\xC3\xA9";  // é, two bytes
    document["version"] = version;
    const LoadedAssessment loaded = load(document);
    INFO(describe(loaded.problems));
    CHECK(loaded.problems.empty());
  }
  SECTION("65 are not") {
    document["version"] = std::string(65, '1');
    const LoadedAssessment loaded = load(document);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "invalid-value");
    CHECK(loaded.problems[0].pointer == "/version");
    CHECK(loaded.problems[0].message ==
          "a version is a short label such as \"1.2.0\": 65 characters, at most 64");
  }
}

TEST_CASE("$schema is ignored but must be a string, as the schema says", "[loader]") {
  nlohmann::json document = minimal();
  document["$schema"] = "anything";
  CHECK(load(document).problems.empty());
  document["$schema"] = 1;
  const LoadedAssessment loaded = load(document);
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].code == "wrong-type");
  CHECK(loaded.problems[0].pointer == "/$schema");
}

TEST_CASE("the loader refuses the schema fixtures where the schema does", "[loader]") {
  // tests/schema/validate.py checks that the schemas refuse these at the same pointers.
  const auto folder = test::source_path("tests/schema/invalid");
  SECTION("assessments") {
    for (const auto& [name, pointer] :
         {std::pair<const char*, const char*>{"assessment-long-version.json", "/version"},
          {"assessment-schema-number.json", "/$schema"}}) {
      INFO(name);
      const LoadedAssessment loaded = load_assessment(read_file(folder / name));
      INFO(describe(loaded.problems));
      REQUIRE(loaded.problems.size() == 1);
      CHECK(loaded.problems[0].pointer == pointer);
    }
  }
  SECTION("publisher") {
    const Assessment pcd =
        *load_assessment(read_file(test::source_path("content/pcd.json"))).assessment;
    const LoadedPublisher loaded =
        load_publisher(read_file(folder / "publisher-schema-number.json"), pcd);
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].code == "wrong-type");
    CHECK(loaded.problems[0].pointer == "/$schema");
  }
}
