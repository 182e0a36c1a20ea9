#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

#include "analysis.hpp"
#include "analysis_builders.hpp"
#include "loader.hpp"
#include "test_support.hpp"

using namespace confide;
using namespace confide::analysis_test;
using confide::test::describe;

namespace {

std::size_t count_code(const Problems& problems, const std::string& code) {
  return static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(),
                                                [&](const Problem& p) { return p.code == code; }));
}

const Problem* find_code(const Problems& problems, const std::string& code) {
  for (const Problem& p : problems) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

// A witness is a set a reader could submit: answers only where shown, every shown required
// question answered.
bool submittable(const Assessment& a, const Answers& answers) {
  const Evaluation e = evaluate(a, answers);
  for (std::size_t q = 0; q < a.questions.size(); ++q) {
    if (!e.visible[q] && answers[q]) return false;
    if (e.visible[q] && !answers[q] && a.questions[q].required &&
        a.questions[q].type != QuestionType::info) {
      return false;
    }
  }
  return true;
}

std::string fixture(const std::string& name) {
  return test::read_file(test::source_path("tests/fixtures/analysis") / name);
}

Assessment load_fixture(const std::string& name) {
  const LoadedAssessment loaded = load_assessment(fixture(name));
  INFO(name << "\n" << describe(loaded.problems));
  REQUIRE(loaded.assessment);
  return *loaded.assessment;
}

// What enumerating every complete answer set finds.
struct Enumerated {
  std::vector<double> low, high;                     ///< per scale
  std::vector<bool> outcome, finding, alert, shown;  ///< reachable, per result or question
  bool gap = false;                                  ///< some answer set matches no outcome
};

Enumerated enumerate(const Assessment& a) {
  Enumerated truth;
  truth.low.assign(a.scales.size(), std::numeric_limits<double>::infinity());
  truth.high.assign(a.scales.size(), -std::numeric_limits<double>::infinity());
  truth.outcome.assign(a.outcomes.size(), false);
  truth.finding.assign(a.findings.size(), false);
  truth.alert.assign(a.alerts.size(), false);
  truth.shown.assign(a.questions.size(), false);
  for_each_complete(a, [&](const Answers& answers, const Evaluation& e) {
    for (std::size_t s = 0; s < a.scales.size(); ++s) {
      truth.low[s] = std::min(truth.low[s], e.scales[s]);
      truth.high[s] = std::max(truth.high[s], e.scales[s]);
    }
    // The last outcome is shown as a fallback when nothing holds, even if its own "when"
    // fails: that is a gap, not a way of reaching it.
    const auto& when = a.outcomes[e.outcome].when;
    if (!when || holds(*when, answers, e.visible, e.scales)) truth.outcome[e.outcome] = true;
    for (std::size_t f : e.findings) truth.finding[f] = true;
    for (std::size_t f : e.alerts) truth.alert[f] = true;
    for (std::size_t q = 0; q < a.questions.size(); ++q) {
      truth.shown[q] = truth.shown[q] || e.visible[q];
    }
    bool none = a.outcomes.back().when.has_value();
    for (const Result& r : a.outcomes) {
      none = none && r.when && !holds(*r.when, answers, e.visible, e.scales);
    }
    truth.gap = truth.gap || none;
  });
  return truth;
}

Assessment phq9_like() {
  Assessment a;
  a.scales.push_back(Scale{"total", {}, ""});
  for (int i = 1; i <= 9; ++i) {
    a.questions.push_back(single("phq9_" + std::to_string(i), 0, {0, 1, 2, 3}));
  }
  a.outcomes.push_back(result("minimal", scale_range(0, 0, 4)));
  a.outcomes.push_back(result("mild", scale_range(0, 5, 9)));
  a.outcomes.push_back(result("moderate", scale_range(0, 10, 14)));
  a.outcomes.push_back(result("moderately-severe", scale_range(0, 15, 19)));
  a.outcomes.push_back(result("severe", scale_range(0, 20, 27)));
  a.alerts.push_back(result("self-harm", answer_in(8, {1, 2, 3})));
  return finish(std::move(a));
}

}  // namespace

