#pragma once

// Assessments built in C++ for the partial-evaluation and analysis tests, and a brute-force
// enumeration of complete answer sets that the tests hold the search against. Conditions and
// texts come from builders.hpp; the questions here are built by index, as the analysis sees them.

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "answers.hpp"
#include "builders.hpp"
#include "model.hpp"

namespace confide::analysis_test {

using test::all_of;
using test::answer_in;
using test::answer_not_in;
using test::answer_range;
using test::answered;
using test::any_of;
using test::negation;
using test::scale_range;
using test::text;

/** A single-choice question whose option i scores points[i] on `scale`. */
inline Question single(std::string id, std::size_t scale, const std::vector<double>& points,
                       bool required = true) {
  Question q;
  q.id = std::move(id);
  q.type = QuestionType::single;
  q.title = text("Title of " + q.id);
  q.required = required;
  for (std::size_t i = 0; i < points.size(); ++i) {
    Option o;
    o.id = std::to_string(i);
    o.label = text("Option " + o.id);
    if (points[i] != 0) o.scores.emplace_back(scale, points[i]);
    q.options.push_back(std::move(o));
  }
  return q;
}

/** A multiple-choice question; options listed in `exclusive` stand alone. */
inline Question multiple(std::string id, std::size_t scale, const std::vector<double>& points,
                         const std::vector<std::size_t>& exclusive = {}, bool required = true) {
  Question q = single(std::move(id), scale, points, required);
  q.type = QuestionType::multiple;
  for (std::size_t e : exclusive) q.options[e].exclusive = true;
  return q;
}

inline Question number(std::string id, double min, double max, bool required = true) {
  Question q;
  q.id = std::move(id);
  q.type = QuestionType::number;
  q.title = text("Title of " + q.id);
  q.required = required;
  q.min = min;
  q.max = max;
  return q;
}

inline Question info(std::string id) {
  Question q;
  q.id = std::move(id);
  q.type = QuestionType::info;
  q.title = text("Title of " + q.id);
  q.body = text("Body of " + q.id);
  return q;
}

inline Question shown_if(Question question, Condition condition) {
  question.show_if = std::move(condition);
  return question;
}

inline Result result(std::string id, std::optional<Condition> when = std::nullopt) {
  Result r;
  r.id = std::move(id);
  r.title = text("Title of " + r.id);
  r.body = text("Body of " + r.id);
  r.when = std::move(when);
  return r;
}

inline void collect_dependencies(const Assessment& a, const Condition& c,
                                 std::vector<bool>& depends) {
  switch (c.kind) {
    case Condition::Kind::scale_range:
      for (std::size_t q = 0; q < a.questions.size(); ++q) {
        for (const Option& o : a.questions[q].options) {
          for (const auto& score : o.scores) {
            if (score.first == c.scale) depends[q] = true;
          }
        }
      }
      break;
    case Condition::Kind::all:
    case Condition::Kind::any:
    case Condition::Kind::negation:
      for (const Condition& child : c.children) collect_dependencies(a, child, depends);
      break;
    default:
      if (c.question < depends.size()) depends[c.question] = true;
  }
}

/**
 * Fills in what the loader would: ids of scales, pointers, and the evaluation order
 * (topological, document order where free). The content must be acyclic.
 */
inline Assessment finish(Assessment a) {
  if (a.id.empty()) a.id = "test";
  if (a.locales.empty()) a.locales = {"en"};
  if (a.title.empty()) a.title = text("Test");
  for (std::size_t s = 0; s < a.scales.size(); ++s) {
    a.scales[s].pointer = "/scales/" + std::to_string(s);
  }
  for (std::size_t q = 0; q < a.questions.size(); ++q) {
    Question& question = a.questions[q];
    question.pointer = "/questions/" + std::to_string(q);
    question.title.pointer = question.pointer + "/title";
    if (question.show_if) question.show_if->pointer = question.pointer + "/showIf";
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      question.options[o].pointer = question.pointer + "/options/" + std::to_string(o);
      question.options[o].label.pointer = question.options[o].pointer + "/label";
    }
  }
  auto point = [](std::vector<Result>& results, const std::string& where) {
    for (std::size_t i = 0; i < results.size(); ++i) {
      results[i].pointer = "/" + where + "/" + std::to_string(i);
      results[i].title.pointer = results[i].pointer + "/title";
      results[i].body.pointer = results[i].pointer + "/body";
      if (results[i].when) results[i].when->pointer = results[i].pointer + "/when";
    }
  };
  point(a.outcomes, "outcomes");
  point(a.findings, "findings");
  point(a.alerts, "alerts");

