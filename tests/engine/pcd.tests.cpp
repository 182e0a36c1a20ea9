// Clinical tests of content/pcd.json, the postcoital-dysphoria self-check, and of the two
// publisher files that extend it. Every expectation below was written from the check's rules,
// stated with each test, and from what a careful clinician would expect for the reader
// described, not copied from the engine's output: a failure here means the content or the engine
// disagrees with clinical sense, and the content is what should be questioned first.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "answers.hpp"
#include "loader.hpp"
#include "test_support.hpp"

using namespace confide;
using confide::test::describe;
using confide::test::read_file;
using Ids = std::set<std::string>;

namespace {

std::string read_content(const std::string& name) {
  return read_file(test::source_path("content") / name);
}

const Assessment& pcd() {
  static const Assessment loaded = [] {
    const LoadedAssessment result = load_assessment(read_content("pcd.json"));
    if (!result.assessment) {
      FAIL("content/pcd.json does not load:\n" << describe(result.problems));
    }
    return *result.assessment;
  }();
  return loaded;
}

std::size_t question_index(const std::string& id) {
  const auto& questions = pcd().questions;
  for (std::size_t index = 0; index < questions.size(); ++index) {
    if (questions[index].id == id) return index;
  }
  FAIL("no question " << id << " in pcd.json");
  return npos;
}

/** What a reader with given answers is shown, in ids. */
struct Scored {
  std::string outcome;
  Ids findings;
  Ids alerts;
  std::vector<std::string> steps;  ///< visible questions, in document order
  std::map<std::string, double> scales;
};

Scored describe_evaluation(const Evaluation& evaluation) {
  const Assessment& content = pcd();
  Scored scored;
  REQUIRE(evaluation.outcome < content.outcomes.size());
  scored.outcome = content.outcomes[evaluation.outcome].id;
  for (std::size_t index : evaluation.findings) scored.findings.insert(content.findings[index].id);
  for (std::size_t index : evaluation.alerts) scored.alerts.insert(content.alerts[index].id);
  for (std::size_t index = 0; index < content.questions.size(); ++index) {
    if (evaluation.visible[index]) scored.steps.push_back(content.questions[index].id);
  }
  for (std::size_t index = 0; index < content.scales.size(); ++index) {
    scored.scales[content.scales[index].id] = evaluation.scales[index];
  }
  return scored;
}

/** Scores an answers object exactly as `confide score` does: load, drop hidden, evaluate. */
Scored score(const std::string& answers_text) {
  LoadedAnswers loaded = load_answers(answers_text, pcd());
  INFO(answers_text << "\n" << describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  drop_hidden_answers(pcd(), loaded.answers);
  return describe_evaluation(evaluate(pcd(), loaded.answers));
}

bool same_answers(const Answers& left, const Answers& right) {
  if (left.size() != right.size()) return false;
  for (std::size_t index = 0; index < left.size(); ++index) {
    if (left[index].has_value() != right[index].has_value()) return false;
    if (left[index] && (left[index]->options != right[index]->options ||
                        left[index]->number != right[index]->number)) {
      return false;
    }
  }
  return true;
}

bool same_evaluation(const Evaluation& left, const Evaluation& right) {
  return left.visible == right.visible && left.scales == right.scales &&
         left.outcome == right.outcome && left.findings == right.findings &&
         left.alerts == right.alerts;
}

/** A random answer to `question`, as a reader could give it (exclusive options alone). */
Answer random_answer(const Question& question, std::mt19937& random) {
  Answer answer;
  if (question.type == QuestionType::number) {
    std::uniform_int_distribution<long> pick(static_cast<long>(question.min),
                                             static_cast<long>(question.max));
    answer.number = static_cast<double>(pick(random));
    return answer;
  }
  std::uniform_int_distribution<std::size_t> pick(0, question.options.size() - 1);
  if (question.type == QuestionType::single) {
    answer.options.push_back(pick(random));
    return answer;
  }
  std::uniform_int_distribution<int> percent(0, 99);
  const bool take_exclusive = percent(random) < 15;
  for (std::size_t index = 0; index < question.options.size(); ++index) {
    const bool exclusive = question.options[index].exclusive;
    if (take_exclusive ? exclusive : (!exclusive && percent(random) < 30)) {
      answer.options.push_back(index);
      if (take_exclusive) break;
    }
  }
  if (answer.options.empty()) {
    std::size_t index = pick(random);
    while (question.options[index].exclusive) index = (index + 1) % question.options.size();
    answer.options.push_back(index);
  }
  return answer;
}

/**
 * A consistent reader state: random answers, some questions left unanswered unless
 * `complete`, then the answers of hidden questions dropped as the session drops them.
 */
Answers random_answers(std::mt19937& random, bool complete) {
  const Assessment& content = pcd();
  Answers answers(content.questions.size());
  std::uniform_int_distribution<int> percent(0, 99);
  for (std::size_t index = 0; index < content.questions.size(); ++index) {
    if (content.questions[index].type == QuestionType::info) continue;
    if (!complete && percent(random) < 10) continue;
    answers[index] = random_answer(content.questions[index], random);
  }
  drop_hidden_answers(content, answers);
  return answers;
}

/** The questions a condition reads, directly or through a scale's contributing options. */
void referenced_questions(const Condition& condition, std::set<std::size_t>& out) {
  const Assessment& content = pcd();
  if (condition.question != npos) out.insert(condition.question);
  if (condition.scale != npos) {
    for (std::size_t index = 0; index < content.questions.size(); ++index) {
      for (const Option& option : content.questions[index].options) {
        for (const auto& score_entry : option.scores) {
          if (score_entry.first == condition.scale) out.insert(index);
        }
      }
    }
  }
  for (const Condition& child : condition.children) referenced_questions(child, out);
}

/** What a clinician expects for one reader. */
struct Expected {
  std::string outcome;
  Ids findings;
  Ids alerts;
  std::size_t steps;  ///< questions the reader is shown
  double phq2;
  double gad2;
};

bool reports_feelings(const nlohmann::json& answers) {
  if (answers.value("frequency", "never") == "never") return false;
  const auto feelings = answers.find("feelings");
  return feelings != answers.end() && *feelings != nlohmann::json::array({"none"});
}

/**
 * Scores one reader and checks the outcome, findings, alerts, step count and scales.
 * `answers` is laid over a calm background (PHQ-2 and GAD-2 items at 0, no pain), so that each
 * reader lists only what is remarkable about them.
 */
void check_reader(const std::string& answers_text, const Expected& expected) {
  nlohmann::json answers = {
      {"phq2_1", "0"}, {"phq2_2", "0"}, {"gad2_1", "0"}, {"gad2_2", "0"}, {"pain", "never"}};
  const nlohmann::json given = nlohmann::json::parse(answers_text, nullptr, false);
  REQUIRE(given.is_object());
  for (auto item = given.begin(); item != given.end(); ++item) answers[item.key()] = item.value();

  const Scored scored = score(answers.dump());
  INFO(answers.dump());
  CHECK(scored.outcome == expected.outcome);
  CHECK(scored.findings == expected.findings);
  CHECK(scored.alerts == expected.alerts);
  CHECK(scored.steps.size() == expected.steps);
  CHECK(scored.scales.at("phq2") == expected.phq2);
  CHECK(scored.scales.at("gad2") == expected.gad2);
  if (reports_feelings(answers)) {
    // The check promises 10 to 16 steps to readers who have something to tell.
    CHECK(scored.steps.size() >= 10);
    CHECK(scored.steps.size() <= 16);
  }
  // PHQ-9 item 9 is shown exactly to readers whose PHQ-2 reaches the cut-off, and the cycle
  // question exactly to readers with periods who report feelings.
  const bool asked_item_9 = std::count(scored.steps.begin(), scored.steps.end(), "phq9_9") == 1;
  CHECK(asked_item_9 == (expected.phq2 >= 3));
  const bool asked_cycle = std::count(scored.steps.begin(), scored.steps.end(), "cycle") == 1;
  CHECK(asked_cycle == (reports_feelings(answers) && answers.value("periods", "") == "yes"));
}

const std::vector<std::string> kFeelings = {"crying",       "sadness", "anxiety",  "irritation",
                                            "regret-guilt", "shame",   "numbness", "panic"};

}  // namespace

TEST_CASE("pcd.json loads, passes its own ids and names the fixed ids of the check", "[pcd]") {
  const Assessment& content = pcd();
  Ids outcomes, findings, alerts;
  for (const Result& result : content.outcomes) outcomes.insert(result.id);
  for (const Result& result : content.findings) findings.insert(result.id);
  for (const Result& result : content.alerts) alerts.insert(result.id);
  CHECK(outcomes == Ids{"no-pcd", "happy-tears", "occasional", "frequent", "frequent-distressing"});
  CHECK(findings == Ids{"low-mood", "anxiety", "performance-anxiety", "pain", "past-experiences",
                        "relationship", "hormones", "shame-guilt"});
  CHECK(alerts.count("self-harm") == 1);
  CHECK(content.locales == std::vector<std::string>{"en", "fr"});

  SECTION("the self-harm alert carries crisis resources") {
    for (const Result& alert : content.alerts) {
      if (alert.id != "self-harm") continue;
      Ids resources;
      for (std::size_t index : alert.resources) resources.insert(content.resources[index].id);
      CHECK(resources.count("crisis-line") == 1);
      CHECK(resources.count("emergency") == 1);
    }
  }

  SECTION("the fixed questions have the options the check promises") {
    const std::map<std::string, Ids> minimum = {
        {"frequency", {"never", "rarely", "sometimes", "often", "always"}},
        {"feelings",
         {"crying", "sadness", "anxiety", "irritation", "regret-guilt", "shame", "numbness",
          "panic", "none"}},
        {"tears", {"happy"}},
        {"pain", {"never", "sometimes", "often"}},
        {"phq2_1", {"0", "1", "2", "3"}},
        {"phq2_2", {"0", "1", "2", "3"}},
        {"gad2_1", {"0", "1", "2", "3"}},
        {"gad2_2", {"0", "1", "2", "3"}},
        {"phq9_9", {"0", "1", "2", "3"}},
    };
    for (const auto& [id, options] : minimum) {
      const Question& question = content.questions[question_index(id)];
      Ids present;
      for (const Option& option : question.options) {
        present.insert(option.id);
        if (id == "feelings") CHECK(option.exclusive == (option.id == "none"));
      }
      INFO(id);
      CHECK(std::includes(present.begin(), present.end(), options.begin(), options.end()));
    }
  }

  SECTION("the fixed questions branch only on other fixed questions") {
    const Ids fixed = {"frequency", "feelings", "tears",  "pain",  "phq2_1",
                       "phq2_2",    "gad2_1",   "gad2_2", "phq9_9"};
    for (const std::string& id : fixed) {
      const Question& question = content.questions[question_index(id)];
      if (!question.show_if) continue;
      std::set<std::size_t> read;
      referenced_questions(*question.show_if, read);
      for (std::size_t index : read) {
        INFO(id << " depends on " << content.questions[index].id);
        CHECK(fixed.count(content.questions[index].id) == 1);
      }
    }
  }
}

TEST_CASE("representative readers get the results a clinician would expect", "[pcd]") {
  SECTION("happy tears only") {
    // Cries with joy after sex now and then, feels nothing else difficult, calm in general,
    // has periods, no link to her cycle. Joyful tears are not dysphoria.
    check_reader(R"({"frequency": "sometimes", "feelings": ["crying"], "tears": "happy",
                     "duration": "minutes", "impact": "hardly", "context": ["none"],
                     "periods": "yes", "cycle": "no"})",
                 {"happy-tears", {}, {}, 13, 0, 0});
  }
  SECTION("never has these feelings") {
    // Never has strong feelings after sex and is well otherwise: the short path.
    check_reader(R"({"frequency": "never", "gad2_2": "1"})", {"no-pcd", {}, {}, 6, 0, 1});
  }
  SECTION("sometimes sad and ashamed, pain often") {
    // Sometimes sad and ashamed after sex, often has pain during it, mood and worry mild.
    // Occasional PCD, with pain (see a clinician) and shame as contributing factors.
    check_reader(R"({"frequency": "sometimes", "feelings": ["sadness", "shame"],
                     "duration": "hour", "impact": "little", "phq2_1": "1", "phq2_2": "1",
                     "gad2_1": "1", "pain": "often", "context": ["none"], "periods": "no"})",
                 {"occasional", {"pain", "shame-guilt"}, {}, 11, 2, 1});
  }
  SECTION("often panics, PHQ-2 4, item 9 = 1") {
    // Often panics and cries after sex, and it weighs on him a great deal; low mood more than
    // half the days (PHQ-2 = 4) and thoughts of being better off dead on several days. His
    // panic is bound to sex: general worry is mild (GAD-2 = 2), so no anxiety finding (ticking
    // anxiety or panic after sex is not the GAD-2). The self-harm alert must appear.
    check_reader(R"({"frequency": "often", "feelings": ["crying", "anxiety", "panic"],
                     "tears": "sad", "duration": "hours", "impact": "great", "phq2_1": "2",
                     "phq2_2": "2", "phq9_9": "1", "gad2_1": "1", "gad2_2": "1",
                     "context": ["none"], "periods": "no"})",
                 {"frequent-distressing", {"low-mood"}, {"self-harm"}, 13, 4, 2});
  }
  SECTION("feelings follow the menstrual cycle") {
    // Sometimes tearful, sad and irritable after sex, more so in the days before her period:
    // a hormonal pattern worth a cycle diary.
    check_reader(R"({"frequency": "sometimes", "feelings": ["crying", "sadness", "irritation"],
                     "tears": "sad", "duration": "hours", "impact": "little", "phq2_1": "1",
                     "gad2_2": "1", "context": ["none"], "periods": "yes", "cycle": "yes"})",
                 {"occasional", {"hormones"}, {}, 13, 1, 1});
  }
  SECTION("relationship doubts after sex with an ex") {
    // Slept with an ex once or twice, felt sad and regretful for a day, and doubts the
    // relationship. Rare, so occasional even though it weighed on her; regret counts as guilt.
    check_reader(R"({"frequency": "rarely", "feelings": ["sadness", "regret-guilt"],
                     "duration": "day", "impact": "lot", "phq2_1": "1", "phq2_2": "1",
                     "gad2_1": "1", "gad2_2": "1", "context": ["relationship"],
                     "periods": "no"})",
                 {"occasional", {"relationship", "shame-guilt"}, {}, 11, 2, 2});
  }
  SECTION("difficult memories come back") {
    // Often goes numb, panics and cries after sex as old memories surface; it affects her a
    // great deal; anxious in general (GAD-2 = 3); some discomfort during sex.
    check_reader(R"({"frequency": "often", "feelings": ["crying", "numbness", "panic"],
                     "tears": "unsure", "duration": "hours", "impact": "great", "phq2_1": "1",
                     "phq2_2": "1", "gad2_1": "1", "gad2_2": "2", "pain": "sometimes",
                     "context": ["memories"], "periods": "yes", "cycle": "unsure"})",
                 {"frequent-distressing", {"anxiety", "pain", "past-experiences"}, {}, 13, 2, 3});
  }
  SECTION("performance worry") {
    // Worries about his erections and about satisfying his partner, and sometimes feels
    // anxious and a little low after sex.
    check_reader(R"({"frequency": "sometimes", "feelings": ["sadness", "anxiety"],
                     "duration": "minutes", "impact": "little", "phq2_2": "1", "gad2_1": "1",
                     "gad2_2": "1", "context": ["performance"], "periods": "no"})",
                 {"occasional", {"performance-anxiety"}, {}, 11, 1, 2});
  }
  SECTION("GAD-2 exactly 3") {
    // Rarely anxious after sex; nervous more than half the days and unable to stop worrying
    // on several days: GAD-2 exactly 3, the validated cut-off, so the anxiety finding.
    check_reader(R"({"frequency": "rarely", "feelings": ["anxiety"], "duration": "minutes",
                     "impact": "hardly", "gad2_1": "2", "gad2_2": "1", "context": ["none"],
                     "periods": "no"})",
                 {"occasional", {"anxiety"}, {}, 11, 0, 3});
  }
  SECTION("GAD-2 exactly 2") {
    // The same reader one step below the cut-off: no anxiety finding.
    check_reader(R"({"frequency": "rarely", "feelings": ["anxiety"], "duration": "minutes",
                     "impact": "hardly", "gad2_1": "1", "gad2_2": "1", "context": ["none"],
                     "periods": "no"})",
                 {"occasional", {}, {}, 11, 0, 2});
  }
  SECTION("PHQ-2 exactly 3, item 9 = 0") {
    // Sad and empty after sex sometimes; little interest in things more than half the days
    // and down on several days: PHQ-2 exactly 3, so low mood, and item 9 is asked. No
    // thoughts of self-harm: no alert.
    check_reader(R"({"frequency": "sometimes", "feelings": ["sadness", "numbness"],
                     "duration": "hours", "impact": "little", "phq2_1": "2", "phq2_2": "1",
                     "phq9_9": "0", "context": ["none"], "periods": "no"})",
                 {"occasional", {"low-mood"}, {}, 12, 3, 0});
  }
  SECTION("PHQ-2 exactly 2, item 9 never asked") {
    // One step below (PHQ-2 = 2): item 9 is not asked, so an item 9 answer carried in the
    // answers file neither shows nor raises the alert.
    check_reader(R"({"frequency": "sometimes", "feelings": ["sadness", "numbness"],
                     "duration": "hours", "impact": "little", "phq2_1": "1", "phq2_2": "1",
                     "phq9_9": "2", "context": ["none"], "periods": "no"})",
                 {"occasional", {}, {}, 11, 2, 0});
  }
  SECTION("no periods, never asked about the cycle") {
    // Has no periods (a man, or after menopause): never sees the cycle question, and a stale
    // cycle answer cannot produce the hormones finding.
    check_reader(R"({"frequency": "sometimes", "feelings": ["crying", "sadness"],
                     "tears": "mixed", "duration": "hour", "impact": "little",
                     "context": ["none"], "periods": "no", "cycle": "yes"})",
                 {"occasional", {}, {}, 12, 0, 0});
  }
  SECTION("happy tears but also anxiety") {
    // Calls the tears happy, but also feels anxious after sex: a distressing feeling is
    // reported, so this is not "happy tears".
    check_reader(R"({"frequency": "sometimes", "feelings": ["crying", "anxiety"],
                     "tears": "happy", "duration": "minutes", "impact": "hardly",
                     "gad2_1": "1", "context": ["none"], "periods": "no"})",
                 {"occasional", {}, {}, 12, 0, 1});
  }
  SECTION("happy tears, sex sometimes hurts") {
    // Often cries with joy, nothing else difficult, but sex sometimes hurts: still happy
    // tears, and the pain is raised on its own.
    check_reader(R"({"frequency": "often", "feelings": ["crying"], "tears": "happy",
                     "duration": "minutes", "impact": "hardly", "pain": "sometimes",
                     "context": ["none"], "periods": "yes", "cycle": "no"})",
                 {"happy-tears", {"pain"}, {}, 13, 0, 0});
  }
  SECTION("happy tears with low mood") {
    // Joyful tears, but low mood most days (PHQ-2 = 4), no thoughts of self-harm: the outcome
    // is happy tears, and the low mood is still flagged.
    check_reader(R"({"frequency": "sometimes", "feelings": ["crying"], "tears": "happy",
                     "duration": "minutes", "impact": "hardly", "phq2_1": "2", "phq2_2": "2",
                     "phq9_9": "0", "gad2_1": "1", "gad2_2": "1", "context": ["none"],
                     "periods": "no"})",
                 {"happy-tears", {"low-mood"}, {}, 13, 4, 2});
  }
  SECTION("frequent, not weighing") {
    // Cries and feels a bit sad after sex every time, but it hardly bothers her.
    check_reader(R"({"frequency": "always", "feelings": ["crying", "sadness"], "tears": "mixed",
                     "duration": "minutes", "impact": "little", "context": ["none"],
                     "periods": "no"})",
                 {"frequent", {}, {}, 12, 0, 0});
  }
  SECTION("often irritable, weighs quite a lot") {
    // Often irritable after sex and it causes quite a lot of friction: frequent and
    // distressing.
    check_reader(R"({"frequency": "often", "feelings": ["irritation"], "duration": "hour",
                     "impact": "lot", "context": ["none"], "periods": "no"})",
                 {"frequent-distressing", {}, {}, 11, 0, 0});
  }
  SECTION("sometimes, but a great deal") {
    // Sometimes irritable, and when it happens it weighs a great deal: the frequency band
    // decides the outcome (occasional), whose text invites support if it troubles them.
    check_reader(R"({"frequency": "sometimes", "feelings": ["irritation"], "duration": "hours",
                     "impact": "great", "context": ["none"], "periods": "no"})",
                 {"occasional", {}, {}, 11, 0, 0});
  }
  SECTION("rarely, but none of these feelings") {
    // Says "rarely" but then recognises none of the listed feelings; a stale duration answer
    // from before the change is ignored.
    check_reader(R"({"frequency": "rarely", "feelings": ["none"], "duration": "day"})",
                 {"no-pcd", {}, {}, 7, 0, 0});
  }
  SECTION("never, but low mood and thoughts of self-harm") {
    // No feelings after sex at all, but low mood nearly every day, anxious, and thoughts of
    // self-harm more than half the days: safety does not depend on PCD.
    check_reader(R"({"frequency": "never", "phq2_1": "3", "phq2_2": "2", "phq9_9": "2",
                     "gad2_1": "2", "gad2_2": "2"})",
                 {"no-pcd", {"low-mood", "anxiety"}, {"self-harm"}, 7, 5, 4});
  }
  SECTION("shame from upbringing") {
    // Sometimes sad after sex, and was raised to feel that sex is shameful: shame comes from
    // the context question alone.
    check_reader(R"({"frequency": "sometimes", "feelings": ["sadness"], "duration": "hour",
                     "impact": "little", "context": ["shame"], "periods": "no"})",
                 {"occasional", {"shame-guilt"}, {}, 11, 0, 0});
  }
  SECTION("everything at once") {
    // Every feeling, every time, all day, a great deal; severe low mood and anxiety, thoughts
    // of self-harm nearly every day; pain; every context; cycle-linked. Every finding and the
    // alert, on the longest path through the check.
    check_reader(R"({"frequency": "always",
                     "feelings": ["crying", "sadness", "anxiety", "irritation", "regret-guilt",
                                  "shame", "numbness", "panic"],
                     "tears": "sad", "duration": "day", "impact": "great", "phq2_1": "3",
                     "phq2_2": "3", "phq9_9": "3", "gad2_1": "3", "gad2_2": "3", "pain": "often",
                     "context": ["performance", "memories", "relationship", "shame"],
                     "periods": "yes", "cycle": "yes"})",
                 {"frequent-distressing",
                  {"low-mood", "anxiety", "performance-anxiety", "pain", "past-experiences",
                   "relationship", "hormones", "shame-guilt"},
                  {"self-harm"},
                  14,
                  6,
                  6});
  }
}

