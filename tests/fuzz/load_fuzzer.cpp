// Any bytes, as an assessment and as a publisher file extending a valid assessment: loading
// either succeeds, or fails with at least one problem at a valid JSON Pointer. What loads is
// analysed too, and its analysis must keep the same promise.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis.hpp"
#include "fuzz_support.hpp"
#include "loader.hpp"

namespace {

const confide::Assessment& base_assessment() {
  static const confide::Assessment assessment = [] {
    auto loaded = confide::load_assessment(R"({
      "confide": 1, "id": "base", "version": "1", "locales": ["en", "fr"], "title": "Base",
      "questions": [
        {"id": "q1", "type": "single", "title": "Q1", "options": [
          {"id": "a", "label": "A", "scores": {"s": 1}}, {"id": "b", "label": "B"}]},
        {"id": "q2", "type": "multiple", "title": "Q2", "showIf": {"answer": "q1", "in": ["a"]},
         "options": [{"id": "x", "label": "X"}, {"id": "none", "label": "None", "exclusive": true}]}
      ],
      "scales": [{"id": "s"}],
      "outcomes": [{"id": "o1", "title": "O1", "body": "B", "when": {"scale": "s", "atLeast": 1}},
                   {"id": "o2", "title": "O2", "body": "B"}],
      "findings": [{"id": "f1", "title": "F1", "body": "B", "when": {"answered": "q2"}}],
      "alerts": [{"id": "a1", "title": "A1", "body": "B", "when": {"answer": "q2", "in": ["x"]}}]
    })");
    if (!loaded.assessment) confide::fuzz::fail("the base assessment does not load");
    return *loaded.assessment;
  }();
  return assessment;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  confide::LoadedAssessment assessment = confide::load_assessment(text);
  confide::fuzz::check_problems(assessment.problems, assessment.assessment.has_value());
  if (assessment.assessment) {
    confide::AnalysisOptions options;
    // Keeps each input fast; the bound only turns answers into warnings.
    options.steps_per_question = 100;
    const confide::Analysis analysis = confide::analyze(*assessment.assessment, options);
    confide::fuzz::check_problems(analysis.problems, !confide::has_errors(analysis.problems));
    for (std::size_t s = 0; s < analysis.scales.size(); ++s) {
      if (analysis.scales[s].min > analysis.scales[s].max)
        confide::fuzz::fail("a scale range is inverted");
    }
  }

  confide::LoadedPublisher publisher = confide::load_publisher(text, base_assessment());
  confide::fuzz::check_problems(publisher.problems, publisher.publisher.has_value());
  (void)confide::publisher_extends(text);

  confide::LoadedAnswers answers = confide::load_answers(text, base_assessment());
  confide::fuzz::check_problems(answers.problems, !confide::has_errors(answers.problems));
  if (answers.answers.size() != base_assessment().questions.size()) {
    confide::fuzz::fail("answers do not have one slot per question");
  }
  return 0;
}
