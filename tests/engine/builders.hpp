#pragma once

// Builds small assessments as plain structs, without the loader, so that engine tests can
// state the content they need in a few lines:
//
//   Assessment check = Builder("demo")
//       .scale("total")
//       .single("mood", {{"low", {{"total", 2}}}, {"fine", {}}})
//       .number("age", 0, 120)
//       .outcome("high", scale_at_least(...))   // conditions via the Builder's helpers
//       .outcome("fallback")
//       .build();

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "answers.hpp"
#include "model.hpp"

namespace confide::test {

/** A text with one string for every locale. */
inline Text text(const std::string& value) {
  Text t;
  t.all = value;
  return t;
}

/** A text with one string per locale. */
inline Text text(std::initializer_list<std::pair<const std::string, std::string>> by_locale) {
  Text t;
  t.by_locale = by_locale;
  return t;
}

/** An option as a test writes it: id and scores by scale id. */
struct OptionSpec {
  OptionSpec(const char* option_id, std::map<std::string, double> option_scores = {})
      : id(option_id), scores(std::move(option_scores)) {}
  std::string id;
  std::map<std::string, double> scores;
};

/** A condition on a choice question, by indices: one of `options` chosen. */
inline Condition answer_in(std::size_t question, std::vector<std::size_t> options) {
  Condition c;
  c.kind = Condition::Kind::answer_in;
  c.question = question;
  c.options = std::move(options);
  return c;
}

/** A condition on a choice question, by indices: answered with none of `options`. */
inline Condition answer_not_in(std::size_t question, std::vector<std::size_t> options) {
  Condition c = answer_in(question, std::move(options));
  c.kind = Condition::Kind::answer_not_in;
  return c;
}

inline Condition answer_range(std::size_t question, double at_least, double at_most) {
  Condition c;
  c.kind = Condition::Kind::answer_range;
  c.question = question;
  c.at_least = at_least;
  c.at_most = at_most;
  return c;
}

inline Condition answered(std::size_t question) {
  Condition c;
  c.kind = Condition::Kind::answered;
  c.question = question;
  return c;
}

inline Condition scale_range(std::size_t scale, double at_least, double at_most) {
  Condition c;
  c.kind = Condition::Kind::scale_range;
  c.scale = scale;
  c.at_least = at_least;
  c.at_most = at_most;
  return c;
}

inline Condition all_of(std::vector<Condition> children) {
  Condition c;
  c.kind = Condition::Kind::all;
  c.children = std::move(children);
  return c;
}

inline Condition any_of(std::vector<Condition> children) {
  Condition c;
  c.kind = Condition::Kind::any;
  c.children = std::move(children);
  return c;
}

inline Condition negation(Condition child) {
  Condition c;
  c.kind = Condition::Kind::negation;
  c.children.push_back(std::move(child));
  return c;
}

/** Builds an Assessment; ids in conditions must name things already added. */
class Builder {
 public:
  explicit Builder(std::string id, std::vector<std::string> locales = {"en"}) {
    a_.id = std::move(id);
    a_.version = "1.0.0";
    a_.locales = std::move(locales);
    a_.title = text("Check " + a_.id);
  }

  Builder& scale(const std::string& id) {
    Scale s;
    s.id = id;
    a_.scales.push_back(s);
    return *this;
  }

  Builder& single(const std::string& id, std::vector<OptionSpec> options) {
    return choice(id, QuestionType::single, std::move(options));
  }

  Builder& multiple(const std::string& id, std::vector<OptionSpec> options) {
    return choice(id, QuestionType::multiple, std::move(options));
  }

  Builder& number(const std::string& id, double min, double max) {
    Question q = question(id, QuestionType::number);
    q.min = min;
    q.max = max;
    a_.questions.push_back(std::move(q));
    return *this;
  }

  Builder& info(const std::string& id, const std::string& body) {
    Question q = question(id, QuestionType::info);
    q.body = text(body);
    q.required = false;
    a_.questions.push_back(std::move(q));
    return *this;
  }

  /** Makes the last question optional. */
  Builder& optional() {
    a_.questions.back().required = false;
    return *this;
  }