TEST_CASE("low mood, anxiety, item 9 and the self-harm alert follow the validated cut-offs",
          "[pcd]") {
  // Every PHQ-2 and GAD-2 combination, with item 9 unanswered or at each value.
  const nlohmann::json base = {{"frequency", "sometimes"}, {"feelings", {"sadness"}},
                               {"duration", "hour"},       {"impact", "little"},
                               {"pain", "never"},          {"context", {"none"}},
                               {"periods", "no"}};
  std::size_t combinations = 0;
  for (int phq_a = 0; phq_a <= 3; ++phq_a) {
    for (int phq_b = 0; phq_b <= 3; ++phq_b) {
      for (int gad_a = 0; gad_a <= 3; ++gad_a) {
        for (int gad_b = 0; gad_b <= 3; ++gad_b) {
          for (int item_9 = -1; item_9 <= 3; ++item_9) {
            nlohmann::json answers = base;
            answers["phq2_1"] = std::to_string(phq_a);
            answers["phq2_2"] = std::to_string(phq_b);
            answers["gad2_1"] = std::to_string(gad_a);
            answers["gad2_2"] = std::to_string(gad_b);
            if (item_9 >= 0) answers["phq9_9"] = std::to_string(item_9);
            const Scored scored = score(answers.dump());
            const bool low_mood = phq_a + phq_b >= 3;
            const bool anxious = gad_a + gad_b >= 3;
            Ids findings;
            if (low_mood) findings.insert("low-mood");
            if (anxious) findings.insert("anxiety");
            Ids alerts;
            if (low_mood && item_9 > 0) alerts.insert("self-harm");
            const bool asked_item_9 =
                std::count(scored.steps.begin(), scored.steps.end(), "phq9_9") == 1;
            INFO(answers.dump());
            CHECK(scored.findings == findings);
            CHECK(scored.alerts == alerts);
            CHECK(asked_item_9 == low_mood);
            CHECK(scored.outcome == "occasional");
            CHECK(scored.scales.at("phq2") == phq_a + phq_b);
            CHECK(scored.scales.at("gad2") == gad_a + gad_b);
            ++combinations;
          }
        }
      }
    }
  }
  CHECK(combinations == 4 * 4 * 4 * 4 * 5);
}

