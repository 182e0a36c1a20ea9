#pragma once

// The widget's own words (buttons, headings, validation messages) in English and French, with
// the overrides a content file or a publisher may give. Templates hold "{name}" placeholders
// that fill() or the web layer replace.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.hpp"

namespace confide {

/**
 * Every UI string key, in the order Meta.ui lists them. Besides the labels, "progress"
 * ("{current}", "{total}"), "progressRange" ("{current}", "{min}", "{max}"), "verified"
 * ("{date}"), "unit" ("{unit}") and "errorNumberRange" ("{min}", "{max}") are templates.
 */
const std::vector<std::string_view>& ui_keys();

/** The UI strings of one session, resolved once for its locale. */
class UiText {
 public:
  /**
   * Built-in strings for the language of `locale` (English when there are none), replaced by
   * the content's `ui` overrides written for that locale. `publisher` may be null; its
   * `texts.privacy` replaces the privacy line.
   */
  UiText(const Assessment& assessment, const Publisher* publisher, std::string_view locale);

  /** The string for `key`, "" for an unknown key. */
  const std::string& get(std::string_view key) const;

  /** Every (key, string) pair, in ui_keys() order. */
  const std::vector<std::pair<std::string_view, std::string>>& all() const { return strings_; }

 private:
  std::vector<std::pair<std::string_view, std::string>> strings_;
};

/** The built-in string for `key` in the language of `locale` (English fallback), or "". */
std::string_view builtin_ui_text(std::string_view key, std::string_view locale);

/** Replaces each "{name}" in `pattern` with its value; unknown placeholders stay as written. */
std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace confide
