// A valid assessment (one of the seeds, picked by the first byte) driven by an arbitrary
// sequence of reader actions through the JSON API the widget uses, and by arbitrary answer
// sets through the evaluator. Asserted: every reply is well formed; a session always shows
// exactly one step or the results; results always have exactly one outcome; scales stay in
// the ranges that the analysis computes; hidden questions never score.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "answers.hpp"
#include "api.hpp"
#include "fuzz_support.hpp"
#include "loader.hpp"

namespace {

using confide::fuzz::fail;
using nlohmann::json;

struct Seed {
  std::string text;
  confide::Assessment assessment;
  confide::Analysis analysis;
};

std::vector<Seed> load_seeds() {
  std::vector<Seed> seeds;
  const std::filesystem::path root = CONFIDE_SOURCE_DIR;
  for (const auto& folder : {root / "content", root / "tests" / "fixtures" / "valid"}) {
    if (!std::filesystem::is_directory(folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      auto loaded = confide::load_assessment(buffer.str());
      if (!loaded.assessment) continue;  // publisher files and fixtures of other kinds
      confide::Analysis analysis = confide::analyze(*loaded.assessment);
      seeds.push_back({buffer.str(), std::move(*loaded.assessment), std::move(analysis)});
    }
  }
  if (seeds.empty()) fail("no seed assessment found under " + root.string());
  return seeds;
}

const std::vector<Seed>& seeds() {
  static const std::vector<Seed> all = load_seeds();
  return all;
}

/** Reads bytes one at a time, then zeros. */
struct Bytes {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at = 0;
  std::uint8_t next() { return at < size ? data[at++] : 0; }
  bool done() const { return at >= size; }
};

void check_view(const std::string& reply, const confide::Assessment& assessment) {
  const json parsed = json::parse(reply, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("ok") || !parsed["ok"].is_boolean()) {
    fail("a reply that is not {ok, ...}: " + reply.substr(0, 200));
  }
  if (!parsed["ok"].get<bool>()) return;
  const json& view = parsed["view"];
  const std::string step = view.value("step", "");
  const bool has_question = view.contains("question") && view["question"].is_object();
  const bool has_results = view.contains("results") && view["results"].is_object();
  if (step == "question"  ? !(has_question && !has_results)
      : step == "results" ? !(has_results && !has_question)
                          : true) {
    fail("a view is not exactly one step or the results: " + reply.substr(0, 200));
  }
  if (has_results) {
    const json& outcome = view["results"]["outcome"];
    if (!outcome.is_object() || !outcome.contains("id"))
      fail("results without exactly one outcome");
    bool known = false;
    for (const auto& candidate : assessment.outcomes)
      known = known || outcome["id"] == candidate.id;
    if (!known) fail("results name an outcome the assessment does not have");
  }
  const json& progress = view["progress"];
  if (progress["current"].get<double>() > progress["max"].get<double>() ||
      progress["min"].get<double>() > progress["max"].get<double>()) {
    fail("progress out of order: " + progress.dump());
  }
}

std::string option_id(const confide::Question& question, std::uint8_t pick) {
  if (question.options.empty() || pick % 8 == 7) return "no-such-option";
  return question.options[pick % question.options.size()].id;
}

void drive_session(const Seed& seed, Bytes& bytes) {
  const json opened = json::parse(confide::api::open(seed.text, "", "en"), nullptr, false);
  if (!opened.value("ok", false)) fail("a seed does not open");
  const int session = opened["session"].get<int>();
  const auto& questions = seed.assessment.questions;
  for (int actions = 0; actions < 64 && !bytes.done(); ++actions) {
    const std::uint8_t op = bytes.next();
    const confide::Question& question = questions[bytes.next() % questions.size()];
    json action;
    switch (op % 6) {
      case 0:
        action = {{"do", "answer"},
                  {"question", question.id},
                  {"value", option_id(question, bytes.next())}};
        break;
      case 1:
        action = {{"do", "toggle"},
                  {"question", question.id},
                  {"option", option_id(question, bytes.next())},
                  {"checked", (bytes.next() & 1) != 0}};
        break;
      case 2:
        action = {{"do", "answer"},
                  {"question", question.id},
                  {"value", std::to_string(static_cast<int>(bytes.next()) - 20)}};
        break;
      case 3:
        action = {{"do", "next"}};
        break;
      case 4:
        action = {{"do", bytes.next() % 8 == 0 ? "restart" : "back"}};
        break;
      default:
        action = {{"do", "answer"}, {"question", question.id}, {"value", json::array()}};
        break;
    }
    check_view(confide::api::act(session, action.dump()), seed.assessment);
  }
  confide::api::close(session);
}

void check_answers(const Seed& seed, Bytes& bytes) {
  const confide::Assessment& assessment = seed.assessment;
  confide::Answers answers(assessment.questions.size());
  for (std::size_t q = 0; q < assessment.questions.size(); ++q) {
    const confide::Question& question = assessment.questions[q];
    const std::uint8_t pick = bytes.next();
    if (pick % 4 == 0 || question.type == confide::QuestionType::info) continue;
    confide::Answer answer;
    if (question.type == confide::QuestionType::number) {
      answer.number =
          question.min + static_cast<double>(bytes.next()) * (question.max - question.min) / 255.0;
      answer.number = static_cast<double>(static_cast<long long>(answer.number));
    } else if (question.type == confide::QuestionType::single) {
      answer.options.push_back(pick % question.options.size());
    } else {
      const std::uint8_t mask = bytes.next();
      for (std::size_t o = 0; o < question.options.size() && o < 8; ++o) {
        if ((mask >> o) & 1U) answer.options.push_back(o);
      }
      if (answer.options.empty()) continue;
    }
    answers[q] = answer;
  }
  const confide::Evaluation with_stale = confide::evaluate(assessment, answers);
  confide::Answers dropped = answers;
  confide::drop_hidden_answers(assessment, dropped);
  const confide::Evaluation evaluation = confide::evaluate(assessment, dropped);
  if (evaluation.outcome >= assessment.outcomes.size())
    fail("an evaluation without exactly one outcome");
  for (std::size_t q = 0; q < assessment.questions.size(); ++q) {
    if (!evaluation.visible[q] && dropped[q]) fail("a hidden question kept its answer");
  }
  for (std::size_t s = 0; s < assessment.scales.size(); ++s) {
    if (with_stale.scales[s] != evaluation.scales[s])
      fail("a hidden question scored on " + assessment.scales[s].id);
    const confide::ScaleRange& range = seed.analysis.scales[s];
    if (evaluation.scales[s] < range.min || evaluation.scales[s] > range.max) {
      fail("scale " + assessment.scales[s].id + " = " + std::to_string(evaluation.scales[s]) +
           " is outside the analysed range");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Bytes bytes{data, size};
  const Seed& seed = seeds()[bytes.next() % seeds().size()];
  if (bytes.next() & 1U) {
    check_answers(seed, bytes);
  } else {
    drive_session(seed, bytes);
  }
  return 0;
}
