#include <catch2/catch.hpp>

#include "builders.hpp"
#include "text.hpp"

using namespace confide;
using confide::test::text;

TEST_CASE("A text resolves for a locale and never fails", "[text]") {
  const Text both = text({{"en", "Hello"}, {"fr", "Bonjour"}});

  SECTION("a plain string is the same in every locale") {
    CHECK(resolve(text("Same"), "fr", "en") == "Same");
    CHECK(resolve(text("Same"), "", "") == "Same");
  }
  SECTION("exact tag first") {
    CHECK(resolve(both, "fr", "en") == "Bonjour");
    CHECK(resolve(both, "en", "en") == "Hello");
  }
  SECTION("then the language of the tag") {
    CHECK(resolve(both, "fr-CA", "en") == "Bonjour");
    CHECK(resolve(both, "FR_ca", "en") == "Bonjour");
  }
  SECTION("then the default locale, then any string") {
    CHECK(resolve(both, "de", "en") == "Hello");
    CHECK(resolve(both, "de", "fr") == "Bonjour");
    CHECK(resolve(text({{"fr", "Seul"}}), "de", "en") == "Seul");
  }
  SECTION("regional strings are found by their exact tag") {
    const Text regional = text({{"en", "colour"}, {"en-US", "color"}});
    CHECK(resolve(regional, "en-US", "en") == "color");
    CHECK(resolve(regional, "en-us", "en") == "color");
    CHECK(resolve(regional, "en-GB", "en") == "colour");
  }
  SECTION("an empty text is empty") { CHECK(resolve(Text{}, "en", "en").empty()); }
  SECTION("resolve_exactly refuses another language") {
    CHECK(resolve_exactly(both, "de") == nullptr);
    REQUIRE(resolve_exactly(both, "fr-BE") != nullptr);
    CHECK(*resolve_exactly(both, "fr-BE") == "Bonjour");
  }
}

TEST_CASE("The reader's language is matched to a declared locale", "[text]") {
  const std::vector<std::string> locales = {"en", "fr", "pt-BR"};
  CHECK(negotiate_locale(locales, "fr") == "fr");
  CHECK(negotiate_locale(locales, "FR") == "fr");
  CHECK(negotiate_locale(locales, "fr-CA") == "fr");
  CHECK(negotiate_locale(locales, "pt") == "pt-BR");
  CHECK(negotiate_locale(locales, "pt-PT") == "pt-BR");
  CHECK(negotiate_locale(locales, "de") == "en");
  CHECK(negotiate_locale(locales, "") == "en");
  CHECK(negotiate_locale({}, "fr").empty());
  CHECK(language_of("zh-Hant-TW") == "zh");
}