TEST_CASE("PHQ-9: exact range, a witness for every outcome, no problems", "[analysis]") {
  const Assessment a = phq9_like();
  const Analysis analysis = analyze(a);
  INFO(describe(analysis.problems));
  CHECK(analysis.problems.empty());
  REQUIRE(analysis.scales.size() == 1);
  CHECK(analysis.scales[0].min == 0);
  CHECK(analysis.scales[0].max == 27);
  for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
    REQUIRE(analysis.outcomes[k]);
    CHECK(evaluate(a, *analysis.outcomes[k]).outcome == k);
    CHECK(submittable(a, *analysis.outcomes[k]));
  }
  REQUIRE(analysis.alerts[0]);
  CHECK(evaluate(a, *analysis.alerts[0]).alerts == std::vector<std::size_t>{0});
}

TEST_CASE("A band gap is an error with a witness inside the gap", "[analysis]") {
  Assessment a;
  a.scales.push_back(Scale{"total", {}, ""});
  a.questions.push_back(single("a", 0, {0, 1, 2}));
  a.questions.push_back(single("b", 0, {0, 1, 2}));
  a.outcomes.push_back(result("none", scale_range(0, 0, 1)));
  a.outcomes.push_back(result("some", scale_range(0, 3, 4)));
  a = finish(std::move(a));
  const Analysis analysis = analyze(a);
  INFO(describe(analysis.problems));
  REQUIRE(count_code(analysis.problems, "outcome-gap") == 1);
  const Problem& gap = *find_code(analysis.problems, "outcome-gap");
  CHECK(gap.severity == Severity::error);
  CHECK(gap.pointer == "/outcomes");
  CHECK(gap.message.rfind("total 2 matches no outcome, e.g. {", 0) == 0);
  CHECK(gap.message.find("\"a\": \"") != std::string::npos);
  CHECK(analysis.outcomes[0]);
  CHECK(analysis.outcomes[1]);

  SECTION("a fallback outcome closes the gap") {
    a.outcomes.push_back(result("other"));
    a = finish(std::move(a));
    const Analysis closed = analyze(a);
    CHECK(count_code(closed.problems, "outcome-gap") == 0);
    REQUIRE(closed.outcomes[2]);
    CHECK(evaluate(a, *closed.outcomes[2]).scales[0] == 2);
  }
}

