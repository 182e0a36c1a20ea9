#pragma once

// The content model: plain structs, no JSON. The loader (loader.hpp) builds them from a file
// and resolves every id to an index, so the rest of the engine never looks an id up twice.

#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace confide {

/** Marks "no index" wherever an index into one of the model's vectors is expected. */
inline constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

/**
 * One yes or no (1 or 0) per item of a list, such as per question. Not std::vector<bool>, whose
 * bit-by-bit references and iterators cost the wasm a few KB of code, nor bytes: the wasm holds
 * the code of index vectors already, and the lists are short.
 */
using Flags = std::vector<std::size_t>;

/**
 * A text as the publisher wrote it: one string for every locale, or one string per locale.
 * May hold inline markup (`**bold**`, `*emphasis*`, `[label](url)`), see markup.hpp.
 */
struct Text {
  std::optional<std::string> all;                ///< a plain string: the same in every locale
  std::map<std::string, std::string> by_locale;  ///< locale -> string, when written as an object
  std::string pointer;                           ///< where the text sits in its file

  bool empty() const { return !all && by_locale.empty(); }
};

/**
 * A condition over the answers, as written in a file (`showIf`, `when`). Ids are resolved to
 * indices by the loader. Numeric bounds are inclusive; an absent bound is infinite.
 */
struct Condition {
  enum class Kind {
    answer_in,      ///< {"answer": q, "in": [...]}: some chosen option is listed
    answer_not_in,  ///< {"answer": q, "notIn": [...]}: answered, no chosen option listed
    answer_range,   ///< {"answer": q, "atLeast"/"atMost"/"between"}: a number question
    answered,       ///< {"answered": q}
    scale_range,    ///< {"scale": s, "atLeast"/"atMost"/"between"}
    all,            ///< {"all": [...]}: true when every child holds (true when empty)
    any,            ///< {"any": [...]}: true when some child holds (false when empty)
    negation,       ///< {"not": {...}}
  };
  Kind kind = Kind::all;
  std::size_t question = npos;       ///< answer_*, answered
  std::size_t scale = npos;          ///< scale_range
  std::vector<std::size_t> options;  ///< answer_in, answer_not_in: option indices of `question`
  double at_least = -std::numeric_limits<double>::infinity();  ///< *_range
  double at_most = std::numeric_limits<double>::infinity();    ///< *_range
  std::vector<Condition> children;                             ///< all, any, negation (exactly one)
  std::string pointer;  ///< where the condition sits in its file
};

/** One choice of a `single` or `multiple` question. */
struct Option {
  std::string id;
  Text label;
  Text hint;               ///< optional
  bool exclusive = false;  ///< `multiple` only: cannot be combined with another option
  /// (scale index, points): what choosing this option adds to each scale
  std::vector<std::pair<std::size_t, double>> scores;
  std::string pointer;
};

enum class QuestionType { single, multiple, number, info };

/** The name a content file uses for `type` ("single", "multiple", "number", "info"). */
inline const char* question_type_name(QuestionType type) {
  switch (type) {
    case QuestionType::single:
      return "single";
    case QuestionType::multiple:
      return "multiple";
    case QuestionType::number:
      return "number";
    case QuestionType::info:
      return "info";
  }
  return "single";
}

/** One step of the check. */
struct Question {
  std::string id;
  QuestionType type = QuestionType::single;
  Text title;                        ///< the legend / heading of the step
  Text hint;                         ///< optional help under the title
  Text body;                         ///< `info` only: the text of the step
  bool required = true;              ///< ignored for `info`
  std::optional<Condition> show_if;  ///< absent: always shown
  std::vector<Option> options;       ///< single, multiple
  double min = 0;                    ///< number: inclusive bounds, whole numbers
  double max = 0;
  Text unit;  ///< number: optional unit shown after the field
  std::string pointer;
};

/** A named sum of option scores. */
struct Scale {
  std::string id;
  Text title;  ///< optional
  std::string pointer;
};