  /** Marks an option of the last question as exclusive ("none of these"). */
  Builder& exclusive(const std::string& option) {
    Question& q = a_.questions.back();
    q.options[option_index(q, option)].exclusive = true;
    return *this;
  }

  /** Sets the title of the last question. */
  Builder& title(Text t) {
    a_.questions.back().title = std::move(t);
    return *this;
  }

  /** Sets the showIf of any question added so far. */
  Builder& show_if(const std::string& question_id, Condition condition) {
    a_.questions[question_index(question_id)].show_if = std::move(condition);
    return *this;
  }

  Builder& outcome(const std::string& id, std::optional<Condition> when = std::nullopt) {
    a_.outcomes.push_back(result(id, std::move(when)));
    return *this;
  }

  Builder& finding(const std::string& id, Condition when) {
    a_.findings.push_back(result(id, std::move(when)));
    return *this;
  }

  Builder& alert(const std::string& id, Condition when) {
    a_.alerts.push_back(result(id, std::move(when)));
    return *this;
  }

  Builder& resource(const std::string& id, const std::string& region = "",
                    const std::string& last_verified = "") {
    Resource r;
    r.id = id;
    r.title = text("Resource " + id);
    r.body = text("Call [the line](tel:+100)");
    r.region = region;
    r.last_verified = last_verified;
    a_.resources.push_back(std::move(r));
    return *this;
  }

  /** Attaches a resource to the last outcome, finding or alert named `result_id`. */
  Builder& with_resource(const std::string& result_id, const std::string& resource_id) {
    std::size_t r = 0;
    while (r < a_.resources.size() && a_.resources[r].id != resource_id) ++r;
    for (auto* list : {&a_.outcomes, &a_.findings, &a_.alerts}) {
      for (Result& res : *list) {
        if (res.id == result_id) res.resources.push_back(r);
      }
    }
    return *this;
  }

  Builder& ui(const std::string& key, Text t) {
    a_.ui[key] = std::move(t);
    return *this;
  }

  // Conditions, resolved against what has been added so far.

  Condition in(const std::string& q, std::vector<std::string> options) const {
    return choice_condition(Condition::Kind::answer_in, q, options);
  }

  Condition not_in(const std::string& q, std::vector<std::string> options) const {
    return choice_condition(Condition::Kind::answer_not_in, q, options);
  }

  Condition range(const std::string& q, double at_least, double at_most) const {
    return answer_range(question_index(q), at_least, at_most);
  }

  Condition answered(const std::string& q) const { return test::answered(question_index(q)); }

  Condition scale_range(const std::string& s, double at_least,
                        double at_most = std::numeric_limits<double>::infinity()) const {
    std::size_t scale = npos;
    for (std::size_t i = 0; i < a_.scales.size(); ++i) {
      if (a_.scales[i].id == s) scale = i;
    }
    return test::scale_range(scale, at_least, at_most);
  }

  std::size_t question_index(const std::string& id) const {
    for (std::size_t i = 0; i < a_.questions.size(); ++i) {
      if (a_.questions[i].id == id) return i;
    }
    return npos;
  }

  /** The assessment, with evaluation_order computed as the loader does. */
  Assessment build() const {
    Assessment out = a_;
    out.evaluation_order = evaluation_order(out);
    return out;
  }

  /** Dependency order, document order where free (Kahn's algorithm, smallest index first). */
  static std::vector<std::size_t> evaluation_order(const Assessment& a) {
    const std::size_t n = a.questions.size();
    std::vector<std::set<std::size_t>> depends(n);
    for (std::size_t q = 0; q < n; ++q) {
      if (a.questions[q].show_if) collect(a, *a.questions[q].show_if, depends[q]);
    }
    std::vector<std::size_t> pending(n);
    std::vector<std::vector<std::size_t>> users(n);
    for (std::size_t q = 0; q < n; ++q) {
      pending[q] = depends[q].size();
      for (std::size_t d : depends[q]) users[d].push_back(q);
    }
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t q = 0; q < n; ++q) {
      if (pending[q] == 0) ready.push(q);
    }
    std::vector<std::size_t> order;
    while (!ready.empty()) {
      std::size_t q = ready.top();
      ready.pop();
      order.push_back(q);
      for (std::size_t u : users[q]) {
        if (--pending[u] == 0) ready.push(u);
      }
    }
    return order;
  }

