// Static analysis of an assessment: scale ranges, a witness for every result, coverage of the
// outcomes, reachability of every question, and the checks of texts and links.
//
// THE ANSWER SPACE. The analysis reasons about complete answer sets, the ones a reader can
// submit: every shown required question answered, a shown optional question answered or not,
// a hidden question never answered. Each question contributes a finite list of candidate
// answers that together stand for everything it accepts:
//   - single: one option per class of interchangeable options (same scores on every scale,
//     and listed in exactly the same `in`/`notIn` lists of every condition); "unanswered"
//     last when the question is optional;
//   - multiple: the singletons first (one per class, and every exclusive option alone), then
//     larger combinations of the non-exclusive classes by increasing size (a class's count
//     matters only when its options score; otherwise one option of it is enough); "unanswered"
//     last when optional; at most `candidate_limit` (4096) per question, beyond which the
//     list is cut and nothing can be proven about searches that branch on that question;
//   - number: the bounds and, for every threshold a condition puts on the question, the
//     whole numbers on either side of it (clamped): every region of equal behaviour is hit;
//   - info: no answer.
// This loses nothing: two answers in the same class behave identically in every condition
// and every scale, so a property that holds for some answer set holds for one built from
// candidates.
//
// THE SEARCH. Depth-first over the questions in an order where each comes after everything
// its showIf reads (Assessment::evaluation_order when it is one, else our own topological
// order). A question's visibility is known exactly when its turn comes, so a hidden question
// is simply left unanswered. After each decision the undecided rest is known three-valuedly
// (partial.hpp: Kleene truth, and per scale the interval the rest can still add), and the
// branch is cut as soon as the target is certainly false; once it is certainly true, the
// first choice of every question left gives the witness at once. A witness is confirmed with
// evaluate(), the same code the widget and the CLI run. Reductions keep searches small:
//   - the cone: only questions that can influence the target (those its conditions read,
//     every question scoring on a scale they read, and transitively whatever decides those
//     questions' visibility) are decided by the search; every other question takes one
//     candidate ("unanswered" when it is optional, else its first) when the witness is built;
//   - remembered states: the future of a node depends only on its depth, on the sums of the
//     scales that conditions still to be evaluated read, and on the (visibility, answer) of
//     the questions whose answers such conditions read. Nodes that agree on this key have the
//     same subtree, so a subtree explored without success is not explored again (at most
//     `memo_limit`, 262 144, states are kept per search). This turns sum-based checks such
//     as PHQ-9 into a walk over (question, running total) pairs;
//   - shared witnesses: every answer set found is evaluated once, and any question it shows,
//     finding or alert it raises, needs no search of its own (questions are searched last
//     first, since an answer set that shows a late question shows much of what it needs);
//     nor does a scale's minimum or maximum that it reaches, when that is the bound of the
//     root's interval (ranges are searched last, after every other target).
// Scale ranges are found by branch and bound over the same tree, maximizing the scale (or its
// negation): candidates are tried best first, a branch is cut when the scale's interval
// cannot beat the best complete answer set found so far, the search stops when an answer set
// reaches the interval of the root, and each explored state remembers the best gain it allows
// (exact, or an upper bound when a cut happened below it), which makes the range of a plain
// sum exact in time linear in the number of questions.
//
// THE COST. The three-valued state of a node is kept incrementally (see Search): a decision
// evaluates again only the showIfs and target conditions that read the decided question, or
// whose bounds the new interval of a scale it scores on crosses, and transitively what reads
// those; scale intervals are sum trees. So a decision costs in proportion to what depends on
// it (times the logarithm of a scale's scorers), not to the size of the content, and undoing
// it costs what doing it did. A search costs its setup (linear in its cone) plus that per
// decision. Summed over the targets, that can grow faster than the content: a result reading
// a scale that every question scores on has the whole content as its cone, and one about a
// question at the end of a showIf chain must decide the chain first, so with a result per
// part of the content the sum grows with the square of its size. The bound below keeps it
// linear.
//
// THE BOUND. The targets are, in this order, every outcome, the coverage of the outcomes, every
// finding and alert, every question with a showIf, and every scale's minimum and maximum (all
// but the outcomes and the coverage searched only when no answer set found before settles
// them). Before any search a target meets the root, the three-valued evaluation with nothing
// decided, which covers every answer set: a "no" there proves the target unreachable at no
// cost, and an outcome whose "when" is "yes" there (or that has none) proves every outcome
// after it unreachable. The searches together may take AnalysisOptions::steps_per_question
// steps per question of the assessment (10 000 by default, so 2 000 000 at the limit of 200
// questions, about two seconds where nothing prunes; PHQ-9 takes about 600 in all). A step is
// one decision, or one question of a search's cone when the search is set up, so the work of
// all the searches is linear in the number of questions. Targets take their steps in turn: each
// may use every step the targets before it left, except a reserve of half an equal share kept
// for every target after it, so that a hard target early on cannot leave the rest with nothing
// and one that needs little passes the rest on. A search that finds its answer set within its
// share gives a witness or an exact bound. A search that exhausts the space within its share,
// with complete candidate lists on every question that branched, proves that nothing exists:
// only then is an error reported. Anything else is a warning "undecided" that names the target;
// a scale range then falls back to the root's interval, which is sound but may be wider than
// the truth.

#include "analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "markup.hpp"
#include "partial.hpp"

namespace confide {

namespace {

constexpr std::size_t candidate_limit = 4096;
constexpr std::size_t memo_limit = 1u << 18;

using Contribution = std::vector<std::pair<std::size_t, double>>;

// ---------------------------------------------------------------------------------------------
// What the content says about itself, computed once per analysis.

template <typename Visit>
void for_each_condition(const Condition& condition, Visit&& visit) {
  visit(condition);
  for (const Condition& child : condition.children) for_each_condition(child, visit);
}

template <typename Visit>
void for_each_condition(const Assessment& assessment, Visit&& visit) {
  for (const Question& question : assessment.questions) {
    if (question.show_if) for_each_condition(*question.show_if, visit);
  }
  for (const auto* results : {&assessment.outcomes, &assessment.findings, &assessment.alerts}) {
    for (const Result& result : *results) {
      if (result.when) for_each_condition(*result.when, visit);
    }
  }
}

bool is_answer_condition(const Condition& condition) {
  return condition.kind == Condition::Kind::answer_in ||
         condition.kind == Condition::Kind::answer_not_in ||
         condition.kind == Condition::Kind::answer_range ||
         condition.kind == Condition::Kind::answered;
}

struct Model {
  const Assessment& assessment;
  std::size_t questions = 0;
  std::size_t scales = 0;
  std::vector<std::vector<std::size_t>> scorers;     ///< per scale: questions scoring on it
  std::vector<std::vector<std::size_t>> depends_on;  ///< per question: what its showIf reads
  /// The dependency index of the incremental evaluation: per question, the questions whose
  /// showIf reads its answer (readers of scales are indexed per search, by threshold).
  std::vector<std::vector<std::size_t>> answer_readers;
  std::vector<std::size_t> order;                              ///< empty when showIf has a cycle
  std::vector<std::size_t> position;                           ///< per question: index in `order`
  std::vector<std::vector<std::optional<Answer>>> candidates;  ///< per question
  std::vector<std::vector<Contribution>> contributions;        ///< per question, per candidate
  std::vector<bool> complete;                                  ///< per question: candidates not cut
  std::vector<Contribution> intervals_low;                     ///< per question: undecided, shown
  std::vector<Contribution> intervals_high;