TEST_CASE("Unreachable outcomes, findings, alerts and questions are proven", "[analysis]") {
  Assessment a;
  a.scales.push_back(Scale{"total", {}, ""});
  a.questions.push_back(single("mood", 0, {0, 1, 2, 3}));
  a.questions.push_back(single("sleep", 0, {0, 1, 2, 3}));
  // shown only when mood is both 0 and 3: never
  a.questions.push_back(
      shown_if(single("never", 0, {0, 5}), all_of({answer_in(0, {0}), answer_in(0, {3})})));
  // depends on a question that is never shown
  a.questions.push_back(shown_if(single("after-never", 0, {0, 1}), answered(2)));
  a.outcomes.push_back(result("high", scale_range(0, 4, 100)));
  a.outcomes.push_back(result("higher", scale_range(0, 5, 100)));  // shadowed by "high"
  a.outcomes.push_back(result("impossible", scale_range(0, 50, 100)));
  a.outcomes.push_back(result("low"));
  a.findings.push_back(result("both-max", all_of({answer_in(0, {3}), answer_in(1, {3})})));
  a.findings.push_back(result("over", scale_range(0, 7, 100)));
  a.alerts.push_back(result("never-answered", answered(2)));
  a = finish(std::move(a));
  const Analysis analysis = analyze(a);
  INFO(describe(analysis.problems));

  CHECK(analysis.scales[0].min == 0);
  CHECK(analysis.scales[0].max == 6);  // "never" can never add its 5
  CHECK(analysis.outcomes[0]);
  CHECK_FALSE(analysis.outcomes[1]);
  CHECK_FALSE(analysis.outcomes[2]);
  CHECK(analysis.outcomes[3]);
  CHECK(analysis.findings[0]);
  CHECK_FALSE(analysis.findings[1]);
  CHECK_FALSE(analysis.alerts[0]);

  CHECK(count_code(analysis.problems, "unreachable-outcome") == 2);
  CHECK(count_code(analysis.problems, "unreachable-finding") == 1);
  CHECK(count_code(analysis.problems, "unreachable-alert") == 1);
  CHECK(count_code(analysis.problems, "unreachable-question") == 2);
  CHECK(count_code(analysis.problems, "undecided") == 0);
  for (const Problem& p : analysis.problems) {
    CHECK(p.severity == Severity::error);
    if (p.code == "unreachable-outcome" && p.pointer == "/outcomes/1") {
      CHECK(p.message.find("earlier outcome") != std::string::npos);
    }
    if (p.code == "unreachable-outcome" && p.pointer == "/outcomes/2") {
      CHECK(p.message.find("never holds") != std::string::npos);
    }
    if (p.code == "unreachable-question") {
      CHECK((p.pointer == "/questions/2/showIf" || p.pointer == "/questions/3/showIf"));
    }
  }
}

TEST_CASE("A when-less outcome before the last makes the rest unreachable", "[analysis]") {
  Assessment a;
  a.questions.push_back(single("q", 0, {0, 1}));
  a.outcomes.push_back(result("first", answer_in(0, {0})));
  a.outcomes.push_back(result("catch-all"));
  a.outcomes.push_back(result("late", answer_in(0, {1})));
  a = finish(std::move(a));
  const Analysis analysis = analyze(a);
  INFO(describe(analysis.problems));
  CHECK(analysis.outcomes[0]);
  CHECK(analysis.outcomes[1]);
  CHECK_FALSE(analysis.outcomes[2]);
  CHECK(count_code(analysis.problems, "unreachable-outcome") == 2);
  CHECK(count_code(analysis.problems, "outcome-gap") == 0);
}

TEST_CASE("An outcome whose when always holds makes the rest unreachable without search",
          "[analysis]") {
  Assessment a;
  a.scales.push_back(Scale{"total", {}, ""});
  a.questions.push_back(single("q", 0, {0, 1, 2}));
  a.outcomes.push_back(result("any", scale_range(0, 0, 2)));
  a.outcomes.push_back(result("high", scale_range(0, 2, 2)));
  a.outcomes.push_back(result("rest"));
  a = finish(std::move(a));
  AnalysisOptions no_steps;
  no_steps.steps_per_question = 0;
  for (const AnalysisOptions& options : {AnalysisOptions{}, no_steps}) {
    const Analysis analysis = analyze(a, options);
    INFO(options.steps_per_question << " steps per question\n" << describe(analysis.problems));
    CHECK_FALSE(analysis.outcomes[1]);
    CHECK_FALSE(analysis.outcomes[2]);
    CHECK(count_code(analysis.problems, "unreachable-outcome") == 2);
    for (const Problem& p : analysis.problems) {
      if (p.code != "unreachable-outcome") continue;
      CHECK(
          p.message.find("the \"when\" of outcome \"any\" before it holds for every answer set") !=
          std::string::npos);
    }
  }
  // With steps to search, the first outcome gets its witness; without, it is undecided.
  CHECK(analyze(a).outcomes[0]);
  const Analysis without = analyze(a, no_steps);
  CHECK_FALSE(without.outcomes[0]);
  CHECK(std::any_of(without.problems.begin(), without.problems.end(), [](const Problem& p) {
    return p.code == "undecided" && p.pointer == "/outcomes/0";
  }));
}

