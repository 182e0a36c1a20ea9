#include "api.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader.hpp"
#include "markup.hpp"
#include "session.hpp"
#include "text.hpp"
#include "ui_text.hpp"

// The view is assembled from JSON fragments rendered once per session (titles, options,
// results, blocks: everything that depends only on the content and the locale), so that an
// action costs a few string appends rather than re-parsing markup and rebuilding objects.

namespace confide::api {

namespace {

using nlohmann::json;

// Invalid UTF-8 cannot come from loaded content, but a reply must never throw.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string quote(std::string_view text) { return dump(json(text)); }

json number_json(double value) {
  // Bounds are whole numbers within 1e9: print "120", not "120.0".
  if (std::isfinite(value) && std::fabs(value) <= 1e15 && value == std::floor(value)) {
    return json(static_cast<std::int64_t>(value));
  }
  return json(value);
}

json inline_json(const Inline& runs) {
  json out = json::array();
  for (const Run& run : runs) {
    json item = {{"text", run.text}};
    if (run.bold) item["bold"] = true;
    if (run.emphasis) item["em"] = true;
    if (!run.href.empty()) item["href"] = run.href;
    out.push_back(std::move(item));
  }
  return out;
}

json rich_json(const Rich& blocks) {
  json out = json::array();
  for (const MarkupBlock& block : blocks) {
    if (block.kind == MarkupBlock::Kind::paragraph) {
      if (!block.items.empty()) out.push_back({{"p", inline_json(block.items.front())}});
    } else {
      json items = json::array();
      for (const Inline& item : block.items) items.push_back(inline_json(item));
      out.push_back({{"ul", std::move(items)}});
    }
  }
  return out;
}

/** Resolves texts for one locale and renders them as Inline or Rich JSON. */
struct Texts {
  std::string locale;
  std::string default_locale;

