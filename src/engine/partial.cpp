#include "partial.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "answers.hpp"

// Three-valued evaluation. Every "yes" or "no" here must hold for every completion of the
// partial assignment that the analysis can produce, so that a search may prune on it: a
// completion answers each visible required question, may leave a visible optional one
// unanswered, and never answers a hidden one. Where an exact answer would cost more than a
// glance, the answer is "unknown", which is always sound.

namespace confide {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// What one option adds to one scale (an option may name a scale once, but summing costs
// nothing and tolerates content built by hand).
double points(const Option& option, std::size_t scale) {
  double sum = 0;
  for (const auto& [index, value] : option.scores) {
    if (index == scale) sum += value;
  }
  return sum;
}

// The same scale may be named by several options; each scale is handled once per question,
// at its first mention, so that no per-call set is needed.
bool first_mention(const Question& question, std::size_t option, std::size_t entry) {
  const std::size_t scale = question.options[option].scores[entry].first;
  for (std::size_t o = 0; o <= option; ++o) {
    const auto& scores = question.options[o].scores;
    const std::size_t end = o == option ? entry : scores.size();
    for (std::size_t e = 0; e < end; ++e) {
      if (scores[e].first == scale) return false;
    }
  }
  return true;
}

Interval widen_to_zero(Interval interval) {
  return {std::min(interval.low, 0.0), std::max(interval.high, 0.0)};
}

// What a shown, undecided question can add to `scale` over every answer it accepts.
Interval scale_interval(const Question& question, std::size_t scale) {
  Interval result{infinity, -infinity};
  if (question.type == QuestionType::single) {
    for (const Option& option : question.options) {
      const double p = points(option, scale);
      result.low = std::min(result.low, p);
      result.high = std::max(result.high, p);
    }
  } else if (question.type == QuestionType::multiple) {
    // Non-exclusive options combine freely (any non-empty subset); an exclusive option
    // stands alone.
    bool any_free = false;
    double negative_sum = 0, positive_sum = 0;
    double least_free = infinity, greatest_free = -infinity;
    for (const Option& option : question.options) {
      const double p = points(option, scale);
      if (option.exclusive) {
        result.low = std::min(result.low, p);
        result.high = std::max(result.high, p);
        continue;
      }
      any_free = true;
      (p < 0 ? negative_sum : positive_sum) += p;
      least_free = std::min(least_free, p);
      greatest_free = std::max(greatest_free, p);
    }
    if (any_free) {
      result.low = std::min(result.low, least_free <= 0 ? negative_sum : least_free);
      result.high = std::max(result.high, greatest_free >= 0 ? positive_sum : greatest_free);
    }
  }
  if (result.low > result.high) return {0, 0};  // no option, or a type that never scores
  if (!question.required) result = widen_to_zero(result);
  return result;
}

bool answers_usable(const PartialAnswers& partial, std::size_t question) {
  return partial.answers != nullptr && question < partial.answers->size() &&
         question < partial.decided.size();
}

bool is_decided(const PartialAnswers& partial, std::size_t question) {
  return answers_usable(partial, question) && partial.decided[question];
}

const std::optional<Answer>& decided_answer(const PartialAnswers& partial, std::size_t question) {
  return (*partial.answers)[question];
}

bool listed(const std::vector<std::size_t>& options, std::size_t option) {
  return std::find(options.begin(), options.end(), option) != options.end();
}

bool some_chosen_listed(const Answer& answer, const std::vector<std::size_t>& options) {
  for (std::size_t chosen : answer.options) {
    if (listed(options, chosen)) return true;
  }
  return false;
}

bool some_option_unlisted(const Question& question, const std::vector<std::size_t>& options) {
  for (std::size_t o = 0; o < question.options.size(); ++o) {
    if (!listed(options, o)) return true;
  }
  return false;
}

bool some_option_listed(const Question& question, const std::vector<std::size_t>& options) {
  for (std::size_t o : options) {
    if (o < question.options.size()) return true;
  }
  return false;
}

// The whole numbers a number question accepts, as an inclusive range.
struct WholeRange {
  double low;
  double high;
};

WholeRange accepted(const Question& question) {
  return {std::ceil(question.min), std::floor(question.max)};
}

// Truth of an answer condition from whether some completion could satisfy it and whether
// some could fail it.
Truth from_possibilities(bool could_hold, bool could_fail) {
  if (!could_hold) return Truth::no;
  if (!could_fail) return Truth::yes;
  return Truth::unknown;
}

// `assessment` may be null: undecided questions then read as "unknown" (or "no" if hidden).
Truth answer_condition(const Assessment* assessment, const Condition& condition,
                       const PartialAnswers& partial, const PartialEvaluation& evaluation) {
  const std::size_t q = condition.question;
  if (q >= evaluation.visible.size()) return Truth::no;
  if (assessment != nullptr && q >= assessment->questions.size()) return Truth::no;
  const Truth visible = evaluation.visible[q];
  if (visible == Truth::no) return Truth::no;

  if (is_decided(partial, q)) {
    const std::optional<Answer>& answer = decided_answer(partial, q);
    if (!answer) return Truth::no;
    bool matches = false;
    switch (condition.kind) {
      case Condition::Kind::answer_in:
        matches = some_chosen_listed(*answer, condition.options);
        break;
      case Condition::Kind::answer_not_in:
        matches = !some_chosen_listed(*answer, condition.options);
        break;
      case Condition::Kind::answer_range:
        matches = in_range(answer->number, condition);
        break;
      default:  // answered
        matches = true;
        break;
    }
    // A decided answer counts only if its question turns out shown.
    return matches ? visible : Truth::no;
  }

  if (assessment == nullptr) return Truth::unknown;
  const Question& question = assessment->questions[q];
  if (question.type == QuestionType::info) return Truth::no;
  const bool may_stay_unanswered = visible != Truth::yes || !question.required;
  const bool choice =
      question.type == QuestionType::single || question.type == QuestionType::multiple;
  switch (condition.kind) {
    case Condition::Kind::answer_in:
      if (!choice) return Truth::no;
      return from_possibilities(
          some_option_listed(question, condition.options),
          may_stay_unanswered || some_option_unlisted(question, condition.options));
    case Condition::Kind::answer_not_in:
      if (!choice) return from_possibilities(true, may_stay_unanswered);
      return from_possibilities(
          some_option_unlisted(question, condition.options),
          may_stay_unanswered || some_option_listed(question, condition.options));
    case Condition::Kind::answer_range: {
      if (question.type != QuestionType::number) return Truth::no;
      const WholeRange whole = accepted(question);
      const double low = std::max(whole.low, std::ceil(condition.at_least));
      const double high = std::min(whole.high, std::floor(condition.at_most));
      const bool some_outside =
          whole.low < std::ceil(condition.at_least) || whole.high > std::floor(condition.at_most);
      return from_possibilities(low <= high, may_stay_unanswered || some_outside);
    }
    default:  // answered
      return from_possibilities(true, may_stay_unanswered);
  }
}

Truth scale_condition(const Condition& condition, const PartialEvaluation& evaluation) {
  if (condition.scale >= evaluation.scales.size()) return Truth::no;
  const Interval value = evaluation.scales[condition.scale];
  if (value.high < condition.at_least || value.low > condition.at_most) return Truth::no;
  if (value.low >= condition.at_least && value.high <= condition.at_most) return Truth::yes;
  return Truth::unknown;
}

Truth holds_in(const Assessment* assessment, const Condition& condition,
               const PartialAnswers& partial, const PartialEvaluation& evaluation) {
  switch (condition.kind) {
    case Condition::Kind::answer_in:
    case Condition::Kind::answer_not_in:
    case Condition::Kind::answer_range:
    case Condition::Kind::answered:
      return answer_condition(assessment, condition, partial, evaluation);
    case Condition::Kind::scale_range:
      return scale_condition(condition, evaluation);
    case Condition::Kind::all: {
      Truth result = Truth::yes;
      for (const Condition& child : condition.children) {
        const Truth truth = holds_in(assessment, child, partial, evaluation);
        if (truth == Truth::no) return Truth::no;
        if (truth == Truth::unknown) result = Truth::unknown;
      }
      return result;
    }
    case Condition::Kind::any: {
      Truth result = Truth::no;
      for (const Condition& child : condition.children) {
        const Truth truth = holds_in(assessment, child, partial, evaluation);
        if (truth == Truth::yes) return Truth::yes;
        if (truth == Truth::unknown) result = Truth::unknown;
      }
      return result;
    }
    case Condition::Kind::negation:
      if (condition.children.empty()) return Truth::no;
      return negate(holds_in(assessment, condition.children.front(), partial, evaluation));
  }
  return Truth::unknown;
}

// Adds what question `q` (shown with truth `visible`) can contribute to the scales.
void add_contribution(const Assessment& assessment, std::size_t q, Truth visible,
                      const PartialAnswers& partial, std::vector<Interval>& scales) {
  const Question& question = assessment.questions[q];
  const bool decided = is_decided(partial, q);
  const std::optional<Answer>* answer = decided ? &decided_answer(partial, q) : nullptr;
  if (decided &&
      (!*answer || question.type == QuestionType::info || question.type == QuestionType::number)) {
    return;
  }
  for (std::size_t o = 0; o < question.options.size(); ++o) {
    const auto& scores = question.options[o].scores;
    for (std::size_t e = 0; e < scores.size(); ++e) {
      const std::size_t scale = scores[e].first;
      if (scale >= scales.size() || !first_mention(question, o, e)) continue;
      Interval add;
      if (decided) {
        double sum = 0;
        for (std::size_t chosen : (*answer)->options) {
          if (chosen < question.options.size()) sum += points(question.options[chosen], scale);
        }
        add = {sum, sum};
      } else {
        add = scale_interval(question, scale);
      }
      if (visible == Truth::unknown) add = widen_to_zero(add);
      scales[scale].low += add.low;
      scales[scale].high += add.high;
    }
  }
}

}  // namespace

