#include "json_writer.hpp"

#include <cmath>
#include <cstdint>

namespace confide {

JsonWriter& JsonWriter::open(char bracket) {
  separate();
  out_ += bracket;
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_ += bracket;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_ += ':';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  separate();
  append_json_string(out_, text);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::number(double value) { return raw(json_number(value)); }

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  need_comma_ = true;
  return *this;
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the characters not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    out += '\\';
    switch (c) {
      case '"':
      case '\\':
        out += static_cast<char>(c);
        break;
      case '\n':
        out += 'n';
        break;
      case '\r':
        out += 'r';
        break;
      case '\t':
        out += 't';
        break;
      default:
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 0xFU];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

namespace {

double power_of_ten(int exponent) {
  double result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  for (int i = 0; i > exponent; --i) result /= 10;
  return result;
}

/** `digits` with a decimal point `fraction_digits` from the right, trailing zeros dropped. */
std::string decimal(std::uint64_t digits, int fraction_digits) {
  while (fraction_digits > 0 && digits % 10 == 0) {
    digits /= 10;
    --fraction_digits;
  }
  std::string text = std::to_string(digits);
  if (fraction_digits > 0) {
    const auto width = static_cast<std::size_t>(fraction_digits);
    if (text.size() <= width) text.insert(0, width + 1 - text.size(), '0');
    text.insert(text.size() - width, 1, '.');
  }
  return text;
}

}  // namespace

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  const double magnitude = std::fabs(value);
  std::string text;
  if (magnitude == 0) {
    text = "0";
  } else if (magnitude < 1e15 && magnitude == std::floor(magnitude)) {
    text = std::to_string(static_cast<std::uint64_t>(magnitude));
  } else {
    // 15 significant digits give back any number read from content as it was written.
    int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    auto digits = static_cast<std::uint64_t>(std::llround(magnitude * power_of_ten(14 - exponent)));
    if (digits >= 1000000000000000U) {  // rounding carried into a sixteenth digit
      digits /= 10;
      ++exponent;
    }
    if (exponent >= -5 && exponent < 15) {
      text = decimal(digits, 14 - exponent);
    } else {
      text = decimal(digits, 14) + "e" + std::to_string(exponent);
    }
  }
  return value < 0 ? "-" + text : text;
}

}  // namespace confide