TEST_CASE("Scale ranges follow branching", "[analysis]") {
  Assessment a;
  a.scales.push_back(Scale{"total", {}, ""});

  SECTION("a high-scoring question that can be shown raises the max") {
    a.questions.push_back(single("gate", 0, {0, 1}));
    a.questions.push_back(shown_if(single("extra", 0, {0, 10}), answer_in(0, {1})));
    a.outcomes.push_back(result("only"));
    a = finish(std::move(a));
    const Analysis analysis = analyze(a);
    CHECK(analysis.scales[0].min == 0);
    CHECK(analysis.scales[0].max == 11);
    CHECK(analysis.problems.empty());
  }
  SECTION("one that can never be shown does not") {
    a.questions.push_back(single("gate", 0, {0, 1}));
    a.questions.push_back(
        shown_if(single("extra", 0, {0, 10}), all_of({answer_in(0, {1}), answer_in(0, {0})})));
    a.outcomes.push_back(result("only"));
    a = finish(std::move(a));
    const Analysis analysis = analyze(a);
    CHECK(analysis.scales[0].max == 1);
    CHECK(count_code(analysis.problems, "unreachable-question") == 1);
  }
  SECTION("a question shown only while another scale is low") {
    a.scales.push_back(Scale{"screen", {}, ""});
    a.questions.push_back(single("first", 0, {0, 1, 2, 3}));
    for (Option& option : a.questions[0].options) {
      if (!option.scores.empty()) option.scores.emplace_back(1, option.scores[0].second);
    }
    a.questions.push_back(shown_if(single("low-only", 0, {0, 5}), scale_range(1, 0, 1)));
    a.outcomes.push_back(result("only"));
    a = finish(std::move(a));
    const Analysis analysis = analyze(a);
    // "low-only" shows only when "first" gave at most 1: 1 + 5.
    CHECK(analysis.scales[0].max == 6);
    CHECK(analysis.scales[0].min == 0);
  }
  SECTION("hiding a negative question raises the min") {
    a.questions.push_back(single("gate", 0, {0, 0}));
    a.questions.push_back(shown_if(single("penalty", 0, {-4, -2}), answer_in(0, {1})));
    a.outcomes.push_back(result("only"));
    a = finish(std::move(a));
    const Analysis analysis = analyze(a);
    CHECK(analysis.scales[0].min == -4);
    CHECK(analysis.scales[0].max == 0);
  }
  SECTION("multiple choice with an exclusive option") {
    a.questions.push_back(multiple("factors", 0, {2, 3, -1, 10}, {3}));
    a.outcomes.push_back(result("only"));
    a = finish(std::move(a));
    const Analysis analysis = analyze(a);
    CHECK(analysis.scales[0].min == -1);
    CHECK(analysis.scales[0].max == 10);
  }
  SECTION("optional questions may add nothing") {
    a.questions.push_back(single("optional", 0, {2, 3}, false));
    a.outcomes.push_back(result("only"));
    a = finish(std::move(a));
    const Analysis analysis = analyze(a);
    CHECK(analysis.scales[0].min == 0);
    CHECK(analysis.scales[0].max == 3);
  }
}

