#include "api.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_reader.hpp"
#include "json_writer.hpp"
#include "loader.hpp"
#include "markup.hpp"
#include "session.hpp"
#include "text.hpp"
#include "ui_text.hpp"

// The view is assembled from JSON fragments rendered once per session (titles, options,
// results, blocks: everything that depends only on the content and the locale), so that an
// action costs a few string appends rather than re-parsing markup. Each question's fragments
// are rendered the first time it is shown and the results' the first time they are, so that
// opening a session renders only what its first step shows. Replies are written with
// JsonWriter, straight into strings.

namespace confide::api {

namespace {

void write_inline(JsonWriter& w, const Inline& runs) {
  w.begin_array();
  for (const Run& run : runs) {
    w.begin_object().key("text").string(run.text);
    if (run.bold) w.key("bold").boolean(true);
    if (run.emphasis) w.key("em").boolean(true);
    if (!run.href.empty()) w.key("href").string(run.href);
    w.end_object();
  }
  w.end_array();
}

void write_rich(JsonWriter& w, const Rich& blocks) {
  w.begin_array();
  for (const MarkupBlock& block : blocks) {
    if (block.kind == MarkupBlock::Kind::paragraph) {
      if (block.items.empty()) continue;
      w.begin_object().key("p");
      write_inline(w, block.items.front());
      w.end_object();
    } else {
      w.begin_object().key("ul").begin_array();
      for (const Inline& item : block.items) write_inline(w, item);
      w.end_array().end_object();
    }
  }
  w.end_array();
}

/** Resolves texts for one locale and writes them as Inline or Rich JSON. */
struct Texts {
  std::string locale;
  std::string default_locale;

  const std::string& raw(const Text& text) const { return resolve(text, locale, default_locale); }
  void inline_of(JsonWriter& w, const Text& text) const {
    write_inline(w, parse_inline(raw(text)));
  }
  void rich_of(JsonWriter& w, const Text& text) const { write_rich(w, parse_rich(raw(text))); }
  void inline_or_null(JsonWriter& w, const Text& text) const {
    if (raw(text).empty()) {
      w.null();
    } else {
      inline_of(w, text);
    }
  }
  void rich_or_null(JsonWriter& w, const Text& text) const {
    if (raw(text).empty()) {
      w.null();
    } else {
      rich_of(w, text);
    }
  }
  /** What `write` writes for `text`, as a fragment of its own, e.g. fragment<&Texts::inline_of>. */
  template <void (Texts::*write)(JsonWriter&, const Text&) const>
  std::string fragment(const Text& text) const {
    std::string out;
    JsonWriter w(out);
    (this->*write)(w, text);
    return out;
  }
};

void write_resource(JsonWriter& w, const Resource& resource, const Texts& texts) {
  w.begin_object().key("id").string(resource.id).key("title");
  texts.inline_of(w, resource.title);
  w.key("body");
  texts.rich_of(w, resource.body);
  w.key("region").string_or_null(resource.region);
  w.key("lastVerified").string_or_null(resource.last_verified);
  w.end_object();
}

std::string result_view(const Result& result, const char* kind, const Assessment& assessment,
                        const Publisher* publisher, const Texts& texts) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("id").string(result.id).key("kind").string(kind).key("title");
  texts.inline_of(w, result.title);
  w.key("body");
  texts.rich_of(w, result.body);
  w.key("resources").begin_array();
  for (std::size_t index : result.resources) {
    if (index < assessment.resources.size()) {
      write_resource(w, assessment.resources[index], texts);
    }
  }
  if (publisher) {
    for (const Publisher::LocalResource& local : publisher->resources) {
      if (std::find(local.for_results.begin(), local.for_results.end(), result.id) !=
          local.for_results.end()) {
        write_resource(w, local.resource, texts);
      }
    }
  }
  w.end_array().end_object();
  return out;
}

bool same_origin_path(const std::string& path) {
  return path.size() > 1 && path[0] == '/' && path[1] != '/' && path[1] != '\\';
}

std::string block_view(const Block& block, const Texts& texts) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("id").string(block.id);
  w.key("kind").string(block.kind == Block::Kind::products ? "products" : "reading");
  w.key("title");
  texts.inline_of(w, block.title);
  w.key("body");
  texts.rich_or_null(w, block.body);
  w.key("links").begin_array();
  for (const Link& link : block.links) {
    if (!allowed_url(link.url)) continue;
    w.begin_object().key("label");
    texts.inline_of(w, link.label);
    w.key("url").string(link.url).end_object();
  }
  w.end_array().key("products").begin_array();
  for (const Product& product : block.products) {
    if (!allowed_url(product.url)) continue;
    w.begin_object().key("name");
    texts.inline_of(w, product.name);
    w.key("description");
    texts.rich_or_null(w, product.description);
    w.key("url").string(product.url);
    w.key("image").string_or_null(same_origin_path(product.image) ? product.image : "");
    w.key("price");
    texts.inline_or_null(w, product.price);
    w.end_object();
  }
  w.end_array().key("notice");
  texts.rich_or_null(w, block.notice);
  w.end_object();
  return out;
}