  explicit Model(const Assessment& a) : assessment(a) {}
};

// Questions and scales a condition reads, added to the given flags.
void reads(const Model& model, const Condition& condition, std::vector<bool>& questions,
           std::vector<bool>& scales) {
  for_each_condition(condition, [&](const Condition& c) {
    if (is_answer_condition(c) && c.question < model.questions) questions[c.question] = true;
    if (c.kind == Condition::Kind::scale_range && c.scale < model.scales) scales[c.scale] = true;
  });
}

void find_dependencies(Model& model) {
  const Assessment& a = model.assessment;
  model.scorers.assign(model.scales, {});
  for (std::size_t q = 0; q < model.questions; ++q) {
    std::vector<bool> seen(model.scales, false);
    for (const Option& option : a.questions[q].options) {
      for (const auto& score : option.scores) {
        if (score.first < model.scales && !seen[score.first]) {
          seen[score.first] = true;
          model.scorers[score.first].push_back(q);
        }
      }
    }
  }
  model.depends_on.assign(model.questions, {});
  model.answer_readers.assign(model.questions, {});
  for (std::size_t q = 0; q < model.questions; ++q) {
    if (!a.questions[q].show_if) continue;
    std::vector<bool> questions(model.questions, false), scales(model.scales, false);
    reads(model, *a.questions[q].show_if, questions, scales);
    for (std::size_t d = 0; d < model.questions; ++d) {
      if (questions[d]) model.answer_readers[d].push_back(q);
    }
    for (std::size_t s = 0; s < model.scales; ++s) {
      if (scales[s]) {
        for (std::size_t scorer : model.scorers[s]) questions[scorer] = true;
      }
    }
    for (std::size_t d = 0; d < model.questions; ++d) {
      if (questions[d]) model.depends_on[q].push_back(d);
    }
  }
}

// The loader's order when it is a valid one, else a topological order of our own (document
// order where free); empty when showIf has a cycle (the loader reports that as an error).
void find_order(Model& model) {
  const std::size_t n = model.questions;
  const std::vector<std::size_t>& given = model.assessment.evaluation_order;
  model.position.assign(n, npos);
  bool valid = given.size() == n;
  for (std::size_t i = 0; valid && i < n; ++i) {
    if (given[i] >= n || model.position[given[i]] != npos) {
      valid = false;
    } else {
      model.position[given[i]] = i;
    }
  }
  for (std::size_t q = 0; valid && q < n; ++q) {
    for (std::size_t d : model.depends_on[q]) {
      if (model.position[d] >= model.position[q]) valid = false;
    }
  }
  if (valid) {
    model.order = given;
    return;
  }
  model.order.clear();
  model.position.assign(n, npos);
  while (model.order.size() < n) {
    std::size_t next = npos;
    for (std::size_t q = 0; q < n && next == npos; ++q) {
      if (model.position[q] != npos) continue;
      bool ready = true;
      for (std::size_t d : model.depends_on[q]) ready = ready && model.position[d] != npos;
      if (ready) next = q;
    }
    if (next == npos) {
      model.order.clear();
      return;
    }
    model.position[next] = model.order.size();
    model.order.push_back(next);
  }
}

Contribution contribution_of(const Question& question, const Answer& answer,
                             std::size_t scale_count) {
  Contribution sums;
  for (std::size_t chosen : answer.options) {
    if (chosen >= question.options.size()) continue;
    for (const auto& [scale, points] : question.options[chosen].scores) {
      if (scale >= scale_count) continue;
      auto it = std::find_if(sums.begin(), sums.end(),
                             [scale = scale](const auto& entry) { return entry.first == scale; });
      if (it == sums.end()) {
        sums.emplace_back(scale, points);
      } else {
        it->second += points;
      }
    }
  }
  return sums;
}

// Options that behave identically everywhere share a class; the key says how one behaves.
std::vector<std::string> option_keys(const Question& question,
                                     const std::vector<const Condition*>& lists) {
  std::vector<std::string> keys;
  for (std::size_t o = 0; o < question.options.size(); ++o) {
    std::vector<std::pair<std::size_t, double>> scores = question.options[o].scores;
    std::sort(scores.begin(), scores.end());
    std::string key;
    char buffer[64];
    for (const auto& [scale, points] : scores) {
      if (points == 0) continue;
      std::snprintf(buffer, sizeof buffer, "%zu:%.17g;", scale, points);
      key += buffer;
    }
    key += '|';
    for (const Condition* list : lists) {
      const bool listed =
          std::find(list->options.begin(), list->options.end(), o) != list->options.end();
      key += listed ? '1' : '0';
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

Answer answer_of(std::vector<std::size_t> options) {
  Answer answer;
  std::sort(options.begin(), options.end());
  answer.options = std::move(options);
  return answer;
}

struct MultipleClasses {
  std::vector<std::vector<std::size_t>> members;  ///< option indices, ascending
  std::vector<std::size_t> cap;                   ///< how many of a class ever matter
};

// Appends every combination of `size` options, counted per class (at most `cap` of a class),
// largest counts of the first classes first so that low option indices come first.
void add_combinations(const MultipleClasses& classes, std::size_t size,
                      std::vector<std::optional<Answer>>& out, bool& complete) {
  const std::size_t count = classes.members.size();
  std::vector<std::size_t> taken(count, 0), room_after(count + 1, 0);
  for (std::size_t c = count; c-- > 0;) room_after[c] = room_after[c + 1] + classes.cap[c];
  // Recursion depth is the number of classes, at most limits::options.
  auto combine = [&](auto& self, std::size_t c, std::size_t remaining) -> void {
    if (!complete || remaining > room_after[c]) return;
    if (c == count) {
      if (out.size() >= candidate_limit) {
        complete = false;
        return;
      }
      std::vector<std::size_t> options;
      for (std::size_t k = 0; k < count; ++k) {
        for (std::size_t i = 0; i < taken[k]; ++i) options.push_back(classes.members[k][i]);
      }
      out.emplace_back(answer_of(std::move(options)));
      return;
    }
    for (std::size_t take = std::min(classes.cap[c], remaining) + 1; take-- > 0;) {
      taken[c] = take;
      self(self, c + 1, remaining - take);
    }
  };
  combine(combine, 0, size);
}

void find_candidates(Model& model) {
  const Assessment& a = model.assessment;
  const std::size_t n = model.questions;
  std::vector<std::vector<const Condition*>> lists(n);
  std::vector<std::vector<double>> cuts(n);  // whole numbers where a number condition changes
  for_each_condition(a, [&](const Condition& c) {
    if (!is_answer_condition(c) || c.question >= n) return;
    if (c.kind == Condition::Kind::answer_in || c.kind == Condition::Kind::answer_not_in) {
      lists[c.question].push_back(&c);
    }
    if (c.kind == Condition::Kind::answer_range) {
      if (std::isfinite(c.at_least)) {
        cuts[c.question].push_back(std::ceil(c.at_least) - 1);
        cuts[c.question].push_back(std::ceil(c.at_least));
      }
      if (std::isfinite(c.at_most)) {
        cuts[c.question].push_back(std::floor(c.at_most));
        cuts[c.question].push_back(std::floor(c.at_most) + 1);
      }
    }
  });

  model.candidates.assign(n, {});
  model.complete.assign(n, true);
  for (std::size_t q = 0; q < n; ++q) {
    const Question& question = a.questions[q];
    auto& out = model.candidates[q];
    bool complete = true;
    if (question.type == QuestionType::single || question.type == QuestionType::multiple) {
      const std::vector<std::string> keys = option_keys(question, lists[q]);
      MultipleClasses classes;
      std::vector<std::size_t> class_of(question.options.size(), npos);
      for (std::size_t o = 0; o < question.options.size(); ++o) {
        if (question.type == QuestionType::multiple && question.options[o].exclusive) continue;
        for (std::size_t k = 0; k < classes.members.size(); ++k) {
          if (keys[classes.members[k].front()] == keys[o]) class_of[o] = k;
        }
        if (class_of[o] == npos) {
          class_of[o] = classes.members.size();
          classes.members.push_back({});
          const auto& scores = question.options[o].scores;
          const bool scores_something = std::any_of(scores.begin(), scores.end(),
                                                    [](const auto& s) { return s.second != 0; });
          classes.cap.push_back(scores_something ? 0 : 1);
        }
        classes.members[class_of[o]].push_back(o);
      }
      for (std::size_t k = 0; k < classes.members.size(); ++k) {
        if (classes.cap[k] == 0) classes.cap[k] = classes.members[k].size();
      }
      // Singletons in option order: each exclusive option, and each class once.
      for (std::size_t o = 0; o < question.options.size(); ++o) {
        if (class_of[o] == npos || classes.members[class_of[o]].front() == o) {
          out.emplace_back(answer_of({o}));
        }
      }
      if (question.type == QuestionType::multiple) {
        std::size_t most = 0;
        for (std::size_t cap : classes.cap) most += cap;
        for (std::size_t size = 2; size <= most && complete; ++size) {
          add_combinations(classes, size, out, complete);
        }
      }
    } else if (question.type == QuestionType::number) {
      const double low = std::ceil(question.min), high = std::floor(question.max);
      std::vector<double> values;
      if (low <= high) {
        values = {low, high};
        for (double cut : cuts[q]) values.push_back(std::clamp(cut, low, high));
      }
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      for (double v : values) {
        Answer answer;
        answer.number = v;
        out.emplace_back(answer);
      }
    }
    const bool answerable = question.type != QuestionType::info;
    if (!answerable || !question.required || out.empty()) out.emplace_back(std::nullopt);
    model.complete[q] = complete;

    model.contributions[q].clear();
    for (const auto& candidate : out) {
      model.contributions[q].push_back(candidate && question.type != QuestionType::number
                                           ? contribution_of(question, *candidate, model.scales)
                                           : Contribution{});
    }
    const std::vector<Interval> intervals = answer_intervals(question, model.scales);
    model.intervals_low[q].clear();
    model.intervals_high[q].clear();
    for (std::size_t s = 0; s < model.scales; ++s) {
      if (intervals[s].low != 0 || intervals[s].high != 0) {
        model.intervals_low[q].emplace_back(s, intervals[s].low);
        model.intervals_high[q].emplace_back(s, intervals[s].high);
      }
    }
  }
}

Model build_model(const Assessment& assessment) {
  Model model(assessment);
  model.questions = assessment.questions.size();
  model.scales = assessment.scales.size();
  model.contributions.assign(model.questions, {});
  model.intervals_low.assign(model.questions, {});
  model.intervals_high.assign(model.questions, {});
  find_dependencies(model);
  find_order(model);
  find_candidates(model);
  return model;
}

// ---------------------------------------------------------------------------------------------
// Targets: what a search tries to reach.

/** Every condition in `must` holds, none in `must_not` does, and `question` (if set) shows. */
struct Target {
  std::vector<const Condition*> must;
  std::vector<const Condition*> must_not;
  std::size_t question = npos;
};

bool reached(const Target& target, const Answers& answers, const Evaluation& evaluation) {
  if (target.question != npos && !evaluation.visible[target.question]) return false;
  for (const Condition* c : target.must) {
    if (!holds(*c, answers, evaluation.visible, evaluation.scales)) return false;
  }
  for (const Condition* c : target.must_not) {
    if (holds(*c, answers, evaluation.visible, evaluation.scales)) return false;
  }
  return true;
}

// The questions that can influence the target (see the comment at the top), the scales whose
// sums matter, and for the remembered state how long each piece of it stays relevant.
struct Cone {
  std::vector<bool> questions;
  std::vector<std::size_t> positions;  ///< search positions of cone questions, ascending
  /// cone questions that conditions read, by position, with the last position reading them
  /// (the target itself reads at the end, position n)
  std::vector<std::pair<std::size_t, std::size_t>> remembered;
  /// scales that conditions read, ascending, with the last position reading them
  std::vector<std::pair<std::size_t, std::size_t>> sums;
};

// The cone's questions: what the conditions read (and `question`), whatever scores on a scale
// they read (or on `scale`), and transitively whatever decides those questions' visibility.
// Its cost is in what it reads and finds, never in the number of scales.
Cone cone_of(const Model& model, const std::vector<const Condition*>& conditions,
             std::size_t question, std::size_t scale) {
  Cone cone;
  cone.questions.assign(model.questions, false);
  std::vector<std::size_t> pending, scales;
  auto add = [&](std::size_t q) {
    if (!cone.questions[q]) {
      cone.questions[q] = true;
      pending.push_back(q);
    }
  };
  if (question != npos) add(question);
  if (scale != npos) scales.push_back(scale);
  for (const Condition* condition : conditions) {
    for_each_condition(*condition, [&](const Condition& c) {
      if (is_answer_condition(c) && c.question < model.questions) add(c.question);
      if (c.kind == Condition::Kind::scale_range && c.scale < model.scales) {
        scales.push_back(c.scale);
      }
    });
  }
  std::sort(scales.begin(), scales.end());
  scales.erase(std::unique(scales.begin(), scales.end()), scales.end());
  for (std::size_t s : scales) {
    for (std::size_t q : model.scorers[s]) add(q);
  }
  while (!pending.empty()) {
    const std::size_t q = pending.back();
    pending.pop_back();
    for (std::size_t d : model.depends_on[q]) add(d);
  }
  for (std::size_t q = 0; q < model.questions; ++q) {
    if (cone.questions[q]) cone.positions.push_back(model.position[q]);
  }
  std::sort(cone.positions.begin(), cone.positions.end());
  return cone;
}

// The cone's readers: every question and scale that the cone's showIfs or the target's
// conditions read, with the last position reading it.
void find_readers(const Model& model, const std::vector<const Condition*>& conditions,
                  std::size_t question, Cone& cone) {
  const std::size_t n = model.questions;
  std::vector<std::size_t> question_reader(n, 0);  // the last position + 1; 0: never read
  std::vector<std::pair<std::size_t, std::size_t>> scale_readers;  // (scale, position)
  auto note = [&](const Condition& condition, std::size_t position) {
    for_each_condition(condition, [&](const Condition& c) {
      if (is_answer_condition(c) && c.question < n) {
        question_reader[c.question] = std::max(question_reader[c.question], position + 1);
      }
      if (c.kind == Condition::Kind::scale_range && c.scale < model.scales) {
        scale_readers.emplace_back(c.scale, position);
      }
    });
  };
  for (std::size_t position : cone.positions) {
    const auto& show_if = model.assessment.questions[model.order[position]].show_if;
    if (show_if) note(*show_if, position);
  }
  for (const Condition* c : conditions) note(*c, n);
  if (question != npos) question_reader[question] = n + 1;
  for (std::size_t position : cone.positions) {
    const std::size_t q = model.order[position];
    if (question_reader[q] > 0) cone.remembered.emplace_back(q, question_reader[q] - 1);
  }
  std::sort(scale_readers.begin(), scale_readers.end());  // per scale, the last reader last
  for (const auto& [scale, position] : scale_readers) {
    if (!cone.sums.empty() && cone.sums.back().first == scale) {
      cone.sums.back().second = position;
    } else {
      cone.sums.emplace_back(scale, position);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The search.

enum class Verdict { found, none, undecided };

class Search {
 public:
  explicit Search(const Model& model) : model_(model), n_(model.order.size()), s_(model.scales) {
    answers_.assign(model.questions, std::nullopt);
    partial_.answers = &answers_;
    partial_.decided.assign(model.questions, false);
    evaluation_.visible.assign(model.questions, Truth::unknown);
    evaluation_.scales.assign(s_, Interval{});
    sums_.assign(s_, 0.0);
    levels_.assign(n_ + 1, 0.0);
    marks_.assign(n_ + 1, 0);
    frames_.assign(n_ + 1, Frame{});
    ranking_.assign(model.questions, {});
    chosen_.assign(model.questions, npos);
    picked_.assign(model.questions, npos);
    live_ready_.assign(n_ + 1, false);
    live_sums_.assign(n_ + 1, {});
    live_answers_.assign(n_ + 1, {});
    leaves_.assign(model.questions, {});
    queued_.assign(model.questions, false);
    slot_of_.assign(s_, npos);
    conditions_of_question_.assign(model.questions, {});
    build_root();
  }

  /**
   * Looks for an answer set reaching `target`, taking at most `steps` steps (see THE BOUND) and
   * deducting those it takes; on success `witness` holds it and `evaluation` what it gives.
   */
  Verdict reach(const Target& target, Answers& witness, Evaluation& evaluation,
                std::size_t& steps) {
    target_ = &target;
    extreme_ = npos;
    watch_target(target);
    Verdict verdict = Verdict::undecided;
    if (!promising(0)) {
      // The three-valued evaluation covers every answer, not only the candidates: a "no" at
      // the root is a proof even when some candidate list was cut, and it needs no search.
      verdict = Verdict::none;
    } else {
      std::vector<const Condition*> conditions = target.must;
      conditions.insert(conditions.end(), target.must_not.begin(), target.must_not.end());
      if (set_up(conditions, target.question, npos, steps)) {
        for (std::size_t position : cone_.positions) natural_ranking(model_.order[position]);
        prepare();
        sort_thresholds();
        verdict = search_target(steps);
        if (verdict == Verdict::found) {
          witness = answers_;
          evaluation = std::move(evaluation_found_);
        }
      }
    }
    reset();
    return verdict;
  }

  /** Whether `condition` holds, three-valued, over every answer set (between searches). */
  Truth at_root(const Condition& condition) const {
    return holds_partially(model_.assessment, condition, partial_, evaluation_);
  }

  /** The highest (or lowest) value of `scale`; nullopt when the `steps` ran out first. */
  std::optional<double> extreme(std::size_t scale, bool highest, std::size_t& steps) {
    if (!set_up({}, npos, scale, steps)) return std::nullopt;
    for (std::size_t position : cone_.positions) {
      const std::size_t q = model_.order[position];
      natural_ranking(q);
      // Best first: branch and bound then finds a good bound at once.
      const auto& contributions = model_.contributions[q];
      std::stable_sort(ranking_[q].begin(), ranking_[q].end(), [&](std::size_t x, std::size_t y) {
        const double px = points(contributions[x], scale), py = points(contributions[y], scale);
        return highest ? px > py : px < py;
      });
    }
    target_ = nullptr;
    extreme_ = scale;
    sign_ = highest ? 1.0 : -1.0;
    prepare();
    sort_thresholds();
    const std::optional<double> best = search_extreme(scale, sign_, steps);
    reset();
    return best;
  }

 private:
  struct Frame {
    std::size_t next = 0;
    std::size_t count = 0;
    Truth visible = Truth::yes;
    bool applied = false;  ///< a choice of this frame is in effect (and on the trail)
    double future = 0;     ///< ranges: best gain over the children explored so far
    bool exact = true;     ///< ranges: no child was cut by a bound
  };

  /// What is known about a state explored to the end: for targets, only that it failed; for
  /// ranges, the best gain of the objective from there (an upper bound when not exact).
  struct Memory {
    double gain = 0;
    bool exact = true;
  };

  /// What cone question `q` adds to one tracked scale: its leaf in that scale's sum tree, and
  /// the interval it adds while undecided and shown.
  struct Leaf {
    std::size_t slot = 0;
    std::size_t index = 0;
    double low = 0;
    double high = 0;
  };

  /// One undoable change of the incremental state (see `undo_to`).
  struct Change {
    enum class Kind : unsigned char { visible, decided, sum, leaf, condition };
    Kind kind;
    std::size_t first;
    std::size_t second;
    Interval value;
    Truth truth;
  };

  /// A bound of a scale condition, and who reads it (see `add_thresholds`).
  struct Threshold {
    double value;
    std::size_t reader;
  };

  /// A condition of the target, watched: its truth (negated for `must_not`) as last evaluated.
  struct Watched {
    const Condition* condition;
    bool negated;
    Truth truth;
    bool dirty;
  };

  static double points(const Contribution& contribution, std::size_t scale) {
    for (const auto& [s, p] : contribution) {
      if (s == scale) return p;
    }
    return 0;
  }

  // Finds the cone, and its readers unless `steps` cannot pay for it: setting a search up
  // costs about what deciding each question of its cone once does.
  bool set_up(const std::vector<const Condition*>& conditions, std::size_t question,
              std::size_t scale, std::size_t& steps) {
    cone_ = cone_of(model_, conditions, question, scale);
    if (cone_.positions.size() > steps) return false;
    steps -= cone_.positions.size();
    find_readers(model_, conditions, question, cone_);
    return true;
  }

  void natural_ranking(std::size_t q) {
    ranking_[q].resize(model_.candidates[q].size());
    for (std::size_t i = 0; i < ranking_[q].size(); ++i) ranking_[q][i] = i;
  }

  void reset() {
    undo_to(0);
    for (std::size_t q = 0; q < model_.questions; ++q) answers_[q].reset();
    for (std::size_t q : watched_questions_) conditions_of_question_[q].clear();
    for (std::size_t slot : threshold_slots_) {
      thresholds_[slot].clear();
      unordered_[slot].clear();
    }
    threshold_slots_.clear();
    watched_questions_.clear();
    watched_.clear();
    dirty_.clear();
    no_count_ = 0;
    yes_count_ = 0;
    memo_.clear();
  }

  // THE INCREMENTAL EVALUATION. The three-valued state of a node (visibility of every cone
  // question, interval of every scale, truth of every target condition) is kept up to date
  // instead of being recomputed: a decision changes its question, and through the dependency
  // index only the showIfs and target conditions that read its answer, or whose bounds a
  // changed scale interval crosses, are evaluated again, in search order, and again only
  // those that read what changed in turn. A showIf or target condition already decided
  // ("yes" or "no") stays decided below (three-valued truth is sound, and a node's
  // completions are some of its parent's), so it is not evaluated again. Every change goes on
  // a trail and is undone when the search backtracks. A scale's interval is the root of a sum
  // tree over its scoring questions (exact when decided, the interval they can add when not),
  // so a change costs a logarithm and never a subtraction: the sums stay exact where they
  // were.

  // Prepares one search: its steps and the scale bounds its cone's showIfs read.
  void prepare() {
    steps_ = cone_.positions;
    std::fill(live_ready_.begin(),
              live_ready_.begin() + static_cast<std::ptrdiff_t>(steps_.size() + 1), false);
    for (std::size_t position : cone_.positions) {
      const std::size_t q = model_.order[position];
      const auto& show_if = model_.assessment.questions[q].show_if;
      if (!show_if || evaluation_.visible[q] != Truth::unknown) continue;
      for_each_condition(*show_if, [&](const Condition& c) {
        if (c.kind == Condition::Kind::scale_range && c.scale < s_) add_thresholds(c, q);
      });
    }
  }

  // The state of the root, where nothing is decided, is the same for every search: it is built
  // once, every search starts from it, and undoing its trail returns to it. Every scale has a
  // sum tree over all its scorers; a search reads the ones its cone needs.
  void build_root() {
    if (model_.order.size() != model_.questions) return;  // a showIf cycle: no search runs
    tracked_.resize(s_);
    for (std::size_t scale = 0; scale < s_; ++scale) {
      slot_of_[scale] = scale;
      tracked_[scale] = scale;
    }
    width_.assign(s_, 0);
    for (std::size_t q : model_.order) {
      leaves_[q].clear();
      const Contribution& low = model_.intervals_low[q];
      const Contribution& high = model_.intervals_high[q];
      for (std::size_t i = 0; i < low.size(); ++i) {
        const std::size_t slot = low[i].first;
        leaves_[q].push_back(Leaf{slot, width_[slot]++, low[i].second, high[i].second});
      }
    }
    base_.assign(s_, 0);
    std::size_t size = 0;
    for (std::size_t slot = 0; slot < s_; ++slot) {
      base_[slot] = size;
      size += 2 * width_[slot];
    }
    tree_.assign(size, Interval{});
    thresholds_.assign(s_, {});
    unordered_.assign(s_, {});
    // A showIf reads only what comes before it in the order, so one pass in that order settles
    // every question's visibility and every leaf.
    for (std::size_t q : model_.order) {
      const Question& question = model_.assessment.questions[q];
      evaluation_.visible[q] =
          question.show_if
              ? holds_partially(model_.assessment, *question.show_if, partial_, evaluation_)
              : Truth::yes;
      for (const Leaf& leaf : leaves_[q]) set_leaf(leaf, leaf_value(q, leaf), false);
    }
  }

  // The target's conditions, evaluated once here and then only when something they read
  // changes.
  void watch_target(const Target& target) {
    for (const Condition* c : target.must)
      watched_.push_back(Watched{c, false, Truth::unknown, false});
    for (const Condition* c : target.must_not) {
      watched_.push_back(Watched{c, true, Truth::unknown, false});
    }
    for (std::size_t i = 0; i < watched_.size(); ++i) {
      for_each_condition(*watched_[i].condition, [&](const Condition& c) {
        if (is_answer_condition(c) && c.question < model_.questions) {
          auto& list = conditions_of_question_[c.question];
          if (list.empty()) watched_questions_.push_back(c.question);
          if (list.empty() || list.back() != i) list.push_back(i);
        }
        if (c.kind == Condition::Kind::scale_range && c.scale < s_) {
          add_thresholds(c, model_.questions + i);
        }
      });
      const Truth truth =
          holds_partially(model_.assessment, *watched_[i].condition, partial_, evaluation_);
      watched_[i].truth = watched_[i].negated ? negate(truth) : truth;
      if (watched_[i].truth == Truth::no) ++no_count_;
      if (watched_[i].truth == Truth::yes) ++yes_count_;
    }
  }

  Interval leaf_value(std::size_t q, const Leaf& leaf) const {
    const Truth visible = evaluation_.visible[q];
    if (partial_.decided[q]) {
      if (chosen_[q] == npos || visible != Truth::yes) return Interval{};
      const double value = points(model_.contributions[q][chosen_[q]], tracked_[leaf.slot]);
      return Interval{value, value};
    }
    if (visible == Truth::no) return Interval{};
    if (visible == Truth::unknown) return {std::min(leaf.low, 0.0), std::max(leaf.high, 0.0)};
    return Interval{leaf.low, leaf.high};
  }

  // Sets a leaf and the sums above it; false when it already had that value.
  bool set_leaf(const Leaf& leaf, Interval value, bool record) {
    Interval* tree = tree_.data() + base_[leaf.slot];
    std::size_t i = width_[leaf.slot] + leaf.index;
    if (tree[i].low == value.low && tree[i].high == value.high) return false;
    if (record) trail_.push_back({Change::Kind::leaf, leaf.slot, leaf.index, tree[i], Truth::no});
    tree[i] = value;
    recompute(leaf.slot, i);
    return true;
  }

  void recompute(std::size_t slot, std::size_t i) {
    Interval* tree = tree_.data() + base_[slot];
    for (i /= 2; i >= 1; i /= 2) {
      tree[i] = {tree[2 * i].low + tree[2 * i + 1].low, tree[2 * i].high + tree[2 * i + 1].high};
    }
    evaluation_.scales[tracked_[slot]] = tree[1];
  }

  void set_visible(std::size_t q, Truth visible) {
    if (evaluation_.visible[q] == visible) return;
    trail_.push_back({Change::Kind::visible, q, 0, Interval{}, evaluation_.visible[q]});
    evaluation_.visible[q] = visible;
  }

  // Question `q` changed (decided, or its visibility did): its leaves, and whatever reads it.
  void changed_question(std::size_t q) {
    for (const Leaf& leaf : leaves_[q]) {
      const Interval before = evaluation_.scales[tracked_[leaf.slot]];
      if (set_leaf(leaf, leaf_value(q, leaf), true)) changed_scale(leaf.slot, before);
    }
    for (std::size_t reader : model_.answer_readers[q]) enqueue(reader);
    for (std::size_t i : conditions_of_question_[q]) mark(i);
  }

  // A scale condition's truth compares the interval's ends with its bounds, so it can change
  // only when an end moves across one of them: those readers are found by binary search.
  void changed_scale(std::size_t slot, Interval before) {
    const Interval after = evaluation_.scales[tracked_[slot]];
    const std::vector<Threshold>& list = thresholds_[slot];
    auto notify = [&](std::size_t reader) {
      if (reader < model_.questions) {
        enqueue(reader);
      } else {
        mark(reader - model_.questions);
      }
    };
    auto moved = [&](double from, double to) {
      if (from == to) return;
      if (std::isnan(from) || std::isnan(to)) {
        for (const Threshold& threshold : list) notify(threshold.reader);
        return;
      }
      auto it = std::lower_bound(
          list.begin(), list.end(), std::min(from, to),
          [](const Threshold& threshold, double value) { return threshold.value < value; });
      for (; it != list.end() && it->value <= std::max(from, to); ++it) notify(it->reader);
    };
    moved(before.low, after.low);
    moved(before.high, after.high);
    for (std::size_t reader : unordered_[slot]) notify(reader);
  }

  // Indexes a scale condition of `reader` (a question for its showIf, else the questions'
  // count plus a watched condition's index) by its bounds.
  void add_thresholds(const Condition& condition, std::size_t reader) {
    const std::size_t slot = slot_of_[condition.scale];
    if (thresholds_[slot].empty() && unordered_[slot].empty()) threshold_slots_.push_back(slot);
    if (std::isnan(condition.at_least) || std::isnan(condition.at_most)) {
      unordered_[slot].push_back(reader);
      return;
    }
    thresholds_[slot].push_back(Threshold{condition.at_least, reader});
    thresholds_[slot].push_back(Threshold{condition.at_most, reader});
  }

  void sort_thresholds() {
    for (std::size_t slot : threshold_slots_) {
      auto& list = thresholds_[slot];
      std::sort(list.begin(), list.end(), [](const Threshold& x, const Threshold& y) {
        return x.value < y.value || (x.value == y.value && x.reader < y.reader);
      });
      list.erase(std::unique(list.begin(), list.end(),
                             [](const Threshold& x, const Threshold& y) {
                               return x.value == y.value && x.reader == y.reader;
                             }),
                 list.end());
    }
  }

  void enqueue(std::size_t q) {
    if (!cone_.questions[q] || partial_.decided[q] || queued_[q] ||
        evaluation_.visible[q] != Truth::unknown) {
      return;
    }
    queued_[q] = true;
    heap_.push_back(model_.position[q]);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }

  void mark(std::size_t i) {
    if (watched_[i].dirty || watched_[i].truth != Truth::unknown) return;
    watched_[i].dirty = true;
    dirty_.push_back(i);
  }

  // Evaluates the queued showIfs in search order (each reads only what comes before it, so
  // one evaluation each suffices), then the marked target conditions.
  void propagate() {
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const std::size_t q = model_.order[heap_.back()];
      heap_.pop_back();
      queued_[q] = false;
      const Truth visible = holds_partially(
          model_.assessment, *model_.assessment.questions[q].show_if, partial_, evaluation_);
      if (visible == evaluation_.visible[q]) continue;
      set_visible(q, visible);
      changed_question(q);
    }
    for (std::size_t i : dirty_) {
      Watched& watched = watched_[i];
      watched.dirty = false;
      const Truth truth =
          holds_partially(model_.assessment, *watched.condition, partial_, evaluation_);
      const Truth effective = watched.negated ? negate(truth) : truth;
      if (effective == watched.truth) continue;
      trail_.push_back({Change::Kind::condition, i, 0, Interval{}, watched.truth});
      if (effective == Truth::no) ++no_count_;
      if (effective == Truth::yes) ++yes_count_;
      watched.truth = effective;
    }
    dirty_.clear();
  }

  void undo_to(std::size_t mark) {
    while (trail_.size() > mark) {
      const Change change = trail_.back();
      trail_.pop_back();
      switch (change.kind) {
        case Change::Kind::visible:
          evaluation_.visible[change.first] = change.truth;
          break;
        case Change::Kind::decided:
          partial_.decided[change.first] = false;
          break;
        case Change::Kind::sum:
          sums_[change.first] = change.value.low;
          break;
        case Change::Kind::leaf: {
          const std::size_t i = width_[change.first] + change.second;
          tree_[base_[change.first] + i] = change.value;
          recompute(change.first, i);
          break;
        }
        case Change::Kind::condition: {
          Watched& watched = watched_[change.first];
          if (watched.truth == Truth::no) --no_count_;
          if (watched.truth == Truth::yes) --yes_count_;
          watched.truth = change.truth;
          break;
        }
      }
    }
  }

  void open(std::size_t depth) {
    Frame& frame = frames_[depth];
    const std::size_t q = model_.order[steps_[depth]];
    frame.next = 0;
    frame.applied = false;
    frame.future = -std::numeric_limits<double>::infinity();
    frame.exact = true;
    frame.visible = evaluation_.visible[q];
    if (frame.visible == Truth::no) {
      frame.count = 1;
    } else {
      // With a valid order visibility is decided here; "unknown" would mean a broken order,
      // and leaving the question unanswered as well keeps the search complete even then.
      frame.count = model_.candidates[q].size() + (frame.visible == Truth::unknown ? 1 : 0);
    }
  }

  // Takes back the choice in effect at `depth`, if any.
  void retract(std::size_t depth) {
    Frame& frame = frames_[depth];
    if (!frame.applied) return;
    undo_to(marks_[depth]);
    frame.applied = false;
  }

  // Makes choice `choice` at `depth` and brings the node's state up to date.
  void decide(std::size_t depth, std::size_t choice) {
    retract(depth);
    Frame& frame = frames_[depth];
    marks_[depth] = trail_.size();
    frame.applied = true;
    const std::size_t q = model_.order[steps_[depth]];
    const auto& candidates = model_.candidates[q];
    const bool answered = frame.visible != Truth::no && choice < candidates.size();
    const std::size_t candidate = answered ? ranking_[q][choice] : npos;
    if (answered && candidates[candidate]) {
      answers_[q] = candidates[candidate];
      picked_[q] = candidate;
    } else {
      answers_[q].reset();
      picked_[q] = npos;
    }
    const bool counts = answered && frame.visible == Truth::yes;
    chosen_[q] = counts ? candidate : npos;
    trail_.push_back({Change::Kind::decided, q, 0, Interval{}, Truth::no});
    partial_.decided[q] = true;
    set_visible(q, frame.visible);
    if (counts) {
      for (const auto& [scale, value] : model_.contributions[q][candidate]) {
        trail_.push_back({Change::Kind::sum, scale, 0, Interval{sums_[scale], 0}, Truth::no});
        sums_[scale] += value;
      }
    }
    if (extreme_ != npos) levels_[depth + 1] = sign_ * sums_[extreme_];
    changed_question(q);
    propagate();
  }

  // At a leaf, every cone question is decided; the others take the answer that stands for
  // all of theirs (see `reach`), in the order, with their visibility as evaluate() finds it.
  void complete() {
    const Assessment& a = model_.assessment;
    outside_visible_.assign(model_.questions, false);
    outside_sums_.assign(s_, 0.0);
    for (std::size_t q : model_.order) {
      const Question& question = a.questions[q];
      const bool shown =
          !question.show_if || holds(*question.show_if, answers_, outside_visible_, outside_sums_);
      outside_visible_[q] = shown;
      const auto& candidates = model_.candidates[q];
      if (partial_.decided[q]) {
        // as the search decided
      } else if (cone_.questions[q]) {
        answers_[q] = shown ? candidates[ranking_[q][0]] : std::nullopt;  // the first choice
      } else {
        // The smallest witness leaves an optional question that does not matter unanswered.
        answers_[q] =
            shown ? candidates.back() ? candidates.front() : candidates.back() : std::nullopt;
      }
      if (!shown || !answers_[q]) continue;
      for (std::size_t chosen : answers_[q]->options) {
        if (chosen >= question.options.size()) continue;
        for (const auto& [scale, value] : question.options[chosen].scores) {
          if (scale < s_) outside_sums_[scale] += value;
        }
      }
    }
  }

  void clear_completion() {
    for (std::size_t q = 0; q < model_.questions; ++q) {
      if (!partial_.decided[q]) answers_[q].reset();
    }
  }

  // Whether every completion of the current node reaches the target.
  bool certain() const {
    if (target_->question != npos && evaluation_.visible[target_->question] != Truth::yes) {
      return false;
    }
    return yes_count_ == watched_.size();
  }

  // When every completion reaches the target, the search would take the first choice of every
  // question left and never backtrack: that answer set is built at once.
  bool found_at_once() {
    if (!certain()) return false;
    if (completion_reaches()) return true;
    clear_completion();  // not sound after all: let the search go on
    return false;
  }

  // Completes the current node and confirms with evaluate() that it reaches the target.
  bool completion_reaches() {
    complete();
    evaluation_found_ = evaluate(model_.assessment, answers_);
    return reached(*target_, answers_, evaluation_found_);
  }

  // The state that decides the future of a node, as bytes (see the comment at the top): the
  // sums and answers that some condition still to be evaluated reads.
  const std::string& state_key(std::size_t depth) {
    key_.clear();
    auto put = [this](const void* data, std::size_t size) {
      key_.append(static_cast<const char*>(data), size);
    };
    put(&depth, sizeof depth);
    if (!live_ready_[depth]) {
      // What is still read at this depth, found once per depth and search.
      live_ready_[depth] = true;
      live_sums_[depth].clear();
      live_answers_[depth].clear();
      const std::size_t at = depth < steps_.size() ? steps_[depth] : n_;  // next position
      for (const auto& [scale, reader] : cone_.sums) {
        if (reader >= at) live_sums_[depth].push_back(scale);
      }
      for (const auto& [q, reader] : cone_.remembered) {
        if (model_.position[q] >= at) break;
        if (reader >= at) live_answers_[depth].push_back(q);
      }
    }
    for (std::size_t scale : live_sums_[depth]) put(&sums_[scale], sizeof(double));
    for (std::size_t q : live_answers_[depth]) {
      // A decided cone question's answer is its candidate (npos: unanswered).
      const char shown = evaluation_.visible[q] == Truth::yes ? 1 : 0;
      put(&shown, 1);
      put(&picked_[q], sizeof(std::size_t));
    }
    return key_;
  }

  const Memory* recall(std::size_t depth) {
    if (memo_.empty()) return nullptr;
    auto it = memo_.find(state_key(depth));
    return it == memo_.end() ? nullptr : &it->second;
  }

  void remember(std::size_t depth, Memory memory) {
    if (memo_.size() >= memo_limit) return;
    memo_[state_key(depth)] = memory;
  }

  bool complete_cone() const {
    for (std::size_t position : cone_.positions) {
      if (!model_.complete[model_.order[position]]) return false;
    }
    return true;
  }

  // Whether the current node, after `depth` decisions, may still reach the target.
  bool promising(std::size_t depth) {
    if (no_count_ > 0) return false;
    if (target_->question != npos && evaluation_.visible[target_->question] == Truth::no) {
      return false;
    }
    return recall(depth) == nullptr;
  }

  Verdict search_target(std::size_t& steps) {
    bool disagreed = false;
    const std::size_t m = steps_.size();
    std::size_t depth = 0;
    if (m > 0 && found_at_once()) return Verdict::found;
    if (m > 0) open(0);
    while (true) {
      if (depth == m) {
        if (completion_reaches()) return Verdict::found;
        clear_completion();
        disagreed = true;  // three-valued "not no" yet evaluate says no: prove nothing
        if (depth == 0) break;
        --depth;
        continue;
      }
      Frame& frame = frames_[depth];
      if (frame.next == frame.count) {
        retract(depth);
        remember(depth, Memory{});
        if (depth == 0) break;
        --depth;
        continue;
      }
      const std::size_t choice = frame.next++;
      if (steps == 0) return Verdict::undecided;
      --steps;
      decide(depth, choice);
      if (!promising(depth + 1)) continue;
      ++depth;
      if (depth < m && found_at_once()) return Verdict::found;
      if (depth < m) open(depth);
    }
    return disagreed || !complete_cone() ? Verdict::undecided : Verdict::none;
  }

  // Branch and bound with remembered states, maximizing sign * scale. Returns the best value.
  std::optional<double> search_extreme(std::size_t scale, double sign, std::size_t& steps) {
    double best = -std::numeric_limits<double>::infinity();
    const std::size_t m = steps_.size();
    if (m == 0) return 0.0;  // nothing scores on the scale
    // No answer set beats the interval of the undecided root: once one reaches it, it is the
    // extreme (proven by the three-valued evaluation, whatever the candidate lists hold).
    const Interval root = evaluation_.scales[scale];
    const double ceiling = sign > 0 ? root.high : -root.low;
    levels_[0] = 0;
    std::size_t depth = 0;
    open(0);
    while (true) {
      Frame& frame = frames_[depth];
      if (frame.next == frame.count) {
        retract(depth);
        remember(depth, Memory{frame.future, frame.exact});
        if (depth == 0) break;
        const double gain = frame.future;
        const bool exact = frame.exact;
        --depth;
        Frame& parent = frames_[depth];
        parent.future = std::max(parent.future, levels_[depth + 1] - levels_[depth] + gain);
        parent.exact = parent.exact && exact;
        continue;
      }
      const std::size_t choice = frame.next++;
      if (steps == 0) return std::nullopt;
      --steps;
      decide(depth, choice);
      const double here = levels_[depth + 1];
      const double step = here - levels_[depth];
      if (depth + 1 == m) {
        best = std::max(best, here);
        frame.future = std::max(frame.future, step);
        if (best >= ceiling) return sign * best;
        continue;
      }
      if (const Memory* memory = recall(depth + 1)) {
        if (memory->exact || here + memory->gain <= best) {
          if (memory->exact) best = std::max(best, here + memory->gain);
          frame.future = std::max(frame.future, step + memory->gain);
          frame.exact = frame.exact && memory->exact;
          if (best >= ceiling) return sign * best;
          continue;
        }
      }
      const Interval reachable = evaluation_.scales[scale];
      const double bound = sign > 0 ? reachable.high : -reachable.low;
      if (bound <= best) {
        frame.future = std::max(frame.future, bound - levels_[depth]);
        frame.exact = false;
        continue;
      }
      ++depth;
      open(depth);
    }
    if (!complete_cone()) return std::nullopt;
    return sign * best;
  }

  const Model& model_;
  std::size_t n_;
  std::size_t s_;
  Answers answers_;
  PartialAnswers partial_;
  PartialEvaluation evaluation_;
  std::vector<double> sums_;        ///< per scale: the exact sum of the decided answers
  std::vector<double> levels_;      ///< ranges: per depth, sign * the scale's sum there
  std::vector<std::size_t> marks_;  ///< per depth: the trail's size before its choice
  std::vector<Frame> frames_;
  std::vector<std::vector<std::size_t>> ranking_;  ///< per question: candidate order
  std::vector<std::size_t> chosen_;  ///< per decided question: the candidate that scores
  std::vector<std::size_t> steps_;   ///< per depth: the position decided there (cone only)
  std::vector<std::size_t> picked_;  ///< per decided question: its candidate, npos if none
  std::vector<bool> live_ready_;     ///< per depth: the two lists below are computed
  std::vector<std::vector<std::size_t>> live_sums_;     ///< per depth: scales in the key
  std::vector<std::vector<std::size_t>> live_answers_;  ///< per depth: questions in the key
  Evaluation evaluation_found_;                         ///< what the last completion gives
  Flags outside_visible_;                               ///< complete(): visibility so far
  std::vector<double> outside_sums_;                    ///< complete(): scale sums so far
  Cone cone_;
  const Target* target_ = nullptr;
  std::size_t extreme_ = npos;  ///< ranges: the scale
  double sign_ = 1;
  // The incremental state (see above).
  std::vector<Change> trail_;
  std::vector<std::vector<Leaf>> leaves_;  ///< per cone question
  std::vector<std::size_t> slot_of_;       ///< per scale: its tracked slot, or npos
  std::vector<std::size_t> tracked_;       ///< per slot: the scale
  std::vector<std::size_t> width_;         ///< per slot: leaves of its sum tree
  std::vector<std::size_t> base_;          ///< per slot: where its tree starts in `tree_`
  std::vector<Interval> tree_;
  std::vector<bool> queued_;       ///< per question: on the heap
  std::vector<std::size_t> heap_;  ///< positions of showIfs to evaluate, smallest first
  std::vector<Watched> watched_;
  std::vector<std::vector<std::size_t>> conditions_of_question_;  ///< watched conditions reading it
  std::vector<std::vector<Threshold>> thresholds_;   ///< per slot: bounds read, ascending
  std::vector<std::vector<std::size_t>> unordered_;  ///< per slot: readers with a NaN bound
  std::vector<std::size_t> threshold_slots_;         ///< slots with entries in the two above
  std::vector<std::size_t> watched_questions_;       ///< entries of the above in use
  std::vector<std::size_t> dirty_;                   ///< watched conditions to evaluate again
  std::size_t no_count_ = 0;   ///< watched conditions that are certainly false
  std::size_t yes_count_ = 0;  ///< watched conditions that are certainly true
  std::unordered_map<std::string, Memory> memo_;
  std::string key_;
};

// ---------------------------------------------------------------------------------------------
// Messages.

std::string number_text(double value) {
  char buffer[32];
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
  }
  return buffer;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The witness as the CLI's ANSWERS file would hold it.
std::string answers_text(const Assessment& assessment, const Answers& answers) {
  std::string out = "{";
  bool first = true;
  for (std::size_t q = 0; q < assessment.questions.size() && q < answers.size(); ++q) {
    if (!answers[q]) continue;
    const Question& question = assessment.questions[q];
    out += first ? "" : ", ";
    first = false;
    out += quoted(question.id) + ": ";
    if (question.type == QuestionType::number) {
      out += number_text(answers[q]->number);
    } else if (question.type == QuestionType::single && answers[q]->options.size() == 1) {
      out += quoted(question.options[answers[q]->options.front()].id);
    } else {
      out += "[";
      for (std::size_t i = 0; i < answers[q]->options.size(); ++i) {
        out += (i ? ", " : "") + quoted(question.options[answers[q]->options[i]].id);
      }
      out += "]";
    }
  }
  return out + "}";
}

std::string budget_text(const AnalysisOptions& options) {
  return "within its share of the search budget (" + std::to_string(options.steps_per_question) +
         " steps per question)";
}

// ---------------------------------------------------------------------------------------------
// Texts and links.

void check_text(const Text& text, const std::vector<std::string>& locales, Problems& problems) {
  if (!text.all) {
    if (text.by_locale.empty()) return;  // an optional text left out
    for (const std::string& locale : locales) {
      if (text.by_locale.count(locale) == 0) {
        problems.push_back({"missing-text", text.pointer,
                            "no " + quoted(locale) + " text: every declared locale needs one",
                            Severity::error});
      }
    }
  }
  std::vector<std::string> refused;
  auto scan = [&](const std::string& value) {
    for (const LinkTarget& link : links_in(value)) {
      if (!link.allowed && std::find(refused.begin(), refused.end(), link.url) == refused.end()) {
        refused.push_back(link.url);
        problems.push_back({"bad-link-scheme", text.pointer,
                            "link " + quoted(link.url) + " must start with https:, mailto: or tel:",
                            Severity::error});
      }
    }
  };
  if (text.all) scan(*text.all);
  for (const auto& entry : text.by_locale) scan(entry.second);
}

void check_resource(const Resource& resource, const std::vector<std::string>& locales,
                    Problems& problems) {
  check_text(resource.title, locales, problems);
  check_text(resource.body, locales, problems);
}

void check_texts(const Assessment& a, Problems& problems) {
  const std::vector<std::string>& locales = a.locales;
  check_text(a.title, locales, problems);
  check_text(a.intro, locales, problems);
  check_text(a.about, locales, problems);
  for (const auto& entry : a.ui) check_text(entry.second, locales, problems);
  for (const Question& question : a.questions) {
    check_text(question.title, locales, problems);
    check_text(question.hint, locales, problems);
    check_text(question.body, locales, problems);
    check_text(question.unit, locales, problems);
    for (const Option& option : question.options) {
      check_text(option.label, locales, problems);
      check_text(option.hint, locales, problems);
    }
  }
  for (const Scale& scale : a.scales) check_text(scale.title, locales, problems);
  for (const auto* results : {&a.outcomes, &a.findings, &a.alerts}) {
    for (const Result& result : *results) {
      check_text(result.title, locales, problems);
      check_text(result.body, locales, problems);
    }
  }
  for (const Resource& resource : a.resources) check_resource(resource, locales, problems);
}

// ---------------------------------------------------------------------------------------------
// The report.

class Analyzer {
 public:
  Analyzer(const Assessment& assessment, const AnalysisOptions& options)
      : a_(assessment),
        options_(options),
        model_(build_model(assessment)),
        search_(model_),
        shown_by_(assessment.questions.size(), npos),
        finding_by_(assessment.findings.size(), npos),
        alert_by_(assessment.alerts.size(), npos) {
    const std::size_t questions = assessment.questions.size();
    left_ = questions > 0 && options.steps_per_question > npos / questions
                ? npos
                : options.steps_per_question * questions;
    // The targets, in the order run() takes them: every outcome, the coverage, every finding
    // and alert, every question with a showIf, every scale's minimum and maximum.
    targets_left_ = 2 * assessment.scales.size() + assessment.outcomes.size() + 1 +
                    assessment.findings.size() + assessment.alerts.size();
    for (const Question& question : assessment.questions) {
      if (question.show_if) ++targets_left_;
    }
    reserve_ = left_ / (2 * targets_left_);
  }

  Analysis run() {
    Analysis analysis;
    analysis.outcomes.assign(a_.outcomes.size(), std::nullopt);
    analysis.findings.assign(a_.findings.size(), std::nullopt);
    analysis.alerts.assign(a_.alerts.size(), std::nullopt);
    if (model_.order.size() != model_.questions) {
      // A showIf cycle: the loader refuses such a file, so this only meets hand-built content.
      fallback_ranges(analysis);
      analysis.problems.push_back({"undecided", "",
                                   "the questions' showIf conditions form a cycle, so nothing "
                                   "could be decided",
                                   Severity::warning});
      check_texts(a_, analysis.problems);
      return analysis;
    }
    outcomes(analysis);
    coverage(analysis);
    results(a_.findings, analysis.findings, finding_by_, "finding", "unreachable-finding", "shown",
            analysis.problems);
    results(a_.alerts, analysis.alerts, alert_by_, "alert", "unreachable-alert", "raised",
            analysis.problems);
    questions(analysis.problems);
    ranges(analysis);
    check_texts(a_, analysis.problems);
    return analysis;
  }

 private:
  void fallback_ranges(Analysis& analysis) {
    const Answers none(model_.questions);
    PartialAnswers partial{&none, Flags(model_.questions, false)};
    const PartialEvaluation root = evaluate_partially(a_, partial);
    analysis.scales.clear();
    for (const Interval& interval : root.scales)
      analysis.scales.push_back({interval.low, interval.high});
  }

  // Last, so that the answer sets found for the other targets can settle a range: one that
  // reaches a bound of the root's interval proves that bound exact, as a search would.
  void ranges(Analysis& analysis) {
    fallback_ranges(analysis);
    for (std::size_t s = 0; s < model_.scales; ++s) {
      bool lowest = false, highest = false;
      for (const Evaluation& evaluation : known_evaluations_) {
        lowest = lowest || evaluation.scales[s] == analysis.scales[s].min;
        highest = highest || evaluation.scales[s] == analysis.scales[s].max;
      }
      next_target();
      const std::optional<double> low =
          lowest ? analysis.scales[s].min : search_.extreme(s, false, share_);
      next_target();
      const std::optional<double> high =
          highest ? analysis.scales[s].max : search_.extreme(s, true, share_);
      if (low) analysis.scales[s].min = *low;
      if (high) analysis.scales[s].max = *high;
      if (!low || !high) {
        analysis.problems.push_back(
            {"undecided", a_.scales[s].pointer,
             "the exact range of scale " + quoted(a_.scales[s].id) + " was not found " +
                 budget_text(options_) + "; reporting the sound bounds " +
                 number_text(analysis.scales[s].min) + " to " + number_text(analysis.scales[s].max),
             Severity::warning});
      }
    }
  }

  void outcomes(Analysis& analysis) {
    // An outcome without "when", or whose "when" holds for every answer set, is always chosen,
    // so those after it never are: that needs no search.
    std::size_t always_chosen = npos;
    for (std::size_t k = 0; k < a_.outcomes.size(); ++k) {
      next_target();
      const Result& outcome = a_.outcomes[k];
      if (always_chosen != npos) {
        const Result& before = a_.outcomes[always_chosen];
        const std::string why = before.when ? "the \"when\" of outcome " + quoted(before.id) +
                                                  " before it holds for every answer set"
                                            : "outcome " + quoted(before.id) +
                                                  " before it has no \"when\" and is always chosen";
        analysis.problems.push_back(
            {"unreachable-outcome", outcome.pointer,
             "outcome " + quoted(outcome.id) + " can never be chosen: " + why, Severity::error});
        continue;
      }
      Target target;
      if (outcome.when) target.must.push_back(&*outcome.when);
      for (std::size_t j = 0; j < k; ++j) target.must_not.push_back(&*a_.outcomes[j].when);
      Answers witness;
      const Verdict verdict = reach(target, witness);
      if (verdict == Verdict::found) {
        analysis.outcomes[k] = std::move(witness);
      } else if (verdict == Verdict::undecided) {
        undecided(outcome.pointer, "whether outcome " + quoted(outcome.id) + " can be chosen",
                  analysis.problems);
      } else {
        analysis.problems.push_back({"unreachable-outcome", outcome.pointer,
                                     "outcome " + quoted(outcome.id) +
                                         " can never be chosen: " + why_outcome_unreachable(k),
                                     Severity::error});
      }
      if (!outcome.when || search_.at_root(*outcome.when) == Truth::yes) always_chosen = k;
      if (!outcome.when && k + 1 < a_.outcomes.size()) {
        analysis.problems.push_back(
            {"unreachable-outcome", outcome.pointer,
             "outcome " + quoted(outcome.id) +
                 " has no \"when\" but is not the last outcome, so the outcomes after it can "
                 "never be chosen",
             Severity::error});
      }
    }
  }

  std::string why_outcome_unreachable(std::size_t k) {
    const Result& outcome = a_.outcomes[k];
    if (!outcome.when || k == 0) return "its \"when\" never holds";
    // An answer set found for something else may show already that the "when" can hold.
    for (std::size_t i = 0; i < known_.size(); ++i) {
      if (holds(*outcome.when, known_[i], known_evaluations_[i].visible,
                known_evaluations_[i].scales)) {
        return "whenever its \"when\" holds, an earlier outcome's holds too and is chosen first";
      }
    }
    Target alone;
    alone.must.push_back(&*outcome.when);
    Answers ignored;
    const Verdict verdict = reach(alone, ignored);
    if (verdict == Verdict::none) return "its \"when\" never holds";
    if (verdict == Verdict::found) {
      return "whenever its \"when\" holds, an earlier outcome's holds too and is chosen first";
    }
    return "no answers make its \"when\" hold without an earlier outcome's";
  }

  void coverage(Analysis& analysis) {
    next_target();
    if (a_.outcomes.empty() || !a_.outcomes.back().when) return;
    Target target;
    for (const Result& outcome : a_.outcomes) {
      if (!outcome.when) return;  // an earlier fallback covers everything (reported above)
      target.must_not.push_back(&*outcome.when);
    }
    Answers witness;
    const Verdict verdict = reach(target, witness);
    if (verdict == Verdict::undecided) {
      undecided("/outcomes", "whether every answer set reaches an outcome", analysis.problems);
    } else if (verdict == Verdict::found) {
      const Evaluation evaluation = evaluate(a_, witness);
      std::string values;
      for (std::size_t s = 0; s < a_.scales.size(); ++s) {
        values += (s ? ", " : "") + a_.scales[s].id + " " + number_text(evaluation.scales[s]);
      }
      const std::string example = answers_text(a_, witness);
      analysis.problems.push_back(
          {"outcome-gap", "/outcomes",
           values.empty() ? "some answers match no outcome, e.g. " + example
                          : values + " matches no outcome, e.g. " + example +
                                " (the last outcome has a \"when\"; without one it would be "
                                "the fallback)",
           Severity::error});
    }
  }

  void results(const std::vector<Result>& list, std::vector<std::optional<Answers>>& witnesses,
               const std::vector<std::size_t>& known, const std::string& kind,
               const std::string& code, const std::string& verb, Problems& problems) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      next_target();
      if (known[i] != npos) {  // an answer set found before reaches it already
        witnesses[i] = known_[known[i]];
        continue;
      }
      Target target;
      if (list[i].when) target.must.push_back(&*list[i].when);
      Answers witness;
      const Verdict verdict = reach(target, witness);
      if (verdict == Verdict::found) {
        witnesses[i] = std::move(witness);
      } else if (verdict == Verdict::undecided) {
        undecided(list[i].pointer, "whether " + kind + " " + quoted(list[i].id) + " can be " + verb,
                  problems);
      } else {
        problems.push_back({code, list[i].pointer,
                            kind + " " + quoted(list[i].id) + " can never be " + verb +
                                ": its \"when\" never holds",
                            Severity::error});
      }
    }
  }

  void questions(Problems& problems) {
    // Last first: an answer set that shows a late question tends to show those it depends on.
    std::vector<Verdict> verdicts(a_.questions.size(), Verdict::found);
    for (std::size_t position = model_.order.size(); position-- > 0;) {
      const std::size_t q = model_.order[position];
      if (!a_.questions[q].show_if) continue;
      next_target();
      if (shown_by_[q] != npos) continue;
      Target target;
      target.question = q;
      Answers ignored;
      verdicts[q] = reach(target, ignored);
    }
    for (std::size_t q = 0; q < a_.questions.size(); ++q) {
      const Question& question = a_.questions[q];
      if (!question.show_if) continue;
      const Verdict verdict = verdicts[q];
      const std::string& pointer =
          question.show_if->pointer.empty() ? question.pointer : question.show_if->pointer;
      if (verdict == Verdict::undecided) {
        undecided(pointer, "whether question " + quoted(question.id) + " can be shown", problems);
      } else if (verdict == Verdict::none) {
        problems.push_back(
            {"unreachable-question", pointer,
             "question " + quoted(question.id) + " can never be shown: its showIf never holds",
             Severity::error});
      }
    }
  }

  // A search, and what its answer set reaches besides its target: every question it shows,
  // every finding and alert it raises. Later searches for those are not needed.
  Verdict reach(const Target& target, Answers& witness) {
    Evaluation evaluation;
    const Verdict verdict = search_.reach(target, witness, evaluation, share_);
    if (verdict != Verdict::found) return verdict;
    const std::size_t index = known_.size();
    known_.push_back(witness);
    for (std::size_t q = 0; q < evaluation.visible.size(); ++q) {
      if (evaluation.visible[q] && shown_by_[q] == npos) shown_by_[q] = index;
    }
    for (std::size_t f : evaluation.findings) {
      if (finding_by_[f] == npos) finding_by_[f] = index;
    }
    for (std::size_t f : evaluation.alerts) {
      if (alert_by_[f] == npos) alert_by_[f] = index;
    }
    known_evaluations_.push_back(std::move(evaluation));
    return verdict;
  }

  // Starts the next target: it may take every step the targets before it left, except the
  // reserve kept for each target after it (half an equal share of the whole budget), so that a
  // hard target early on cannot leave nothing to the rest.
  void next_target() {
    if (targets_left_ > 0) --targets_left_;
    left_ += share_;
    share_ = left_ - std::min(left_, reserve_ * targets_left_);
    left_ -= share_;
  }

  void undecided(const std::string& pointer, const std::string& what, Problems& problems) {
    problems.push_back({"undecided", pointer,
                        "could not decide " + what + " " + budget_text(options_),
                        Severity::warning});
  }

  const Assessment& a_;
  const AnalysisOptions& options_;
  Model model_;
  Search search_;
  std::vector<Answers> known_;                 ///< every answer set a search found
  std::vector<Evaluation> known_evaluations_;  ///< and what each one gives
  std::vector<std::size_t> shown_by_;    ///< per question: one in `known_` showing it, or npos
  std::vector<std::size_t> finding_by_;  ///< per finding: one in `known_` raising it, or npos
  std::vector<std::size_t> alert_by_;    ///< per alert: likewise
  std::size_t left_ = 0;                 ///< steps of the budget not given to any target yet
  std::size_t share_ = 0;                ///< steps the current target may still take
  std::size_t targets_left_ = 0;         ///< targets not started yet
  std::size_t reserve_ = 0;              ///< steps kept for each target not started yet
};

// ---------------------------------------------------------------------------------------------
// Theme contrast (WCAG 2.2 AA, 1.4.3 and 1.4.11).

/** The relative luminance of a valid "#rrggbb" (WCAG 2.2, "relative luminance"). */
double relative_luminance(const std::string& colour) {
  const double weights[] = {0.2126, 0.7152, 0.0722};
  double luminance = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const double channel =
        static_cast<double>(std::strtol(colour.substr(1 + 2 * i, 2).c_str(), nullptr, 16)) / 255;
    luminance += weights[i] *
                 (channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4));
  }
  return luminance;
}

double contrast_ratio(const std::string& first, const std::string& second) {
  const double a = relative_luminance(first);
  const double b = relative_luminance(second);
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

/**
 * Every pair of colours the widget draws one on the other, with a colour the theme chose: a
 * colour it leaves out keeps the widget's light palette (web/widget.css), which a theme with
 * colours of its own replaces in dark mode too. Each pair below 4.5:1 is an error at the
 * pointer of the theme's colour (the foreground's when the theme chose both).
 */
void check_theme(const Theme& theme, Problems& problems) {
  struct Colour {
    const char* name;     ///< as a message names it
    std::string value;    ///< the theme's, else the widget's
    std::string pointer;  ///< "" when the theme does not set it
  };
  const auto themed = [](const char* name, const std::string& value, const char* fallback) {
    return value.empty() ? Colour{name, fallback, ""}
                         : Colour{name, value, std::string("/theme/") + name};
  };
  const auto fixed = [](const char* name, const char* value) { return Colour{name, value, ""}; };
  const Colour text = themed("text", theme.text, "#1b1e21");
  const Colour background = themed("background", theme.background, "#ffffff");
  const Colour surface = themed("surface", theme.surface, "#f2f5f8");
  const Colour accent = themed("accent", theme.accent, "#1c5d99");
  const std::pair<Colour, const Colour*> pairs[] = {
      {text, &background},
      {text, &surface},
      {fixed("button text", "#ffffff"), &accent},
      {Colour{"link", accent.value, accent.pointer}, &background},
      {fixed("muted text", "#4b535c"), &background},
      {fixed("error text", "#b3261e"), &background},
      {fixed("alert colour", "#a4262c"), &background},
  };
  constexpr double needed = 4.5;  // WCAG 2.2 AA for text of normal size
  for (const auto& [foreground, behind] : pairs) {
    const std::string& pointer = foreground.pointer.empty() ? behind->pointer : foreground.pointer;
    if (pointer.empty()) continue;  // the widget's own pair
    const double ratio = contrast_ratio(foreground.value, behind->value);
    if (ratio >= needed) continue;
    // Cut, not rounded, so that a ratio just short of 4.5 never reads as "4.50".
    char shown[16];
    std::snprintf(shown, sizeof shown, "%.2f", std::floor(ratio * 100) / 100);
    problems.push_back({"low-contrast", pointer,
                        std::string(foreground.name) + " " + foreground.value + " on " +
                            behind->name + " " + behind->value + ": contrast " + shown +
                            ":1, WCAG 2.2 AA needs 4.5:1",
                        Severity::error});
  }
}

}  // namespace

Analysis analyze(const Assessment& assessment, const AnalysisOptions& options) {
  return Analyzer(assessment, options).run();
}

Problems analyze_publisher(const Publisher& publisher, const Assessment& assessment) {
  Problems problems;
  check_theme(publisher.theme, problems);
  const std::vector<std::string>& locales = assessment.locales;
  for (const auto& entry : publisher.texts) check_text(entry.second, locales, problems);
  for (const Block& block : publisher.blocks) {
    check_text(block.title, locales, problems);
    check_text(block.body, locales, problems);
    check_text(block.notice, locales, problems);
    for (const Link& link : block.links) check_text(link.label, locales, problems);
    for (const Product& product : block.products) {
      check_text(product.name, locales, problems);
      check_text(product.description, locales, problems);
      check_text(product.price, locales, problems);
    }
  }
  for (const auto& local : publisher.resources) {
    check_resource(local.resource, locales, problems);
  }
  return problems;
}

}  // namespace confide
