#pragma once

// Three-valued evaluation over answers that are only partly decided: what the analysis
// searches with, and what the session's "about N steps" estimate rests on.

#include <cstddef>
#include <vector>

#include "answers.hpp"
#include "model.hpp"

namespace confide {

/** Kleene truth: a condition may be decided either way, or not yet. */
enum class Truth { no, yes, unknown };

/** Not: yes and no swap, unknown stays unknown. */
Truth negate(Truth truth);

/**
 * A partial assignment. A question whose `decided` flag is set has its final answer in
 * `answers` (possibly none); any other question may still receive any answer its type and
 * bounds allow, or stay hidden.
 */
struct PartialAnswers {
  const Answers* answers = nullptr;
  Flags decided;  ///< per question
};

/** The interval a scale can still reach, given a partial assignment. */
struct Interval {
  double low = 0;
  double high = 0;
};

/** What is known so far: per question visibility and per scale the reachable interval. */
struct PartialEvaluation {
  std::vector<Truth> visible;    ///< per question
  std::vector<Interval> scales;  ///< per scale
};

/** Evaluates visibility and scale intervals for a partial assignment (sound, not exact). */
PartialEvaluation evaluate_partially(const Assessment& assessment, const PartialAnswers& partial);

/** Whether `condition` holds: yes/no only when every completion agrees (sound). */
Truth holds_partially(const Condition& condition, const PartialAnswers& partial,
                      const PartialEvaluation& evaluation);

/**
 * As above, and sharper on undecided questions: knowing their type, options and `required`,
 * it can tell, for instance, that a shown required question will be answered. Completions
 * answer every shown required question (the space the analysis searches).
 */
Truth holds_partially(const Assessment& assessment, const Condition& condition,
                      const PartialAnswers& partial, const PartialEvaluation& evaluation);

/**
 * Per scale, what `question` can add once shown and still undecided: the interval over every
 * answer it accepts, with 0 when it may stay unanswered (not required). One entry per scale.
 */
std::vector<Interval> answer_intervals(const Question& question, std::size_t scale_count);

}  // namespace confide
