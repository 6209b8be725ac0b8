// trackaudit consent scan: runs in an isolated world of one frame (the page's
// own scripts cannot see or alter it). Input: __ARGS__ = { sels: [css...] }.
// Output: for each selector, its visible matches (key, text); the visible
// clickable controls inside dialogs and fixed/sticky boxes, grouped by box,
// with the box's text. Matched elements are kept by key in this world's
// registry for the click that may follow. Bounded: nodes walked, shadow
// depth, roots, controls, text lengths and time.
(function (args) {
  'use strict';
  var MAX_NODES = 20000, MAX_DEPTH = 30, MAX_ROOTS = 300, MAX_PER_SEL = 4,
      MAX_CONTROLS = 3000, MAX_BOXES = 20, MAX_BTNS = 30, MAX_LEVELS = 25, BUDGET_MS = 1500;
  var t0 = Date.now();
  var late = function () { return Date.now() - t0 > BUDGET_MS; };
  var reg = new Map();
  globalThis.__taReg = reg;
  var n = 0;
  var keep = function (el) { var k = 'e' + (n++); reg.set(k, el); return k; };
  var text = function (el, max) {
    var t = '';
    try { t = el.innerText || ''; } catch (e) {}
    if (!t.trim()) {
      try { t = el.value || el.getAttribute('aria-label') || el.getAttribute('title') || ''; } catch (e) {}
    }
    return String(t).slice(0, max).trim();
  };
  var visible = function (el) {
    try {
      var r = el.getBoundingClientRect();
      if (!(r.width > 0 && r.height > 0)) return false;
      if (el.checkVisibility) return el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      var s = getComputedStyle(el);
      return s.display !== 'none' && s.visibility !== 'hidden' && s.opacity !== '0';
    } catch (e) { return false; }
  };
  // The document and every open shadow root under it (bounded).
  var roots = [document], nodes = 0, truncated = false;
  var stack = [[document, 0]];
  outer: while (stack.length) {
    var top = stack.pop(), root = top[0], depth = top[1];
    var w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    var el;
    while ((el = w.nextNode())) {
      if (++nodes > MAX_NODES || late()) { truncated = true; break outer; }
      var sr = el.shadowRoot;
      if (sr) {
        if (depth + 1 > MAX_DEPTH || roots.length >= MAX_ROOTS) { truncated = true; continue; }
        roots.push(sr);
        stack.push([sr, depth + 1]);
      }
    }
  }
  var all = function (sel, cap) {
    var out = [];
    for (var i = 0; i < roots.length && out.length < cap; i++) {
      var list;
      try { list = roots[i].querySelectorAll(sel); } catch (e) { return out; }
      for (var j = 0; j < list.length && out.length < cap; j++) out.push(list[j]);
    }
    return out;
  };
  var sels = [];
  for (var i = 0; i < args.sels.length; i++) {
    var hits = [];
    if (!late()) {
      var found = all(args.sels[i], 50);
      for (var j = 0; j < found.length && hits.length < MAX_PER_SEL; j++) {
        if (visible(found[j])) hits.push({ k: keep(found[j]), t: text(found[j], 200) });
      }
    }
    sels.push(hits);
  }
  // Generic: visible controls inside a dialog or a fixed/sticky box.
  var parentOf = function (el) {
    if (el.parentElement) return el.parentElement;
    var r = el.getRootNode && el.getRootNode();
    return r && r.host ? r.host : null;
  };
  var boxKind = new Map();
  var kindOf = function (el) {
    if (boxKind.has(el)) return boxKind.get(el);
    var k = '';
    try {
      var role = (el.getAttribute('role') || '').toLowerCase();
      if (role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true' ||
          (el.tagName === 'DIALOG' && el.open)) k = 'dialog';
      else {
        var pos = getComputedStyle(el).position;
        if (pos === 'fixed' || pos === 'sticky') k = 'fixed';
      }
    } catch (e) {}
    boxKind.set(el, k);
    return k;
  };
  var boxOf = function (el) {
    var p = parentOf(el);
    for (var lvl = 0; p && lvl < MAX_LEVELS; lvl++) {
      if (p === document.body || p === document.documentElement) break;
      if (kindOf(p)) return p;
      p = parentOf(p);
    }
    // A frame is a box of its own (a banner served in an iframe).
    return window !== window.top && document.body ? document.body : null;
  };
  var controls = [];
  var q = 'button, [role=button], a, input[type=button], input[type=submit], [onclick]';
  for (var r = 0; r < roots.length && !late(); r++) {
    var list;
    try { list = roots[r].querySelectorAll(q); } catch (e) { continue; }
    var len = list.length, half = MAX_CONTROLS / 2;
    for (var c = 0; c < len && controls.length < MAX_CONTROLS; c++) {
      // The first and last controls of a huge page: banners sit at either end.
      if (len > MAX_CONTROLS && c === half) c = Math.max(half, len - half);
      controls.push(list[c]);
    }
  }
  var boxes = [], byBox = new Map();
  for (var b = 0; b < controls.length && !late(); b++) {
    var ctl = controls[b];
    var label = text(ctl, 120);
    if (!label || label.length > 80 || !visible(ctl)) continue;
    var box = boxOf(ctl);
    if (!box || !visible(box)) continue;
    var entry = byBox.get(box);
    if (!entry) {
      if (boxes.length >= MAX_BOXES) continue;
      entry = { k: keep(box), kind: box === document.body ? 'frame' : kindOf(box), text: text(box, 3000), btns: [] };
      byBox.set(box, entry);
      boxes.push(entry);
    }
    if (entry.btns.length < MAX_BTNS) entry.btns.push({ k: keep(ctl), t: label });
  }
  return { url: String(location.href).slice(0, 2000), top: window === window.top, sels: sels,
           boxes: boxes, nodes: nodes, roots: roots.length, truncated: truncated, ms: Date.now() - t0 };
})(__ARGS__)
//# sourceURL=trackaudit-consent.js
