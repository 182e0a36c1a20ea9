#include <catch2/catch.hpp>

#include <string>

#include "markup.hpp"
#include "markup_patterns.hpp"

using namespace confide;

namespace {

// Inline as a compact string: text plus flags, e.g. "a|<b>bold</b>|<i>x</i>|<a:url>l</a>".
std::string show(const Inline& runs) {
  std::string out;
  for (const Run& run : runs) {
    if (!out.empty()) out += '|';
    std::string t = run.text;
    if (run.emphasis) t = "<i>" + t + "</i>";
    if (run.bold) t = "<b>" + t + "</b>";
    if (!run.href.empty()) t = "<a:" + run.href + ">" + t + "</a>";
    out += t;
  }
  return out;
}

std::string plain(const Inline& runs) {
  std::string out;
  for (const Run& run : runs) out += run.text;
  return out;
}

bool has_link(const Inline& runs) {
  for (const Run& run : runs) {
    if (!run.href.empty()) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Inline markup: bold, emphasis and links", "[markup]") {
  CHECK(show(parse_inline("plain text")) == "plain text");
  CHECK(show(parse_inline("a **bold** word")) == "a |<b>bold</b>| word");
  CHECK(show(parse_inline("an *emphasised* word")) == "an |<i>emphasised</i>| word");
  CHECK(show(parse_inline("***both***")) == "<b><i>both</i></b>");
  CHECK(show(parse_inline("**bold *and em***")) == "<b>bold </b>|<b><i>and em</i></b>");
  CHECK(show(parse_inline("see [the guide](https://example.org/a?b=1) now")) ==
        "see |<a:https://example.org/a?b=1>the guide</a>| now");
  CHECK(show(parse_inline("[**Call**](tel:+44123)")) == "<a:tel:+44123><b>Call</b></a>");
  CHECK(show(parse_inline("[mail](MAILTO:help@example.org)")) ==
        "<a:MAILTO:help@example.org>mail</a>");
  CHECK(show(parse_inline("[](https://example.org)")) ==
        "<a:https://example.org>https://example.org</a>");
  CHECK(parse_inline("").empty());
}

TEST_CASE("Unclosed or unflanked markers stay literal text", "[markup]") {
  CHECK(show(parse_inline("**not closed")) == "**not closed");
  CHECK(show(parse_inline("*not closed")) == "*not closed");
  CHECK(show(parse_inline("2 * 3 * 4")) == "2 * 3 * 4");
  CHECK(show(parse_inline("****")) == "****");
  CHECK(show(parse_inline("[label without url]")) == "[label without url]");
  CHECK(show(parse_inline("[label](https://no-close")) == "[label](https://no-close");
  CHECK(show(parse_inline("[a] (b)")) == "[a] (b)");
  CHECK(show(parse_inline("[outer [inner](https://x.org)")) ==
        "[outer |<a:https://x.org>inner</a>");
}

TEST_CASE("Backslash escapes", "[markup]") {
  CHECK(show(parse_inline(R"(\*not em\*)")) == "*not em*");
  CHECK(show(parse_inline(R"(\[x\](https://a.org))")) == "[x](https://a.org)");
  CHECK(show(parse_inline(R"(a \\ b)")) == R"(a \ b)");
  CHECK(show(parse_inline(R"(keep \n and \q)")) == R"(keep \n and \q)");
  CHECK(show(parse_inline(R"([x](https://a.org/\)))")) == "<a:https://a.org/)>x</a>");
  CHECK(show(parse_inline("trailing \\")) == "trailing \\");
}

TEST_CASE("Only https:, mailto: and tel: links are kept", "[markup]") {
  SECTION("allowed_url") {
    CHECK(allowed_url("https://example.org"));
    CHECK(allowed_url("HTTPS://EXAMPLE.ORG/x"));
    CHECK(allowed_url("mailto:a@b.org"));
    CHECK(allowed_url("tel:+1-800-273-8255"));
    CHECK(allowed_url("TeL:116123"));
    CHECK_FALSE(allowed_url("http://example.org"));
    CHECK_FALSE(allowed_url("javascript:alert(1)"));
    CHECK_FALSE(allowed_url("JavaScript:alert(1)"));
    CHECK_FALSE(allowed_url("java\tscript:alert(1)"));
    CHECK_FALSE(allowed_url("\x01https://example.org"));
    CHECK_FALSE(allowed_url(" https://example.org"));
    CHECK_FALSE(allowed_url("https://exa mple.org"));
    CHECK_FALSE(allowed_url("https://example.org\n"));
    CHECK_FALSE(allowed_url("data:text/html;base64,PHNjcmlwdD4="));
    CHECK_FALSE(allowed_url("vbscript:msgbox"));
    CHECK_FALSE(allowed_url("/relative/path"));
    CHECK_FALSE(allowed_url("//evil.example"));
    CHECK_FALSE(allowed_url("example.org"));
    CHECK_FALSE(allowed_url("https:"));
    CHECK_FALSE(allowed_url("https://"));
    CHECK_FALSE(allowed_url("https:///evil"));
    CHECK_FALSE(allowed_url("https:evil.org"));
    CHECK_FALSE(allowed_url("mailto:"));
    CHECK_FALSE(allowed_url("tel:"));
    CHECK_FALSE(allowed_url(""));
    CHECK_FALSE(allowed_url(std::string("https://a.org\0x", 15)));
  }
  SECTION("a refused link becomes its plain label") {
    const Inline runs = parse_inline("click [here](javascript:alert(1)) please");
    CHECK_FALSE(has_link(runs));
    // The url ends at the first ")": what follows stays text, never a link.
    CHECK(plain(runs) == "click here) please");
    CHECK(show(parse_inline("[x](http://a.org)")) == "x");
    CHECK(show(parse_inline("[x](data:text/html,hi)")) == "x");
    CHECK(show(parse_inline("[x](java\tscript:hi)")) == "x");
    CHECK(show(parse_inline("[x](relative.html)")) == "x");
  }
  SECTION("links_in reports every target, kept or refused") {
    const auto links = links_in("[a](https://a.org) and [b](http://b.org) and [c]( tel:1 )");
    REQUIRE(links.size() == 3);
    CHECK(links[0].url == "https://a.org");
    CHECK(links[0].allowed);
    CHECK(links[1].url == "http://b.org");
    CHECK_FALSE(links[1].allowed);
    CHECK(links[2].url == "tel:1");
    CHECK(links[2].allowed);
    CHECK(links_in("no links [here]").empty());
  }
}

TEST_CASE("HTML-looking text stays text", "[markup]") {
  const char* payloads[] = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "\"><svg onload=alert(1)>",
      "[<b>x</b>](https://a.org\" onclick=\"alert(1))",
      "&lt;script&gt;",
  };
  for (const char* payload : payloads) {
    const Inline runs = parse_inline(payload);
    for (const Run& run : runs) {
      // Text is returned exactly as written: escaping is the renderer's job (textContent).
      CHECK(run.href.find('"') == std::string::npos);
      CHECK(run.href.find(' ') == std::string::npos);
    }
  }
  CHECK(plain(parse_inline("<script>alert(1)</script>")) == "<script>alert(1)</script>");
  CHECK_FALSE(has_link(parse_inline("[<b>x</b>](https://a.org\" onclick=\"alert(1))")));
}

TEST_CASE("Paragraphs and lists", "[markup]") {
  SECTION("blank lines split paragraphs; lines of a paragraph flow together") {
    const Rich rich = parse_rich("First line\nsecond line\n\n  \r\nNext **one**\r\n");
    REQUIRE(rich.size() == 2);
    CHECK(rich[0].kind == MarkupBlock::Kind::paragraph);
    CHECK(show(rich[0].items.at(0)) == "First line second line");
    CHECK(show(rich[1].items.at(0)) == "Next |<b>one</b>");
  }
  SECTION("consecutive '- ' lines form one list") {
    const Rich rich = parse_rich("Try:\n- *rest*\n- [talk](https://a.org)\n\nThen more\n- x");
    REQUIRE(rich.size() == 4);
    CHECK(rich[0].kind == MarkupBlock::Kind::paragraph);
    CHECK(rich[1].kind == MarkupBlock::Kind::list);
    REQUIRE(rich[1].items.size() == 2);
    CHECK(show(rich[1].items[0]) == "<i>rest</i>");
    CHECK(show(rich[1].items[1]) == "<a:https://a.org>talk</a>");
    CHECK(rich[2].kind == MarkupBlock::Kind::paragraph);
    CHECK(rich[3].kind == MarkupBlock::Kind::list);
  }
  SECTION("a dash without a space is text") {
    const Rich rich = parse_rich("-not a list\n--");
    REQUIRE(rich.size() == 1);
    CHECK(rich[0].kind == MarkupBlock::Kind::paragraph);
  }
  SECTION("empty and blank input give no blocks") {
    CHECK(parse_rich("").empty());
    CHECK(parse_rich("\n\n \n").empty());
  }
}

TEST_CASE("Arbitrary bytes and adversarial input parse", "[markup]") {
  SECTION("every byte value survives as text") {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    const Rich rich = parse_rich(all);
    CHECK_FALSE(rich.empty());
    (void)parse_inline(all);
  }
  SECTION("pathological repetitions parse") {
    // How long they take is measured by tests/bench/scaling_bench.cpp, not here.
    for (const std::string_view pattern : testing::adversarial_markup) {
      std::string big;
      while (big.size() < 20000) big += pattern;
      INFO(pattern);
      CHECK_FALSE(parse_inline(big).empty());
      CHECK_FALSE(parse_rich(big).empty());
      (void)links_in(big);
    }
  }
}
