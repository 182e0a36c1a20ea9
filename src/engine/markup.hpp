#pragma once

// Inline markup for publisher texts, parsed into a structure and never into HTML, so that a
// text can only ever become text, bold, emphasis or a link with an allowed scheme.

#include <string>
#include <string_view>
#include <vector>

namespace confide {

/** A stretch of text with one set of styles. */
struct Run {
  std::string text;
  bool bold = false;
  bool emphasis = false;
  std::string href;  ///< set on link text; always https:, mailto: or tel:
};

using Inline = std::vector<Run>;

/** A paragraph (one item) or a bulleted list (one item per entry). */
struct MarkupBlock {
  enum class Kind { paragraph, list } kind = Kind::paragraph;
  std::vector<Inline> items;
};

using Rich = std::vector<MarkupBlock>;

/** A link the parser met, kept or refused, so that analysis can report refused ones. */
struct LinkTarget {
  std::string url;
  bool allowed = false;
};

/** True for the schemes a link may use: https:, mailto:, tel: (case-insensitive). */
bool allowed_url(std::string_view url);

/** Parses one line of inline markup; a link with a refused scheme becomes its plain label. */
Inline parse_inline(std::string_view text);

/** Parses paragraphs (blank-line separated) and "- " lists, each with inline markup. */
Rich parse_rich(std::string_view text);

/** Every link target written in `text`, in order. */
std::vector<LinkTarget> links_in(std::string_view text);

}  // namespace confide