/** A question's view, split around the parts that change with the answers. */
struct QuestionFragments {
  std::string head;                  // `{"id":...,"options":[` up to the first option
  std::vector<std::string> options;  // each option up to and including `"checked":`
  std::string tail;                  // after `"value":<...>`: min, max, unit and the `}`
};

/** Renders `question` into `fragments`, which are empty. */
void render_question(const Question& question, const Texts& texts, QuestionFragments& fragments) {
  const bool is_number = question.type == QuestionType::number;
  std::string& head = fragments.head;
  head = "{\"id\":";
  append_json_string(head, question.id);
  head += ",\"type\":\"";
  head += question_type_name(question.type);
  head += "\",\"title\":";
  head += texts.fragment<&Texts::inline_of>(question.title);
  head += ",\"hint\":";
  head += texts.fragment<&Texts::rich_or_null>(question.hint);
  head += ",\"body\":";
  head += texts.fragment<&Texts::rich_or_null>(question.body);
  head += ",\"required\":";
  head += question.required && question.type != QuestionType::info ? "true" : "false";
  head += ",\"options\":[";
  for (const Option& option : question.options) {
    std::string& view = fragments.options.emplace_back("{\"id\":");
    append_json_string(view, option.id);
    view += ",\"label\":";
    view += texts.fragment<&Texts::inline_of>(option.label);
    view += ",\"hint\":";
    view += texts.fragment<&Texts::inline_or_null>(option.hint);
    view += ",\"exclusive\":";
    view += option.exclusive ? "true" : "false";
    view += ",\"checked\":";
  }
  std::string& tail = fragments.tail;
  tail = ",\"min\":";
  tail += is_number ? json_number(question.min) : "null";
  tail += ",\"max\":";
  tail += is_number ? json_number(question.max) : "null";
  tail += ",\"unit\":";
  tail += is_number ? texts.fragment<&Texts::inline_or_null>(question.unit) : "null";
  tail += '}';
}

/** One open session: its content, the reader's state and the fragments rendered so far. */
struct Entry {
  // Built around the loaded content: constructing in place, here and with emplace for the
  // publisher, leaves out the move assignments, which were about 1 KB of wasm.
  explicit Entry(Assessment&& loaded) : assessment(std::move(loaded)) {}

  Assessment assessment;
  std::optional<Publisher> publisher;
  std::unique_ptr<Session> session;
  Texts texts;
  std::vector<QuestionFragments> questions;  // per question; an empty head: not rendered yet
  std::vector<std::string> outcomes;         // empty until the results are first shown
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
};

/** The fragments of question `index`, rendered the first time it is shown. */
const QuestionFragments& question_view(Entry& entry, std::size_t index) {
  QuestionFragments& fragments = entry.questions[index];
  if (fragments.head.empty()) {
    render_question(entry.assessment.questions[index], entry.texts, fragments);
  }
  return fragments;
}

