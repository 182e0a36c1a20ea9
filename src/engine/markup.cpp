#include "markup.hpp"

#include <algorithm>
#include <cstdint>

namespace confide {

namespace {

// The parser works in three linear passes over a token list, never by searching forward from
// each marker, so that no input (e.g. thousands of unclosed "[" or "*") can make it quadratic:
//   1. tokenize: escapes resolved, star runs split into "**" and "*" with their flanking;
//   2. links: "[label](url)" found with a precomputed "next )" table;
//   3. emphasis: a marker opens only when a matching closer is known to follow.

enum class TokenKind : std::uint8_t {
  character,
  star1,
  star2,
  open_bracket,
  close_bracket,
  open_paren,
  close_paren
};

struct Token {
  TokenKind kind = TokenKind::character;
  char byte = 0;           // the character, for `character`
  bool can_open = false;   // stars: followed by a non-space
  bool can_close = false;  // stars: preceded by a non-space
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_escapable(char c) {
  return c == '*' || c == '[' || c == ']' || c == '(' || c == ')' || c == '\\';
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() && is_escapable(text[i + 1])) {
      tokens.push_back({TokenKind::character, text[i + 1], false, false});
      i += 2;
      continue;
    }
    if (c == '*') {
      std::size_t end = i;
      while (end < text.size() && text[end] == '*') ++end;
      const bool after_space = end >= text.size() || is_space(text[end]);
      const bool before_space = i == 0 || is_space(text[i - 1]);
      std::size_t count = end - i;
      while (count >= 2) {
        tokens.push_back({TokenKind::star2, '*', !after_space, !before_space});
        count -= 2;
      }
      if (count == 1) tokens.push_back({TokenKind::star1, '*', !after_space, !before_space});
      i = end;
      continue;
    }
    TokenKind kind = TokenKind::character;
    switch (c) {
      case '[':
        kind = TokenKind::open_bracket;
        break;
      case ']':
        kind = TokenKind::close_bracket;
        break;
      case '(':
        kind = TokenKind::open_paren;
        break;
      case ')':
        kind = TokenKind::close_paren;
        break;
      default:
        break;
    }
    tokens.push_back({kind, c, false, false});
    ++i;
  }
  return tokens;
}

// The text a token stands for when it is not markup.
void append_literal(std::string& out, const Token& token) {
  switch (token.kind) {
    case TokenKind::star2:
      out += "**";
      break;
    case TokenKind::star1:
      out += '*';
      break;
    default:
      out += token.byte;
      break;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

constexpr std::size_t no_link = static_cast<std::size_t>(-1);
constexpr std::size_t none = static_cast<std::size_t>(-1);

// One element after the link pass: a character (with the link it belongs to) or a star.
struct Item {
  TokenKind kind = TokenKind::character;  // character, star1 or star2
  char byte = 0;
  bool can_open = false;
  bool can_close = false;
  bool removed = false;  // the "[" of a link that was recognised
  std::size_t link = no_link;
};

struct LinkPass {
  std::vector<Item> items;
  std::vector<std::string> hrefs;   // allowed link targets, indexed by Item::link
  std::vector<LinkTarget> targets;  // every link met, allowed or not
};

Item item_of(const Token& token) {
  Item item;
  if (token.kind == TokenKind::star1 || token.kind == TokenKind::star2) {
    item.kind = token.kind;
    item.can_open = token.can_open;
    item.can_close = token.can_close;
  }
  item.byte = token.byte;
  return item;
}

LinkPass find_links(const std::vector<Token>& tokens) {
  LinkPass pass;
  pass.items.reserve(tokens.size());

  // next_close_paren[i]: index of the first ")" at or after i, or tokens.size().
  std::vector<std::size_t> next_close_paren(tokens.size() + 1, tokens.size());
  for (std::size_t i = tokens.size(); i-- > 0;) {
    next_close_paren[i] = tokens[i].kind == TokenKind::close_paren ? i : next_close_paren[i + 1];
  }

  std::size_t open_item = none;  // item index of the "[" that may start a link
  std::size_t i = 0;
  while (i < tokens.size()) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::open_bracket) {
      // A later "[" starts afresh: labels do not nest, and the earlier one stays literal.
      open_item = pass.items.size();
      pass.items.push_back(item_of(token));
      ++i;
      continue;
    }
    if (token.kind == TokenKind::close_bracket && open_item != none) {
      const std::size_t close = i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::open_paren
                                    ? next_close_paren[i + 2]
                                    : tokens.size();
      if (close < tokens.size()) {
        std::string url;
        for (std::size_t k = i + 2; k < close; ++k) append_literal(url, tokens[k]);
        const std::string target(trim(url));
        const bool allowed = allowed_url(target);
        pass.targets.push_back({target, allowed});
        pass.items[open_item].removed = true;
        if (allowed) {
          std::size_t link = pass.hrefs.size();
          pass.hrefs.push_back(target);
          bool has_label = false;
          for (std::size_t k = open_item + 1; k < pass.items.size(); ++k) {
            pass.items[k].link = link;
            has_label = true;
          }
          // An empty label would make an invisible link: show the address instead.
          if (!has_label) {
            for (char c : target) {
              Item item;
              item.byte = c;
              item.link = link;
              pass.items.push_back(item);
            }
          }
        }
        open_item = none;
        i = close + 1;
        continue;
      }
      open_item = none;
    }
    pass.items.push_back(item_of(token));
    ++i;
  }
  return pass;
}

struct Style {
  bool bold = false;
  bool emphasis = false;
  std::size_t link = no_link;
};

void append_text(Inline& runs, const Style& style, const std::vector<std::string>& hrefs,
                 std::string_view text) {
  if (text.empty()) return;
  const std::string& href = style.link < hrefs.size() ? hrefs[style.link] : std::string();
  if (!runs.empty() && runs.back().bold == style.bold && runs.back().emphasis == style.emphasis &&
      runs.back().href == href) {
    runs.back().text += text;
    return;
  }
  Run run;
  run.text = std::string(text);
  run.bold = style.bold;
  run.emphasis = style.emphasis;
  run.href = href;
  runs.push_back(std::move(run));
}

Inline apply_emphasis(const LinkPass& pass) {
  const std::vector<Item>& items = pass.items;
  // next_closer[k][i]: first item at or after i that can close a marker of kind k.
  std::vector<std::size_t> next_bold(items.size() + 1, items.size());
  std::vector<std::size_t> next_em(items.size() + 1, items.size());
  for (std::size_t i = items.size(); i-- > 0;) {
    const Item& item = items[i];
    const bool closer = !item.removed && item.can_close;
    next_bold[i] = closer && item.kind == TokenKind::star2 ? i : next_bold[i + 1];
    next_em[i] = closer && item.kind == TokenKind::star1 ? i : next_em[i + 1];
  }

  Inline runs;
  Style style;
  std::string pending;
  Style pending_style;
  auto flush = [&] {
    append_text(runs, pending_style, pass.hrefs, pending);
    pending.clear();
  };
  auto emit = [&](std::string_view text, std::size_t link) {
    Style now = style;
    now.link = link;
    if (now.bold != pending_style.bold || now.emphasis != pending_style.emphasis ||
        now.link != pending_style.link) {
      flush();
      pending_style = now;
    }
    pending += text;
  };

  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    if (item.removed) continue;
    if (item.kind == TokenKind::character) {
      emit(std::string_view(&item.byte, 1), item.link);
      continue;
    }
    bool& open = item.kind == TokenKind::star2 ? style.bold : style.emphasis;
    const std::vector<std::size_t>& next = item.kind == TokenKind::star2 ? next_bold : next_em;
    if (open && item.can_close) {
      open = false;
    } else if (!open && item.can_open && next[i + 1] < items.size()) {
      // The closer is the very next closer of this kind, so opening never leaves a marker
      // dangling.
      open = true;
    } else {
      emit(item.kind == TokenKind::star2 ? "**" : "*", item.link);
    }
  }
  flush();
  return runs;
}