TEST_CASE("Witnesses for number thresholds and many checkboxes", "[analysis]") {
  Assessment a;
  a.scales.push_back(Scale{"count", {}, ""});
  a.questions.push_back(number("age", 16, 120));
  std::vector<double> ones(20, 1.0);
  a.questions.push_back(multiple("symptoms", 0, ones));
  a.questions.push_back(multiple("factors", 0, std::vector<double>(10, 0.0)));
  a.outcomes.push_back(result("only"));
  a.findings.push_back(
      result("older", answer_range(0, 65, std::numeric_limits<double>::infinity())));
  a.findings.push_back(
      result("child", answer_range(0, -std::numeric_limits<double>::infinity(), 12)));
  a.findings.push_back(result("many", scale_range(0, 18, 20)));
  for (std::size_t o = 0; o < 10; ++o) {
    a.findings.push_back(result("factor-" + std::to_string(o), answer_in(2, {o})));
  }
  a.findings.push_back(result("three-factors", all_of({answer_in(2, {1}), answer_in(2, {4}),
                                                       answer_not_in(2, {0, 2, 3})})));
  a = finish(std::move(a));
  const Analysis analysis = analyze(a);
  INFO(describe(analysis.problems));
  CHECK(analysis.scales[0].min == 1);
  CHECK(analysis.scales[0].max == 20);
  REQUIRE(analysis.findings[0]);
  CHECK((*analysis.findings[0])[0]->number >= 65);
  CHECK_FALSE(analysis.findings[1]);
  CHECK(find_code(analysis.problems, "unreachable-finding")->pointer == "/findings/1");
  for (std::size_t f = 0; f < a.findings.size(); ++f) {
    if (f == 1) continue;
    REQUIRE(analysis.findings[f]);
    const Evaluation e = evaluate(a, *analysis.findings[f]);
    CHECK(std::find(e.findings.begin(), e.findings.end(), f) != e.findings.end());
    CHECK(submittable(a, *analysis.findings[f]));
  }
  CHECK(count_code(analysis.problems, "undecided") == 0);
}

TEST_CASE("Beyond the search budget the analysis warns instead of failing", "[analysis]") {
  Assessment a;
  for (int s = 0; s < 3; ++s) a.scales.push_back(Scale{"s" + std::to_string(s), {}, ""});
  std::mt19937 rng(7);
  for (int q = 0; q < 60; ++q) {
    Question question = single("q" + std::to_string(q), 0, {0, 1, 2, 3, 4});
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      question.options[o].scores.clear();
      for (std::size_t s = 0; s < 3; ++s) {
        question.options[o].scores.emplace_back(
            s, static_cast<double>(std::uniform_int_distribution<int>(-3, 7)(rng)));
      }
    }
    if (q % 7 == 6) question.show_if = answer_in(static_cast<std::size_t>(q - 1), {0, 1, 2});
    a.questions.push_back(std::move(question));
  }
  // Outcomes that tie the three scales together exactly: hard to find, harder to refute.
  a.outcomes.push_back(result(
      "balanced",
      all_of({scale_range(0, 100, 100), scale_range(1, 100, 100), scale_range(2, 100, 100)})));
  a.outcomes.push_back(result("odd", all_of({scale_range(0, 37, 37), scale_range(1, -5, -5)})));
  a.outcomes.push_back(result("rest", scale_range(0, -1000, 1000)));
  a.findings.push_back(result("first-last", all_of({answer_in(0, {4}), answer_in(59, {0})})));
  a = finish(std::move(a));

  AnalysisOptions options;
  options.steps_per_question = 30;
  const Analysis analysis = analyze(a, options);
  INFO(describe(analysis.problems));
  CHECK_FALSE(has_errors(analysis.problems));
  CHECK(count_code(analysis.problems, "undecided") > 0);
  for (const Problem& p : analysis.problems) {
    CHECK(p.severity == Severity::warning);
    CHECK(p.message.find("its share of the search budget (30 steps per question)") !=
          std::string::npos);
  }
  // Whatever was found is real, and the ranges stay sound.
  for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
    if (analysis.outcomes[k]) CHECK(evaluate(a, *analysis.outcomes[k]).outcome == k);
  }
  REQUIRE(analysis.findings[0]);
  CHECK(evaluate(a, *analysis.findings[0]).findings == std::vector<std::size_t>{0});
  for (std::size_t s = 0; s < 3; ++s) CHECK(analysis.scales[s].min <= analysis.scales[s].max);
}

