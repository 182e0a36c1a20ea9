#pragma once

// The engine as JSON in, JSON out: what the wasm binding exposes, so that JavaScript never
// holds a C++ object. Sessions live behind integer handles. Never throws; only running out of
// memory in a build without exceptions (the wasm bundle) aborts.

#include <string>

namespace confide::api {

/**
 * Loads content (and a publisher file, "" for none) and starts a session in `lang` (falling
 * back to the content's default locale). Returns {"ok", "session", "meta", "view"} or
 * {"ok": false, "problems": [...]}.
 */
std::string open(const std::string& content, const std::string& publisher, const std::string& lang);

/** Applies one reader action to a session; returns {"ok", "view"} or {"ok": false, "message"}. */
std::string act(int session, const std::string& action);

/** Ends a session and frees what it held; unknown handles are ignored. */
void close(int session);

}  // namespace confide::api