  const std::size_t n = a.questions.size();
  std::vector<std::vector<bool>> depends(n, std::vector<bool>(n, false));
  for (std::size_t q = 0; q < n; ++q) {
    if (a.questions[q].show_if) collect_dependencies(a, *a.questions[q].show_if, depends[q]);
  }
  a.evaluation_order.clear();
  std::vector<bool> placed(n, false);
  while (a.evaluation_order.size() < n) {
    std::size_t next = n;
    for (std::size_t q = 0; q < n && next == n; ++q) {
      if (placed[q]) continue;
      bool ready = true;
      for (std::size_t d = 0; d < n; ++d) {
        if (depends[q][d] && !placed[d]) ready = false;
      }
      if (ready) next = q;
    }
    if (next == n) break;  // a cycle: leave the order short, as a broken file would be
    placed[next] = true;
    a.evaluation_order.push_back(next);
  }
  return a;
}

inline Answer choice(std::vector<std::size_t> options) {
  Answer answer;
  answer.options = std::move(options);
  return answer;
}

inline Answer value(double number) {
  Answer answer;
  answer.number = number;
  return answer;
}

/** Every answer question `q` may receive (number questions: every whole number in range). */
inline std::vector<std::optional<Answer>> every_answer(const Question& q) {
  std::vector<std::optional<Answer>> result;
  result.emplace_back(std::nullopt);
  if (q.type == QuestionType::single) {
    for (std::size_t o = 0; o < q.options.size(); ++o) result.emplace_back(choice({o}));
  } else if (q.type == QuestionType::multiple) {
    const std::size_t count = q.options.size();
    for (std::size_t mask = 1; mask < (std::size_t{1} << count); ++mask) {
      std::vector<std::size_t> chosen;
      bool exclusive = false;
      for (std::size_t o = 0; o < count; ++o) {
        if (mask & (std::size_t{1} << o)) {
          chosen.push_back(o);
          exclusive = exclusive || q.options[o].exclusive;
        }
      }
      if (exclusive && chosen.size() > 1) continue;
      result.emplace_back(choice(chosen));
    }
  } else if (q.type == QuestionType::number) {
    for (double v = q.min; v <= q.max; v += 1) result.emplace_back(value(v));
  }
  return result;
}

/**
 * Calls `visit` with every complete answer set: shown required questions answered, hidden
 * questions unanswered (the space the analysis reasons about). Questions marked in `fixed`
 * keep the answer they have in `start`.
 */
inline void for_each_complete(const Assessment& a, const Answers& start, const Flags& fixed,
                              const std::function<void(const Answers&, const Evaluation&)>& visit) {
  const std::size_t n = a.questions.size();
  std::vector<std::vector<std::optional<Answer>>> choices(n);
  for (std::size_t q = 0; q < n; ++q) {
    if (fixed[q]) {
      choices[q] = {start[q]};
    } else {
      choices[q] = every_answer(a.questions[q]);
    }
  }
  Answers answers(n);
  std::function<void(std::size_t)> walk = [&](std::size_t q) {
    if (q == n) {
      const Evaluation e = evaluate(a, answers);
      for (std::size_t i = 0; i < n; ++i) {
        if (fixed[i]) continue;
        const Question& question = a.questions[i];
        if (!e.visible[i] && answers[i]) return;
        if (e.visible[i] && !answers[i] && question.required &&
            question.type != QuestionType::info) {
          return;
        }
      }
      visit(answers, e);
      return;
    }
    for (const auto& option : choices[q]) {
      answers[q] = option;
      walk(q + 1);
    }
  };
  walk(0);
}

inline void for_each_complete(const Assessment& a,
                              const std::function<void(const Answers&, const Evaluation&)>& visit) {
  const std::size_t n = a.questions.size();
  for_each_complete(a, Answers(n), Flags(n, false), visit);
}

