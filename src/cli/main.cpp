// The `confide` command: checks, scores and analyses content with the same engine the widget
// runs, so a publisher sees on the command line exactly what a reader would get.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "answers.hpp"
#include "loader.hpp"
#include "model.hpp"
#include "problem.hpp"

namespace {

using json = nlohmann::ordered_json;
using namespace confide;

constexpr int exit_ok = 0;
constexpr int exit_problems = 1;
constexpr int exit_usage = 2;

constexpr const char* usage_text = R"(Usage:
  confide check FILE...
      Validate assessment and publisher files. A publisher file is checked together with
      the assessment it extends (found among FILE..., else as ID.json beside it or in its
      parent folder).
  confide score ASSESSMENT ANSWERS [--publisher FILE] [--locale L] [--strict]
      Score ANSWERS (a JSON file, or - for standard input: {"question": "option" |
      ["option", ...] | number}) as a reader with these answers would see it. Prints
      {"outcome", "scales", "findings", "alerts"}. --strict requires every visible
      required question to be answered.
  confide analyze ASSESSMENT [--json]
      Report scale ranges, an answer set that reaches each outcome, finding and alert,
      and every problem the analysis proves.

Exit status: 0 valid, 1 problems found (printed as FILE:/json/pointer: message), 2 usage.
)";

/** A file read whole, or the reason it could not be. */
struct FileText {
  std::string text;
  std::optional<std::string> error;
};

FileText read_file(const std::string& path) {
  FileText file;
  if (path == "-") {
    file.text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return file;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    file.error = "cannot open the file";
    return file;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) file.error = "cannot read the file";
  file.text = buffer.str();
  return file;
}

void print_problems(const std::string& file, const Problems& problems) {
  for (const Problem& problem : problems) {
    std::cerr << file << ':' << problem.pointer << ": "
              << (problem.severity == Severity::warning ? "warning: " : "") << problem.message
              << " [" << problem.code << "]\n";
  }
}

void print_unreadable(const std::string& file, const std::string& reason) {
  std::cerr << file << ":: " << reason << '\n';
}

/** Numbers print as integers when they are whole, so a total reads 13, not 13.0. */
json number_json(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.0e15) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

json answers_json(const Assessment& assessment, const Answers& answers) {
  json object = json::object();
  for (std::size_t q = 0; q < assessment.questions.size(); ++q) {
    if (!answers[q]) continue;
    const Question& question = assessment.questions[q];
    const Answer& answer = *answers[q];
    switch (question.type) {
      case QuestionType::single:
        if (!answer.options.empty()) object[question.id] = question.options[answer.options[0]].id;
        break;
      case QuestionType::multiple: {
        json ids = json::array();
        for (std::size_t option : answer.options) ids.push_back(question.options[option].id);
        object[question.id] = std::move(ids);
        break;
      }
      case QuestionType::number:
        object[question.id] = number_json(answer.number);
        break;
      case QuestionType::info:
        break;
    }
  }
  return object;
}

