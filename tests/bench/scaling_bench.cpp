// Growth of the engine's costs with the size of the content: generated assessments of 1, 10 and
// 100 units (a unit is two questions with showIf chains, a scale, an outcome with scale bands, a
// finding with nested conditions and long texts with markup; 100 units reach the limits of
// limits.hpp: 200 questions, 200 results, about 1800 conditions). For load_assessment, analyze
// (at a search budget of 100 steps per question, see below), api::open and one reader action
// (answer + next through api::act), and the markup parsers over adversarial patterns repeated
// to 2, 20 and 200 KB (tests/engine/markup_patterns.hpp), it prints the median time per size
// and per unit, and calls
// a row SUPERLINEAR when the per-unit time at 100x is more than 3x the one at 1x or at 10x, and
// prints what the analysis decided at each size (giving up is fast, so a faster analysis must
// decide as much). Asserts nothing: a shared machine's timings are not a test.
//
// The analysis row. All the searches of an analysis share one budget, proportional to the
// number of questions (AnalysisOptions::steps_per_question), so that no content makes the
// analysis superlinear. Below that budget the exact work on this content still grows with the
// square of its size: every finding reads "total", which every question scores on, so each
// finding's search covers the whole content, and the maximum of each unit's scale needs the
// chain of showIfs before it (about 44 000 steps at 100x against 600 at 10x). The bench runs
// the analysis at 100 steps per question, which binds at 100x (20 000 steps), to show that the
// time per unit stops growing once the budget binds. Figures on a shared two-core machine:
//   - at 100 steps per question: 0.07 to 0.1 ms, 0.8 to 1.3 ms and 17 to 23 ms, 1.9 to 2.4
//     times the time per unit at 100x. 1x and 10x are decided in full; at 100x the same 99
//     errors are proven and 101 targets are left undecided (71 scale maxima, 30 findings:
//     warnings);
//   - at the default of 10 000 steps per question (pass 10000): every size decided in full,
//     100x in 24 to 36 ms, 3 to 4.5 times the time per unit (3.5 times as many instructions
//     per unit, counted by callgrind, as at 1x).
// Not run by the test suite; after building the target:
//
//   build/native/tests/confide_scaling_bench [SECONDS_PER_MEASUREMENT [STEPS_PER_QUESTION]]
//   (defaults 0.4 and 100)

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../engine/markup_patterns.hpp"
#include "analysis.hpp"
#include "api.hpp"
#include "loader.hpp"
#include "markup.hpp"

