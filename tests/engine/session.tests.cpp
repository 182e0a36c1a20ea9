#include <catch2/catch.hpp>

#include "builders.hpp"
#include "session.hpp"

using namespace confide;
using namespace confide::test;

namespace {

// feel -> causes (only when feel is often/sometimes) -> age -> note (only when distress >= 2)
// -> last. An alert when feel is "often".
Assessment flow() {
  Builder b("flow");
  b.scale("distress")
      .single("feel", {{"often", {{"distress", 2}}}, {"sometimes", {{"distress", 1}}}, {"never"}})
      .multiple("causes", {{"pain", {{"distress", 1}}}, {"worry"}, {"none"}})
      .exclusive("none")
      .number("age", 16, 99)
      .info("note", "Thank you for telling us.")
      .single("last", {{"yes"}, {"no"}});
  b.show_if("causes", b.in("feel", {"often", "sometimes"}));
  b.show_if("note", b.scale_range("distress", 2));
  b.alert("urgent", b.in("feel", {"often"}));
  b.outcome("high", b.scale_range("distress", 2)).outcome("low");
  return b.build();
}

std::string current_id(const Session& s) {
  return s.on_results() ? "results" : s.assessment().questions[s.current()].id;
}

std::string progress_of(const Session& s) {
  const Progress p = s.progress();
  return std::to_string(p.current) + " " + std::to_string(p.min) + "-" + std::to_string(p.max);
}

std::vector<std::size_t> chosen(const Session& s, const std::string& question) {
  const auto& slot = s.answers()[s.find_question(question)];
  return slot ? slot->options : std::vector<std::size_t>{};
}

}  // namespace

TEST_CASE("A session walks the visible questions, then shows the results", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  REQUIRE(current_id(s) == "feel");
  CHECK_FALSE(s.can_go_back());

  REQUIRE(s.answer("feel", "never").ok);
  REQUIRE(s.next().ok);
  CHECK(current_id(s) == "age");  // causes is hidden
  CHECK(s.can_go_back());
  REQUIRE(s.answer("age", "30").ok);
  REQUIRE(s.next().ok);
  CHECK(current_id(s) == "last");  // note is hidden: distress 0
  REQUIRE(s.answer("last", "no").ok);
  REQUIRE(s.next().ok);
  CHECK(s.on_results());
  CHECK(a.outcomes[s.evaluation().outcome].id == "low");
  CHECK(progress_of(s) == "3 3-3");
  CHECK(s.can_go_back());

  SECTION("next on the results changes nothing") {
    CHECK(s.next().ok);
    CHECK(s.on_results());
  }
  SECTION("back from the results goes to the last visible question, answers kept") {
    REQUIRE(s.back().ok);
    CHECK(current_id(s) == "last");
    REQUIRE(s.back().ok);
    CHECK(current_id(s) == "age");
    CHECK(*s.typed(s.find_question("age")) == "30");
    REQUIRE(s.back().ok);
    CHECK(current_id(s) == "feel");
    CHECK(s.back().ok);  // nothing before the first step: stays
    CHECK(current_id(s) == "feel");
    CHECK(s.answers()[s.find_question("last")].has_value());
  }
}

TEST_CASE("Changing an answer that hides a question drops its answer", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  s.answer("feel", "often");
  s.next();
  REQUIRE(current_id(s) == "causes");
  REQUIRE(s.toggle("causes", "pain", true).ok);
  CHECK(s.evaluation().scales[0] == 3);
  s.next();
  REQUIRE(current_id(s) == "age");

  s.back();
  s.back();
  REQUIRE(current_id(s) == "feel");
  REQUIRE(s.answer("feel", "never").ok);
  CHECK_FALSE(s.answers()[s.find_question("causes")].has_value());
  CHECK(s.evaluation().scales[0] == 0);

  SECTION("showing it again does not bring the old answer back") {
    REQUIRE(s.answer("feel", "often").ok);
    CHECK_FALSE(s.answers()[s.find_question("causes")].has_value());
    s.next();
    CHECK(current_id(s) == "causes");
    CHECK(chosen(s, "causes").empty());
  }
  SECTION("the hidden question is skipped") {
    s.next();
    CHECK(current_id(s) == "age");
  }
}

