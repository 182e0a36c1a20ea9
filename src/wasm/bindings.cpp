// The engine's JSON API for JavaScript. JSON crosses the boundary as UTF-8 bytes in buffers that
// this file owns: JavaScript writes a call's arguments into them with TextEncoder and reads the
// reply with TextDecoder, both native, where Embind's std::string conversion walks every byte
// in JavaScript (most of the JavaScript time of the first open). Only integers cross, so
// JavaScript never holds a C++ object it would have to delete.

#include <emscripten/bind.h>
#include <emscripten/em_macros.h>

#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "api.hpp"

namespace {

/** open's content, publisher file and language; act's action is the first. */
std::array<std::string, 3> arguments;
/** The last call's reply, there until the next call. */
std::string reply;

/** Makes room for `bytes` bytes of argument `index` and returns where to write them (0: none). */
std::uintptr_t argument(std::size_t index, std::size_t bytes) {
  if (index >= arguments.size()) return 0;
  arguments[index].resize(bytes);
  return reinterpret_cast<std::uintptr_t>(arguments[index].data());
}

/** Where the last reply's bytes are. */
std::uintptr_t reply_bytes() { return reinterpret_cast<std::uintptr_t>(reply.data()); }

/** Releases the arguments, so that a large content file is not kept after it was read. */
void forget_arguments() {
  for (auto& text : arguments) std::string().swap(text);
}

/** confide::api::open on the three arguments; returns the reply's length in bytes. */
std::size_t open() {
  reply = confide::api::open(arguments[0], arguments[1], arguments[2]);
  forget_arguments();
  return reply.size();
}

/** confide::api::act on the first argument; returns the reply's length in bytes. */
std::size_t act(int session) {
  reply = confide::api::act(session, arguments[0]);
  return reply.size();
}

}  // namespace

/**
 * The name Embind's glue gives a type in an error: it asks only for a type that no registration
 * named, such as a function bound here with a type not registered below, whose call then throws
 * UnboundTypeError. (Types are identified by address, without type_info: see CMakeLists.txt.)
 * The glue frees the name.
 */
extern "C" EMSCRIPTEN_KEEPALIVE const char* __getTypeName(const void* /*type*/) {
  return strdup("a type that bindings.cpp does not register");
}

static_assert(std::is_same_v<std::size_t, unsigned long> &&
                  std::is_same_v<std::uintptr_t, unsigned long>,
              "the binding's sizes and addresses cross as the unsigned long registered below");

EMSCRIPTEN_BINDINGS(confide) {
  // Embind's own start-up (bind.cpp, not linked) would register every built-in type; these are
  // the only ones that cross: std::size_t and std::uintptr_t are unsigned long on wasm32.
  namespace internal = emscripten::internal;
  internal::_embind_register_void(internal::TypeID<void>::get(), "void");
  internal::_embind_register_integer(internal::TypeID<int>::get(), "int", sizeof(int), INT_MIN,
                                     INT_MAX);
  internal::_embind_register_integer(internal::TypeID<unsigned long>::get(), "unsigned long",
                                     sizeof(unsigned long), 0, ULONG_MAX);
  emscripten::function("argument", &argument);
  emscripten::function("reply", &reply_bytes);
  emscripten::function("open", &open);
  emscripten::function("act", &act);
  emscripten::function("close", &confide::api::close);
}