/** Help to show with a result: a helpline, a service, a page. */
struct Resource {
  std::string id;
  Text title;
  Text body;                  ///< markup, usually with links (https:, mailto:, tel:)
  std::string region;         ///< optional ISO 3166-1 alpha-2 code, "" for everywhere
  std::string last_verified;  ///< optional YYYY-MM-DD: when the details were last checked
  std::string pointer;
};

/** An outcome, a finding or an alert: shown when its condition holds. */
struct Result {
  std::string id;
  Text title;
  Text body;
  std::optional<Condition> when;       ///< absent on an outcome: the fallback
  std::vector<std::size_t> resources;  ///< indices into Assessment::resources
  std::string pointer;
};

/** One self-check, as loaded from an assessment file. */
struct Assessment {
  std::string id;
  std::string version;
  std::vector<std::string> locales;  ///< the first one is the default
  Text title;
  Text intro;                       ///< optional, shown above the first question
  Text about;                       ///< optional "about this check"
  std::vector<Question> questions;  ///< in the order the reader meets them
  std::vector<Scale> scales;
  std::vector<Result> outcomes;  ///< first whose `when` holds; else the last one
  std::vector<Result> findings;  ///< every one whose `when` holds
  std::vector<Result> alerts;    ///< every one whose `when` holds, shown first
  std::vector<Resource> resources;
  /// UI strings the content overrides (key -> text), see ui_text.hpp for the keys
  std::map<std::string, Text> ui;

  /// Question indices in an order where every question comes after all the questions its
  /// `showIf` depends on (directly, or through a scale); document order where free.
  std::vector<std::size_t> evaluation_order;

  const std::string& default_locale() const { return locales.front(); }
};

/** The theme tokens a publisher may set; each is validated by the loader. */
struct Theme {
  std::string accent;            ///< "#rrggbb": buttons, focus ring, progress
  std::string text;              ///< "#rrggbb"
  std::string background;        ///< "#rrggbb"
  std::string surface;           ///< "#rrggbb": cards and panels
  std::string font;              ///< a CSS font-family list of plain names
  std::optional<double> radius;  ///< corner radius in px, 0..24
};

/** A link in a publisher block. */
struct Link {
  Text label;
  std::string url;  ///< https:, mailto: or tel:
  std::string pointer;
};

/** A product card in a publisher block. */
struct Product {
  Text name;
  Text description;   ///< optional
  std::string url;    ///< https:
  std::string image;  ///< optional same-origin path ("/..."), fetched at load
  Text price;         ///< optional, shown as written
  std::string pointer;
};

/**
 * Extra content the publisher shows beside chosen outcomes or findings. Whatever `for` and
 * `unless` say, a products block is never shown while an alert is (see api.cpp).
 */
struct Block {
  std::string id;
  enum class Kind { reading, products } kind = Kind::reading;
  Text title;
  Text body;                             ///< optional
  std::vector<Link> links;               ///< reading
  std::vector<Product> products;         ///< products
  Text notice;                           ///< products: e.g. "products are not treatment"
  std::vector<std::string> for_results;  ///< outcome or finding ids it accompanies
  /// outcome or finding ids it must never appear with: shown when none of them is shown
  std::vector<std::string> unless_results;
  std::string pointer;
};

/** A publisher file: branding and extensions of one assessment. */
struct Publisher {
  std::string extends;  ///< the assessment id
  std::string brand;    ///< brand name shown with the check
  Theme theme;
  std::vector<Block> blocks;
  /// extra resources; `for_results` names the alerts, outcomes or findings they go with
  struct LocalResource {
    Resource resource;
    std::vector<std::string> for_results;
  };
  std::vector<LocalResource> resources;
  std::optional<std::string> quick_exit;  ///< https: address of "Leave this page"; absent: off
  std::map<std::string, Text> texts;      ///< overrides: "intro", "about", "privacy"
};

}  // namespace confide