TEST_CASE("Only the question on screen can be answered", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  s.answer("feel", "sometimes");

  const ActionResult later = s.answer("last", "yes");
  CHECK_FALSE(later.ok);
  CHECK_FALSE(later.message.empty());
  CHECK_FALSE(s.answers()[s.find_question("last")].has_value());
  CHECK_FALSE(s.answer("nope", "yes").ok);
  CHECK_FALSE(s.answer("feel", "maybe").ok);
  CHECK_FALSE(s.toggle("feel", "often", true).ok);
  CHECK_FALSE(s.toggle("causes", "pain", true).ok);  // visible, but not on screen
  CHECK(chosen(s, "feel") == std::vector<std::size_t>{1});

  s.next();
  REQUIRE(current_id(s) == "causes");
  CHECK_FALSE(s.answer("causes", "pain").ok);  // a multiple question takes toggle
  CHECK_FALSE(s.toggle("causes", "nothing", true).ok);

  SECTION("nothing can be answered on the results") {
    s.toggle("causes", "worry", true);
    s.next();
    s.answer("age", "40");
    s.next();
    s.answer("last", "yes");
    s.next();
    REQUIRE(s.on_results());
    CHECK_FALSE(s.answer("last", "no").ok);
  }
}

TEST_CASE("Exclusive options", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  s.answer("feel", "often");
  s.next();
  REQUIRE(current_id(s) == "causes");

  s.toggle("causes", "pain", true);
  s.toggle("causes", "worry", true);
  CHECK(chosen(s, "causes") == std::vector<std::size_t>{0, 1});
  s.toggle("causes", "none", true);
  CHECK(chosen(s, "causes") == std::vector<std::size_t>{2});
  s.toggle("causes", "worry", true);
  CHECK(chosen(s, "causes") == std::vector<std::size_t>{1});
  s.toggle("causes", "worry", false);
  CHECK_FALSE(s.answers()[s.find_question("causes")].has_value());
  s.toggle("causes", "worry", false);  // unchecking twice is harmless
  CHECK_FALSE(s.answers()[s.find_question("causes")].has_value());
}

TEST_CASE("Validation messages keep the reader on the step", "[session]") {
  const Assessment a = flow();

  SECTION("a required single question") {
    Session s(a, nullptr, "en");
    s.next();
    CHECK(current_id(s) == "feel");
    REQUIRE(s.errors().size() == 1);
    CHECK(s.errors()[0].question == 0);
    CHECK(s.errors()[0].option == npos);
    CHECK(s.errors()[0].message == "Select an answer");
    s.answer("feel", "often");
    CHECK(s.errors().empty());
    s.next();
    CHECK(current_id(s) == "causes");
    s.next();
    REQUIRE(s.errors().size() == 1);
    CHECK(s.errors()[0].message == "Select at least one option");
  }
  SECTION("in French") {
    Session s(a, nullptr, "fr-CA");
    s.next();
    REQUIRE(s.errors().size() == 1);
    CHECK(s.errors()[0].message == "Choisissez une réponse");
  }
  SECTION("number questions keep the typed text") {
    Session s(a, nullptr, "en");
    s.answer("feel", "never");
    s.next();
    REQUIRE(current_id(s) == "age");
    s.next();
    REQUIRE(s.errors().size() == 1);
    CHECK(s.errors()[0].message == "Enter a number");

    for (const char* bad : {"abc", "12.5", "15", "100", "1e2", "--3", "3 3"}) {
      REQUIRE(s.answer("age", bad).ok);
      CHECK(*s.typed(s.current()) == bad);
      CHECK_FALSE(s.answers()[s.current()].has_value());
      s.next();
      REQUIRE(current_id(s) == "age");
      REQUIRE(s.errors().size() == 1);
      CHECK(s.errors()[0].message == "Enter a whole number from 16 to 99");
    }
    s.answer("age", " 42 ");
    CHECK(s.answers()[s.current()]->number == 42);
    s.next();
    CHECK(s.errors().empty());
    CHECK(current_id(s) == "last");
  }
  SECTION("clearing a number leaves it unanswered") {
    Session s(a, nullptr, "en");
    s.answer("feel", "never");
    s.next();
    s.answer("age", "20");
    s.answer("age", "  ");
    CHECK(s.typed(s.current()) == nullptr);
    CHECK_FALSE(s.answers()[s.current()].has_value());
  }
  SECTION("content may reword a message") {
    Builder b("reworded");
    b.single("q", {{"a"}, {"b"}}).ui("errorSelectAnswer", text({{"en", "Pick one, please"}}));
    b.outcome("only");
    const Assessment custom = b.build();
    Session s(custom, nullptr, "en");
    s.next();
    REQUIRE(s.errors().size() == 1);
    CHECK(s.errors()[0].message == "Pick one, please");
  }
}

TEST_CASE("Optional questions may be skipped, info steps need nothing", "[session]") {
  Builder b("optional");
  b.info("welcome", "Hello").single("q", {{"a"}, {"b"}}).optional().number("n", 0, 5).optional();
  b.outcome("only");
  const Assessment a = b.build();
  Session s(a, nullptr, "en");
  s.next();
  CHECK(current_id(s) == "q");
  s.next();
  CHECK(current_id(s) == "n");
  SECTION("an optional number must still be valid when typed") {
    s.answer("n", "9");
    s.next();
    CHECK(current_id(s) == "n");
    CHECK(s.errors().size() == 1);
  }
  SECTION("left empty it is skipped") {
    s.next();
    CHECK(s.on_results());
  }
}