/** A random condition over the questions before `limit` and the scales they alone score. */
inline Condition random_condition(const Assessment& a, std::size_t limit,
                                  const std::vector<bool>& usable_scales, std::mt19937& rng,
                                  int depth = 0) {
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  auto small = [&rng](int lo, int hi) {
    return static_cast<double>(std::uniform_int_distribution<int>(lo, hi)(rng));
  };
  bool any_scale = false;
  for (bool usable : usable_scales) any_scale = any_scale || usable;
  const std::size_t kind = pick(depth < 2 ? 8 : 5);
  if ((kind == 4 || limit == 0) && any_scale) {
    std::size_t s = pick(usable_scales.size());
    while (!usable_scales[s]) s = pick(usable_scales.size());
    const double lo = small(-2, 6);
    switch (pick(3)) {
      case 0:
        return scale_range(s, lo, std::numeric_limits<double>::infinity());
      case 1:
        return scale_range(s, -std::numeric_limits<double>::infinity(), lo);
      default:
        return scale_range(s, lo, lo + small(0, 4));
    }
  }
  if (kind >= 5 || limit == 0) {
    if (limit == 0 || kind == 7) {
      if (kind == 7 && limit > 0) {
        return negation(random_condition(a, limit, usable_scales, rng, depth + 1));
      }
      return all_of({});
    }
    std::vector<Condition> children;
    const std::size_t count = 1 + pick(3);
    for (std::size_t i = 0; i < count; ++i) {
      children.push_back(random_condition(a, limit, usable_scales, rng, depth + 1));
    }
    return kind == 5 ? all_of(std::move(children)) : any_of(std::move(children));
  }
  const std::size_t q = pick(limit);
  const Question& question = a.questions[q];
  if (question.type == QuestionType::info || kind == 3) return answered(q);
  if (question.type == QuestionType::number) {
    const double lo = small(static_cast<int>(question.min) - 1, static_cast<int>(question.max));
    return answer_range(q, lo, lo + small(0, 3));
  }
  std::vector<std::size_t> listed;
  for (std::size_t o = 0; o < question.options.size(); ++o) {
    if (pick(2) == 0) listed.push_back(o);
  }
  return kind == 2 ? answer_not_in(q, listed) : answer_in(q, listed);
}

/** A small random assessment whose complete answer sets can be enumerated. */
inline Assessment random_assessment(std::mt19937& rng, std::size_t most_questions = 5) {
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  auto small = [&rng](int lo, int hi) {
    return static_cast<double>(std::uniform_int_distribution<int>(lo, hi)(rng));
  };
  Assessment a;
  const std::size_t scales = 1 + pick(2);
  for (std::size_t s = 0; s < scales; ++s) {
    Scale scale;
    scale.id = "s" + std::to_string(s);
    a.scales.push_back(scale);
  }
  const std::size_t count = 2 + pick(most_questions - 1);
  // A scale is usable in a showIf once no later question scores on it: decided up front.
  std::vector<std::size_t> last_scorer(scales, 0);
  for (std::size_t q = 0; q < count; ++q) {
    const std::size_t type = pick(8);
    Question question;
    const std::string id = "q" + std::to_string(q);
    if (type < 4 || type == 7) {
      std::vector<double> points;
      const std::size_t options = 2 + pick(type == 7 ? 2 : 3);
      for (std::size_t o = 0; o < options; ++o) points.push_back(small(-1, 3));
      if (type == 7) {
        question = multiple(
            id, 0, points,
            pick(2) == 0 ? std::vector<std::size_t>{} : std::vector<std::size_t>{options - 1});
      } else {
        question = single(id, 0, points);
      }
      // spread the scores over the scales
      for (Option& option : question.options) {
        for (auto& score : option.scores) score.first = pick(scales);
        if (scales > 1 && pick(3) == 0) option.scores.emplace_back(1, small(0, 2));
      }
      // merge duplicate scale entries
      for (Option& option : question.options) {
        std::vector<std::pair<std::size_t, double>> merged;
        for (const auto& score : option.scores) {
          bool found = false;
          for (auto& m : merged) {
            if (m.first == score.first) {
              m.second += score.second;
              found = true;
            }
          }
          if (!found) merged.push_back(score);
        }
        option.scores = merged;
        for (const auto& score : option.scores) last_scorer[score.first] = q + 1;
      }
    } else if (type < 6) {
      const double min = small(0, 2);
      question = number(id, min, min + small(0, 4));
    } else {
      question = info(id);
    }
    if (question.type != QuestionType::info) question.required = pick(3) != 0;
    a.questions.push_back(std::move(question));
  }
  for (std::size_t q = 0; q < count; ++q) {
    if (pick(2) == 0) continue;
    std::vector<bool> usable(scales);
    for (std::size_t s = 0; s < scales; ++s) usable[s] = last_scorer[s] <= q;
    a.questions[q].show_if = random_condition(a, q, usable, rng);
  }
  std::vector<bool> all_scales(scales, true);
  const std::size_t outcomes = 1 + pick(3);
  for (std::size_t i = 0; i < outcomes; ++i) {
    std::optional<Condition> when;
    if (i + 1 < outcomes || pick(2) == 0) when = random_condition(a, count, all_scales, rng);
    a.outcomes.push_back(result("o" + std::to_string(i), when));
  }
  const std::size_t findings = pick(3);
  for (std::size_t i = 0; i < findings; ++i) {
    a.findings.push_back(
        result("f" + std::to_string(i), random_condition(a, count, all_scales, rng)));
  }
  if (pick(2) == 0) a.alerts.push_back(result("a0", random_condition(a, count, all_scales, rng)));
  return finish(std::move(a));
}

}  // namespace confide::analysis_test
