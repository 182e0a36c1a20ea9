// The engine's JSON API as three JavaScript functions. Strings and an integer handle are all
// that cross the boundary, so JavaScript never holds a C++ object it would have to delete.

#include <emscripten/bind.h>

#include "api.hpp"

EMSCRIPTEN_BINDINGS(confide) {
  emscripten::function("open", &confide::api::open);
  emscripten::function("act", &confide::api::act);
  emscripten::function("close", &confide::api::close);
}