Truth negate(Truth truth) {
  if (truth == Truth::yes) return Truth::no;
  if (truth == Truth::no) return Truth::yes;
  return Truth::unknown;
}

std::vector<Interval> answer_intervals(const Question& question, std::size_t scale_count) {
  std::vector<Interval> intervals(scale_count);
  for (std::size_t o = 0; o < question.options.size(); ++o) {
    const auto& scores = question.options[o].scores;
    for (std::size_t e = 0; e < scores.size(); ++e) {
      const std::size_t scale = scores[e].first;
      if (scale < scale_count && first_mention(question, o, e)) {
        intervals[scale] = scale_interval(question, scale);
      }
    }
  }
  return intervals;
}

PartialEvaluation evaluate_partially(const Assessment& assessment, const PartialAnswers& partial) {
  const std::size_t count = assessment.questions.size();
  PartialEvaluation evaluation;
  // Questions not reached yet read as "unknown", which keeps a malformed order sound.
  evaluation.visible.assign(count, Truth::unknown);
  evaluation.scales.assign(assessment.scales.size(), Interval{});
  const bool ordered = assessment.evaluation_order.size() == count;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t q = ordered ? assessment.evaluation_order[i] : i;
    if (q >= count) continue;
    const Question& question = assessment.questions[q];
    const Truth visible = question.show_if
                              ? holds_in(&assessment, *question.show_if, partial, evaluation)
                              : Truth::yes;
    evaluation.visible[q] = visible;
    if (visible != Truth::no) add_contribution(assessment, q, visible, partial, evaluation.scales);
  }
  return evaluation;
}

Truth holds_partially(const Condition& condition, const PartialAnswers& partial,
                      const PartialEvaluation& evaluation) {
  return holds_in(nullptr, condition, partial, evaluation);
}

Truth holds_partially(const Assessment& assessment, const Condition& condition,
                      const PartialAnswers& partial, const PartialEvaluation& evaluation) {
  return holds_in(&assessment, condition, partial, evaluation);
}

}  // namespace confide
