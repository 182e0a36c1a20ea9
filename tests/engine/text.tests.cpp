#include <catch2/catch.hpp>

#include "builders.hpp"
#include "text.hpp"
#include "ui_text.hpp"

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

TEST_CASE("UI strings: built in for English and French, content may reword them", "[text]") {
  const Assessment plain = confide::test::Builder("plain").build();

  SECTION("every key has words in both languages") {
    const UiText en(plain, nullptr, "en");
    const UiText fr(plain, nullptr, "fr");
    for (std::string_view key : ui_keys()) {
      INFO(std::string(key));
      CHECK_FALSE(en.get(key).empty());
      CHECK_FALSE(fr.get(key).empty());
    }
    CHECK(en.get("privacy") ==
          "Your answers stay on this device. Nothing you choose is sent anywhere.");
    CHECK(fr.get("back") == "Retour");
    CHECK(en.get("no-such-key").empty());
    CHECK(en.all().size() == ui_keys().size());
  }
  SECTION("a regional tag uses its language, an unknown language English") {
    CHECK(UiText(plain, nullptr, "fr-CA").get("next") == "Continuer");
    CHECK(UiText(plain, nullptr, "de").get("next") == "Continue");
  }
  SECTION("overrides apply where written for the locale") {
    Assessment custom = confide::test::Builder("custom", {"en", "fr", "de"})
                            .ui("next", text({{"en", "Carry on"}, {"de", "Weiter"}}))
                            .ui("back", text("Previous"))
                            .build();
    CHECK(UiText(custom, nullptr, "en").get("next") == "Carry on");
    CHECK(UiText(custom, nullptr, "de").get("next") == "Weiter");
    // Missing in French: our own French beats the English override.
    CHECK(UiText(custom, nullptr, "fr").get("next") == "Continuer");
    CHECK(UiText(custom, nullptr, "fr").get("back") == "Previous");
  }
  SECTION("a publisher's privacy line replaces ours") {
    Publisher publisher;
    publisher.texts["privacy"] = text({{"en", "Private."}, {"fr", "Privé."}});
    CHECK(UiText(plain, &publisher, "fr").get("privacy") == "Privé.");
  }
  SECTION("templates") {
    CHECK(fill("Step {current} of {total}", {{"current", "2"}, {"total", "9"}}) == "Step 2 of 9");
    CHECK(fill("{a}{a} {b} {", {{"a", "x"}}) == "xx {b} {");
    CHECK(fill("", {}).empty());
  }
}
