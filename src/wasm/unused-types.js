// At start-up, Embind registers each of its built-in types with the glue. bindings.cpp passes
// only integers across, so the registrations of the other types do nothing here: their
// conversions (UTF-8, UTF-16 and UTF-32 strings, emscripten::val, typed-array views, bool,
// float) then stay out of confide.js. A function bound later with one of these types stays
// unbound, and calling it throws Embind's UnboundTypeError, which names the type.
mergeInto(LibraryManager.library, {
  _embind_register_bool: function() {},
  _embind_register_float: function() {},
  _embind_register_std_string: function() {},
  _embind_register_std_wstring: function() {},
  _embind_register_emval: function() {},
  _embind_register_memory_view: function() {},
});
