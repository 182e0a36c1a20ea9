#pragma once

// One reader going through one assessment: which step is on screen, what has been answered
// (and typed), what is wrong with the current step, how far along the reader is. The JSON
// view of a session is built in api.cpp; this class knows nothing of JSON.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "answers.hpp"
#include "model.hpp"
#include "ui_text.hpp"

namespace confide {

/** A validation message shown on the current step. */
struct StepError {
  std::size_t question = npos;
  std::size_t option = npos;  ///< npos: about the question as a whole
  std::string message;        ///< localized, for the reader
};

/** Where the reader is: step number and the range the total may still end in. */
struct Progress {
  std::size_t current = 0;  ///< 1-based step number
  std::size_t min = 0;      ///< fewest steps the check can still have
  std::size_t max = 0;      ///< most steps the check can still have
};

/** Whether a reader action was applied; a refused action changes nothing. */
struct ActionResult {
  bool ok = true;
  std::string message;  ///< why it was refused (for the developer, not the reader)

  static ActionResult refused(std::string why) { return {false, std::move(why)}; }
};

/**
 * The state of one reader's pass through an assessment. Steps are the visible questions in
 * document order, then the results. The assessment must outlive the session.
 */
class Session {
 public:
  /** Starts on the first visible question. `publisher` may be null. */
  Session(const Assessment& assessment, const Publisher* publisher, std::string_view locale);

  /**
   * Answers the question on screen: a `single` question with an option id, a `number`
   * question with the text as typed (kept for redisplay; only a whole number within the
   * bounds becomes an answer, "" clears it). Answers that the change hides are dropped.
   */
  ActionResult answer(std::string_view question, std::string_view value);

  /** Checks or unchecks an option of the `multiple` question on screen. */
  ActionResult toggle(std::string_view question, std::string_view option, bool checked);

  /** Validates the step on screen, then moves to the next visible question or the results. */
  ActionResult next();

  /** Moves to the previous visible question (from the results: the last one). */
  ActionResult back();

  /** Forgets every answer, typed text and error and returns to the first step. */
  ActionResult restart();

  bool on_results() const { return current_ == npos; }
  /** The question on screen, npos on the results. */
  std::size_t current() const { return current_; }
  bool can_go_back() const;
  Progress progress() const;
  /**
   * The alerts raised in this session, in file order. An alert is raised once its condition
   * holds over the answers of the steps before the current one (over all answers on the
   * results), so it never interrupts the question that raised it. Once raised it stays shown,
   * even if the reader goes back and changes the answer, until restart(): a reader who said
   * they think of hurting themselves must not see the crisis help vanish. `confide score` has
   * no history and reports only the alerts holding over the final answers.
   */
  std::vector<std::size_t> alerts() const;

  const Answers& answers() const { return answers_; }
  const Evaluation& evaluation() const { return evaluation_; }
  const std::vector<StepError>& errors() const { return errors_; }
  /** The text typed into a number question, null when there is none. */
  const std::string* typed(std::size_t question) const;
  const UiText& ui() const { return ui_; }
  const std::string& locale() const { return locale_; }
  const Assessment& assessment() const { return assessment_; }

  /** Index of the question with `id`, npos when there is none. */
  std::size_t find_question(std::string_view id) const;

 private:
  ActionResult check_on_screen(std::string_view question, std::size_t& index) const;
  void answers_changed();
  std::size_t first_visible_from(std::size_t start) const;
  std::vector<StepError> validate(std::size_t question) const;
  void raise_alerts();

  const Assessment& assessment_;
  std::string locale_;
  UiText ui_;
  Answers answers_;
  std::vector<std::optional<std::string>> typed_;
  std::vector<StepError> errors_;
  Evaluation evaluation_;
  Flags raised_;  // per alert: shown at some point since the last restart
  std::size_t current_ = npos;
};

/**
 * Reads a whole number as a reader types it ("12", " -3 ", "+4"), or nothing when the text
 * is not a whole number within [min, max].
 */
std::optional<double> parse_whole_number(std::string_view text, double min, double max);

}  // namespace confide