TEST_CASE("Texts missing in a declared locale and links with a refused scheme", "[analysis]") {
  Assessment a;
  a.locales = {"en", "fr"};
  a.questions.push_back(single("q", 0, {0, 1}));
  a.questions[0].title = Text{};
  a.questions[0].title.by_locale = {{"en", "Question"}};
  a.outcomes.push_back(result("only"));
  a.outcomes[0].body = text(
      "Call [us](tel:123) or [click](javascript:alert(1)) or "
      "[mail](mailto:a@b.org) or [web](http://example.org)");
  a = finish(std::move(a));
  const Analysis analysis = analyze(a);
  INFO(describe(analysis.problems));
  REQUIRE(count_code(analysis.problems, "missing-text") == 1);
  const Problem& missing = *find_code(analysis.problems, "missing-text");
  CHECK(missing.pointer == "/questions/0/title");
  CHECK(missing.message.find("\"fr\"") != std::string::npos);
  CHECK(count_code(analysis.problems, "bad-link-scheme") == 2);
  for (const Problem& p : analysis.problems) {
    if (p.code == "bad-link-scheme") CHECK(p.pointer == "/outcomes/0/body");
  }

  SECTION("publisher texts are checked against the assessment's locales") {
    Publisher publisher;
    publisher.extends = a.id;
    Block block;
    block.id = "more";
    block.title.by_locale = {{"fr", "Plus"}};
    block.title.pointer = "/blocks/0/title";
    block.body = text("[x](data:text/html,hi)");
    block.body.pointer = "/blocks/0/body";
    publisher.blocks.push_back(block);
    Publisher::LocalResource resource;
    resource.resource.id = "line";
    resource.resource.title = text("Line");
    resource.resource.body = text("Call [the line](tel:0800)");
    publisher.resources.push_back(resource);
    publisher.texts["privacy"] = text("Nothing leaves this device. [More](ftp://x)");
    publisher.texts["privacy"].pointer = "/texts/privacy";
    const Problems problems = analyze_publisher(publisher, a);
    INFO(describe(problems));
    REQUIRE(count_code(problems, "missing-text") == 1);
    CHECK(find_code(problems, "missing-text")->pointer == "/blocks/0/title");
    CHECK(find_code(problems, "missing-text")->message.find("\"en\"") != std::string::npos);
    CHECK(count_code(problems, "bad-link-scheme") == 2);
  }
}

// The search against brute force: on small random assessments every complete answer set is
// enumerated and the exact answers compared with the analysis.
TEST_CASE("Analysis agrees with brute-force enumeration", "[analysis]") {
  std::mt19937 rng(424242);
  for (int round = 0; round < 1540; ++round) {
    // Mostly tiny checks; a few larger ones where pruning and remembered states matter.
    const Assessment a = random_assessment(rng, round % 50 == 49 ? 8 : 5);
    const std::size_t n = a.questions.size();
    const Enumerated truth = enumerate(a);
    const Analysis analysis = analyze(a);
    INFO("round " << round << "\n" << describe(analysis.problems));
    REQUIRE(count_code(analysis.problems, "undecided") == 0);
    for (std::size_t s = 0; s < a.scales.size(); ++s) {
      REQUIRE(analysis.scales[s].min == truth.low[s]);
      REQUIRE(analysis.scales[s].max == truth.high[s]);
    }
    auto check = [&](const std::vector<std::optional<Answers>>& witnesses,
                     const std::vector<bool>& reachable, const std::string& code,
                     const std::string& where, auto reached) {
      std::size_t unreachable = 0;
      for (std::size_t i = 0; i < reachable.size(); ++i) {
        REQUIRE(witnesses[i].has_value() == reachable[i]);
        if (!reachable[i]) {
          ++unreachable;
          continue;
        }
        REQUIRE(submittable(a, *witnesses[i]));
        REQUIRE(reached(evaluate(a, *witnesses[i]), i));
      }
      std::size_t reported = 0;
      for (const Problem& p : analysis.problems) {
        if (p.code == code && p.pointer.rfind(where, 0) == 0) ++reported;
      }
      REQUIRE(reported >= unreachable);
    };
    check(analysis.outcomes, truth.outcome, "unreachable-outcome", "/outcomes/",
          [](const Evaluation& e, std::size_t i) { return e.outcome == i; });
    check(analysis.findings, truth.finding, "unreachable-finding", "/findings/",
          [](const Evaluation& e, std::size_t i) {
            return std::find(e.findings.begin(), e.findings.end(), i) != e.findings.end();
          });
    check(analysis.alerts, truth.alert, "unreachable-alert", "/alerts/",
          [](const Evaluation& e, std::size_t i) {
            return std::find(e.alerts.begin(), e.alerts.end(), i) != e.alerts.end();
          });
    std::size_t hidden = 0;
    for (std::size_t q = 0; q < n; ++q) hidden += truth.shown[q] ? 0u : 1u;
    REQUIRE(count_code(analysis.problems, "unreachable-question") == hidden);
    REQUIRE((count_code(analysis.problems, "outcome-gap") == 1) == truth.gap);
  }
}

