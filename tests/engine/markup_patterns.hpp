#pragma once

// Markup that a naive parser would take quadratic time over when repeated: the unit tests check
// that it parses, tests/bench/scaling_bench.cpp how its time grows.

#include <array>
#include <string_view>

namespace confide::testing {

inline constexpr std::array<std::string_view, 12> adversarial_markup = {
    "[", "*", "**", "[a](", "](", "\\", "[a]", "*a", "- ", "[x](https://a.org)", "***a", "a*"};

}  // namespace confide::testing
