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

/** 10 to the `exponent`, exact for 0 to 22 (every factor and product is a double). */
double power_of_ten(int exponent) {
  double result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

/**
 * `value` times 10 to the `exponent`, through exact powers of ten of at most 1e22: one rounding
 * per factor, and no power that overflows (1e-300 needs 10 to the 314, beyond a double).
 */
double scaled(double value, int exponent) {
  for (; exponent > 22; exponent -= 22) value *= 1e22;
  for (; exponent < -22; exponent += 22) value /= 1e22;
  return exponent >= 0 ? value * power_of_ten(exponent) : value / power_of_ten(-exponent);
}

/**
 * Appends `digits` with a decimal point `fraction_digits` from the right (and a 0 before it),
 * trailing zeros dropped. Written from the right into a buffer: no string is built and edited.
 */
void append_decimal(std::string& out, std::uint64_t digits, int fraction_digits) {
  while (fraction_digits > 0 && digits % 10 == 0) {
    digits /= 10;
    --fraction_digits;
  }
  char buffer[32];  // at most 20 digits (fraction_digits is below 20) and the point
  char* first = buffer + sizeof buffer;
  int place = 0;
  do {
    *--first = static_cast<char>('0' + digits % 10);
    digits /= 10;
    if (++place == fraction_digits) *--first = '.';
  } while (digits != 0 || place <= fraction_digits);
  out.append(first, static_cast<std::size_t>(buffer + sizeof buffer - first));
}

}  // namespace

void append_whole_number(std::string& out, std::uint64_t number) { append_decimal(out, number, 0); }

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  const double magnitude = std::fabs(value);
  std::string text = value < 0 ? "-" : "";
  if (magnitude < 1e15 && magnitude == std::floor(magnitude)) {
    append_whole_number(text, static_cast<std::uint64_t>(magnitude));
    return text;
  }
  // 15 significant digits give back any number read from content as it was written.
  int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  double significand = scaled(magnitude, 14 - exponent);
  if (significand < 1e14) {  // log10 rounded up to the next power of ten
    --exponent;
    significand = scaled(magnitude, 14 - exponent);
  }
  auto digits = static_cast<std::uint64_t>(std::round(significand));
  if (digits >= 1000000000000000U) {  // rounding carried into a sixteenth digit
    digits /= 10;
    ++exponent;
  }
  if (exponent >= -5 && exponent < 15) {
    append_decimal(text, digits, 14 - exponent);
  } else {
    append_decimal(text, digits, 14);
    text += 'e';
    if (exponent < 0) text += '-';
    append_whole_number(text, static_cast<std::uint64_t>(exponent < 0 ? -exponent : exponent));
  }
  return text;
}

}  // namespace confide