namespace {

using nlohmann::json;

/** Prose with every kind of markup, about `bytes` long. */
std::string long_text(std::size_t unit, std::size_t bytes) {
  const std::string u = std::to_string(unit);
  const std::string paragraph = "Some **plain words** about unit " + u +
                                ", with *emphasis*, an escaped \\*star\\* and a "
                                "[link](https://example.org/unit/" +
                                u + ").\n\n- first point of " + u + "\n- second **point**\n\n";
  std::string text;
  while (text.size() + paragraph.size() <= bytes) text += paragraph;
  return text + "The end of " + u + ".";
}

json options(const std::string& prefix, std::size_t count, const std::string& scale,
             bool exclusive_last) {
  json list = json::array();
  for (std::size_t i = 0; i < count; ++i) {
    json option = {{"id", prefix + std::to_string(i)},
                   {"label", "Option **" + std::to_string(i) + "** of " + prefix},
                   {"scores", {{"total", i}}}};
    if (!scale.empty()) option["scores"][scale] = i;
    if (exclusive_last && i + 1 == count) option["exclusive"] = true;
    list.push_back(std::move(option));
  }
  return list;
}

/** An assessment of `units` units; see the comment at the top. */
std::string generate(std::size_t units) {
  json questions = json::array();
  json scales = {{{"id", "total"}, {"title", "Total"}}};
  json outcomes = json::array();
  json findings = json::array();
  for (std::size_t u = 0; u < units; ++u) {
    const std::string n = std::to_string(u);
    const std::string a = "a" + n;
    const std::string b = "b" + n;
    const std::string scale = "s" + n;
    scales.push_back({{"id", scale}, {"title", "Scale " + n}});

    // a<u>: shown unless the previous one chose its first option, so the chain branches.
    json first = {{"id", a},
                  {"type", "single"},
                  {"title", "Question " + n + "?"},
                  {"hint", long_text(u, 300)},
                  {"options", options("o", 4, scale, false)}};
    if (u > 0) {
      const std::string previous = "a" + std::to_string(u - 1);
      first["showIf"] = {
          {"any",
           {{{"answer", previous}, {"notIn", {"o0"}}}, {{"not", {{"answered", previous}}}}}}};
    }
    questions.push_back(std::move(first));

    // b<u>: multiple, number or info in turn, shown on a band of the unit's scale.
    json second = {{"id", b}, {"title", "Detail " + n}};
    switch (u % 3) {
      case 0:
        second["type"] = "multiple";
        second["options"] = options("m", 4, "", true);
        break;
      case 1:
        second["type"] = "number";
        second["min"] = 0;
        second["max"] = 100;
        second["unit"] = "days";
        break;
      default:
        second["type"] = "info";
        second["body"] = long_text(u, 600);
        break;
    }
    second["showIf"] = {{"all", {{{"answered", a}}, {{"scale", scale}, {"atMost", 2}}}}};
    questions.push_back(std::move(second));

    // An outcome per band of the unit's scale; the last outcome is the fallback.
    json outcome = {{"id", "out" + n},
                    {"title", "Outcome " + n},
                    {"body", {{"en", long_text(u, 1000)}, {"fr", long_text(u, 900)}}}};
    if (u + 1 < units) {
      outcome["when"] = {
          {"all",
           {{{"scale", scale}, {"between", {u % 3, 3}}},
            {{"any",
              {{{"answer", a}, {"in", {"o2", "o3"}}}, {{"scale", "total"}, {"atLeast", u}}}}}}}};
    }
    outcomes.push_back(std::move(outcome));

    findings.push_back({{"id", "find" + n},
                        {"title", "Finding " + n},
                        {"body", long_text(u, 500)},
                        {"when",
                         {{"any",
                           {{{"all",
                              {{{"answer", a}, {"in", {"o3"}}},
                               {{"not", {{"scale", "total"}, {"atMost", 2 * u}}}}}}},
                            {{"answer", a}, {"in", {"o1"}}}}}}}});
  }
  const json document = {{"confide", 1},
                         {"id", "scaling"},
                         {"version", "1.0.0"},
                         {"locales", {"en", "fr"}},
                         {"title", "Scaling **" + std::to_string(units) + "**"},
                         {"intro", long_text(units, 400)},
                         {"questions", questions},
                         {"scales", scales},
                         {"outcomes", outcomes},
                         {"findings", findings}};
  return document.dump();
}

/**
 * Median of repeated runs of `work`, in microseconds, within about `seconds`; `reset` runs
 * untimed after each.
 */
double median_us(
    double seconds, const std::function<void()>& work, const std::function<void()>& reset = [] {}) {
  std::vector<double> samples;
  double spent = 0;
  while (samples.size() < 3 || (spent < seconds * 1e6 && samples.size() < 10000)) {
    const auto start = std::chrono::steady_clock::now();
    work();
    const auto stop = std::chrono::steady_clock::now();
    reset();
    samples.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    spent += samples.back();
  }
  std::nth_element(samples.begin(), samples.begin() + static_cast<long>(samples.size() / 2),
                   samples.end());
  return samples[samples.size() / 2];
}

int session_of(const std::string& opened) {
  const auto handle = opened.find("\"session\":");
  if (handle == std::string::npos) {
    std::fprintf(stderr, "cannot open the generated content: %.400s\n", opened.c_str());
    std::exit(1);
  }
  return std::atoi(opened.c_str() + handle + 10);
}

constexpr std::array<std::size_t, 3> sizes = {1, 10, 100};

struct Row {
  std::string name;
  std::array<double, 3> median{};
};

void print(const Row& row) {
  std::array<double, 3> unit{};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    unit[i] = row.median[i] / static_cast<double>(sizes[i]);
  }
  const double growth = unit[2] / std::min(unit[0], unit[1]);
  std::printf("%-22s %11.1f %11.1f %11.1f | %9.2f %9.2f %9.2f | %6.2fx  %s\n", row.name.c_str(),
              row.median[0], row.median[1], row.median[2], unit[0], unit[1], unit[2], growth,
              growth > 3 ? "SUPERLINEAR" : "linear");
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::strtod(argv[1], nullptr) : 0.4;
  confide::AnalysisOptions budget;
  budget.steps_per_question = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 100;
  std::array<std::string, 3> texts;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    texts[i] = generate(sizes[i]);
    const auto loaded = confide::load_assessment(texts[i]);
    if (!loaded.assessment) {
      std::fprintf(stderr, "the %zux content does not load: %s at %s\n", sizes[i],
                   loaded.problems.at(0).code.c_str(), loaded.problems.at(0).pointer.c_str());
      return 1;
    }
    // What the analysis decides matters as much as its time: giving up is fast.
    const confide::Analysis report = confide::analyze(*loaded.assessment, budget);
    std::size_t errors = 0, undecided = 0;
    for (const confide::Problem& problem : report.problems) {
      errors += problem.severity == confide::Severity::error ? 1u : 0u;
      undecided += problem.code == "undecided" ? 1u : 0u;
    }
    std::printf(
        "%4zux: %3zu questions, %3zu results, %7zu bytes; analysis: %zu errors, %zu undecided\n",
        sizes[i], loaded.assessment->questions.size(),
        loaded.assessment->outcomes.size() + loaded.assessment->findings.size(), texts[i].size(),
        errors, undecided);
  }

  Row load{"load_assessment"};
  Row analysis{"analyze (" + std::to_string(budget.steps_per_question) + " steps/q)"};
  Row open{"api::open"};
  Row action{"answer + next (act)"};
  Row markup{"markup (12 patterns)"};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::string& text = texts[i];
    load.median[i] = median_us(seconds, [&] {
      if (!confide::load_assessment(text).assessment) std::abort();
    });
    const auto loaded = confide::load_assessment(text);
    analysis.median[i] = median_us(seconds, [&] { confide::analyze(*loaded.assessment, budget); });
    open.median[i] = median_us(
        seconds, [&] { confide::api::close(session_of(confide::api::open(text, "", "en"))); });
    // On the first question, answered in turn with options 1 and 2, then back untimed.
    const int session = session_of(confide::api::open(text, "", "en"));
    std::size_t turn = 0;
    action.median[i] = median_us(
        seconds,
        [&] {
          const std::string answer = std::string(R"({"do":"answer","question":"a0","value":"o)") +
                                     static_cast<char>('1' + turn++ % 2) + "\"}";
          if (confide::api::act(session, answer).find("\"ok\":true") == std::string::npos ||
              confide::api::act(session, R"({"do":"next"})").find("\"ok\":true") ==
                  std::string::npos) {
            std::abort();
          }
        },
        [&] { confide::api::act(session, R"({"do":"back"})"); });
    confide::api::close(session);
    // Each adversarial pattern repeated to 2 KB, 20 KB and 200 KB of markup, parsed every way.
    std::vector<std::string> repeated;
    for (const std::string_view pattern : confide::testing::adversarial_markup) {
      std::string big;
      while (big.size() < 2000 * sizes[i]) big += pattern;
      repeated.push_back(std::move(big));
    }
    markup.median[i] = median_us(seconds, [&] {
      for (const std::string& big : repeated) {
        if (confide::parse_inline(big).empty() || confide::parse_rich(big).empty()) std::abort();
        (void)confide::links_in(big);
      }
    });
  }

  std::printf("\n%-22s %11s %11s %11s | %9s %9s %9s | per unit 100x vs\n", "median (us)", "1x",
              "10x", "100x", "1x/unit", "10x/unit", "100x/unit");
  std::printf("%-22s %11s %11s %11s | %9s %9s %9s | min(1x, 10x)\n", "", "", "", "", "", "", "");
  for (const Row* row : {&load, &analysis, &open, &action, &markup}) print(*row);
  return 0;
}
