#include "text.hpp"

namespace confide {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_tag(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] == '_' ? '-' : lower(a[i]);
    const char y = b[i] == '_' ? '-' : lower(b[i]);
    if (x != y) return false;
  }
  return true;
}

const std::string* find_tag(const std::map<std::string, std::string>& by_locale,
                            std::string_view tag) {
  if (tag.empty()) return nullptr;
  auto exact = by_locale.find(std::string(tag));
  if (exact != by_locale.end()) return &exact->second;
  for (const auto& [key, value] : by_locale) {
    if (same_tag(key, tag)) return &value;
  }
  return nullptr;
}

}  // namespace

std::string_view language_of(std::string_view tag) {
  std::size_t cut = 0;
  while (cut < tag.size() && tag[cut] != '-' && tag[cut] != '_') ++cut;
  return tag.substr(0, cut);
}

std::string negotiate_locale(const std::vector<std::string>& locales, std::string_view requested) {
  if (locales.empty()) return {};
  for (const std::string& locale : locales) {
    if (same_tag(locale, requested)) return locale;
  }
  const std::string_view language = language_of(requested);
  if (!language.empty()) {
    for (const std::string& locale : locales) {
      if (same_tag(locale, language)) return locale;
    }
    for (const std::string& locale : locales) {
      if (same_tag(language_of(locale), language)) return locale;
    }
  }
  return locales.front();
}

const std::string* resolve_exactly(const Text& text, std::string_view locale) {
  if (text.all) return &*text.all;
  if (const std::string* found = find_tag(text.by_locale, locale)) return found;
  return find_tag(text.by_locale, language_of(locale));
}

const std::string& resolve(const Text& text, std::string_view locale,
                           std::string_view default_locale) {
  static const std::string nothing;
  if (const std::string* found = resolve_exactly(text, locale)) return *found;
  if (const std::string* found = find_tag(text.by_locale, default_locale)) return *found;
  if (!text.by_locale.empty()) return text.by_locale.begin()->second;
  return nothing;
}

}  // namespace confide
