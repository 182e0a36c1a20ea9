#include <algorithm>
#include <numeric>
#include <utility>

#include "answers.hpp"

namespace confide {

namespace {

// A question's answer counts only while the question is shown: a hidden question's answer is
// stale by definition, whatever the caller's Answers still hold.
const Answer* visible_answer(std::size_t question, const Answers& answers, const Flags& visible) {
  if (question >= answers.size() || question >= visible.size() || !visible[question]) {
    return nullptr;
  }
  const std::optional<Answer>& slot = answers[question];
  return slot ? &*slot : nullptr;
}

bool chose_any_of(const Answer& answer, const std::vector<std::size_t>& listed) {
  return std::any_of(answer.options.begin(), answer.options.end(), [&](std::size_t chosen) {
    return std::find(listed.begin(), listed.end(), chosen) != listed.end();
  });
}

bool holds_if_present(const std::optional<Condition>& condition, const Answers& answers,
                      const Flags& visible, const std::vector<double>& scales) {
  return !condition || holds(*condition, answers, visible, scales);
}

// The loader always fills evaluation_order; content built by hand (tests, tools) may not, and
// document order is then the best order there is.
std::vector<std::size_t> order_of(const Assessment& assessment) {
  if (assessment.evaluation_order.size() == assessment.questions.size()) {
    return assessment.evaluation_order;
  }
  std::vector<std::size_t> order(assessment.questions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  return order;
}

}  // namespace

bool in_range(double value, const Condition& condition) {
  return value >= condition.at_least && value <= condition.at_most;
}

bool insert_sorted(std::vector<std::size_t>& list, std::size_t index) {
  const auto at =
      static_cast<std::size_t>(std::lower_bound(list.begin(), list.end(), index) - list.begin());
  if (at < list.size() && list[at] == index) return false;
  // Appended, then moved down to its place: smaller in the wasm than vector::insert.
  list.push_back(index);
  for (std::size_t i = list.size() - 1; i > at; --i) std::swap(list[i], list[i - 1]);
  return true;
}

bool holds(const Condition& condition, const Answers& answers, const Flags& visible,
           const std::vector<double>& scales) {
  switch (condition.kind) {
    case Condition::Kind::answer_in: {
      const Answer* answer = visible_answer(condition.question, answers, visible);
      return answer && chose_any_of(*answer, condition.options);
    }
    case Condition::Kind::answer_not_in: {
      const Answer* answer = visible_answer(condition.question, answers, visible);
      return answer && !chose_any_of(*answer, condition.options);
    }
    case Condition::Kind::answer_range: {
      const Answer* answer = visible_answer(condition.question, answers, visible);
      return answer && in_range(answer->number, condition);
    }
    case Condition::Kind::answered:
      return visible_answer(condition.question, answers, visible) != nullptr;
    case Condition::Kind::scale_range:
      return condition.scale < scales.size() && in_range(scales[condition.scale], condition);
    case Condition::Kind::all:
      return std::all_of(
          condition.children.begin(), condition.children.end(),
          [&](const Condition& child) { return holds(child, answers, visible, scales); });
    case Condition::Kind::any:
      return std::any_of(
          condition.children.begin(), condition.children.end(),
          [&](const Condition& child) { return holds(child, answers, visible, scales); });
    case Condition::Kind::negation:
      return !condition.children.empty() &&
             !holds(condition.children.front(), answers, visible, scales);
  }
  return false;
}

Evaluation evaluate(const Assessment& assessment, const Answers& answers) {
  Evaluation evaluation;
  evaluation.visible.assign(assessment.questions.size(), false);
  evaluation.scales.assign(assessment.scales.size(), 0.0);

  // Every question is placed after everything its showIf reads, including all the questions
  // that score on a scale it reads, so each scale is final by the time a condition sees it.
  for (std::size_t index : order_of(assessment)) {
    if (index >= assessment.questions.size()) continue;
    const Question& question = assessment.questions[index];
    const bool shown =
        holds_if_present(question.show_if, answers, evaluation.visible, evaluation.scales);
    evaluation.visible[index] = shown;
    if (!shown || index >= answers.size() || !answers[index]) continue;
    for (std::size_t chosen : answers[index]->options) {
      if (chosen >= question.options.size()) continue;
      for (const auto& [scale, points] : question.options[chosen].scores) {
        if (scale < evaluation.scales.size()) evaluation.scales[scale] += points;
      }
    }
  }

  const auto& outcomes = assessment.outcomes;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (holds_if_present(outcomes[i].when, answers, evaluation.visible, evaluation.scales)) {
      evaluation.outcome = i;
      break;
    }
  }
  if (evaluation.outcome == npos && !outcomes.empty()) evaluation.outcome = outcomes.size() - 1;

  for (std::size_t i = 0; i < assessment.findings.size(); ++i) {
    if (holds_if_present(assessment.findings[i].when, answers, evaluation.visible,
                         evaluation.scales)) {
      evaluation.findings.push_back(i);
    }
  }
  for (std::size_t i = 0; i < assessment.alerts.size(); ++i) {
    if (holds_if_present(assessment.alerts[i].when, answers, evaluation.visible,
                         evaluation.scales)) {
      evaluation.alerts.push_back(i);
    }
  }
  return evaluation;
}

bool drop_hidden_answers(const Assessment& assessment, Answers& answers) {
  // Visibility never reads a hidden question's answer, so clearing those answers cannot change
  // any question's visibility: one pass is enough.
  const Evaluation evaluation = evaluate(assessment, answers);
  bool cleared = false;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const bool shown = i < evaluation.visible.size() && evaluation.visible[i];
    if (!shown && answers[i]) {
      answers[i].reset();
      cleared = true;
    }
  }
  return cleared;
}

}  // namespace confide
