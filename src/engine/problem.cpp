#include "problem.hpp"

#include <algorithm>

#include "json_writer.hpp"

namespace confide {

bool has_errors(const Problems& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.severity == Severity::error; });
}

namespace {

void append_quoted(std::string& out, std::string_view text) {
  constexpr std::size_t most = 80;
  out += '"';
  out += text.substr(0, most);
  if (text.size() > most) out += "...";
  out += '"';
}

void append_token(std::string& out, std::string_view token) {
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string join(std::initializer_list<Piece> pieces) {
  std::string out;
  for (const Piece& piece : pieces) {
    switch (piece.kind_) {
      case Piece::Kind::text:
        out += piece.text_;
        break;
      case Piece::Kind::number:
        append_whole_number(out, piece.number_);
        break;
      case Piece::Kind::quoted:
        append_quoted(out, piece.text_);
        break;
      case Piece::Kind::suggestion:
        if (piece.text_.empty()) break;
        out += " (did you mean ";
        append_quoted(out, piece.text_);
        out += "?)";
        break;
    }
  }
  return out;
}

std::string pointer_token(std::string_view token) {
  std::string escaped;
  escaped.reserve(token.size());
  append_token(escaped, token);
  return escaped;
}

std::string pointer_to(std::string_view pointer, std::string_view key) {
  std::string out;
  out.reserve(pointer.size() + 1 + key.size());
  out += pointer;
  out += '/';
  append_token(out, key);
  return out;
}

std::string pointer_to(std::string_view pointer, std::size_t index) {
  std::string out;
  out.reserve(pointer.size() + 1 + 20);  // 20 digits hold any index
  out += pointer;
  out += '/';
  append_whole_number(out, index);
  return out;
}

}  // namespace confide
