#include <catch2/catch.hpp>

#include <random>

#include "analysis_builders.hpp"
#include "partial.hpp"

using namespace confide;
using namespace confide::analysis_test;

namespace {

// Nine questions scoring 0..3 on one scale, as PHQ-9 does.
Assessment nine_items() {
  Assessment a;
  a.scales.push_back(Scale{"total", {}, ""});
  for (int i = 1; i <= 9; ++i)
    a.questions.push_back(single("q" + std::to_string(i), 0, {0, 1, 2, 3}));
  a.outcomes.push_back(result("low", scale_range(0, 0, 9)));
  a.outcomes.push_back(result("high"));
  return finish(std::move(a));
}

struct Partial {
  Answers answers;
  Flags decided;
  explicit Partial(const Assessment& a)
      : answers(a.questions.size()), decided(a.questions.size(), false) {}
  void decide(std::size_t q, std::optional<Answer> answer) {
    answers[q] = std::move(answer);
    decided[q] = true;
  }
  PartialAnswers view() const { return PartialAnswers{&answers, decided}; }
};

}  // namespace

TEST_CASE("Scale intervals narrow as answers are decided", "[partial]") {
  const Assessment a = nine_items();
  Partial p(a);

  SECTION("nothing decided: the whole range, every question shown") {
    const PartialEvaluation e = evaluate_partially(a, p.view());
    CHECK(e.scales[0].low == 0);
    CHECK(e.scales[0].high == 27);
    for (Truth t : e.visible) CHECK(t == Truth::yes);
  }
  SECTION("decided answers count exactly") {
    p.decide(0, choice({3}));
    p.decide(1, choice({2}));
    const PartialEvaluation e = evaluate_partially(a, p.view());
    CHECK(e.scales[0].low == 5);
    CHECK(e.scales[0].high == 5 + 21);
  }
  SECTION("scale conditions compare the interval") {
    const Condition low = scale_range(0, 0, 9);
    CHECK(holds_partially(low, p.view(), evaluate_partially(a, p.view())) == Truth::unknown);
    for (std::size_t q = 0; q < 5; ++q) p.decide(q, choice({3}));
    CHECK(holds_partially(low, p.view(), evaluate_partially(a, p.view())) == Truth::no);
    Partial zeros(a);
    for (std::size_t q = 0; q < 6; ++q) zeros.decide(q, choice({0}));
    CHECK(holds_partially(low, zeros.view(), evaluate_partially(a, zeros.view())) == Truth::yes);
  }
}

TEST_CASE("Optional and possibly hidden questions may add nothing", "[partial]") {
  Assessment a;
  a.scales.push_back(Scale{"s", {}, ""});
  a.questions.push_back(single("gate", 0, {0, 0}));
  a.questions.push_back(shown_if(single("scored", 0, {2, 5}), answer_in(0, {1})));
  a.questions.push_back(single("optional", 0, {1, 4}, false));
  a = finish(std::move(a));
  Partial p(a);

  SECTION("undecided gate: the scored question may be hidden, so 0 is included") {
    const PartialEvaluation e = evaluate_partially(a, p.view());
    CHECK(e.visible[1] == Truth::unknown);
    CHECK(e.scales[0].low == 0);
    CHECK(e.scales[0].high == 9);
  }
  SECTION("gate closed: the scored question is certainly hidden") {
    p.decide(0, choice({0}));
    const PartialEvaluation e = evaluate_partially(a, p.view());
    CHECK(e.visible[1] == Truth::no);
    CHECK(e.scales[0].high == 4);
    CHECK(holds_partially(answered(1), p.view(), e) == Truth::no);
  }
  SECTION("gate open: the scored question is shown and required") {
    p.decide(0, choice({1}));
    const PartialEvaluation e = evaluate_partially(a, p.view());
    CHECK(e.visible[1] == Truth::yes);
    CHECK(e.scales[0].low == 2);
    CHECK(e.scales[0].high == 9);
    // Only the sharper form knows that a shown required question gets an answer.
    CHECK(holds_partially(answered(1), p.view(), e) == Truth::unknown);
    CHECK(holds_partially(a, answered(1), p.view(), e) == Truth::yes);
    CHECK(holds_partially(a, answered(2), p.view(), e) == Truth::unknown);
  }
}

TEST_CASE("Multiple-choice intervals respect exclusive options", "[partial]") {
  Assessment a;
  a.scales.push_back(Scale{"s", {}, ""});
  a.questions.push_back(multiple("factors", 0, {2, -1, 3, 10}, {3}));
  a.questions.push_back(multiple("positive", 0, {2, 3}));
  a = finish(std::move(a));
  const std::vector<Interval> factors = answer_intervals(a.questions[0], 1);
  CHECK(factors[0].low == -1);
  CHECK(factors[0].high == 10);
  const std::vector<Interval> positive = answer_intervals(a.questions[1], 1);
  CHECK(positive[0].low == 2);  // required: at least one option
  CHECK(positive[0].high == 5);
}

