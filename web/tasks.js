// Work split into tasks, so that the start never keeps the page busy for long in one go.

/** Resolves in a later task: the browser may handle input and draw in between. */
export function nextTask() {
  return globalThis.scheduler?.yield?.() ?? new Promise((resolve) => setTimeout(resolve));
}
