#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "model.hpp"

namespace confide {

/** A reader's answer to one question, with ids resolved to option indices. */
struct Answer {
  std::vector<std::size_t> options;  ///< single: one index; multiple: sorted, distinct
  double number = 0;                 ///< number questions
};

/** One slot per question of the assessment, in its order; empty while unanswered. */
using Answers = std::vector<std::optional<Answer>>;

/** What a set of answers leads to: the same for the CLI, the widget and the analysis. */
struct Evaluation {
  Flags visible;                      ///< per question
  std::vector<double> scales;         ///< per scale: sum over visible answered questions
  std::size_t outcome = npos;         ///< index into outcomes (never npos when any exist)
  std::vector<std::size_t> findings;  ///< indices, in file order
  std::vector<std::size_t> alerts;    ///< indices, in file order
};

/**
 * Evaluates visibility, scales and results. Answers to hidden questions are ignored (see
 * drop_hidden_answers to remove them). Runs in O(size of the content).
 */
Evaluation evaluate(const Assessment& assessment, const Answers& answers);

/**
 * Clears the answers of questions that the other answers hide, so that a stale answer can
 * never score or be shown again. Returns true when something was cleared.
 */
bool drop_hidden_answers(const Assessment& assessment, Answers& answers);

/**
 * Adds `index` to a sorted list of distinct indices, in place; returns false, leaving the list
 * as it is, when the index is already there. The lists are short (options, questions), and one
 * such helper is smaller in the wasm than std::sort and std::unique.
 */
bool insert_sorted(std::vector<std::size_t>& list, std::size_t index);

/** Whether a number is within a condition's atLeast and atMost (both inclusive). */
bool in_range(double value, const Condition& condition);

/** Whether `condition` holds, given the visibility and scales of an Evaluation. */
bool holds(const Condition& condition, const Answers& answers, const Flags& visible,
           const std::vector<double>& scales);

}  // namespace confide