std::string dirname(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

/** Whether a file reads as a publisher file: a JSON object with an "extends" key. */
bool looks_like_publisher(const std::string& text) {
  const json document = json::parse(text, nullptr, false);
  return document.is_object() && document.contains("extends");
}

/** An assessment loaded for the command line, with the file it came from. */
struct AssessmentFile {
  std::string path;
  std::optional<Assessment> assessment;
};

/**
 * Loads and analyses one assessment file, printing its problems. Returns the assessment when
 * it has no error.
 */
std::optional<Assessment> check_assessment(const std::string& path, const std::string& text,
                                           bool& ok) {
  LoadedAssessment loaded = load_assessment(text);
  Problems problems = std::move(loaded.problems);
  if (loaded.assessment) {
    Analysis analysis = analyze(*loaded.assessment);
    problems.insert(problems.end(), analysis.problems.begin(), analysis.problems.end());
  }
  print_problems(path, problems);
  if (has_errors(problems)) {
    ok = false;
    return std::nullopt;
  }
  return loaded.assessment;
}

/** Finds the assessment a publisher file extends: among the given files, else beside it. */
std::optional<Assessment> find_extended(const std::string& publisher_path, const std::string& id,
                                        const std::vector<AssessmentFile>& given,
                                        std::string& where, bool& ok) {
  for (const AssessmentFile& file : given) {
    if (file.assessment && file.assessment->id == id) {
      where = file.path;
      return file.assessment;
    }
  }
  const std::string folder = dirname(publisher_path);
  for (const std::string& candidate :
       {folder + "/" + id + ".json", folder + "/../" + id + ".json"}) {
    FileText file = read_file(candidate);
    if (file.error) continue;
    where = candidate;
    return check_assessment(candidate, file.text, ok);
  }
  return std::nullopt;
}

bool check_publisher(const std::string& path, const std::string& text,
                     const std::vector<AssessmentFile>& given) {
  const std::string id = publisher_extends(text);
  if (id.empty()) {
    // Without a readable "extends" the loader's own problems explain what is wrong.
    Assessment empty;
    empty.locales.push_back("en");
    LoadedPublisher loaded = load_publisher(text, empty);
    print_problems(path, loaded.problems);
    return false;
  }
  bool ok = true;
  std::string where;
  std::optional<Assessment> assessment = find_extended(path, id, given, where, ok);
  if (!assessment) {
    std::cerr << path << ":/extends: "
              << (where.empty() ? "no assessment \"" + id + "\" among the files given, nor as " +
                                      id + ".json beside this file or in its parent folder"
                                : "the assessment \"" + id + "\" in " + where + " is not valid")
              << " [unknown-id]\n";
    return false;
  }
  LoadedPublisher loaded = load_publisher(text, *assessment);
  Problems problems = std::move(loaded.problems);
  if (loaded.publisher) {
    Problems more = analyze_publisher(*loaded.publisher, *assessment);
    problems.insert(problems.end(), more.begin(), more.end());
  }
  print_problems(path, problems);
  return ok && !has_errors(problems);
}

int command_check(const std::vector<std::string>& files) {
  if (files.empty()) {
    std::cerr << "confide check: name at least one file\n" << usage_text;
    return exit_usage;
  }
  bool ok = true;
  std::vector<AssessmentFile> assessments;
  std::vector<std::pair<std::string, std::string>> publishers;
  for (const std::string& path : files) {
    FileText file = read_file(path);
    if (file.error) {
      print_unreadable(path, *file.error);
      ok = false;
      continue;
    }
    if (looks_like_publisher(file.text)) {
      publishers.emplace_back(path, std::move(file.text));
    } else {
      assessments.push_back({path, check_assessment(path, file.text, ok)});
    }
  }
  for (const auto& [path, text] : publishers) {
    if (!check_publisher(path, text, assessments)) ok = false;
  }
  return ok ? exit_ok : exit_problems;
}

/** Loads an assessment for score/analyze, printing its problems; nullopt on error. */
std::optional<Assessment> load_for_use(const std::string& path) {
  FileText file = read_file(path);
  if (file.error) {
    print_unreadable(path, *file.error);
    return std::nullopt;
  }
  LoadedAssessment loaded = load_assessment(file.text);
  print_problems(path, loaded.problems);
  return loaded.assessment;
}

int command_score(const std::vector<std::string>& args) {
  std::vector<std::string> positional;
  std::string publisher_path;
  std::string locale;
  bool strict = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--strict") {
      strict = true;
    } else if ((arg == "--publisher" || arg == "--locale") && i + 1 < args.size()) {
      (arg == "--publisher" ? publisher_path : locale) = args[++i];
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      std::cerr << "confide score: unknown option " << arg << '\n' << usage_text;
      return exit_usage;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) {
    std::cerr << "confide score: expects ASSESSMENT and ANSWERS\n" << usage_text;
    return exit_usage;
  }
  const std::string& assessment_path = positional[0];
  const std::string& answers_path = positional[1];

  std::optional<Assessment> assessment = load_for_use(assessment_path);
  if (!assessment) return exit_problems;
  if (!locale.empty() && std::find(assessment->locales.begin(), assessment->locales.end(),
                                   locale) == assessment->locales.end()) {
    std::cerr << "confide score: " << assessment_path << " has no locale \"" << locale << "\"\n";
    return exit_usage;
  }
  if (!publisher_path.empty()) {
    FileText file = read_file(publisher_path);
    if (file.error) {
      print_unreadable(publisher_path, *file.error);
      return exit_problems;
    }
    LoadedPublisher publisher = load_publisher(file.text, *assessment);
    print_problems(publisher_path, publisher.problems);
    if (!publisher.publisher) return exit_problems;
  }

  FileText answers_file = read_file(answers_path);
  if (answers_file.error) {
    print_unreadable(answers_path, *answers_file.error);
    return exit_problems;
  }
  LoadedAnswers loaded = load_answers(answers_file.text, *assessment);
  print_problems(answers_path, loaded.problems);
  if (has_errors(loaded.problems)) return exit_problems;

  // A reader never sees a hidden question, so its answer cannot count.
  Answers answers = std::move(loaded.answers);
  drop_hidden_answers(*assessment, answers);
  const Evaluation evaluation = evaluate(*assessment, answers);

  if (strict) {
    bool complete = true;
    for (std::size_t q = 0; q < assessment->questions.size(); ++q) {
      const Question& question = assessment->questions[q];
      if (evaluation.visible[q] && question.required && question.type != QuestionType::info &&
          !answers[q]) {
        std::cerr << answers_path << ":/" << pointer_token(question.id)
                  << ": this question is shown and required but has no answer [missing-answer]\n";
        complete = false;
      }
    }
    if (!complete) return exit_problems;
  }

  json out = json::object();
  out["outcome"] = evaluation.outcome == npos ? json(nullptr)
                                              : json(assessment->outcomes[evaluation.outcome].id);
  json scales = json::object();
  for (std::size_t s = 0; s < assessment->scales.size(); ++s) {
    scales[assessment->scales[s].id] = number_json(evaluation.scales[s]);
  }
  out["scales"] = std::move(scales);
  json findings = json::array();
  for (std::size_t f : evaluation.findings) findings.push_back(assessment->findings[f].id);
  out["findings"] = std::move(findings);
  json alerts = json::array();
  for (std::size_t a : evaluation.alerts) alerts.push_back(assessment->alerts[a].id);
  out["alerts"] = std::move(alerts);
  std::cout << out.dump() << '\n';
  return exit_ok;
}