TEST_CASE("the outcome follows the rules for every frequency, feelings, tears and impact",
          "[pcd]") {
  // The reference rules: no-pcd when nothing is felt; happy-tears when
  // the tears are joyful and nothing but crying is reported; otherwise the frequency band, with
  // frequent-distressing when frequent feelings weigh quite a lot or a great deal.
  const std::vector<std::string> frequencies = {"never", "rarely", "sometimes", "often", "always"};
  const std::vector<std::string> tears_values = {"", "happy", "mixed", "sad", "unsure"};
  const std::vector<std::string> impacts = {"hardly", "little", "lot", "great"};
  const nlohmann::json base = {{"phq2_1", "0"},       {"phq2_2", "0"},   {"gad2_1", "0"},
                               {"gad2_2", "0"},       {"pain", "never"}, {"duration", "hour"},
                               {"context", {"none"}}, {"periods", "no"}};
  // Every non-empty subset of the eight feelings, then the exclusive "none".
  std::vector<std::vector<std::string>> feelings_sets;
  for (unsigned mask = 1; mask < (1u << kFeelings.size()); ++mask) {
    std::vector<std::string> chosen;
    for (std::size_t bit = 0; bit < kFeelings.size(); ++bit) {
      if (mask & (1u << bit)) chosen.push_back(kFeelings[bit]);
    }
    feelings_sets.push_back(chosen);
  }
  feelings_sets.push_back({"none"});

  std::size_t happy_tears = 0;
  for (const std::string& frequency : frequencies) {
    for (const auto& feelings : feelings_sets) {
      for (const std::string& tears : tears_values) {
        for (const std::string& impact : impacts) {
          nlohmann::json answers = base;
          answers["frequency"] = frequency;
          answers["feelings"] = feelings;
          answers["impact"] = impact;
          if (!tears.empty()) answers["tears"] = tears;
          const Scored scored = score(answers.dump());

          const bool felt = frequency != "never" && feelings != std::vector<std::string>{"none"};
          const bool crying =
              felt && std::find(feelings.begin(), feelings.end(), "crying") != feelings.end();
          const bool only_crying = crying && feelings.size() == 1;
          const bool frequent = frequency == "often" || frequency == "always";
          std::string expected;
          if (!felt) {
            expected = "no-pcd";
          } else if (only_crying && tears == "happy") {
            expected = "happy-tears";
          } else if (frequent && (impact == "lot" || impact == "great")) {
            expected = "frequent-distressing";
          } else if (frequent) {
            expected = "frequent";
          } else {
            expected = "occasional";
          }
          Ids findings;
          if (felt && std::any_of(feelings.begin(), feelings.end(), [](const std::string& id) {
                return id == "regret-guilt" || id == "shame";
              })) {
            findings.insert("shame-guilt");
          }
          const bool asked_tears =
              std::count(scored.steps.begin(), scored.steps.end(), "tears") == 1;
          INFO(answers.dump());
          CHECK(scored.outcome == expected);
          CHECK(scored.findings == findings);
          CHECK(scored.alerts.empty());
          CHECK(asked_tears == crying);
          if (expected == "happy-tears") ++happy_tears;
        }
      }
    }
  }
  // Four frequencies with feelings, each with one feeling set, one tears value, four impacts.
  CHECK(happy_tears == 4 * 4);
}