TEST_CASE("Kleene connectives", "[partial]") {
  const Assessment a = nine_items();
  Partial p(a);
  p.decide(0, choice({3}));
  const PartialEvaluation e = evaluate_partially(a, p.view());
  const Condition yes = answer_in(0, {3});
  const Condition no = answer_in(0, {0});
  const Condition unknown = answer_in(1, {0});
  CHECK(holds_partially(yes, p.view(), e) == Truth::yes);
  CHECK(holds_partially(no, p.view(), e) == Truth::no);
  CHECK(holds_partially(unknown, p.view(), e) == Truth::unknown);
  CHECK(holds_partially(all_of({yes, unknown}), p.view(), e) == Truth::unknown);
  CHECK(holds_partially(all_of({no, unknown}), p.view(), e) == Truth::no);
  CHECK(holds_partially(any_of({yes, unknown}), p.view(), e) == Truth::yes);
  CHECK(holds_partially(any_of({no, unknown}), p.view(), e) == Truth::unknown);
  CHECK(holds_partially(negation(unknown), p.view(), e) == Truth::unknown);
  CHECK(holds_partially(negation(no), p.view(), e) == Truth::yes);
  CHECK(holds_partially(all_of({}), p.view(), e) == Truth::yes);
  CHECK(holds_partially(any_of({}), p.view(), e) == Truth::no);
  CHECK(holds_partially(answer_not_in(0, {1, 2}), p.view(), e) == Truth::yes);
}

TEST_CASE("Number answers against ranges", "[partial]") {
  Assessment a;
  a.questions.push_back(number("age", 10, 20));
  a.outcomes.push_back(result("only"));
  a = finish(std::move(a));
  Partial p(a);
  const PartialEvaluation before = evaluate_partially(a, p.view());
  CHECK(holds_partially(a, answer_range(0, 25, 30), p.view(), before) == Truth::no);
  CHECK(holds_partially(a, answer_range(0, 5, 30), p.view(), before) == Truth::yes);
  CHECK(holds_partially(a, answer_range(0, 15, 30), p.view(), before) == Truth::unknown);
  p.decide(0, value(12));
  const PartialEvaluation after = evaluate_partially(a, p.view());
  CHECK(holds_partially(answer_range(0, 15, 30), p.view(), after) == Truth::no);
  CHECK(holds_partially(answer_range(0, 12, 12), p.view(), after) == Truth::yes);
}

// The property everything rests on: a decided truth or an interval is never contradicted by
// any complete answer set that agrees with the decided answers.
TEST_CASE("Partial evaluation is sound on random assessments", "[partial]") {
  std::mt19937 rng(20261124);
  for (int round = 0; round < 300; ++round) {
    const Assessment a = random_assessment(rng);
    const std::size_t n = a.questions.size();
    Partial p(a);
    for (std::size_t q = 0; q < n; ++q) {
      if (std::uniform_int_distribution<int>(0, 2)(rng) != 0) continue;
      const auto answers = every_answer(a.questions[q]);
      p.decide(q, answers[std::uniform_int_distribution<std::size_t>(0, answers.size() - 1)(rng)]);
    }
    std::vector<Condition> conditions;
    std::vector<bool> all_scales(a.scales.size(), true);
    for (int i = 0; i < 6; ++i) conditions.push_back(random_condition(a, n, all_scales, rng));
    const PartialEvaluation e = evaluate_partially(a, p.view());
    std::vector<Truth> loose, sharp;
    for (const Condition& c : conditions) {
      loose.push_back(holds_partially(c, p.view(), e));
      sharp.push_back(holds_partially(a, c, p.view(), e));
    }
    for_each_complete(a, p.answers, p.decided, [&](const Answers& answers, const Evaluation& full) {
      for (std::size_t q = 0; q < n; ++q) {
        if (e.visible[q] != Truth::unknown) {
          REQUIRE(full.visible[q] == (e.visible[q] == Truth::yes));
        }
      }
      for (std::size_t s = 0; s < a.scales.size(); ++s) {
        REQUIRE(full.scales[s] >= e.scales[s].low);
        REQUIRE(full.scales[s] <= e.scales[s].high);
      }
      for (std::size_t i = 0; i < conditions.size(); ++i) {
        const bool truth = holds(conditions[i], answers, full.visible, full.scales);
        if (loose[i] != Truth::unknown) REQUIRE(truth == (loose[i] == Truth::yes));
        if (sharp[i] != Truth::unknown) REQUIRE(truth == (sharp[i] == Truth::yes));
      }
    });
  }
}
