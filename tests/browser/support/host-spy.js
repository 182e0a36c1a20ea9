// A nosy host page, installed before the widget: it listens to every event type on window and
// document (capture), watches and walks the light DOM with its attributes, reads the element's
// properties, and patches every way of sending data. It keeps what it saw in window.__hostSpy
// for the test to search for answers, scores and results.
(() => {
  const seen = [];        // [where, text] pairs
  const sent = [];        // network calls [api, url, time]
  const maxSeen = 20000;
  const note = (where, value) => {
    if (seen.length >= maxSeen) return;
    let text;
    try {
      text = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      text = String(value);
    }
    if (text) seen.push([where, text]);
  };
  const describeNode = (node) => {
    if (!node) return null;
    if (node === window) return 'window';
    if (node.nodeType === Node.DOCUMENT_NODE) return '#document';
    if (node.nodeType !== Node.ELEMENT_NODE) return node.nodeName;
    return `${node.localName}${[...node.attributes].map((a) => `[${a.name}=${a.value}]`).join('')}`;
  };
  const plain = (value, depth = 0) => {
    if (value == null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
    if (value instanceof Node) {
      // A node inside a shadow root hands that root (closed or not) to whoever holds it.
      const root = value.getRootNode();
      if (root instanceof ShadowRoot) note('reached a shadow root', `${describeNode(root.host)} via ${describeNode(value)}`);
      return describeNode(value);
    }
    if (value === window) return describeNode(value);
    if (depth > 2) return String(value);
    if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
    const out = {};
    for (const key in value) {
      try {
        const v = plain(value[key], depth + 1);
        if (v !== undefined) out[key] = v;
      } catch {}
    }
    return out;
  };

  // Every event type this browser knows (on* handlers), and the widget's own.
  const types = new Set(['confide-ready', 'confide-start', 'confide-complete', 'confide-error',
    'focusin', 'focusout', 'DOMContentLoaded', 'beforeinput', 'input', 'change', 'submit',
    'selectionchange', 'securitypolicyviolation', 'toggle', 'beforetoggle', 'invalid',
    'formdata', 'slotchange', 'message', 'storage', 'hashchange', 'popstate', 'pageshow',
    'visibilitychange', 'animationstart', 'transitionend', 'scrollend', 'print', 'beforeprint',
    'afterprint']);
  for (const target of [window, document, Element.prototype, HTMLElement.prototype, Document.prototype]) {
    for (const key in target) if (key.startsWith('on')) types.add(key.slice(2));
  }
  const onEvent = (event) => {
    const record = {};
    for (const key in event) {
      if (['isTrusted', 'timeStamp', 'NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].includes(key)) continue;
      try {
        const v = plain(event[key]);
        if (v !== undefined) record[key] = v;
      } catch {}
    }
    record.composedPath = event.composedPath().map((node) => plain(node));
    // Where the selection is: an engine that let it name a node inside the widget would hand
    // the host that node's root.
    const selection = document.getSelection();
    if (selection) record.selection = [plain(selection.anchorNode), plain(selection.focusNode)];
    // What a script on the target can read at that moment.
    const target = event.target;
    if (target && target.nodeType === Node.ELEMENT_NODE) {
      try {
        record.targetValue = target.value;
        record.targetText = target.textContent;
      } catch {}
    }
    note(`event ${event.type}`, record);
  };
  for (const type of types) {
    window.addEventListener(type, onEvent, true);
    document.addEventListener(type, onEvent, true);
  }
  // Events that scripts dispatch, wherever they dispatch them.
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    note(`dispatchEvent ${event.type}`, {detail: plain(event.detail), target: describeNode(this)});
    return dispatch.call(this, event);
  };

  // Everything a host script can read in the light DOM, and on the widget elements.
  const walk = (where) => {
    const parts = [document.title, location.href, document.cookie];
    const tree = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = tree.currentNode; node; node = tree.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        parts.push(node.data);
        continue;
      }
      for (const attribute of node.attributes) parts.push(`${attribute.name}=${attribute.value}`);
      if ('value' in node && typeof node.value === 'string') parts.push(node.value);
    }
    for (const element of document.querySelectorAll('confide-check')) {
      for (const key in element) {
        try {
          const value = element[key];
          if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}=${value}`);
          else if (value && typeof value === 'object' && !(value instanceof Node) &&
                   Object.getPrototypeOf(value) === Object.prototype) parts.push(`${key}=${JSON.stringify(value)}`);
        } catch {}
      }
      parts.push(`shadowRoot=${element.shadowRoot}`);
    }
    note(where, parts.join('\n'));
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        note('mutation attribute', `${record.attributeName}=${record.target.getAttribute(record.attributeName)}`);
      } else if (record.type === 'characterData') {
        note('mutation text', record.target.data);
      } else {
        for (const node of record.addedNodes) note('mutation added', node.outerHTML ?? node.textContent);
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});

  // Every way out.
  const stamp = (api, url, body) => {
    sent.push([api, String(url), Date.now()]);
    note(`network ${api}`, {url: String(url), body: body == null ? null : String(body)});
  };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    stamp('fetch', input?.url ?? input, init?.body);
    return realFetch.apply(this, arguments);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__url = url;
    return open.apply(this, arguments);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    stamp('xhr', this.__url, body);
    return send.apply(this, arguments);
  };
  const beacon = navigator.sendBeacon?.bind(navigator);
  if (beacon) {
    navigator.sendBeacon = (url, body) => {
      stamp('sendBeacon', url, body);
      return beacon(url, body);
    };
  }
  const RealWebSocket = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    stamp('WebSocket', url);
    return new RealWebSocket(url, protocols);
  };
  window.WebSocket.prototype = RealWebSocket.prototype;
  const RealEventSource = window.EventSource;
  window.EventSource = function (url, options) {
    stamp('EventSource', url);
    return new RealEventSource(url, options);
  };
  const storageSet = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    stamp('storage', key, value);
    return storageSet.apply(this, arguments);
  };

  Object.defineProperty(window, '__hostSpy', {value: {seen, sent, walk}});
})();