// With a budget too small to decide everything, what is decided must still be true: every
// witness reaches its result, every error is confirmed by enumeration, every range is sound
// (and exact unless reported undecided), and a result neither witnessed nor proven unreachable
// is a warning "undecided".
TEST_CASE("Whatever the budget, the analysis proves only what is true", "[analysis]") {
  std::mt19937 rng(271828);
  std::size_t undecided = 0;
  for (int round = 0; round < 600; ++round) {
    const Assessment a = random_assessment(rng, round % 10 == 9 ? 8 : 5);
    const Enumerated truth = enumerate(a);
    AnalysisOptions options;
    options.steps_per_question = static_cast<std::size_t>(round % 6);
    const Analysis analysis = analyze(a, options);
    INFO("round " << round << ", " << options.steps_per_question << " steps per question\n"
                  << describe(analysis.problems));
    auto reported = [&](const std::string& code, const std::string& pointer) {
      return std::any_of(analysis.problems.begin(), analysis.problems.end(),
                         [&](const Problem& p) { return p.code == code && p.pointer == pointer; });
    };
    for (const Problem& p : analysis.problems) {
      REQUIRE((p.severity == Severity::warning) == (p.code == "undecided"));
      if (p.code == "undecided") ++undecided;
    }
    for (std::size_t s = 0; s < a.scales.size(); ++s) {
      REQUIRE(analysis.scales[s].min <= truth.low[s]);
      REQUIRE(analysis.scales[s].max >= truth.high[s]);
      if (!reported("undecided", a.scales[s].pointer)) {
        REQUIRE(analysis.scales[s].min == truth.low[s]);
        REQUIRE(analysis.scales[s].max == truth.high[s]);
      }
    }
    auto check = [&](const std::vector<Result>& results,
                     const std::vector<std::optional<Answers>>& witnesses,
                     const std::vector<bool>& reachable, const std::string& code, auto reached) {
      for (std::size_t i = 0; i < results.size(); ++i) {
        if (witnesses[i]) {
          REQUIRE(submittable(a, *witnesses[i]));
          REQUIRE(reached(evaluate(a, *witnesses[i]), i));
        } else if (reported(code, results[i].pointer)) {
          REQUIRE_FALSE(reachable[i]);
        } else {
          REQUIRE(reported("undecided", results[i].pointer));
        }
      }
    };
    check(a.outcomes, analysis.outcomes, truth.outcome, "unreachable-outcome",
          [](const Evaluation& e, std::size_t i) { return e.outcome == i; });
    check(a.findings, analysis.findings, truth.finding, "unreachable-finding",
          [](const Evaluation& e, std::size_t i) {
            return std::find(e.findings.begin(), e.findings.end(), i) != e.findings.end();
          });
    check(a.alerts, analysis.alerts, truth.alert, "unreachable-alert",
          [](const Evaluation& e, std::size_t i) {
            return std::find(e.alerts.begin(), e.alerts.end(), i) != e.alerts.end();
          });
    for (std::size_t q = 0; q < a.questions.size(); ++q) {
      if (a.questions[q].show_if &&
          reported("unreachable-question", a.questions[q].show_if->pointer)) {
        REQUIRE_FALSE(truth.shown[q]);
      }
    }
    if (reported("outcome-gap", "/outcomes")) REQUIRE(truth.gap);
  }
  CHECK(undecided > 0);  // the budgets did run out
}

