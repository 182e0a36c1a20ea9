#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "json_writer.hpp"
#include "problem.hpp"

using namespace confide;

TEST_CASE("A count is appended in decimal digits", "[problem]") {
  const auto appended = [](std::string out, std::uint64_t number) {
    append_whole_number(out, number);
    return out;
  };
  CHECK(appended("", 0) == "0");
  CHECK(appended("", 7) == "7");
  CHECK(appended("/items/", 10) == "/items/10");
  CHECK(appended("n=", 4294967295U) == "n=4294967295");
  CHECK(appended("", static_cast<std::size_t>(-1)) == std::to_string(static_cast<std::size_t>(-1)));
  CHECK(appended("", 18446744073709551615U) == "18446744073709551615");
  CHECK(pointer_to("/questions", 12) == "/questions/12");
  CHECK(join({"at most ", std::size_t{200}}) == "at most 200");
}