TEST_CASE("hidden questions never score: a stale answer to a hidden question changes nothing",
          "[pcd]") {
  const Assessment& content = pcd();
  std::mt19937 random(20261124);
  std::vector<std::size_t> tried(content.questions.size(), 0);
  for (int round = 0; round < 4000; ++round) {
    const Answers answers = random_answers(random, round % 2 == 0);
    const Evaluation before = evaluate(content, answers);
    // The reader's state is consistent: every answered question is visible.
    for (std::size_t index = 0; index < answers.size(); ++index) {
      if (answers[index]) REQUIRE(before.visible[index]);
    }
    for (std::size_t index = 0; index < content.questions.size(); ++index) {
      const Question& question = content.questions[index];
      if (!question.show_if || before.visible[index] || question.type == QuestionType::info) {
        continue;
      }
      Answers stale = answers;
      stale[index] = random_answer(question, random);
      INFO("round " << round << ", stale answer to " << question.id);
      CHECK(same_evaluation(evaluate(content, stale), before));
      CHECK(drop_hidden_answers(content, stale));
      CHECK(same_answers(stale, answers));
      ++tried[index];
    }
  }
  for (std::size_t index = 0; index < content.questions.size(); ++index) {
    if (!content.questions[index].show_if) continue;
    INFO(content.questions[index].id);
    CHECK(tried[index] >= 100);
  }
}

