#pragma once

// Builds the model from untrusted JSON text, read by json_reader.hpp into its DOM.
// Every problem is reported, not only the first; nothing is thrown.

#include <optional>
#include <string>
#include <string_view>

#include "answers.hpp"
#include "model.hpp"
#include "problem.hpp"

namespace confide {

/** An assessment, or the problems that kept it from loading. */
struct LoadedAssessment {
  std::optional<Assessment> assessment;  ///< set when there is no error (warnings may exist)
  Problems problems;
};

/** A publisher file, or the problems that kept it from loading. */
struct LoadedPublisher {
  std::optional<Publisher> publisher;
  Problems problems;
};

/** Answers read from a JSON object `{question id: option id | [option ids] | number}`. */
struct LoadedAnswers {
  Answers answers;    ///< one slot per question; problems leave the slot empty
  Problems problems;  ///< pointers are `/question_id`
};

/** Loads an assessment file (see content/README.md for the format). */
LoadedAssessment load_assessment(std::string_view text);

/** The `extends` id of a publisher file, or "" when it cannot be read. */
std::string publisher_extends(std::string_view text);

/** Loads a publisher file and checks every id it names against `assessment`. */
LoadedPublisher load_publisher(std::string_view text, const Assessment& assessment);

/**
 * Reads an answers object. Unknown questions or options, wrong types and numbers out of a
 * question's bounds are problems. Answers to `info` questions are problems too.
 */
LoadedAnswers load_answers(std::string_view text, const Assessment& assessment);

}  // namespace confide
