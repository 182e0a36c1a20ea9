#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "answers.hpp"
#include "model.hpp"
#include "problem.hpp"

namespace confide {

/** Bounds of the search, documented in content/README.md. */
struct AnalysisOptions {
  /// Decisions (on the questions that can influence its target) one search may make before
  /// it gives up and reports the case as undecided.
  std::size_t node_budget = 2'000'000;
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