TEST_CASE("readers who report feelings take 10 to 16 steps", "[pcd]") {
  const Assessment& content = pcd();
  const std::size_t frequency = question_index("frequency");
  const std::size_t feelings = question_index("feelings");
  std::mt19937 random(7);
  std::size_t readers = 0;
  std::size_t shortest = content.questions.size();
  std::size_t longest = 0;
  for (int round = 0; round < 4000; ++round) {
    const Answers answers = random_answers(random, true);
    const Evaluation evaluation = evaluate(content, answers);
    const bool never =
        content.questions[frequency].options[answers[frequency]->options[0]].id == "never";
    if (never) continue;
    REQUIRE(answers[feelings]);
    const auto& chosen = answers[feelings]->options;
    if (chosen.size() == 1 && content.questions[feelings].options[chosen[0]].id == "none") {
      continue;
    }
    const auto steps = static_cast<std::size_t>(
        std::count(evaluation.visible.begin(), evaluation.visible.end(), true));
    CHECK(steps >= 10);
    CHECK(steps <= 16);
    shortest = std::min(shortest, steps);
    longest = std::max(longest, steps);
    ++readers;
  }
  CHECK(readers > 1000);
  // 11 common steps, plus the tears, item 9 and cycle questions when they apply.
  CHECK(shortest == 11);
  CHECK(longest == 14);
}