TEST_CASE("Progress estimates the total under branching", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  // causes and note may appear or not: they count towards the maximum only.
  CHECK(progress_of(s) == "1 3-5");
  s.answer("feel", "never");
  CHECK(progress_of(s) == "1 3-3");
  s.answer("feel", "often");
  CHECK(progress_of(s) == "1 5-5");
  s.answer("feel", "sometimes");
  // distress is 1 now, and 2 if "pain" is chosen: note is still undecided.
  CHECK(progress_of(s) == "1 4-5");
  s.next();
  CHECK(progress_of(s) == "2 4-5");
  s.toggle("causes", "pain", true);
  CHECK(progress_of(s) == "2 5-5");
  s.toggle("causes", "pain", false);
  s.toggle("causes", "worry", true);
  CHECK(progress_of(s) == "2 4-4");
  s.next();
  CHECK(progress_of(s) == "3 4-4");
  s.answer("age", "50");
  s.next();
  CHECK(progress_of(s) == "4 4-4");
  s.answer("last", "yes");
  s.next();
  CHECK(s.on_results());
  CHECK(progress_of(s) == "4 4-4");
}

TEST_CASE("An alert appears from the step after the answer that raised it", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  CHECK(s.alerts().empty());
  s.answer("feel", "often");
  CHECK(s.alerts().empty());  // not while the reader is still on that question
  s.next();
  CHECK(current_id(s) == "causes");
  CHECK(s.alerts() == std::vector<std::size_t>{0});
  s.toggle("causes", "worry", true);
  s.next();
  CHECK(s.alerts() == std::vector<std::size_t>{0});

  SECTION("going back to the question that raised it does not lower it") {
    s.back();
    s.back();
    REQUIRE(current_id(s) == "feel");
    CHECK(s.alerts() == std::vector<std::size_t>{0});
  }
  SECTION("it stays to the results") {
    s.answer("age", "20");
    s.next();
    s.next();  // note
    s.answer("last", "yes");
    s.next();
    REQUIRE(s.on_results());
    CHECK(s.alerts() == std::vector<std::size_t>{0});
  }
}

namespace {

// A PHQ-2 screen with PHQ-9 item 9 behind it, as in pcd.json: item9 is asked only when the
// PHQ-2 score is 3 or more. Alert "follow-up" comes first in the file, "self-harm" second.
Assessment screen() {
  Builder b("screen");
  b.scale("phq2")
      .single("phq2_1", {{"0", {{"phq2", 0}}}, {"1", {{"phq2", 1}}}, {"3", {{"phq2", 3}}}})
      .single("phq2_2", {{"0", {{"phq2", 0}}}, {"1", {{"phq2", 1}}}, {"3", {{"phq2", 3}}}})
      .single("item9", {{"0"}, {"1"}, {"2"}, {"3"}})
      .single("after", {{"yes"}, {"no"}});
  b.show_if("item9", b.scale_range("phq2", 3));
  b.alert("follow-up", b.in("after", {"yes"}));
  b.alert("self-harm", b.in("item9", {"1", "2", "3"}));
  b.outcome("low-mood", b.scale_range("phq2", 3)).outcome("fine");
  return b.build();
}

using Indices = std::vector<std::size_t>;

}  // namespace

