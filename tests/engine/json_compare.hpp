#pragma once

// The engine's JSON DOM compared with nlohmann's ordered_json, the reference its reader is
// tested against (in the Catch2 suite and in the JSON fuzz harness).

#include <cmath>
#include <cstddef>

#include <nlohmann/json.hpp>

#include "json_reader.hpp"

namespace confide::testing {

/**
 * Whether `a` is the value nlohmann read as `b`: the same members in the same order, and
 * numbers equal to within `tolerance` (relative; 0 asks for the same double).
 */
inline bool same(const JsonValue& a, const nlohmann::ordered_json& b, double tolerance) {
  switch (a.type()) {
    case JsonValue::Type::null:
      return b.is_null();
    case JsonValue::Type::boolean:
      return b.is_boolean() && *a.boolean() == b.get<bool>();
    case JsonValue::Type::number: {
      if (!b.is_number()) return false;
      const double x = *a.number();
      const double y = b.get<double>();
      return x == y || std::fabs(x - y) <= tolerance * std::fmax(std::fabs(x), std::fabs(y));
    }
    case JsonValue::Type::string:
      return b.is_string() && *a.string() == b.get_ref<const std::string&>();
    case JsonValue::Type::array: {
      if (!b.is_array() || a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!same(a[i], b[i], tolerance)) return false;
      }
      return true;
    }
    case JsonValue::Type::object: {
      if (!b.is_object() || a.size() != b.size()) return false;
      auto other = b.begin();
      for (const JsonMember& member : a.members()) {
        if (member.key != other.key() || !same(member.value, other.value(), tolerance)) {
          return false;
        }
        ++other;
      }
      return true;
    }
  }
  return false;
}

}  // namespace confide::testing