namespace {

// Keys whose value is a Text in assessment and publisher files; every value under `ui` and
// `texts` is one too. `brand` is deliberately not here: a brand name is the same in every
// language by definition.
const std::set<std::string> kTextKeys = {"title", "intro", "about", "hint",        "label", "body",
                                         "unit",  "name",  "price", "description", "notice"};

/** Plain strings that need no translation: addresses and phone numbers only. */
bool needs_no_translation(const std::string& text) {
  if (text.rfind("https://", 0) == 0 && text.find(' ') == std::string::npos) return true;
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-';
  });
}

/** The `tel:` targets linked from a markup text. */
Ids phone_links(const std::string& text) {
  Ids found;
  std::size_t at = 0;
  while ((at = text.find("](tel:", at)) != std::string::npos) {
    const std::size_t start = at + 6;
    const std::size_t end = text.find(')', start);
    found.insert(text.substr(start, end - start));
    at = start;
  }
  return found;
}

void check_texts(const nlohmann::json& node, const std::string& pointer, const std::string& key,
                 const std::vector<std::string>& locales, bool is_text, std::size_t& count) {
  if (is_text) {
    ++count;
    INFO(pointer);
    if (node.is_string()) {
      INFO(node.get<std::string>());
      CHECK(needs_no_translation(node.get<std::string>()));
      return;
    }
    REQUIRE(node.is_object());
    std::vector<std::string> keys;
    for (auto item = node.begin(); item != node.end(); ++item) keys.push_back(item.key());
    std::vector<std::string> wanted = locales;
    std::sort(wanted.begin(), wanted.end());
    CHECK(keys == wanted);
    for (const std::string& locale : locales) {
      const auto text = node.find(locale);
      REQUIRE(text != node.end());
      REQUIRE(text->is_string());
      CHECK_FALSE(text->get<std::string>().empty());
    }
    const std::string english = node.value("en", "");
    const std::string french = node.value("fr", "");
    // A multi-word text left identical in French was not translated.
    if (english.find(' ') != std::string::npos) CHECK(english != french);
    // Crisis and service numbers must be the same whatever the reader's language.
    CHECK(phone_links(english) == phone_links(french));
    return;
  }
  if (node.is_object()) {
    // Every value of the `ui` and `texts` maps is a text, whatever its key.
    const bool texts_inside = key == "ui" || key == "texts";
    for (auto item = node.begin(); item != node.end(); ++item) {
      const bool child_is_text = texts_inside || kTextKeys.count(item.key()) == 1;
      check_texts(item.value(), pointer + "/" + item.key(), item.key(), locales, child_is_text,
                  count);
    }
  } else if (node.is_array()) {
    for (std::size_t index = 0; index < node.size(); ++index) {
      check_texts(node[index], pointer + "/" + std::to_string(index), "", locales, false, count);
    }
  }
}

}  // namespace

