#include "ui_text.hpp"

#include <algorithm>
#include <iterator>

#include "text.hpp"

namespace confide {

namespace {

struct Entry {
  std::string_view key;
  std::string_view en;
  std::string_view fr;
};

// Plain, warm words: the reader may be upset, so the widget never scolds or hurries. A constant
// table: nothing to build at start-up.
constexpr Entry entry_table[] = {
    {"next", "Continue", "Continuer"},
    {"back", "Back", "Retour"},
    {"results", "Your results", "Vos résultats"},
    {"startAgain", "Start again", "Recommencer"},
    {"print", "Print or save as PDF", "Imprimer ou enregistrer en PDF"},
    {"leave", "Leave this page", "Quitter cette page"},
    {"leaveHint", "You can also press Shift three times to leave quickly.",
     "Vous pouvez aussi appuyer trois fois sur Maj pour partir rapidement."},
    {"privacy", "Your answers stay on this device. Nothing you choose is sent anywhere.",
     "Vos réponses restent sur cet appareil. Rien de ce que vous choisissez n’est envoyé."},
    {"errorTitle", "There is a problem", "Il y a un problème"},
    {"progress", "Step {current} of {total}", "Étape {current} sur {total}"},
    {"progressRange", "Step {current} of about {min} to {max}",
     "Étape {current} sur environ {min} à {max}"},
    {"alertsHeading", "Please read this first", "À lire en premier"},
    {"findingsHeading", "What may be playing a part", "Ce qui peut jouer un rôle"},
    {"moreHeading", "More to read", "Pour aller plus loin"},
    {"resourcesHeading", "Where to find support", "Où trouver du soutien"},
    {"verified", "Details checked on {date}", "Coordonnées vérifiées le {date}"},
    {"required", "Required", "Obligatoire"},
    {"optional", "(optional)", "(facultatif)"},
    {"selectOne", "Select one answer", "Choisissez une réponse"},
    {"selectAny", "Select all that apply", "Cochez tout ce qui s’applique"},
    {"unit", "in {unit}", "en {unit}"},
    {"about", "About this check", "À propos de ce questionnaire"},
    {"outcomeHeading", "Your result", "Votre résultat"},
    {"errorSelectAnswer", "Select an answer", "Choisissez une réponse"},
    {"errorSelectOption", "Select at least one option", "Cochez au moins une option"},
    {"errorEnterNumber", "Enter a number", "Saisissez un nombre"},
    {"errorNumberRange", "Enter a whole number from {min} to {max}",
     "Saisissez un nombre entier de {min} à {max}"},
};

const Entry* find_entry(std::string_view key) {
  for (const Entry& entry : entry_table) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

bool is_french(std::string_view locale) {
  const std::string_view language = language_of(locale);
  return language.size() == 2 && (language[0] == 'f' || language[0] == 'F') &&
         (language[1] == 'r' || language[1] == 'R');
}

bool has_builtin_language(std::string_view locale) {
  const std::string_view language = language_of(locale);
  return is_french(locale) || (language.size() == 2 && (language[0] == 'e' || language[0] == 'E') &&
                               (language[1] == 'n' || language[1] == 'N'));
}

}  // namespace

const std::vector<std::string_view>& ui_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> all;
    for (const Entry& entry : entry_table) all.push_back(entry.key);
    return all;
  }();
  return keys;
}

std::string_view builtin_ui_text(std::string_view key, std::string_view locale) {
  const Entry* entry = find_entry(key);
  if (!entry) return {};
  return is_french(locale) ? entry->fr : entry->en;
}

UiText::UiText(const Assessment& assessment, const Publisher* publisher, std::string_view locale) {
  const std::string_view default_locale =
      assessment.locales.empty() ? std::string_view("en") : assessment.default_locale();
  strings_.reserve(std::size(entry_table));
  for (const Entry& entry : entry_table) {
    const std::string* chosen = nullptr;
    const Text* override_text = nullptr;
    if (publisher && entry.key == "privacy") {
      auto found = publisher->texts.find("privacy");
      if (found != publisher->texts.end()) override_text = &found->second;
    }
    if (!override_text) {
      auto found = assessment.ui.find(std::string(entry.key));
      if (found != assessment.ui.end()) override_text = &found->second;
    }
    if (override_text) chosen = resolve_exactly(*override_text, locale);
    // An override missing this locale loses to our own words in the reader's language, but
    // beats English shown to a reader of a language we have no words for.
    if (!chosen && override_text && !has_builtin_language(locale)) {
      const std::string& fallback = resolve(*override_text, locale, default_locale);
      if (!fallback.empty()) chosen = &fallback;
    }
    strings_.emplace_back(entry.key,
                          chosen ? *chosen : std::string(builtin_ui_text(entry.key, locale)));
  }
}

const std::string& UiText::get(std::string_view key) const {
  static const std::string nothing;
  for (const auto& [name, value] : strings_) {
    if (name == key) return value;
  }
  return nothing;
}

std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size() + 16);
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      std::size_t close = i + 1;
      while (close < pattern.size() && pattern[close] != '}') ++close;
      if (close < pattern.size()) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        auto found = std::find_if(values.begin(), values.end(),
                                  [&](const auto& value) { return value.first == name; });
        if (found != values.end()) {
          out += found->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i];
    ++i;
  }
  return out;
}

}  // namespace confide
