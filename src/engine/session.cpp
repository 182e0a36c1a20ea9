#include "session.hpp"

#include <algorithm>
#include <cmath>

#include "json_writer.hpp"
#include "partial.hpp"
#include "problem.hpp"

namespace confide {

namespace {

// Ids come from the reader's side of the API: keep messages short whatever was sent.
std::string_view shortened(std::string_view id) { return id.substr(0, 64); }

// Bounds are whole numbers within limits::number_magnitude: json_number writes them as integers.
std::string whole_number_text(double value) { return json_number(std::round(value)); }

std::string_view trim_spaces(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::size_t option_index(const Question& question, std::string_view id) {
  for (std::size_t i = 0; i < question.options.size(); ++i) {
    if (question.options[i].id == id) return i;
  }
  return npos;
}

}  // namespace

std::optional<double> parse_whole_number(std::string_view text, double min, double max) {
  text = trim_spaces(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Twelve digits is far beyond any bound content may declare (|x| <= 1e9) and keeps the
  // value exact in a double.
  if (text.empty() || text.size() > 12) return std::nullopt;
  double value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (negative) value = -value;
  if (value < min || value > max) return std::nullopt;
  return value;
}

Session::Session(const Assessment& assessment, const Publisher* publisher, std::string_view locale)
    : assessment_(assessment), locale_(locale), ui_(assessment, publisher, locale) {
  restart();
}

std::size_t Session::find_question(std::string_view id) const {
  // A scan: there are at most limits::questions, and the first with the id is the one.
  const std::vector<Question>& questions = assessment_.questions;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (questions[i].id == id) return i;
  }
  return npos;
}

const std::string* Session::typed(std::size_t question) const {
  if (question >= typed_.size() || !typed_[question]) return nullptr;
  return &*typed_[question];
}

std::size_t Session::first_visible_from(std::size_t start) const {
  for (std::size_t q = start; q < evaluation_.visible.size(); ++q) {
    if (evaluation_.visible[q]) return q;
  }
  return npos;
}

ActionResult Session::check_on_screen(std::string_view question, std::size_t& index) const {
  index = find_question(question);
  if (index == npos) {
    return ActionResult::refused(join({"unknown question \"", shortened(question), "\""}));
  }
  // The reader can only answer what is on screen; anything else is a caller's mistake.
  if (index != current_) {
    return ActionResult::refused(join({"question \"", shortened(question), "\" is not on screen"}));
  }
  return {};
}

void Session::answers_changed() {
  // evaluate() reads only the answers of shown questions, so the answers as they are and the
  // answers without the hidden ones evaluate alike: one evaluation, then the hidden ones go.
  evaluation_ = evaluate(assessment_, answers_);
  for (std::size_t q = 0; q < answers_.size(); ++q) {
    if (evaluation_.visible[q]) continue;
    answers_[q].reset();
    typed_[q].reset();
  }
  // The step on screen cannot hide itself (that would be a showIf cycle), but stay safe.
  if (current_ != npos && !evaluation_.visible[current_]) current_ = first_visible_from(current_);
}

ActionResult Session::answer(std::string_view question, std::string_view value) {
  std::size_t index = npos;
  if (ActionResult checked = check_on_screen(question, index); !checked.ok) return checked;
  const Question& q = assessment_.questions[index];
  switch (q.type) {
    case QuestionType::single: {
      const std::size_t option = option_index(q, value);
      if (option == npos) {
        return ActionResult::refused(join({"unknown option \"", shortened(value),
                                           "\" for question \"", shortened(question), "\""}));
      }
      answers_[index] = Answer{{option}, 0};
      break;
    }
    case QuestionType::number: {
      if (value.size() > 256) return ActionResult::refused("the typed text is too long");
      if (trim_spaces(value).empty()) {
        answers_[index].reset();
        typed_[index].reset();
        break;
      }
      typed_[index] = std::string(value);
      if (auto number = parse_whole_number(value, q.min, q.max)) {
        answers_[index] = Answer{{}, *number};
      } else {
        // Kept as typed so the reader sees it again with the error, but it is not an answer.
        answers_[index].reset();
      }
      break;
    }
    case QuestionType::multiple:
      return ActionResult::refused(
          join({"question \"", shortened(question), "\" takes several options: use toggle"}));
    case QuestionType::info:
      return ActionResult::refused(
          join({"question \"", shortened(question), "\" takes no answer"}));
  }
  errors_.clear();
  answers_changed();
  raise_alerts();
  return {};
}

ActionResult Session::toggle(std::string_view question, std::string_view option, bool checked) {
  std::size_t index = npos;
  if (ActionResult on_screen = check_on_screen(question, index); !on_screen.ok) return on_screen;
  const Question& q = assessment_.questions[index];
  if (q.type != QuestionType::multiple) {
    return ActionResult::refused(
        join({"question \"", shortened(question), "\" is not a multiple choice"}));
  }
  const std::size_t chosen = option_index(q, option);
  if (chosen == npos) {
    return ActionResult::refused(join(
        {"unknown option \"", shortened(option), "\" for question \"", shortened(question), "\""}));
  }
  std::vector<std::size_t> options =
      answers_[index] ? answers_[index]->options : std::vector<std::size_t>{};
  options.erase(std::remove(options.begin(), options.end(), chosen), options.end());
  if (checked) {
    if (q.options[chosen].exclusive) {
      // "None of these" means none of the others either.
      options.clear();
    } else {
      options.erase(std::remove_if(options.begin(), options.end(),
                                   [&](std::size_t o) { return q.options[o].exclusive; }),
                    options.end());
    }
    insert_sorted(options, chosen);
  }
  if (options.empty()) {
    answers_[index].reset();
  } else {
    answers_[index] = Answer{std::move(options), 0};
  }
  errors_.clear();
  answers_changed();
  raise_alerts();
  return {};
}

std::vector<StepError> Session::validate(std::size_t question) const {
  std::vector<StepError> found;
  const Question& q = assessment_.questions[question];
  const bool answered = answers_[question].has_value();
  if (q.type == QuestionType::number && typed_[question] && !answered) {
    found.push_back({question, npos,
                     fill(ui_.get("errorNumberRange"),
                          {{"min", whole_number_text(q.min)}, {"max", whole_number_text(q.max)}})});
  } else if (q.required && !answered && q.type != QuestionType::info) {
    const char* key = q.type == QuestionType::single     ? "errorSelectAnswer"
                      : q.type == QuestionType::multiple ? "errorSelectOption"
                                                         : "errorEnterNumber";
    found.push_back({question, npos, ui_.get(key)});
  }
  return found;
}

ActionResult Session::next() {
  if (on_results()) return {};
  errors_ = validate(current_);
  if (!errors_.empty()) return {};
  current_ = first_visible_from(current_ + 1);
  raise_alerts();
  return {};
}

ActionResult Session::back() {
  errors_.clear();
  std::size_t end = on_results() ? evaluation_.visible.size() : current_;
  while (end > 0) {
    --end;
    if (evaluation_.visible[end]) {
      current_ = end;
      break;
    }
  }
  raise_alerts();
  return {};
}

ActionResult Session::restart() {
  answers_.assign(assessment_.questions.size(), std::nullopt);
  typed_.assign(assessment_.questions.size(), std::nullopt);
  errors_.clear();
  evaluation_ = evaluate(assessment_, answers_);
  current_ = first_visible_from(0);
  raised_.assign(assessment_.alerts.size(), false);
  raise_alerts();
  return {};
}

bool Session::can_go_back() const {
  const std::size_t end = on_results() ? evaluation_.visible.size() : current_;
  for (std::size_t q = 0; q < end; ++q) {
    if (evaluation_.visible[q]) return true;
  }
  return false;
}

Progress Session::progress() const {
  const std::size_t steps = static_cast<std::size_t>(
      std::count(evaluation_.visible.begin(), evaluation_.visible.end(), true));
  if (on_results()) return {steps, steps, steps};

  Progress progress;
  progress.current =
      1 + static_cast<std::size_t>(std::count(
              evaluation_.visible.begin(),
              evaluation_.visible.begin() + static_cast<std::ptrdiff_t>(current_), true));
  // What the reader has passed is settled (answered or left empty); the step on screen and
  // what lies ahead may still change, except where an answer is already given.
  PartialAnswers partial;
  partial.answers = &answers_;
  partial.decided.resize(answers_.size());
  for (std::size_t q = 0; q < answers_.size(); ++q) {
    partial.decided[q] = q < current_ || answers_[q].has_value();
  }
  const PartialEvaluation estimate = evaluate_partially(assessment_, partial);
  progress.min = progress.max = progress.current;
  for (std::size_t q = current_ + 1; q < estimate.visible.size(); ++q) {
    if (estimate.visible[q] == Truth::yes) ++progress.min;
    if (estimate.visible[q] != Truth::no) ++progress.max;
  }
  return progress;
}

void Session::raise_alerts() {
  if (std::find(raised_.begin(), raised_.end(), false) == raised_.end()) return;
  std::vector<std::size_t> holding;
  if (on_results()) {
    holding = evaluation_.alerts;
  } else {
    // Only the steps already passed count, so that an alert appears from the step after the
    // answer that raised it and never interrupts the question being answered.
    Answers before(answers_.size());
    for (std::size_t q = 0; q < current_; ++q) before[q] = answers_[q];
    holding = evaluate(assessment_, before).alerts;
  }
  for (std::size_t alert : holding) raised_[alert] = true;
}

std::vector<std::size_t> Session::alerts() const {
  // Never lowered by a changed answer: a clinician who read an alert cannot un-read it.
  std::vector<std::size_t> shown;
  for (std::size_t alert = 0; alert < raised_.size(); ++alert) {
    if (raised_[alert]) shown.push_back(alert);
  }
  return shown;
}

}  // namespace confide
