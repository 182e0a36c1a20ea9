#include <algorithm>
#include <filesystem>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "loader.hpp"
#include "test_support.hpp"

using namespace confide;
using confide::test::describe;
using confide::test::has_problem;
using confide::test::read_file;

namespace {

std::string read_fixture(const std::string& name) {
  return read_file(test::source_path("tests/fixtures/valid") / name);
}

const Assessment& assessment() {
  static const Assessment loaded = *load_assessment(read_fixture("all-types.json")).assessment;
  return loaded;
}

nlohmann::json publisher() { return nlohmann::json::parse(read_fixture("publisher.json")); }

/** Loads a publisher document and expects exactly one problem, `code` at `pointer`. */
void expect_only(const nlohmann::json& document, const std::string& code,
                 const std::string& pointer) {
  const LoadedPublisher loaded = load_publisher(document.dump(), assessment());
  INFO(describe(loaded.problems));
  CHECK_FALSE(loaded.publisher);
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].code == code);
  CHECK(loaded.problems[0].pointer == pointer);
}

}  // namespace

TEST_CASE("a valid publisher file loads", "[publisher]") {
  const LoadedPublisher loaded = load_publisher(read_fixture("publisher.json"), assessment());
  INFO(describe(loaded.problems));
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.publisher);
  const Publisher& p = *loaded.publisher;
  CHECK(p.extends == "all-types");
  CHECK(p.brand == "Test Health");
  CHECK(p.theme.accent == "#0b6e4f");
  CHECK(p.theme.font == "Georgia, 'Times New Roman', serif");
  CHECK(p.theme.radius == std::optional<double>(8));
  CHECK(p.quick_exit == std::optional<std::string>("https://www.bbc.co.uk/weather"));
  CHECK(p.texts.at("intro").by_locale.at("fr") == "Bonjour");
  CHECK(p.texts.at("privacy").all == std::optional<std::string>("Your answers stay here."));
  REQUIRE(p.blocks.size() == 2);
  CHECK(p.blocks[0].kind == Block::Kind::reading);
  CHECK(p.blocks[0].for_results == std::vector<std::string>{"high", "anxiety"});
  CHECK(p.blocks[0].links[0].url == "https://example.org/a");
  CHECK(p.blocks[1].kind == Block::Kind::products);
  CHECK(p.blocks[1].products[0].image == "/confide/img/book.svg");
  CHECK(p.blocks[1].products[1].image.empty());
  CHECK(p.blocks[1].notice.all.has_value());
  REQUIRE(p.resources.size() == 1);
  CHECK(p.resources[0].resource.region == "GB");
  CHECK(p.resources[0].resource.last_verified == "2024-02-29");
  CHECK(p.resources[0].for_results == std::vector<std::string>{"young", "high"});
}

TEST_CASE("publisher_extends reads the assessment id", "[publisher]") {
  CHECK(publisher_extends(read_fixture("publisher.json")) == "all-types");
  CHECK(publisher_extends("{\"extends\": 3}").empty());
  CHECK(publisher_extends("{\"extends\": \"x\",}").empty());
  CHECK(publisher_extends("[]").empty());
  CHECK(publisher_extends("").empty());
}

TEST_CASE("the publisher must extend the assessment it is loaded with", "[publisher]") {
  nlohmann::json document = publisher();
  document["extends"] = "other";
  expect_only(document, "unknown-id", "/extends");
}

TEST_CASE("ids named by a publisher must exist", "[publisher]") {
  nlohmann::json document = publisher();
  SECTION("block for an unknown result") {
    document["blocks"][0]["for"][1] = "anxeity";
    expect_only(document, "unknown-id", "/blocks/0/for/1");
  }
  SECTION("blocks go with outcomes and findings, not alerts") {
    document["blocks"][0]["for"][0] = "young";
    expect_only(document, "unknown-id", "/blocks/0/for/0");
  }
  SECTION("resources may go with alerts; unknown ids are errors") {
    document["resources"][0]["for"] = {"young", "nope"};
    expect_only(document, "unknown-id", "/resources/0/for/1");
  }
  SECTION("duplicate block ids") {
    document["blocks"][1]["id"] = "reading";
    expect_only(document, "duplicate-id", "/blocks/1/id");
  }
  SECTION("a resource id the assessment already uses") {
    document["resources"][0]["id"] = "helpline";
    expect_only(document, "duplicate-id", "/resources/0/id");
  }
}

