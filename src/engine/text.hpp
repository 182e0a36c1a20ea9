#pragma once

// Picks the string a reader sees from a Text written for several locales.

#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace confide {

/** The language part of a tag: "fr-CA" -> "fr", "pt_BR" -> "pt", "en" -> "en". */
std::string_view language_of(std::string_view tag);

/**
 * The declared locale that best serves a reader asking for `requested`: the same tag
 * (case-insensitive), then one with the same language ("fr-CA" -> "fr", "fr" -> "fr-CA"), else
 * the first (default) locale. Returns "" only when `locales` is empty.
 */
std::string negotiate_locale(const std::vector<std::string>& locales, std::string_view requested);

/**
 * The string of `text` for `locale`: the one string of a plain text, else the exact tag, then
 * the language ("fr-CA" -> "fr"), then `default_locale`, then any string it has. Never fails:
 * an empty Text gives "".
 */
const std::string& resolve(const Text& text, std::string_view locale,
                           std::string_view default_locale);

/**
 * Like resolve(), but only when `text` has a string meant for `locale` itself (a plain string,
 * the exact tag or its language): nullptr otherwise, so that callers can fall back to
 * something better than another language.
 */
const std::string* resolve_exactly(const Text& text, std::string_view locale);

}  // namespace confide
