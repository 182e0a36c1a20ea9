// Native figures for the engine's budgets: loading content/phq9.json (< 100 µs median) and one
// reader action, answer plus the view it returns (< 10 µs median). Prints figures; asserts
// nothing, since a shared machine's timings are not a test.
//
//   build/native/tests/confide_bench [ITERATIONS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "api.hpp"
#include "loader.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Figures {
  double median_us;
  double p95_us;
};

Figures measure(std::size_t iterations, const std::function<void()>& work) {
  std::vector<double> samples;
  samples.reserve(iterations);
  for (std::size_t i = 0; i < iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    const auto stop = std::chrono::steady_clock::now();
    samples.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return {samples[samples.size() / 2], samples[samples.size() * 95 / 100]};
}

void print(const char* name, Figures figures, double budget_us) {
  std::printf("%-44s median %9.2f us  p95 %9.2f us  budget %7.0f us  %s\n", name, figures.median_us,
              figures.p95_us, budget_us, figures.median_us <= budget_us ? "pass" : "FAIL");
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t iterations = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  const std::string root = CONFIDE_SOURCE_DIR;
  const std::string phq9 = read(root + "/content/phq9.json");
  const std::string pcd = read(root + "/content/pcd.json");

  print("load content/phq9.json",
        measure(iterations,
                [&] {
                  auto loaded = confide::load_assessment(phq9);
                  if (!loaded.assessment) std::abort();
                }),
        100);
  if (!pcd.empty()) {
    print("load content/pcd.json",
          measure(iterations,
                  [&] {
                    auto loaded = confide::load_assessment(pcd);
                    if (!loaded.assessment) std::abort();
                  }),
          1000);
  }

  // One reader action as the widget sends it: choose an option, get the new view back.
  const std::string opened = confide::api::open(phq9, "", "en");
  const auto handle = opened.find("\"session\":");
  if (handle == std::string::npos) {
    std::fprintf(stderr, "cannot open phq9: %s\n", opened.c_str());
    return 1;
  }
  const int session = std::atoi(opened.c_str() + handle + 10);
  std::size_t turn = 0;
  print("answer + view (phq9, JSON in and out)",
        measure(iterations,
                [&] {
                  const std::string action =
                      std::string(R"({"do":"answer","question":"phq9_1","value":")") +
                      static_cast<char>('0' + turn++ % 4) + "\"}";
                  if (confide::api::act(session, action).empty()) std::abort();
                }),
        10);
  print("next + back (phq9)",
        measure(iterations,
                [&] {
                  confide::api::act(session, R"({"do":"next"})");
                  confide::api::act(session, R"({"do":"back"})");
                }),
        20);
  confide::api::close(session);

  const auto loaded = confide::load_assessment(phq9);
  print("analyze content/phq9.json",
        measure(std::max<std::size_t>(iterations / 200, 5),
                [&] { confide::analyze(*loaded.assessment); }),
        1e6);
  return 0;
}
