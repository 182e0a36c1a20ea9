#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace confide {

/** How bad a problem is: an error makes a file unusable, a warning does not. */
enum class Severity { error, warning };

/**
 * One thing wrong with a file or an input, reported as a value rather than thrown.
 *
 * `pointer` is an RFC 6901 JSON Pointer into the file the problem was found in ("" is the
 * whole file). `code` is a stable kebab-case identifier that tests and tools match on;
 * `message` is for people.
 */
struct Problem {
  std::string code;     ///< e.g. "unknown-key", "duplicate-id", "outcome-gap"
  std::string pointer;  ///< JSON Pointer, "" for the whole file
  std::string message;  ///< one sentence, no trailing period needed
  Severity severity = Severity::error;
};

using Problems = std::vector<Problem>;

/** True when at least one problem is an error (warnings alone leave a file usable). */
bool has_errors(const Problems& problems);

/**
 * One piece of a problem message: text as it is, a count, a value from the file in quotes
 * (in_quotes()) or a suggestion (did_you_mean()). A message is written as a list of pieces and
 * joined out of line, so that a place reporting a problem builds no strings of its own:
 *
 *     report("unknown-id", pointer, {"unknown scale ", in_quotes(name), did_you_mean(closest)});
 *
 * A piece only views its text: it lives as long as the full expression it is written in.
 * The constructors are implicit on purpose, so that a list of pieces reads as the message.
 */
class Piece {
 public:
  Piece(const char* text) : text_(text) {}
  Piece(std::string_view text) : text_(text) {}
  Piece(const std::string& text) : text_(text) {}
  Piece(std::size_t number) : number_(number), kind_(Kind::number) {}

 private:
  enum class Kind { text, number, quoted, suggestion };
  Piece(std::string_view text, Kind kind) : text_(text), kind_(kind) {}

  std::string_view text_;
  std::size_t number_ = 0;
  Kind kind_ = Kind::text;

  friend Piece in_quotes(std::string_view text);
  friend Piece did_you_mean(std::string_view suggestion);
  friend std::string join(std::initializer_list<Piece> pieces);
};

/**
 * `text` in double quotes, cut short after 80 bytes (and "...") so a message stays one line.
 * (Not named `quoted`: on a std::string, argument-dependent lookup would find std::quoted.)
 */
inline Piece in_quotes(std::string_view text) { return {text, Piece::Kind::quoted}; }

/** ` (did you mean "suggestion"?)`, quoted as by in_quotes(); nothing when `suggestion` is "". */
inline Piece did_you_mean(std::string_view suggestion) {
  return {suggestion, Piece::Kind::suggestion};
}

/** The message the pieces spell. */
std::string join(std::initializer_list<Piece> pieces);

/** Escapes one reference token for a JSON Pointer ("~" -> "~0", "/" -> "~1"). */
std::string pointer_token(std::string_view token);

/** The pointer to member `key` (escaped as a reference token) or item `index` of `pointer`. */
std::string pointer_to(std::string_view pointer, std::string_view key);
std::string pointer_to(std::string_view pointer, std::size_t index);

}  // namespace confide