TEST_CASE("An alert, once raised, stays until the reader starts again", "[session]") {
  const Assessment a = screen();
  Session s(a, nullptr, "en");
  s.answer("phq2_1", "3");
  s.next();
  s.answer("phq2_2", "0");
  s.next();
  REQUIRE(current_id(s) == "item9");
  s.answer("item9", "1");
  CHECK(s.alerts().empty());
  s.next();
  REQUIRE(current_id(s) == "after");
  CHECK(s.alerts() == Indices{1});

  // Back to the first PHQ-2 question, checking every step on the way.
  for (const char* step : {"item9", "phq2_2", "phq2_1"}) {
    s.back();
    REQUIRE(current_id(s) == step);
    CHECK(s.alerts() == Indices{1});
  }
  // Lowering the PHQ-2 score hides item 9 and drops its answer: the condition no longer holds.
  REQUIRE(s.answer("phq2_1", "0").ok);
  CHECK_FALSE(s.evaluation().visible[s.find_question("item9")]);
  CHECK_FALSE(s.answers()[s.find_question("item9")].has_value());
  CHECK(s.evaluation().alerts.empty());
  CHECK(s.alerts() == Indices{1});

  s.next();
  CHECK(current_id(s) == "phq2_2");
  CHECK(s.alerts() == Indices{1});
  s.next();
  CHECK(current_id(s) == "after");  // item 9 is skipped now
  CHECK(s.alerts() == Indices{1});
  s.answer("after", "yes");
  CHECK(s.alerts() == Indices{1});  // "follow-up" holds, but the reader is still on its step
  s.next();
  REQUIRE(s.on_results());
  CHECK(s.alerts() == Indices{0, 1});  // file order, not the order they were raised in
  // What `confide score` reports for these final answers: no history, no self-harm alert.
  CHECK(s.evaluation().alerts == Indices{0});
  CHECK(a.outcomes[s.evaluation().outcome].id == "fine");

  SECTION("back from the results keeps both") {
    s.back();
    CHECK(current_id(s) == "after");
    CHECK(s.alerts() == Indices{0, 1});
    s.answer("after", "no");
    CHECK(s.alerts() == Indices{0, 1});
  }
  SECTION("restart clears them, and a calm pass raises none") {
    REQUIRE(s.restart().ok);
    CHECK(current_id(s) == "phq2_1");
    CHECK(s.alerts().empty());
    s.answer("phq2_1", "1");
    s.next();
    CHECK(s.alerts().empty());
    s.answer("phq2_2", "1");
    s.next();
    REQUIRE(current_id(s) == "after");
    CHECK(s.alerts().empty());
    s.answer("after", "no");
    s.next();
    REQUIRE(s.on_results());
    CHECK(s.alerts().empty());
  }
}

TEST_CASE("An alert never shows before the step after its condition first holds", "[session]") {
  const Assessment a = screen();
  Session s(a, nullptr, "en");
  s.answer("phq2_1", "3");
  s.next();
  s.answer("phq2_2", "3");
  s.next();
  REQUIRE(current_id(s) == "item9");

  SECTION("changing the answer on the step raises nothing until the reader moves on") {
    for (const char* value : {"1", "0", "3", "2"}) {
      s.answer("item9", value);
      CHECK(s.alerts().empty());
    }
    s.answer("item9", "0");
    s.next();
    REQUIRE(current_id(s) == "after");
    CHECK(s.alerts().empty());  // it never held when the reader left the step
  }
  SECTION("going back from the step before moving on raises nothing") {
    s.answer("item9", "2");
    s.back();
    REQUIRE(current_id(s) == "phq2_2");
    CHECK(s.alerts().empty());
    s.next();
    REQUIRE(current_id(s) == "item9");
    CHECK(s.alerts().empty());
    s.next();
    REQUIRE(current_id(s) == "after");
    CHECK(s.alerts() == Indices{1});
  }
}

TEST_CASE("Restart forgets everything", "[session]") {
  const Assessment a = flow();
  Session s(a, nullptr, "en");
  s.answer("feel", "never");
  s.next();
  s.answer("age", "abc");
  s.next();
  REQUIRE_FALSE(s.errors().empty());
  REQUIRE(s.restart().ok);
  CHECK(current_id(s) == "feel");
  CHECK(s.errors().empty());
  CHECK(s.typed(s.find_question("age")) == nullptr);
  for (const auto& slot : s.answers()) CHECK_FALSE(slot.has_value());
  CHECK(progress_of(s) == "1 3-5");
  CHECK_FALSE(s.can_go_back());
}

TEST_CASE("Content where nothing is visible goes straight to the results", "[session]") {
  Builder b("empty");
  b.single("q", {{"a"}, {"b"}});
  b.show_if("q", b.answered("q"));  // never true at the start, and never answerable
  b.outcome("only");
  const Assessment a = b.build();
  Session s(a, nullptr, "en");
  CHECK(s.on_results());
  CHECK(progress_of(s) == "0 0-0");
  CHECK_FALSE(s.can_go_back());
  CHECK(s.back().ok);
  CHECK(s.on_results());
}

TEST_CASE("Whole numbers are read as a reader types them", "[session]") {
  CHECK(parse_whole_number("12", 0, 120) == 12.0);
  CHECK(parse_whole_number(" +7\t", 0, 120) == 7.0);
  CHECK(parse_whole_number("-3", -5, 5) == -3.0);
  CHECK(parse_whole_number("0007", 0, 10) == 7.0);
  CHECK_FALSE(parse_whole_number("", 0, 10));
  CHECK_FALSE(parse_whole_number("-", 0, 10));
  CHECK_FALSE(parse_whole_number("1,5", 0, 10));
  CHECK_FALSE(parse_whole_number("0x10", 0, 100));
  CHECK_FALSE(parse_whole_number("99999999999999999999", 0, 1e9));
  CHECK_FALSE(parse_whole_number("11", 0, 10));
}