  const std::string& raw(const Text& text) const { return resolve(text, locale, default_locale); }
  json inline_of(const Text& text) const { return inline_json(parse_inline(raw(text))); }
  json rich_of(const Text& text) const { return rich_json(parse_rich(raw(text))); }
  json inline_or_null(const Text& text) const {
    return raw(text).empty() ? json(nullptr) : inline_of(text);
  }
  json rich_or_null(const Text& text) const {
    return raw(text).empty() ? json(nullptr) : rich_of(text);
  }
};

json string_or_null(const std::string& value) {
  return value.empty() ? json(nullptr) : json(value);
}

json resource_json(const Resource& resource, const Texts& texts) {
  return {{"id", resource.id},
          {"title", texts.inline_of(resource.title)},
          {"body", texts.rich_of(resource.body)},
          {"region", string_or_null(resource.region)},
          {"lastVerified", string_or_null(resource.last_verified)}};
}

std::string result_view(const Result& result, const char* kind, const Assessment& assessment,
                        const Publisher* publisher, const Texts& texts) {
  json resources = json::array();
  for (std::size_t index : result.resources) {
    if (index < assessment.resources.size()) {
      resources.push_back(resource_json(assessment.resources[index], texts));
    }
  }
  if (publisher) {
    for (const Publisher::LocalResource& local : publisher->resources) {
      for (const std::string& id : local.for_results) {
        if (id == result.id) {
          resources.push_back(resource_json(local.resource, texts));
          break;
        }
      }
    }
  }
  return dump({{"id", result.id},
               {"kind", kind},
               {"title", texts.inline_of(result.title)},
               {"body", texts.rich_of(result.body)},
               {"resources", std::move(resources)}});
}

bool same_origin_path(const std::string& path) {
  return path.size() > 1 && path[0] == '/' && path[1] != '/' && path[1] != '\\';
}

std::string block_view(const Block& block, const Texts& texts) {
  json links = json::array();
  for (const Link& link : block.links) {
    if (!allowed_url(link.url)) continue;
    links.push_back({{"label", texts.inline_of(link.label)}, {"url", link.url}});
  }
  json products = json::array();
  for (const Product& product : block.products) {
    if (!allowed_url(product.url)) continue;
    products.push_back(
        {{"name", texts.inline_of(product.name)},
         {"description", texts.rich_or_null(product.description)},
         {"url", product.url},
         {"image", same_origin_path(product.image) ? json(product.image) : json(nullptr)},
         {"price", texts.inline_or_null(product.price)}});
  }
  return dump({{"id", block.id},
               {"kind", block.kind == Block::Kind::products ? "products" : "reading"},
               {"title", texts.inline_of(block.title)},
               {"body", texts.rich_or_null(block.body)},
               {"links", std::move(links)},
               {"products", std::move(products)},
               {"notice", texts.rich_or_null(block.notice)}});
}

/** A question's view, split around the parts that change with the answers. */
struct QuestionFragments {
  std::string head;                  // `{"id":...,"options":[` up to the first option
  std::vector<std::string> options;  // each option up to and including `"checked":`
  std::string tail;                  // after `"value":<...>`: min, max, unit and the `}`
};

QuestionFragments question_fragments(const Question& question, const Texts& texts) {
  const bool is_number = question.type == QuestionType::number;
  QuestionFragments fragments;
  fragments.head = "{\"id\":" + quote(question.id) + ",\"type\":\"" +
                   question_type_name(question.type) +
                   "\",\"title\":" + dump(texts.inline_of(question.title)) +
                   ",\"hint\":" + dump(texts.rich_or_null(question.hint)) +
                   ",\"body\":" + dump(texts.rich_or_null(question.body)) + ",\"required\":" +
                   (question.required && question.type != QuestionType::info ? "true" : "false") +
                   ",\"options\":[";
  for (const Option& option : question.options) {
    fragments.options.push_back(
        "{\"id\":" + quote(option.id) + ",\"label\":" + dump(texts.inline_of(option.label)) +
        ",\"hint\":" + dump(texts.inline_or_null(option.hint)) +
        ",\"exclusive\":" + (option.exclusive ? "true" : "false") + ",\"checked\":");
  }
  fragments.tail = ",\"min\":" + (is_number ? dump(number_json(question.min)) : "null") +
                   ",\"max\":" + (is_number ? dump(number_json(question.max)) : "null") +
                   ",\"unit\":" + (is_number ? dump(texts.inline_or_null(question.unit)) : "null") +
                   "}";
  return fragments;
}

/** One open session: its content, the reader's state and the pre-rendered fragments. */
struct Entry {
  Assessment assessment;
  std::optional<Publisher> publisher;
  std::unique_ptr<Session> session;
  std::vector<QuestionFragments> questions;
  std::vector<std::string> outcomes;
  std::vector<std::string> findings;
  std::vector<std::string> alerts;
  std::vector<std::string> blocks;
  /// per block, in publisher-file order: which results bring it and which keep it away
  struct BlockRule {
    bool products = false;
    std::vector<std::size_t> for_outcomes, for_findings;        // `for`
    std::vector<std::size_t> unless_outcomes, unless_findings;  // `unless`
  };
  std::vector<BlockRule> block_rules;
  std::string meta;
};

void prepare(Entry& entry, const Texts& texts) {
  const Assessment& a = entry.assessment;
  const Publisher* publisher = entry.publisher ? &*entry.publisher : nullptr;
  for (const Question& question : a.questions) {
    entry.questions.push_back(question_fragments(question, texts));
  }
  for (const Result& r : a.outcomes) {
    entry.outcomes.push_back(result_view(r, "outcome", a, publisher, texts));
  }
  for (const Result& r : a.findings) {
    entry.findings.push_back(result_view(r, "finding", a, publisher, texts));
  }
  for (const Result& r : a.alerts) {
    entry.alerts.push_back(result_view(r, "alert", a, publisher, texts));
  }
  if (!publisher) return;
  const auto resolve_ids = [&](const std::vector<std::string>& ids,
                               std::vector<std::size_t>& outcomes,
                               std::vector<std::size_t>& findings) {
    for (const std::string& id : ids) {
      for (std::size_t i = 0; i < a.outcomes.size(); ++i) {
        if (a.outcomes[i].id == id) outcomes.push_back(i);
      }
      for (std::size_t i = 0; i < a.findings.size(); ++i) {
        if (a.findings[i].id == id) findings.push_back(i);
      }
    }
  };
  for (const Block& block : publisher->blocks) {
    entry.blocks.push_back(block_view(block, texts));
    Entry::BlockRule& rule = entry.block_rules.emplace_back();
    rule.products = block.kind == Block::Kind::products;
    resolve_ids(block.for_results, rule.for_outcomes, rule.for_findings);
    resolve_ids(block.unless_results, rule.unless_outcomes, rule.unless_findings);
  }
}

/** Whether the outcome or one of the findings on the results is among `outcomes`/`findings`. */
bool any_shown(const Evaluation& evaluation, const std::vector<std::size_t>& outcomes,
               const std::vector<std::size_t>& findings) {
  if (std::find(outcomes.begin(), outcomes.end(), evaluation.outcome) != outcomes.end()) {
    return true;
  }
  return std::any_of(findings.begin(), findings.end(), [&](std::size_t f) {
    return std::find(evaluation.findings.begin(), evaluation.findings.end(), f) !=
           evaluation.findings.end();
  });
}

std::string meta_json(const Entry& entry, const Texts& texts) {
  const Assessment& a = entry.assessment;
  const Publisher* publisher = entry.publisher ? &*entry.publisher : nullptr;
  auto publisher_text = [&](const char* key) -> const Text* {
    if (!publisher) return nullptr;
    auto found = publisher->texts.find(key);
    return found == publisher->texts.end() ? nullptr : &found->second;
  };
  const Text* intro = publisher_text("intro");
  const Text* about = publisher_text("about");
  const Text* privacy = publisher_text("privacy");
  const UiText& ui = entry.session->ui();

  json theme = json::object();
  json images = json::array();
  if (publisher) {
    const Theme& t = publisher->theme;
    if (!t.accent.empty()) theme["accent"] = t.accent;
    if (!t.text.empty()) theme["text"] = t.text;
    if (!t.background.empty()) theme["background"] = t.background;
    if (!t.surface.empty()) theme["surface"] = t.surface;
    if (!t.font.empty()) theme["font"] = t.font;
    if (t.radius) theme["radius"] = number_json(*t.radius);
    for (const Block& block : publisher->blocks) {
      for (const Product& product : block.products) {
        if (!same_origin_path(product.image)) continue;
        bool seen = false;
        for (const json& image : images) seen = seen || image == product.image;
        if (!seen) images.push_back(product.image);
      }
    }
  }
  json ui_strings = json::object();
  for (const auto& [key, value] : ui.all()) ui_strings[std::string(key)] = value;

  json meta = {
      {"lang", texts.locale},
      {"id", a.id},
      {"title", texts.inline_of(a.title)},
      {"intro", texts.rich_or_null(intro ? *intro : a.intro)},
      {"about", texts.rich_or_null(about ? *about : a.about)},
      {"privacy", privacy ? texts.rich_of(*privacy) : rich_json(parse_rich(ui.get("privacy")))},
      {"brand", publisher ? string_or_null(publisher->brand) : json(nullptr)},
      {"theme", std::move(theme)},
      {"quickExit", publisher && publisher->quick_exit && allowed_url(*publisher->quick_exit)
                        ? json{{"url", *publisher->quick_exit}}
                        : json(nullptr)},
      {"images", std::move(images)},
      {"ui", std::move(ui_strings)},
  };
  return dump(meta);
}

void append_list(std::string& out, const std::vector<std::size_t>& indices,
                 const std::vector<std::string>& views) {
  out += '[';
  bool first = true;
  for (std::size_t index : indices) {
    if (index >= views.size()) continue;
    if (!first) out += ',';
    out += views[index];
    first = false;
  }
  out += ']';
}

std::string view_json(const Entry& entry) {
  const Session& session = *entry.session;
  const Assessment& a = entry.assessment;
  const Progress progress = session.progress();

  std::string out;
  out.reserve(2048);
  out += session.on_results() ? "{\"step\":\"results\"" : "{\"step\":\"question\"";
  out += ",\"progress\":{\"current\":" + std::to_string(progress.current) +
         ",\"min\":" + std::to_string(progress.min) + ",\"max\":" + std::to_string(progress.max) +
         "},\"canGoBack\":";
  out += session.can_go_back() ? "true" : "false";
  const std::vector<std::size_t> alerts = session.alerts();
  out += ",\"alerts\":";
  append_list(out, alerts, entry.alerts);

  out += ",\"errors\":[";
  bool first = true;
  for (const StepError& error : session.errors()) {
    if (error.question >= a.questions.size()) continue;
    const Question& question = a.questions[error.question];
    if (!first) out += ',';
    first = false;
    out += "{\"question\":" + quote(question.id) + ",\"option\":" +
           (error.option < question.options.size() ? quote(question.options[error.option].id)
                                                   : std::string("null")) +
           ",\"message\":" + quote(error.message) + "}";
  }
  out += "],\"question\":";

  if (session.on_results()) {
    const Evaluation& evaluation = session.evaluation();
    out += "null,\"results\":{\"outcome\":";
    out += evaluation.outcome < entry.outcomes.size() ? entry.outcomes[evaluation.outcome]
                                                      : std::string("null");
    out += ",\"findings\":";
    append_list(out, evaluation.findings, entry.findings);
    out += ",\"blocks\":[";
    first = true;
    for (std::size_t b = 0; b < entry.blocks.size() && b < entry.block_rules.size(); ++b) {
      const Entry::BlockRule& rule = entry.block_rules[b];
      // A reader shown a safety alert is never offered something to buy beside it, whatever
      // the publisher's file says; further reading may stay.
      if (rule.products && !alerts.empty()) continue;
      if (!any_shown(evaluation, rule.for_outcomes, rule.for_findings)) continue;
      if (any_shown(evaluation, rule.unless_outcomes, rule.unless_findings)) continue;
      if (!first) out += ',';
      first = false;
      out += entry.blocks[b];
    }
    out += "]}}";
    return out;
  }

  const std::size_t current = session.current();
  const QuestionFragments& fragments = entry.questions[current];
  const std::optional<Answer>& answer = session.answers()[current];
  out += fragments.head;
  for (std::size_t o = 0; o < fragments.options.size(); ++o) {
    if (o > 0) out += ',';
    out += fragments.options[o];
    const bool checked = answer && std::find(answer->options.begin(), answer->options.end(), o) !=
                                       answer->options.end();
    out += checked ? "true}" : "false}";
  }
  out += "],\"value\":";
  const std::string* typed = session.typed(current);
  out += typed ? quote(*typed) : std::string("null");
  out += fragments.tail;
  out += ",\"results\":null}";
  return out;
}

std::string refusal(std::string_view message) {
  return "{\"ok\":false,\"message\":" + quote(message) + "}";
}

/** The open sessions. The widget runs on one thread, so no lock is needed. */
struct Table {
  std::map<int, std::unique_ptr<Entry>> entries;
  int next_handle = 1;

