#include "problem.hpp"

#include <algorithm>

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

void append_number(std::string& out, std::size_t number) {
  char digits[20];
  char* first = digits + sizeof digits;
  do {
    *--first = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number != 0);
  out.append(first, static_cast<std::size_t>(digits + sizeof digits - first));
}

std::string join(std::initializer_list<Piece> pieces) {
  std::string out;
  for (const Piece& piece : pieces) {
    switch (piece.kind_) {
      case Piece::Kind::text:
        out += piece.text_;
        break;
      case Piece::Kind::number:
        append_number(out, piece.number_);
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
  append_number(out, index);
  return out;
}

}  // namespace confide
