#include <catch2/catch.hpp>

#include "answers.hpp"
#include "builders.hpp"

using namespace confide;
using namespace confide::test;

namespace {

std::string outcome_id(const Assessment& a, const Evaluation& e) {
  return e.outcome == npos ? std::string("none") : a.outcomes[e.outcome].id;
}

}  // namespace

TEST_CASE("PHQ-9 scores the sum of item scores and picks the published band", "[evaluate]") {
  const Assessment a = phq9();
  Answers answers = no_answers(a);

  SECTION("no answers: total 0, minimal, no alert") {
    const Evaluation e = evaluate(a, answers);
    CHECK(e.scales[0] == 0);
    CHECK(outcome_id(a, e) == "minimal");
    CHECK(e.alerts.empty());
  }
  SECTION("band edges") {
    // 4 -> minimal, 5 -> mild, 14 -> moderate, 15 -> moderately severe, 27 -> severe
    const std::vector<std::pair<std::vector<int>, std::string>> cases = {
        {{1, 1, 1, 1, 0, 0, 0, 0, 0}, "minimal"},
        {{1, 1, 1, 1, 1, 0, 0, 0, 0}, "mild"},
        {{2, 2, 2, 2, 2, 2, 2, 0, 0}, "moderate"},
        {{3, 3, 3, 3, 3, 0, 0, 0, 0}, "moderately-severe"},
        {{3, 3, 3, 3, 3, 3, 3, 3, 3}, "severe"},
    };
    for (const auto& [items, expected] : cases) {
      Answers given = no_answers(a);
      for (std::size_t i = 0; i < items.size(); ++i) {
        choose(a, given, "phq9_" + std::to_string(i + 1), {std::to_string(items[i])});
      }
      CHECK(outcome_id(a, evaluate(a, given)) == expected);
    }
  }
  SECTION("item 9 above 0 raises the self-harm alert") {
    choose(a, answers, "phq9_9", {"1"});
    const Evaluation e = evaluate(a, answers);
    REQUIRE(e.alerts.size() == 1);
    CHECK(a.alerts[e.alerts[0]].id == "self-harm");
    choose(a, answers, "phq9_9", {"0"});
    CHECK(evaluate(a, answers).alerts.empty());
  }
}

TEST_CASE("Hidden questions never score and their answers are dropped", "[evaluate]") {
  Builder b("hide");
  b.scale("total")
      .single("gate", {{"yes"}, {"no"}})
      .single("detail", {{"a", {{"total", 5}}}, {"b", {{"total", 1}}}});
  b.show_if("detail", b.in("gate", {"yes"}));
  b.outcome("high", b.scale_range("total", 5)).outcome("low");
  const Assessment a = b.build();

  Answers answers = no_answers(a);
  choose(a, answers, "gate", {"yes"});
  choose(a, answers, "detail", {"a"});
  CHECK(evaluate(a, answers).scales[0] == 5);
  CHECK(outcome_id(a, evaluate(a, answers)) == "high");

  choose(a, answers, "gate", {"no"});
  const Evaluation hidden = evaluate(a, answers);
  CHECK_FALSE(hidden.visible[1]);
  CHECK(hidden.scales[0] == 0);
  CHECK(outcome_id(a, hidden) == "low");

  SECTION("drop_hidden_answers clears exactly the hidden answer") {
    CHECK(drop_hidden_answers(a, answers));
    CHECK(answers[0].has_value());
    CHECK_FALSE(answers[1].has_value());
    CHECK_FALSE(drop_hidden_answers(a, answers));
  }
  SECTION("conditions on a hidden question are false even though an answer is stored") {
    CHECK_FALSE(holds(b.answered("detail"), answers, hidden.visible, hidden.scales));
    CHECK_FALSE(holds(b.in("detail", {"a"}), answers, hidden.visible, hidden.scales));
    CHECK_FALSE(holds(b.not_in("detail", {"b"}), answers, hidden.visible, hidden.scales));
  }
}

TEST_CASE("A showIf on a scale sees the final sum, whatever the document order", "[evaluate]") {
  // The follow-up comes first in the document but depends on a scale scored later.
  Builder b("order");
  b.scale("distress")
      .info("followup", "You scored high")
      .single("q1", {{"hi", {{"distress", 2}}}, {"lo", {}}})
      .single("q2", {{"hi", {{"distress", 2}}}, {"lo", {}}});
  b.show_if("followup", b.scale_range("distress", 4));
  b.outcome("any");
  const Assessment a = b.build();
  REQUIRE(a.evaluation_order == std::vector<std::size_t>{1, 2, 0});

  Answers answers = no_answers(a);
  choose(a, answers, "q1", {"hi"});
  CHECK_FALSE(evaluate(a, answers).visible[0]);
  choose(a, answers, "q2", {"hi"});
  CHECK(evaluate(a, answers).visible[0]);
}