bool is_blank(std::string_view line) { return std::all_of(line.begin(), line.end(), is_space); }

std::string_view list_item_text(std::string_view line) {
  std::size_t start = 0;
  while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
  line.remove_prefix(start);
  if (line.size() >= 2 && line[0] == '-' && line[1] == ' ') return line.substr(2);
  return {};
}

bool is_list_line(std::string_view line) {
  std::size_t start = 0;
  while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
  return line.size() >= start + 2 && line[start] == '-' && line[start + 1] == ' ';
}

}  // namespace

bool allowed_url(std::string_view url) {
  // Any space or control byte anywhere is refused rather than stripped: browsers strip some
  // of them ("java\tscript:"), so a stripped form could mean something else than it shows.
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  if (starts_with_ignoring_case(url, "https://")) {
    return url.size() > 8 && url[8] != '/' && url[8] != '\\';
  }
  if (starts_with_ignoring_case(url, "mailto:")) return url.size() > 7;
  if (starts_with_ignoring_case(url, "tel:")) return url.size() > 4;
  return false;
}

Inline parse_inline(std::string_view text) { return apply_emphasis(find_links(tokenize(text))); }

std::vector<LinkTarget> links_in(std::string_view text) {
  return find_links(tokenize(text)).targets;
}

Rich parse_rich(std::string_view text) {
  Rich blocks;
  std::string paragraph;
  bool in_paragraph = false;
  bool in_list = false;

  auto end_paragraph = [&] {
    if (in_paragraph) {
      Inline runs = parse_inline(paragraph);
      // Moved into an empty block: a list {std::move(runs)} would copy them.
      if (!runs.empty()) {
        blocks.push_back({MarkupBlock::Kind::paragraph, {}});
        blocks.back().items.push_back(std::move(runs));
      }
    }
    paragraph.clear();
    in_paragraph = false;
  };

  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = start;
    while (end < text.size() && text[end] != '\n') ++end;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;

    if (is_blank(line)) {
      end_paragraph();
      in_list = false;
    } else if (is_list_line(line)) {
      end_paragraph();
      if (!in_list) {
        blocks.push_back({MarkupBlock::Kind::list, {}});
        in_list = true;
      }
      blocks.back().items.push_back(parse_inline(list_item_text(line)));
    } else {
      in_list = false;
      // Lines of one paragraph flow together, as they would in the reader's browser.
      if (in_paragraph) paragraph += ' ';
      paragraph += line;
      in_paragraph = true;
    }
    if (end == text.size()) break;
  }
  end_paragraph();
  return blocks;
}

}  // namespace confide