TEST_CASE("every text of pcd.json and its publisher files is complete in French", "[pcd]") {
  const std::vector<std::string> locales = {"en", "fr"};
  for (const std::string name :
       {"pcd.json", "publishers/health-demo.json", "publishers/retail-demo.json"}) {
    DYNAMIC_SECTION(name) {
      const nlohmann::json document = nlohmann::json::parse(read_content(name), nullptr, false);
      REQUIRE_FALSE(document.is_discarded());
      std::size_t count = 0;
      check_texts(document, "", "", locales, false, count);
      CHECK(count > 20);
    }
  }
}

TEST_CASE("both publisher files load against pcd.json", "[pcd]") {
  for (const std::string name : {"publishers/health-demo.json", "publishers/retail-demo.json"}) {
    DYNAMIC_SECTION(name) {
      const LoadedPublisher loaded = load_publisher(read_content(name), pcd());
      INFO(describe(loaded.problems));
      REQUIRE(loaded.publisher);
      CHECK(loaded.publisher->extends == "pcd");
      // No product is ever offered beside a safety or mental-health result.
      for (const Block& block : loaded.publisher->blocks) {
        if (block.kind != Block::Kind::products) continue;
        for (const std::string& id : block.for_results) {
          INFO(block.id << " is for " << id);
          CHECK(id != "self-harm");
          CHECK(id != "low-mood");
          CHECK(id != "past-experiences");
        }
      }
    }
  }
}