TEST_CASE("Answer conditions", "[evaluate]") {
  Builder b("conditions");
  b.single("s", {{"x"}, {"y"}, {"z"}})
      .multiple("m", {{"a"}, {"b"}, {"none"}})
      .number("age", 0, 120)
      .outcome("only");
  const Assessment a = b.build();
  Answers answers = no_answers(a);
  auto check = [&](const Condition& c) {
    const Evaluation e = evaluate(a, answers);
    return holds(c, answers, e.visible, e.scales);
  };

  SECTION("unanswered: every answer condition is false, not() of them true") {
    CHECK_FALSE(check(b.in("s", {"x"})));
    CHECK_FALSE(check(b.not_in("s", {"x"})));
    CHECK_FALSE(check(b.range("age", 0, 200)));
    CHECK_FALSE(check(b.answered("m")));
    CHECK(check(negation(b.answered("m"))));
  }
  SECTION("in / notIn on a multiple question") {
    choose(a, answers, "m", {"a", "b"});
    CHECK(check(b.in("m", {"b"})));
    CHECK_FALSE(check(b.in("m", {"none"})));
    CHECK(check(b.not_in("m", {"none"})));
    CHECK_FALSE(check(b.not_in("m", {"a", "none"})));
  }
  SECTION("number ranges are inclusive, open ends are infinite") {
    enter(a, answers, "age", 18);
    CHECK(check(b.range("age", 18, 18)));
    CHECK_FALSE(check(b.range("age", 19, 30)));
    CHECK(check(b.range("age", -std::numeric_limits<double>::infinity(), 18)));
  }
  SECTION("all / any / not, including empty lists") {
    choose(a, answers, "s", {"y"});
    CHECK(check(all_of({})));
    CHECK_FALSE(check(any_of({})));
    CHECK(check(all_of({b.in("s", {"y"}), b.answered("s")})));
    CHECK_FALSE(check(all_of({b.in("s", {"y"}), b.answered("m")})));
    CHECK(check(any_of({b.in("s", {"x"}), b.in("s", {"y"})})));
    CHECK(check(negation(b.in("s", {"x"}))));
  }
}

TEST_CASE("Results: first outcome that holds, else the last; all findings and alerts",
          "[evaluate]") {
  Builder b("results");
  b.single("s", {{"x"}, {"y"}, {"z"}});
  b.outcome("is-x", b.in("s", {"x"}))
      .outcome("is-x-or-y", b.in("s", {"x", "y"}))
      .outcome("guarded-fallback", b.in("s", {}));
  b.finding("f-y", b.in("s", {"y"})).finding("f-answered", b.answered("s"));
  b.alert("a-z", b.in("s", {"z"}));
  const Assessment a = b.build();
  Answers answers = no_answers(a);

  CHECK(outcome_id(a, evaluate(a, answers)) == "guarded-fallback");
  choose(a, answers, "s", {"x"});
  CHECK(outcome_id(a, evaluate(a, answers)) == "is-x");
  choose(a, answers, "s", {"y"});
  const Evaluation e = evaluate(a, answers);
  CHECK(outcome_id(a, e) == "is-x-or-y");
  CHECK(e.findings == std::vector<std::size_t>{0, 1});
  CHECK(e.alerts.empty());
  choose(a, answers, "s", {"z"});
  CHECK(evaluate(a, answers).alerts == std::vector<std::size_t>{0});
}

TEST_CASE("Evaluation tolerates content without an evaluation order", "[evaluate]") {
  Builder b("plain");
  b.single("s", {{"x"}, {"y"}}).single("t", {{"x"}, {"y"}});
  b.show_if("t", b.in("s", {"x"}));
  b.outcome("only");
  Assessment a = b.build();
  a.evaluation_order.clear();
  Answers answers = no_answers(a);
  CHECK_FALSE(evaluate(a, answers).visible[1]);
  choose(a, answers, "s", {"x"});
  CHECK(evaluate(a, answers).visible[1]);
}
