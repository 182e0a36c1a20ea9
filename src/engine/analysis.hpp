#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "answers.hpp"
#include "model.hpp"
#include "problem.hpp"

namespace confide {

/** Bounds of the search, documented in content/README.md and at the top of analysis.cpp. */
struct AnalysisOptions {
  /// Steps all the searches together may take, per question of the assessment, so that the
  /// analysis costs time in proportion to the content's size. A step is one decision on a
  /// question that can influence the target, or one such question when a search is set up.
  /// The targets (each outcome, the coverage, each finding, alert and question with a showIf,
  /// each scale's minimum and maximum) take their steps in turn: each may use what those
  /// before it left, except half an equal share kept for every target after it. A target
  /// whose share runs out is reported "undecided", never as an error.
  std::size_t steps_per_question = 10'000;
};

/** The lowest and highest value a scale can reach. */
struct ScaleRange {
  double min = 0;
  double max = 0;
};

/**
 * The static report on an assessment. A witness is an answer set (visible questions only)
 * that reaches the result; empty when the result was proven unreachable or undecided.
 */
struct Analysis {
  std::vector<ScaleRange> scales;                ///< per scale
  std::vector<std::optional<Answers>> outcomes;  ///< per outcome
  std::vector<std::optional<Answers>> findings;  ///< per finding
  std::vector<std::optional<Answers>> alerts;    ///< per alert
  Problems problems;  ///< errors only when proven; undecided cases are warnings
};

/** Analyses a loaded assessment: ranges, witnesses, coverage, reachability, texts, links. */
Analysis analyze(const Assessment& assessment, const AnalysisOptions& options = {});

/** The text and link checks of a publisher file against the assessment it extends. */
Problems analyze_publisher(const Publisher& publisher, const Assessment& assessment);

}  // namespace confide