 private:
  static void collect(const Assessment& a, const Condition& c, std::set<std::size_t>& out) {
    if (c.question != npos) out.insert(c.question);
    if (c.kind == Condition::Kind::scale_range) {
      for (std::size_t q = 0; q < a.questions.size(); ++q) {
        for (const Option& o : a.questions[q].options) {
          for (const auto& score : o.scores) {
            if (score.first == c.scale) out.insert(q);
          }
        }
      }
    }
    for (const Condition& child : c.children) collect(a, child, out);
  }

  Question question(const std::string& id, QuestionType type) const {
    Question q;
    q.id = id;
    q.type = type;
    q.title = text("Question " + id);
    q.pointer = "/questions/" + std::to_string(a_.questions.size());
    return q;
  }

  Builder& choice(const std::string& id, QuestionType type, std::vector<OptionSpec> options) {
    Question q = question(id, type);
    for (const OptionSpec& spec : options) {
      Option o;
      o.id = spec.id;
      o.label = text("Option " + spec.id);
      for (const auto& [scale_id, points] : spec.scores) {
        for (std::size_t s = 0; s < a_.scales.size(); ++s) {
          if (a_.scales[s].id == scale_id) o.scores.emplace_back(s, points);
        }
      }
      q.options.push_back(std::move(o));
    }
    a_.questions.push_back(std::move(q));
    return *this;
  }

  static std::size_t option_index(const Question& q, const std::string& id) {
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      if (q.options[i].id == id) return i;
    }
    return npos;
  }

  Condition choice_condition(Condition::Kind kind, const std::string& q,
                             const std::vector<std::string>& options) const {
    Condition c;
    c.kind = kind;
    c.question = question_index(q);
    for (const std::string& o : options) {
      c.options.push_back(option_index(a_.questions[c.question], o));
    }
    return c;
  }

  static Result result(const std::string& id, std::optional<Condition> when) {
    Result r;
    r.id = id;
    r.title = text("Result " + id);
    r.body = text("About " + id);
    r.when = std::move(when);
    return r;
  }

  Assessment a_;
};

/** An empty answer set for `a`. */
inline Answers no_answers(const Assessment& a) { return Answers(a.questions.size()); }

/** Sets the answer of a single or multiple question by option ids. */
inline void choose(const Assessment& a, Answers& answers, const std::string& question,
                   std::vector<std::string> options) {
  for (std::size_t q = 0; q < a.questions.size(); ++q) {
    if (a.questions[q].id != question) continue;
    Answer answer;
    for (const std::string& id : options) {
      for (std::size_t o = 0; o < a.questions[q].options.size(); ++o) {
        if (a.questions[q].options[o].id == id) answer.options.push_back(o);
      }
    }
    std::sort(answer.options.begin(), answer.options.end());
    answers[q] = answer;
  }
}

/** Sets the answer of a number question. */
inline void enter(const Assessment& a, Answers& answers, const std::string& question,
                  double value) {
  for (std::size_t q = 0; q < a.questions.size(); ++q) {
    if (a.questions[q].id != question) continue;
    Answer answer;
    answer.number = value;
    answers[q] = answer;
  }
}

/** PHQ-9 as the design describes it, built by hand (no file needed). */
inline Assessment phq9() {
  Builder b("phq9");
  b.scale("total");
  for (int i = 1; i <= 9; ++i) {
    b.single("phq9_" + std::to_string(i), {{"0", {{"total", 0}}},
                                           {"1", {{"total", 1}}},
                                           {"2", {{"total", 2}}},
                                           {"3", {{"total", 3}}}});
  }
  b.outcome("minimal", b.scale_range("total", 0, 4))
      .outcome("mild", b.scale_range("total", 5, 9))
      .outcome("moderate", b.scale_range("total", 10, 14))
      .outcome("moderately-severe", b.scale_range("total", 15, 19))
      .outcome("severe", b.scale_range("total", 20, 27));
  b.alert("self-harm", b.in("phq9_9", {"1", "2", "3"}));
  return b.build();
}

}  // namespace confide::test