// Each fixture holds one defect; the analysis must report exactly that one, where it is.
TEST_CASE("Analysis fixtures report their defect at its pointer", "[analysis]") {
  struct Expected {
    const char* file;
    const char* code;
    const char* pointer;
    const char* in_message;
  };
  const Expected cases[] = {
      {"band-gap.json", "outcome-gap", "/outcomes", "total 2 matches no outcome, e.g. {"},
      {"unreachable-outcome.json", "unreachable-outcome", "/outcomes/1", "earlier outcome"},
      {"unreachable-finding.json", "unreachable-finding", "/findings/1", "too-high"},
      {"unreachable-question.json", "unreachable-question", "/questions/1/showIf", "extra"},
      {"missing-text.json", "missing-text", "/questions/0/title", "\"fr\""},
      {"bad-link-scheme.json", "bad-link-scheme", "/outcomes/0/body", "\"javascript:"},
  };
  for (const Expected& expected : cases) {
    const Assessment a = load_fixture(expected.file);
    const Analysis analysis = analyze(a);
    INFO(expected.file << "\n" << describe(analysis.problems));
    REQUIRE(analysis.problems.size() == 1);
    const Problem& problem = analysis.problems.front();
    CHECK(problem.code == expected.code);
    CHECK(problem.pointer == expected.pointer);
    CHECK(problem.severity == Severity::error);
    CHECK(problem.message.find(expected.in_message) != std::string::npos);
  }

  SECTION("the gap's witness lands in the gap") {
    const Assessment a = load_fixture("band-gap.json");
    const Analysis analysis = analyze(a);
    for (std::size_t k = 0; k < a.outcomes.size(); ++k) {
      REQUIRE(analysis.outcomes[k]);
      CHECK(evaluate(a, *analysis.outcomes[k]).outcome == k);
    }
  }
}

TEST_CASE("A showIf cycle is refused by the loader before any analysis", "[analysis]") {
  const LoadedAssessment loaded = load_assessment(fixture("showif-cycle.json"));
  INFO(describe(loaded.problems));
  CHECK_FALSE(loaded.assessment);
  REQUIRE(count_code(loaded.problems, "showif-cycle") >= 1);
  CHECK(find_code(loaded.problems, "showif-cycle")->pointer.find("/showIf") != std::string::npos);
}

TEST_CASE("A large assessment beyond the search bound gets warnings, never errors", "[analysis]") {
  const Assessment a = load_fixture("beyond-budget.json");
  AnalysisOptions options;
  // The default budget reaches the same warning, after about 0.3 s of search.
  options.steps_per_question = 300;
  const Analysis analysis = analyze(a, options);
  INFO(describe(analysis.problems));
  CHECK_FALSE(has_errors(analysis.problems));
  REQUIRE(count_code(analysis.problems, "undecided") >= 1);
  const Problem& undecided = *find_code(analysis.problems, "undecided");
  CHECK(undecided.severity == Severity::warning);
  CHECK(undecided.pointer == "/outcomes/0");
  CHECK(undecided.message.find("\"exact\"") != std::string::npos);
  CHECK_FALSE(analysis.outcomes[0]);
  REQUIRE(analysis.outcomes[1]);
  CHECK(evaluate(a, *analysis.outcomes[1]).outcome == 1);
  // Ranges stay exact: remembered states make sums cheap even here.
  for (const Problem& p : analysis.problems) CHECK(p.pointer.rfind("/scales", 0) != 0);
}