TEST_CASE("a block may name results it must not appear with", "[publisher]") {
  nlohmann::json document = publisher();
  SECTION("outcome and finding ids load, on either kind of block") {
    document["blocks"][0]["unless"] = {"low"};
    document["blocks"][1]["unless"] = {"anxiety", "high"};
    const LoadedPublisher loaded = load_publisher(document.dump(), assessment());
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.empty());
    REQUIRE(loaded.publisher);
    CHECK(loaded.publisher->blocks[0].unless_results == std::vector<std::string>{"low"});
    CHECK(loaded.publisher->blocks[1].unless_results ==
          std::vector<std::string>{"anxiety", "high"});
  }
  SECTION("absent: nothing keeps the block away") {
    const LoadedPublisher loaded = load_publisher(document.dump(), assessment());
    REQUIRE(loaded.publisher);
    CHECK(loaded.publisher->blocks[1].unless_results.empty());
  }
  SECTION("an unknown id is reported where it is written") {
    document["blocks"][1]["unless"] = {"anxiety", "anxeity"};
    expect_only(document, "unknown-id", "/blocks/1/unless/1");
  }
  SECTION("alerts are not named: products already give way to every alert") {
    document["blocks"][0]["unless"] = {"young"};
    expect_only(document, "unknown-id", "/blocks/0/unless/0");
  }
  SECTION("an empty list") {
    document["blocks"][1]["unless"] = nlohmann::json::array();
    expect_only(document, "invalid-value", "/blocks/1/unless");
  }
  SECTION("not a list") {
    document["blocks"][1]["unless"] = "anxiety";
    expect_only(document, "wrong-type", "/blocks/1/unless");
  }
  SECTION("an id that is not a string") {
    document["blocks"][1]["unless"] = {"anxiety", 3};
    expect_only(document, "wrong-type", "/blocks/1/unless/1");
  }
}

TEST_CASE("theme tokens are validated", "[publisher]") {
  nlohmann::json document = publisher();
  SECTION("colour") {
    document["theme"]["accent"] = "red";
    expect_only(document, "invalid-value", "/theme/accent");
  }
  SECTION("short colour") {
    document["theme"]["surface"] = "#fff";
    expect_only(document, "invalid-value", "/theme/surface");
  }
  SECTION("font that could break out of CSS") {
    document["theme"]["font"] = "serif; } body { display: none";
    expect_only(document, "invalid-value", "/theme/font");
  }
  SECTION("radius") {
    document["theme"]["radius"] = 25;
    expect_only(document, "invalid-value", "/theme/radius");
  }
  SECTION("unknown token") {
    document["theme"]["acent"] = "#000000";
    expect_only(document, "unknown-key", "/theme/acent");
  }
}

TEST_CASE("addresses and images are restricted", "[publisher]") {
  nlohmann::json document = publisher();
  SECTION("quick exit over http") {
    document["quickExit"]["url"] = "http://example.org";
    expect_only(document, "invalid-value", "/quickExit/url");
  }
  SECTION("javascript link") {
    document["blocks"][0]["links"][0]["url"] = "javascript:alert(1)";
    expect_only(document, "invalid-value", "/blocks/0/links/0/url");
  }
  SECTION("product over http") {
    document["blocks"][1]["products"][1]["url"] = "http://shop.example/m";
    expect_only(document, "invalid-value", "/blocks/1/products/1/url");
  }
  SECTION("image from another origin") {
    for (const char* image : {"//cdn.example/x.png", "https://cdn.example/x.png", "img/x.png",
                              "data:image/png;base64,AAAA", "/x y.png"}) {
      INFO(image);
      document["blocks"][1]["products"][0]["image"] = image;
      expect_only(document, "invalid-value", "/blocks/1/products/0/image");
    }
  }
}

TEST_CASE("publisher shapes follow the block kind", "[publisher]") {
  nlohmann::json document = publisher();
  SECTION("notice is required on products") {
    document["blocks"][1].erase("notice");
    expect_only(document, "missing-key", "/blocks/1");
  }
  SECTION("products are not allowed on reading blocks") {
    document["blocks"][0]["products"] = nlohmann::json::array();
    expect_only(document, "unknown-key", "/blocks/0/products");
  }
  SECTION("unknown kind") {
    document["blocks"][0]["kind"] = "video";
    const LoadedPublisher loaded = load_publisher(document.dump(), assessment());
    CHECK(has_problem(loaded.problems, "invalid-value", "/blocks/0/kind"));
  }
  SECTION("resources need lastVerified, as a real date") {
    document["resources"][0].erase("lastVerified");
    expect_only(document, "missing-key", "/resources/0");
    document["resources"][0]["lastVerified"] = "2023-02-29";
    expect_only(document, "invalid-value", "/resources/0/lastVerified");
  }
  SECTION("texts in undeclared locales") {
    document["texts"]["about"] = {{"de", "Über"}};
    expect_only(document, "invalid-value", "/texts/about/de");
  }
  SECTION("unknown text override") {
    document["texts"]["title"] = "x";
    expect_only(document, "unknown-key", "/texts/title");
  }
  SECTION("version") {
    document["confide"] = 3;
    expect_only(document, "unsupported-version", "/confide");
  }
  SECTION("duplicate key") {
    const std::string text = document.dump();
    const LoadedPublisher loaded =
        load_publisher(text.substr(0, text.size() - 1) + ",\"brand\":\"x\"}", assessment());
    CHECK(has_problem(loaded.problems, "duplicate-key", "/brand"));
  }
  SECTION("three problems at once") {
    document["theme"]["text"] = "#12345g";
    document["blocks"][0]["tittle"] = "x";
    document["resources"][0]["region"] = "gb";
    const LoadedPublisher loaded = load_publisher(document.dump(), assessment());
    INFO(describe(loaded.problems));
    CHECK(loaded.problems.size() == 3);
    CHECK(has_problem(loaded.problems, "invalid-value", "/theme/text"));
    CHECK(has_problem(loaded.problems, "unknown-key", "/blocks/0/tittle"));
    CHECK(has_problem(loaded.problems, "invalid-value", "/resources/0/region"));
  }
}