const char* severity_name(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

json witnesses_json(const Assessment& assessment, const std::vector<Result>& results,
                    const std::vector<std::optional<Answers>>& witnesses) {
  json object = json::object();
  for (std::size_t i = 0; i < results.size(); ++i) {
    object[results[i].id] = i < witnesses.size() && witnesses[i]
                                ? answers_json(assessment, *witnesses[i])
                                : json(nullptr);
  }
  return object;
}

void print_witnesses(const char* heading, const Assessment& assessment,
                     const std::vector<Result>& results,
                     const std::vector<std::optional<Answers>>& witnesses) {
  if (results.empty()) return;
  std::cout << heading << ":\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::cout << "  " << results[i].id << ": ";
    if (i < witnesses.size() && witnesses[i]) {
      std::cout << "reached by " << answers_json(assessment, *witnesses[i]).dump() << '\n';
    } else {
      std::cout << "no answer set found\n";
    }
  }
}

int command_analyze(const std::vector<std::string>& args) {
  bool as_json = false;
  std::vector<std::string> positional;
  for (const std::string& arg : args) {
    if (arg == "--json") {
      as_json = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "confide analyze: unknown option " << arg << '\n' << usage_text;
      return exit_usage;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 1) {
    std::cerr << "confide analyze: expects one ASSESSMENT\n" << usage_text;
    return exit_usage;
  }
  const std::string& path = positional[0];
  FileText file = read_file(path);
  if (file.error) {
    print_unreadable(path, *file.error);
    return exit_problems;
  }
  LoadedAssessment loaded = load_assessment(file.text);
  Problems problems = std::move(loaded.problems);
  Analysis analysis;
  if (loaded.assessment) {
    analysis = analyze(*loaded.assessment);
    problems.insert(problems.end(), analysis.problems.begin(), analysis.problems.end());
  }
  const bool ok = !has_errors(problems);

  if (as_json) {
    json out = json::object();
    json scales = json::object();
    json problem_list = json::array();
    if (loaded.assessment) {
      const Assessment& assessment = *loaded.assessment;
      for (std::size_t s = 0; s < assessment.scales.size() && s < analysis.scales.size(); ++s) {
        scales[assessment.scales[s].id] = {{"min", number_json(analysis.scales[s].min)},
                                           {"max", number_json(analysis.scales[s].max)}};
      }
      out["scales"] = std::move(scales);
      out["outcomes"] = witnesses_json(assessment, assessment.outcomes, analysis.outcomes);
      out["findings"] = witnesses_json(assessment, assessment.findings, analysis.findings);
      out["alerts"] = witnesses_json(assessment, assessment.alerts, analysis.alerts);
    } else {
      out["scales"] = json::object();
      out["outcomes"] = json::object();
      out["findings"] = json::object();
      out["alerts"] = json::object();
    }
    for (const Problem& problem : problems) {
      problem_list.push_back({{"code", problem.code},
                              {"pointer", problem.pointer},
                              {"message", problem.message},
                              {"severity", severity_name(problem.severity)}});
    }
    out["problems"] = std::move(problem_list);
    std::cout << out.dump(2) << '\n';
    return ok ? exit_ok : exit_problems;
  }

  print_problems(path, problems);
  if (!loaded.assessment) return exit_problems;
  const Assessment& assessment = *loaded.assessment;
  std::cout << assessment.id << " " << assessment.version << ": " << assessment.questions.size()
            << " questions\n";
  if (!assessment.scales.empty()) {
    std::cout << "scales:\n";
    for (std::size_t s = 0; s < assessment.scales.size() && s < analysis.scales.size(); ++s) {
      std::cout << "  " << assessment.scales[s].id << ": " << number_json(analysis.scales[s].min)
                << " to " << number_json(analysis.scales[s].max) << '\n';
    }
  }
  print_witnesses("outcomes", assessment, assessment.outcomes, analysis.outcomes);
  print_witnesses("findings", assessment, assessment.findings, analysis.findings);
  print_witnesses("alerts", assessment, assessment.alerts, analysis.alerts);
  std::size_t errors = 0;
  for (const Problem& problem : problems) errors += problem.severity == Severity::error ? 1 : 0;
  std::cout << errors << " error(s), " << problems.size() - errors << " warning(s)\n";
  return ok ? exit_ok : exit_problems;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage_text;
    return exit_usage;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage_text;
    return exit_ok;
  }
  for (const std::string& arg : rest) {
    if (arg == "--help" || arg == "-h") {
      std::cout << usage_text;
      return exit_ok;
    }
  }
  if (command == "check") return command_check(rest);
  if (command == "score") return command_score(rest);
  if (command == "analyze") return command_analyze(rest);
  std::cerr << "confide: unknown command \"" << command << "\"\n" << usage_text;
  return exit_usage;
}