/** Renders the alerts, which any step may show (a safety alert is never left out). */
void prepare_alerts(Entry& entry) {
  const Assessment& a = entry.assessment;
  const Publisher* publisher = entry.publisher ? &*entry.publisher : nullptr;
  for (const Result& r : a.alerts) {
    entry.alerts.push_back(result_view(r, "alert", a, publisher, entry.texts));
  }
}

/** Renders what only the results show: outcomes, findings and the publisher's blocks. */
void prepare_results(Entry& entry) {
  const Assessment& a = entry.assessment;
  const Publisher* publisher = entry.publisher ? &*entry.publisher : nullptr;
  const Texts& texts = entry.texts;
  for (const Result& r : a.outcomes) {
    entry.outcomes.push_back(result_view(r, "outcome", a, publisher, texts));
  }
  for (const Result& r : a.findings) {
    entry.findings.push_back(result_view(r, "finding", a, publisher, texts));
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

  std::string out;
  JsonWriter w(out);
  w.begin_object().key("lang").string(texts.locale).key("id").string(a.id).key("title");
  texts.inline_of(w, a.title);
  w.key("intro");
  texts.rich_or_null(w, intro ? *intro : a.intro);
  w.key("about");
  texts.rich_or_null(w, about ? *about : a.about);
  w.key("privacy");
  if (privacy) {
    texts.rich_of(w, *privacy);
  } else {
    write_rich(w, parse_rich(ui.get("privacy")));
  }
  w.key("brand").string_or_null(publisher ? publisher->brand : "");
  w.key("theme").begin_object();
  std::vector<std::string> images;
  if (publisher) {
    const Theme& t = publisher->theme;
    const std::pair<const char*, const std::string*> colours[] = {{"accent", &t.accent},
                                                                  {"text", &t.text},
                                                                  {"background", &t.background},
                                                                  {"surface", &t.surface},
                                                                  {"font", &t.font}};
    for (const auto& [name, value] : colours) {
      if (!value->empty()) w.key(name).string(*value);
    }
    if (t.radius) w.key("radius").number(*t.radius);
    for (const Block& block : publisher->blocks) {
      for (const Product& product : block.products) {
        if (same_origin_path(product.image) &&
            std::find(images.begin(), images.end(), product.image) == images.end()) {
          images.push_back(product.image);
        }
      }
    }
  }
  w.end_object().key("quickExit");
  if (publisher && publisher->quick_exit && allowed_url(*publisher->quick_exit)) {
    w.begin_object().key("url").string(*publisher->quick_exit).end_object();
  } else {
    w.null();
  }
  w.key("images").begin_array();
  for (const std::string& image : images) w.string(image);
  w.end_array().key("ui").begin_object();
  for (const auto& [key, value] : ui.all()) w.key(key).string(value);
  w.end_object().end_object();
  return out;
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

std::string view_json(Entry& entry) {
  const Session& session = *entry.session;
  const Assessment& a = entry.assessment;
  const Progress progress = session.progress();

  std::string out;
  out.reserve(2048);
  out += session.on_results() ? "{\"step\":\"results\"" : "{\"step\":\"question\"";
  out += ",\"progress\":{\"current\":";
  append_whole_number(out, progress.current);
  out += ",\"min\":";
  append_whole_number(out, progress.min);
  out += ",\"max\":";
  append_whole_number(out, progress.max);
  out += "},\"canGoBack\":";
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
    out += "{\"question\":";
    append_json_string(out, question.id);
    out += ",\"option\":";
    if (error.option < question.options.size()) {
      append_json_string(out, question.options[error.option].id);
    } else {
      out += "null";
    }
    out += ",\"message\":";
    append_json_string(out, error.message);
    out += '}';
  }
  out += "],\"question\":";

  if (session.on_results()) {
    if (entry.outcomes.empty()) prepare_results(entry);  // an assessment has outcomes
    const Evaluation& evaluation = session.evaluation();
    out += "null,\"results\":{\"outcome\":";
    if (evaluation.outcome < entry.outcomes.size()) {
      out += entry.outcomes[evaluation.outcome];
    } else {
      out += "null";
    }
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
  const QuestionFragments& fragments = question_view(entry, current);
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
  if (typed) {
    append_json_string(out, *typed);
  } else {
    out += "null";
  }
  out += fragments.tail;
  out += ",\"results\":null}";
  return out;
}

std::string refusal(std::string_view message) {
  std::string out = "{\"ok\":false,\"message\":";
  append_json_string(out, message);
  out += '}';
  return out;
}

/**
 * The open sessions, by handle. The widget runs on one thread, so no lock is needed; a page
 * opens a few sessions at most, so they are scanned.
 */
struct Table {
  std::vector<std::pair<int, std::unique_ptr<Entry>>> entries;
  int next_handle = 1;

  /** The open session `handle`, or entries.end(). */
  auto find(int handle) {
    return std::find_if(entries.begin(), entries.end(),
                        [handle](const auto& open) { return open.first == handle; });
  }

  int insert(std::unique_ptr<Entry> entry) {
    // Handles are never reused while open, even after the counter wraps.
    while (find(next_handle) != entries.end() || next_handle <= 0) {
      next_handle = next_handle >= INT_MAX || next_handle <= 0 ? 1 : next_handle + 1;
    }
    const int handle = next_handle;
    next_handle = next_handle >= INT_MAX ? 1 : next_handle + 1;
    entries.emplace_back(handle, std::move(entry));
    return handle;
  }
};

Table& table() {
  static Table instance;
  return instance;
}

/** The errors among `problems`, each as {file, code, pointer, message}, in a refusal to open. */
std::string failure(const Problems& problems, const char* file) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("ok").boolean(false).key("problems").begin_array();
  for (const Problem& problem : problems) {
    if (problem.severity != Severity::error) continue;
    w.begin_object().key("file").string(file).key("code").string(problem.code);
    w.key("pointer").string(problem.pointer).key("message").string(problem.message).end_object();
  }
  w.end_array().end_object();
  return out;
}

/** A refusal to open for one error that no loader reports. */
std::string failure(const char* code, const char* pointer, std::string message, const char* file) {
  Problems problems;
  problems.push_back({code, pointer, std::move(message), Severity::error});
  return failure(problems, file);
}

std::string open_unchecked(const std::string& content, const std::string& publisher_text,
                           const std::string& lang) {
  LoadedAssessment loaded = load_assessment(content);
  if (!loaded.assessment) return failure(loaded.problems, "content");

  auto entry = std::make_unique<Entry>(std::move(*loaded.assessment));
  if (entry->assessment.questions.empty() || entry->assessment.outcomes.empty() ||
      entry->assessment.locales.empty()) {
    return failure("missing-key", "", "the assessment has no questions or no outcomes", "content");
  }
  if (!publisher_text.empty()) {
    const std::string extends = publisher_extends(publisher_text);
    if (!extends.empty() && extends != entry->assessment.id) {
      return failure("unknown-id", "/extends",
                     join({"the publisher file extends \"", extends, "\", not \"",
                           entry->assessment.id, "\""}),
                     "publisher");
    }
    LoadedPublisher publisher = load_publisher(publisher_text, entry->assessment);
    if (!publisher.publisher) return failure(publisher.problems, "publisher");
    entry->publisher.emplace(std::move(*publisher.publisher));
  }

  entry->texts = {negotiate_locale(entry->assessment.locales, lang),
                  entry->assessment.default_locale()};
  entry->session = std::make_unique<Session>(
      entry->assessment, entry->publisher ? &*entry->publisher : nullptr, entry->texts.locale);
  entry->questions.resize(entry->assessment.questions.size());
  prepare_alerts(*entry);
  const std::string meta = meta_json(*entry, entry->texts);
  const std::string view = view_json(*entry);
  const int handle = table().insert(std::move(entry));
  std::string out = "{\"ok\":true,\"session\":";
  append_whole_number(out, static_cast<std::uint64_t>(handle));  // handles are positive
  out += ",\"meta\":";
  out += meta;
  out += ",\"view\":";
  out += view;
  out += '}';
  return out;
}

const std::string_view* string_member(const JsonValue& object, const char* key) {
  const JsonValue* found = object.find(key);
  return found == nullptr ? nullptr : found->string();
}

constexpr std::size_t max_action_bytes = 16 * 1024;

std::string act_unchecked(int handle, const std::string& action_text) {
  auto found = table().find(handle);
  if (found == table().entries.end()) return refusal("unknown session");
  Entry& entry = *found->second;
  Session& session = *entry.session;

  // Real actions are a few dozen bytes; refusing big ones keeps parsing cheap and shallow.
  if (action_text.size() > max_action_bytes) return refusal("the action is too long");
  const JsonDocument document = read_json(action_text);
  // Text that cannot be read always comes with a problem; a duplicate key or a number out of
  // range is refused too.
  if (!document.problems.empty()) return refusal(document.problems.front().message);
  const JsonValue& action = document.value;
  if (!action.is_object()) return refusal("an action must be a JSON object");
  const std::string_view* verb = string_member(action, "do");
  if (!verb) return refusal("an action needs \"do\"");

  ActionResult result;
  if (*verb == "answer") {
    const std::string_view* question = string_member(action, "question");
    if (!question) return refusal("answer needs \"question\"");
    const JsonValue* value = action.find("value");
    if (value == nullptr) return refusal("answer needs \"value\"");
    if (const std::string_view* text = value->string()) {
      result = session.answer(*question, *text);
    } else if (const double* number = value->number()) {
      result = session.answer(*question, json_number(*number));
    } else {
      return refusal("\"value\" must be a string");
    }
  } else if (*verb == "toggle") {
    const std::string_view* question = string_member(action, "question");
    const std::string_view* option = string_member(action, "option");
    const JsonValue* checked = action.find("checked");
    if (!question || !option) return refusal("toggle needs \"question\" and \"option\"");
    if (checked == nullptr || !checked->is_boolean()) {
      return refusal("toggle needs \"checked\": true or false");
    }
    result = session.toggle(*question, *option, *checked->boolean());
  } else if (*verb == "next") {
    result = session.next();
  } else if (*verb == "back") {
    result = session.back();
  } else if (*verb == "restart") {
    result = session.restart();
  } else {
    return refusal(join({"unknown action \"", verb->substr(0, 32), "\""}));
  }
  if (!result.ok) return refusal(result.message);
  std::string out = "{\"ok\":true,\"view\":";
  out += view_json(entry);
  out += '}';
  return out;
}

}  // namespace

std::string open(const std::string& content, const std::string& publisher,
                 const std::string& lang) {
  // Nothing below throws by design; the catch is for allocation failure, which must still
  // not take the host page down with it. Built without exceptions (the wasm bundle), that
  // failure aborts the module instead, and the element shows its error state.
#if defined(__cpp_exceptions)
  try {
    return open_unchecked(content, publisher, lang);
  } catch (...) {
    return "{\"ok\":false,\"problems\":[{\"file\":\"content\",\"code\":\"internal\","
           "\"pointer\":\"\",\"message\":\"the check could not be opened\"}]}";
  }
#else
  return open_unchecked(content, publisher, lang);
#endif
}

std::string act(int session, const std::string& action) {
#if defined(__cpp_exceptions)
  try {
    return act_unchecked(session, action);
  } catch (...) {
    return "{\"ok\":false,\"message\":\"the action could not be applied\"}";
  }
#else
  return act_unchecked(session, action);
#endif
}

void close(int session) {
  Table& open = table();
  const auto found = open.find(session);
  if (found != open.entries.end()) open.entries.erase(found);
}

}  // namespace confide::api