TEST_CASE("the shipped publisher files load against pcd", "[publisher]") {
  const auto content = test::source_path("content");
  if (!std::filesystem::exists(content / "pcd.json")) return;
  const LoadedAssessment pcd = load_assessment(read_file(content / "pcd.json"));
  REQUIRE(pcd.assessment);
  for (const char* name : {"health-demo.json", "retail-demo.json"}) {
    const auto path = content / "publishers" / name;
    if (!std::filesystem::exists(path)) continue;
    const std::string text = read_file(path);
    INFO(name);
    const LoadedPublisher loaded = load_publisher(text, *pcd.assessment);
    INFO(describe(loaded.problems));
    REQUIRE(loaded.publisher.has_value());
    CHECK(publisher_extends(text) == "pcd");
    if (std::string(name) != "retail-demo.json") continue;
    // A shop never offers products beside low mood or difficult past experiences.
    for (const Block& block : loaded.publisher->blocks) {
      if (block.kind != Block::Kind::products) continue;
      INFO(block.id);
      const auto& unless = block.unless_results;
      CHECK(std::count(unless.begin(), unless.end(), "low-mood") == 1);
      CHECK(std::count(unless.begin(), unless.end(), "past-experiences") == 1);
    }
  }
}

TEST_CASE("the theme's colour pairs meet WCAG 2.2 AA contrast", "[publisher][analysis]") {
  SECTION("the shipped themes and the valid fixture pass") {
    for (const char* name : {"health-demo.json", "retail-demo.json"}) {
      const Assessment pcd =
          *load_assessment(read_file(test::source_path("content/pcd.json"))).assessment;
      const LoadedPublisher loaded =
          load_publisher(read_file(test::source_path("content/publishers") / name), pcd);
      REQUIRE(loaded.publisher);
      const Problems problems = analyze_publisher(*loaded.publisher, pcd);
      INFO(name << "\n" << describe(problems));
      CHECK(problems.empty());
    }
    const LoadedPublisher loaded = load_publisher(read_fixture("publisher.json"), assessment());
    REQUIRE(loaded.publisher);
    CHECK(analyze_publisher(*loaded.publisher, assessment()).empty());
  }
  SECTION("each failing pair is an error at its colour, with both colours and the ratio") {
    const LoadedPublisher loaded = load_publisher(
        read_file(test::source_path("tests/fixtures/analysis/low-contrast-publisher.json")),
        assessment());
    REQUIRE(loaded.publisher);
    const Problems problems = analyze_publisher(*loaded.publisher, assessment());
    INFO(describe(problems));
    // text #777777 on background (the widget's #ffffff) is 4.478:1 and on surface #e4e4e4
    // 3.52:1; white button text on accent #ffcc00 and the accent as link colour on white are
    // both 1.51:1. Muted, error and alert stay on the widget's white background: no problem.
    const std::pair<const char*, const char*> expected[] = {
        {"/theme/text", "text #777777 on background #ffffff: contrast 4.47:1"},
        {"/theme/text", "text #777777 on surface #e4e4e4: contrast 3.52:1"},
        {"/theme/accent", "button text #ffffff on accent #ffcc00: contrast 1.51:1"},
        {"/theme/accent", "link #ffcc00 on background #ffffff: contrast 1.51:1"}};
    REQUIRE(problems.size() == std::size(expected));
    for (std::size_t i = 0; i < problems.size(); ++i) {
      CHECK(problems[i].code == "low-contrast");
      CHECK(problems[i].severity == Severity::error);
      CHECK(problems[i].pointer == expected[i].first);
      CHECK(problems[i].message == std::string(expected[i].second) + ", WCAG 2.2 AA needs 4.5:1");
    }
  }
  SECTION("the widget's fixed colours are checked on the theme's background") {
    nlohmann::json document = publisher();
    document["theme"] = {{"background", "#6a6a6a"},
                         {"text", "#ffffff"},
                         {"surface", "#5a5a5a"},
                         {"accent", "#000000"}};
    const LoadedPublisher loaded = load_publisher(document.dump(), assessment());
    REQUIRE(loaded.publisher);
    const Problems problems = analyze_publisher(*loaded.publisher, assessment());
    INFO(describe(problems));
    CHECK(has_problem(problems, "low-contrast", "/theme/background"));
    CHECK(std::count_if(problems.begin(), problems.end(), [](const Problem& problem) {
            return problem.pointer == "/theme/background";
          }) == 3);  // muted, error and alert text
  }
}