  int insert(std::unique_ptr<Entry> entry) {
    // Handles are never reused while open, even after the counter wraps.
    while (entries.count(next_handle) != 0 || next_handle <= 0) {
      next_handle = next_handle >= INT_MAX || next_handle <= 0 ? 1 : next_handle + 1;
    }
    const int handle = next_handle;
    next_handle = next_handle >= INT_MAX ? 1 : next_handle + 1;
    entries.emplace(handle, std::move(entry));
    return handle;
  }
};

Table& table() {
  static Table instance;
  return instance;
}

json problems_json(const Problems& problems, const char* file) {
  json out = json::array();
  for (const Problem& problem : problems) {
    if (problem.severity != Severity::error) continue;
    out.push_back({{"file", file},
                   {"code", problem.code},
                   {"pointer", problem.pointer},
                   {"message", problem.message}});
  }
  return out;
}

std::string failure(json problems) {
  return dump({{"ok", false}, {"problems", std::move(problems)}});
}

std::string open_unchecked(const std::string& content, const std::string& publisher_text,
                           const std::string& lang) {
  LoadedAssessment loaded = load_assessment(content);
  if (!loaded.assessment) return failure(problems_json(loaded.problems, "content"));

  auto entry = std::make_unique<Entry>();
  entry->assessment = std::move(*loaded.assessment);
  if (entry->assessment.questions.empty() || entry->assessment.outcomes.empty() ||
      entry->assessment.locales.empty()) {
    return failure(json::array({{{"file", "content"},
                                 {"code", "missing-key"},
                                 {"pointer", ""},
                                 {"message", "the assessment has no questions or no outcomes"}}}));
  }
  if (!publisher_text.empty()) {
    const std::string extends = publisher_extends(publisher_text);
    if (!extends.empty() && extends != entry->assessment.id) {
      return failure(json::array({{{"file", "publisher"},
                                   {"code", "unknown-id"},
                                   {"pointer", "/extends"},
                                   {"message", "the publisher file extends \"" + extends +
                                                   "\", not \"" + entry->assessment.id + "\""}}}));
    }
    LoadedPublisher publisher = load_publisher(publisher_text, entry->assessment);
    if (!publisher.publisher) return failure(problems_json(publisher.problems, "publisher"));
    entry->publisher = std::move(*publisher.publisher);
  }

  Texts texts{negotiate_locale(entry->assessment.locales, lang),
              entry->assessment.default_locale()};
  entry->session = std::make_unique<Session>(
      entry->assessment, entry->publisher ? &*entry->publisher : nullptr, texts.locale);
  prepare(*entry, texts);
  entry->meta = meta_json(*entry, texts);

  std::string view = view_json(*entry);
  std::string meta = entry->meta;
  const int handle = table().insert(std::move(entry));
  return "{\"ok\":true,\"session\":" + std::to_string(handle) + ",\"meta\":" + meta +
         ",\"view\":" + view + "}";
}

const std::string* string_member(const json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return nullptr;
  return found->get_ptr<const std::string*>();
}

constexpr std::size_t max_action_bytes = 16 * 1024;

std::string act_unchecked(int handle, const std::string& action_text) {
  auto found = table().entries.find(handle);
  if (found == table().entries.end()) return refusal("unknown session");
  Entry& entry = *found->second;
  Session& session = *entry.session;

  // Real actions are a few dozen bytes; refusing big ones keeps parsing cheap and shallow.
  if (action_text.size() > max_action_bytes) return refusal("the action is too long");
  const json action = json::parse(action_text, nullptr, false);
  if (action.is_discarded() || !action.is_object()) {
    return refusal("an action must be a JSON object");
  }
  const std::string* verb = string_member(action, "do");
  if (!verb) return refusal("an action needs \"do\"");

  ActionResult result;
  if (*verb == "answer") {
    const std::string* question = string_member(action, "question");
    if (!question) return refusal("answer needs \"question\"");
    auto value = action.find("value");
    if (value == action.end()) return refusal("answer needs \"value\"");
    if (value->is_string()) {
      result = session.answer(*question, *value->get_ptr<const std::string*>());
    } else if (value->is_number()) {
      result = session.answer(*question, dump(*value));
    } else {
      return refusal("\"value\" must be a string");
    }
  } else if (*verb == "toggle") {
    const std::string* question = string_member(action, "question");
    const std::string* option = string_member(action, "option");
    auto checked = action.find("checked");
    if (!question || !option) return refusal("toggle needs \"question\" and \"option\"");
    if (checked == action.end() || !checked->is_boolean()) {
      return refusal("toggle needs \"checked\": true or false");
    }
    result = session.toggle(*question, *option, *checked->get_ptr<const bool*>());
  } else if (*verb == "next") {
    result = session.next();
  } else if (*verb == "back") {
    result = session.back();
  } else if (*verb == "restart") {
    result = session.restart();
  } else {
    return refusal("unknown action \"" + verb->substr(0, 32) + "\"");
  }
  if (!result.ok) return refusal(result.message);
  return "{\"ok\":true,\"view\":" + view_json(entry) + "}";
}

}  // namespace

std::string open(const std::string& content, const std::string& publisher,
                 const std::string& lang) {
  // Nothing below throws by design; the catch is for allocation failure, which must still
  // not take the host page down with it.
  try {
    return open_unchecked(content, publisher, lang);
  } catch (...) {
    return "{\"ok\":false,\"problems\":[{\"file\":\"content\",\"code\":\"internal\","
           "\"pointer\":\"\",\"message\":\"the check could not be opened\"}]}";
  }
}

std::string act(int session, const std::string& action) {
  try {
    return act_unchecked(session, action);
  } catch (...) {
    return "{\"ok\":false,\"message\":\"the action could not be applied\"}";
  }
}

void close(int session) { table().entries.erase(session); }

}  // namespace confide::api
