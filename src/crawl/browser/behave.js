  // Behaviour instrumentation (spliced into the hook script's closure, after
  // `report`, `caller` and `here` exist). Reports `{k: 'b', t: TYPE, by:
  // SCRIPT, ...}` through the binding: canvas / webgl / audio / font
  // fingerprinting, navigator and screen reads, and what session recording
  // is made of. Decisions that need every call of a script are taken on the
  // engine's side (behave.rs); this side keeps reports few and bounded.
  (function () {
    var apply = Reflect.apply, J = JSON.stringify, keys = Object.keys, from = Array.from;
    var def = Object.defineProperty, getDesc = Object.getOwnPropertyDescriptor;
    // Reports per document are bounded: a page cannot flood the engine.
    var nEmit = 0;
    var emit = function (o) { if (nEmit++ < 5000) { try { report(J(o)); } catch (e) {} } };
    var sent = {}, nSent = 0;
    // One report per key (bounded), for facts that do not change.
    var once = function (key, o) {
      if (sent[key] || nSent > 3000) return;
      sent[key] = 1; nSent++;
      emit(o);
    };
    var clip = function (s, n) { s = String(s); return s.length > n ? s.slice(0, n) : s; };
    // The calling script, from a short stack (the hook's own frames and the
    // page's innermost one fit in 12); the hook's deeper walk otherwise.
    var lineUrl = /((?:https?|wss?|blob|file):[^\s()]*?)(?::\d+)?(?::\d+)?\)?\s*$/;
    var who = function () {
      var lim = Error.stackTraceLimit, st = '';
      Error.stackTraceLimit = 12;
      try { st = String(new Error().stack || ''); } catch (e) {}
      Error.stackTraceLimit = lim;
      var lines = st.split('\n');
      for (var i = 1; i < lines.length; i++) {
        var m = lineUrl.exec(lines[i]);
        if (m) return m[1];
      }
      return lines.length > 12 ? caller() : '';
    };
    // Wraps proto[name] (a method): `before(this, arguments)` runs first and
    // can never break the call.
    var wrap = function (proto, name, before) {
      try {
        var d = proto && getDesc(proto, name);
        var orig = d && d.value;
        if (typeof orig !== 'function') return;
        var w = function () {
          try { before(this, arguments); } catch (e) {}
          return apply(orig, this, arguments);
        };
        try { def(w, 'name', { value: name }); def(w, 'length', { value: orig.length }); } catch (e) {}
        def(proto, name, { value: w, writable: true, configurable: true, enumerable: d.enumerable });
      } catch (e) {}
    };
    // Wraps a getter: `before(this)` runs first.
    var wrapGet = function (proto, name, before) {
      try {
        var d = proto && getDesc(proto, name);
        if (!d || typeof d.get !== 'function' || !d.configurable) return;
        var g = d.get;
        def(proto, name, {
          configurable: true, enumerable: d.enumerable, set: d.set,
          get: function () { try { before(this); } catch (e) {} return apply(g, this, []); }
        });
      } catch (e) {}
    };

    // navigator / screen property reads per script.
    var navc = {}, nNav = 0, navReads = 0, navReports = 0;
    var navRead = function (what) {
      if (navReads++ > 50000) return; // counting stops (the stack walk costs)
      var by = who();
      var c = navc[by];
      if (!c) { if (nNav > 500) return; nNav++; c = navc[by] = { n: 0, p: {}, np: 0 }; }
      c.n++;
      if (!c.p[what] && c.np < 40) { c.p[what] = 1; c.np++; }
      if ((c.n <= 64 || c.n % 64 === 0) && navReports++ < 1000) emit({ k: 'b', t: 'nav', by: by, n: c.n, d: keys(c.p).join(', ') });
    };
    ['userAgent', 'appVersion', 'platform', 'language', 'languages', 'hardwareConcurrency',
      'deviceMemory', 'plugins', 'mimeTypes', 'vendor', 'vendorSub', 'productSub', 'oscpu',
      'doNotTrack', 'cookieEnabled', 'maxTouchPoints', 'webdriver', 'connection', 'pdfViewerEnabled',
      'userAgentData'].forEach(function (p) {
      wrapGet(typeof Navigator !== 'undefined' && Navigator.prototype, p, function () { navRead('navigator.' + p); });
    });
    ['width', 'height', 'availWidth', 'availHeight', 'availLeft', 'availTop', 'colorDepth',
      'pixelDepth', 'orientation'].forEach(function (p) {
      wrapGet(typeof Screen !== 'undefined' && Screen.prototype, p, function () { navRead('screen.' + p); });
    });

    // Canvas: text drawn (characters and colours per canvas), then read back
    // (Englehardt & Narayanan's criteria; the save/restore/addEventListener
    // exclusion is applied per script on the engine's side). Canvases and
    // OffscreenCanvases alike; read back by toDataURL, toBlob,
    // convertToBlob or getImageData.
    var C2D = typeof CanvasRenderingContext2D !== 'undefined' && CanvasRenderingContext2D.prototype;
    var O2D = typeof OffscreenCanvasRenderingContext2D !== 'undefined' && OffscreenCanvasRenderingContext2D.prototype;
    var canv = new WeakMap();
    var drawn = function (ctx, args, stroke) {
      var c = ctx.canvas;
      if (!c) return;
      var i = canv.get(c);
      if (!i) { i = { ch: {}, nch: 0, col: {}, ncol: 0, text: '' }; canv.set(c, i); }
      var chars = from(clip(args[0], 200));
      for (var k = 0; k < chars.length && i.nch < 200; k++) {
        if (!i.ch[chars[k]]) { i.ch[chars[k]] = 1; i.nch++; }
      }
      var col = clip(stroke ? ctx.strokeStyle : ctx.fillStyle, 60);
      if (!i.col[col] && i.ncol < 50) { i.col[col] = 1; i.ncol++; }
      if (i.text.length < 60) i.text += (i.text ? ' | ' : '') + chars.slice(0, 40).join('');
    };
    var lossy = function (type) {
      type = String(type === undefined || type === null ? 'image/png' : type).toLowerCase();
      return type === 'image/jpeg' || type === 'image/webp';
    };
    var readBack = function (c, how, w, h) {
      var i = c && canv.get(c);
      if (!i || !(i.ncol >= 2 || i.nch >= 10)) return;
      if (!(c.width >= 16 && c.height >= 16 && w >= 16 && h >= 16)) return;
      var by = who();
      var off = typeof OffscreenCanvas !== 'undefined' && c instanceof OffscreenCanvas;
      once('canvas|' + how + '|' + by, { k: 'b', t: 'canvas', by: by,
        d: how + ' of a ' + c.width + 'x' + c.height + (off ? ' OffscreenCanvas' : ' canvas') + ' after drawing text "' +
          clip(i.text, 80) + '" (' + i.nch + ' distinct characters, ' + i.ncol + ' colours)' });
    };
    var nExcl = 0;
    var exclude = function () {
      if (nExcl > 1000) return;
      nExcl++;
      var by = who();
      once('canvas_x|' + by, { k: 'b', t: 'canvas_x', by: by });
    };
    [C2D, O2D].forEach(function (P) {
      if (!P) return;
      wrap(P, 'fillText', function (ctx, a) { drawn(ctx, a, false); });
      wrap(P, 'strokeText', function (ctx, a) { drawn(ctx, a, true); });
      wrap(P, 'getImageData', function (ctx, a) {
        readBack(ctx.canvas, 'getImageData', Math.abs(Number(a[2]) || 0), Math.abs(Number(a[3]) || 0));
      });
      wrap(P, 'save', exclude);
      wrap(P, 'restore', exclude);
    });
    if (typeof HTMLCanvasElement !== 'undefined') {
      wrap(HTMLCanvasElement.prototype, 'toDataURL', function (c, a) {
        if (!lossy(a[0])) readBack(c, 'toDataURL', c.width, c.height);
      });
      wrap(HTMLCanvasElement.prototype, 'toBlob', function (c, a) {
        if (!lossy(a[1])) readBack(c, 'toBlob', c.width, c.height);
      });
    }
    if (typeof OffscreenCanvas !== 'undefined') {
      wrap(OffscreenCanvas.prototype, 'convertToBlob', function (c, a) {
        var o = a[0];
        if (!lossy(o && typeof o === 'object' ? o.type : undefined)) readBack(c, 'convertToBlob', c.width, c.height);
      });
    }

    // WebGL: the unmasked renderer/vendor, or pixels read back.
    [typeof WebGLRenderingContext !== 'undefined' && WebGLRenderingContext,
      typeof WebGL2RenderingContext !== 'undefined' && WebGL2RenderingContext].forEach(function (G) {
      if (!G) return;
      wrap(G.prototype, 'getParameter', function (gl, a) {
        var p = a[0];
        if (p !== 0x9245 && p !== 0x9246) return;
        var by = who(), what = p === 0x9245 ? 'getParameter(UNMASKED_VENDOR_WEBGL)' : 'getParameter(UNMASKED_RENDERER_WEBGL)';
        once('webgl|' + what + '|' + by, { k: 'b', t: 'webgl', by: by, d: what });
      });
      wrap(G.prototype, 'readPixels', function () {
        var by = who();
        once('webgl|readPixels|' + by, { k: 'b', t: 'webgl', by: by, d: 'readPixels' });
      });
    });

    // Audio: an oscillator feeding a compressor or analyser whose output is
    // read back.
    if (typeof AudioNode !== 'undefined' && typeof OscillatorNode !== 'undefined') {
      var fed = new WeakSet(), graph = new WeakMap();
      wrap(AudioNode.prototype, 'connect', function (node, a) {
        var dst = a[0];
        if (!(dst instanceof AudioNode)) return;
        if (!(node instanceof OscillatorNode) && !fed.has(node)) return;
        fed.add(dst);
        var kind = (typeof DynamicsCompressorNode !== 'undefined' && dst instanceof DynamicsCompressorNode) ? 'DynamicsCompressor'
          : (typeof AnalyserNode !== 'undefined' && dst instanceof AnalyserNode) ? 'Analyser' : '';
        if (kind && node.context) graph.set(node.context, 'oscillator -> ' + kind);
      });
      var audioRead = function (ctx, how) {
        var g = ctx && graph.get(ctx);
        if (!g) return;
        var by = who();
        once('audio|' + how + '|' + by, { k: 'b', t: 'audio', by: by, d: g + ', ' + how });
      };
      if (typeof OfflineAudioContext !== 'undefined') {
        wrap(OfflineAudioContext.prototype, 'startRendering', function (ctx) { audioRead(ctx, 'startRendering'); });
      }
      if (typeof AnalyserNode !== 'undefined') {
        ['getFloatFrequencyData', 'getByteFrequencyData', 'getFloatTimeDomainData', 'getByteTimeDomainData'].forEach(function (m) {
          wrap(AnalyserNode.prototype, m, function (an) { if (fed.has(an)) audioRead(an.context, m); });
        });
      }
    }

    // Fonts: text measured across many font families by one script.
    var GENERIC = /^(serif|sans-serif|monospace|cursive|fantasy|system-ui|emoji|math|fangsong|ui-[a-z-]+|inherit|initial|unset|revert)$/i;
    var fonts = {}, nFonts = 0, lastFamily = '', fontCalls = 0;
    var firstFamily = function (list) {
      return String(list).split(',')[0].trim().replace(/^["']+|["']+$/g, '').slice(0, 100);
    };
    var measured = function (fam) {
      if (!fam || fam === lastFamily || GENERIC.test(fam) || fontCalls++ > 50000) return;
      lastFamily = fam;
      var by = who();
      var f = fonts[by];
      if (!f) { if (nFonts > 500) return; nFonts++; f = fonts[by] = { s: {}, n: 0, sample: [] }; }
      if (f.s[fam] || f.n >= 1000) return;
      f.s[fam] = 1; f.n++;
      if (f.sample.length < 8) f.sample.push(fam);
      if (f.n >= 20 && (f.n === 20 || f.n % 10 === 0)) emit({ k: 'b', t: 'font', by: by, n: f.n, d: f.sample.join(', ') });
    };
    // The family of a context's font, parsed once per font string.
    var famOf = Object.create(null), nFam = 0;
    var FONT = /\d(?:px|pt|em|rem|%|ex|ch|vw|vh|pc|cm|mm|in)(?:\s*\/\s*\S+)?\s+(.+)$/;
    [C2D, O2D].forEach(function (P) {
      if (!P) return;
      wrap(P, 'measureText', function (ctx) {
        var f = String(ctx.font), fam = famOf[f];
        if (fam === undefined) {
          var m = FONT.exec(f);
          fam = m ? firstFamily(m[1]) : '';
          if (nFam++ < 5000) famOf[f] = fam;
        }
        if (fam) measured(fam);
      });
    });
    if (typeof HTMLElement !== 'undefined') {
      ['offsetWidth', 'offsetHeight'].forEach(function (p) {
        wrapGet(HTMLElement.prototype, p, function (el) {
          var st = el.style, ff = st && st.fontFamily;
          if (ff) measured(firstFamily(ff));
        });
      });
    }

    // Session recording: DOM mutations on the document root, input events
    // captured on document/window, data sent.
    var rec = function (what) {
      var by = who();
      once('rec|' + what + '|' + by, { k: 'b', t: 'rec', by: by, w: what });
    };
    if (typeof MutationObserver !== 'undefined') {
      wrap(MutationObserver.prototype, 'observe', function (mo, a) {
        var t = a[0], o = a[1];
        if ((t === document || t === document.documentElement) && o && o.subtree) rec('mutations');
      });
    }
    var INPUT = { keydown: 1, keyup: 1, keypress: 1, input: 1, change: 1, mousemove: 1, mousedown: 1,
      mouseup: 1, click: 1, pointermove: 1, pointerdown: 1, touchstart: 1, touchmove: 1, focusin: 1 };
    // Listeners on the window, the document, its root element or body all
    // see every input event of the page.
    var docLevel = function (t) {
      return t === window || t === document || (typeof document !== 'undefined' && (t === document.documentElement || t === document.body));
    };
    // Whether anything listens for what typing fires (else the engine need
    // not wait for reactions to its typing probes): one report per document.
    var TYPING = { keydown: 1, keyup: 1, keypress: 1, input: 1, beforeinput: 1, change: 1, blur: 1,
      focusout: 1, focus: 1, paste: 1, textInput: 1, compositionend: 1 };
    var typingSeen = false;
    var typing = function (type) {
      if (typingSeen || TYPING[type] !== 1) return;
      typingSeen = true;
      emit({ k: 'b', t: 'keys' });
    };
    var nListen = 0;
    var addListener = typeof EventTarget !== 'undefined' && EventTarget.prototype.addEventListener;
    if (typeof EventTarget !== 'undefined') {
      wrap(EventTarget.prototype, 'addEventListener', function (tgt, a) {
        typing(String(a[0]));
        if (docLevel(tgt)) {
          var type = String(a[0]);
          if (INPUT[type] === 1 && nListen++ < 2000) rec('listen:' + type);
        } else if (typeof HTMLCanvasElement !== 'undefined' && tgt instanceof HTMLCanvasElement && nListen++ < 2000) {
          var by = who();
          once('canvas_x|' + by, { k: 'b', t: 'canvas_x', by: by });
        }
      });
    }
    // The same listeners as event handler properties (`document.onkeydown =
    // f`, by the script that sets them) and as inline attributes on the
    // document element or body (set by a script through setAttribute, or
    // written in the page: the page's own inline code, as inline scripts are).
    var nHandlers = 0;
    var handler = function (tgt, type, set) {
      if (docLevel(tgt) && nHandlers++ < 2000 && set) rec('listen:' + type);
    };
    var wrapSet = function (obj, name, after) {
      try {
        var d = obj && getDesc(obj, name);
        if (!d || typeof d.set !== 'function' || !d.configurable) return;
        var st = d.set;
        def(obj, name, {
          configurable: true, enumerable: d.enumerable, get: d.get,
          set: function (v) { try { after(this, v); } catch (e) {} return apply(st, this, [v]); }
        });
      } catch (e) {}
    };
    keys(INPUT).concat(keys(TYPING).filter(function (t) { return INPUT[t] !== 1; })).forEach(function (type) {
      var on = function (tgt, v) {
        if (typeof v === 'function') typing(type);
        if (INPUT[type] === 1) handler(tgt, type, typeof v === 'function');
      };
      wrapSet(window, 'on' + type, on);
      if (typeof Document !== 'undefined') wrapSet(Document.prototype, 'on' + type, on);
      if (typeof HTMLElement !== 'undefined') wrapSet(HTMLElement.prototype, 'on' + type, on);
    });
    if (typeof Element !== 'undefined') {
      wrap(Element.prototype, 'setAttribute', function (el, a) {
        var n = a[0];
        if (typeof n !== 'string' || n.length < 6 || (n.charCodeAt(0) | 32) !== 111) return; // 'o'
        n = n.toLowerCase();
        if (n.slice(0, 2) !== 'on') return;
        typing(n.slice(2));
        if (INPUT[n.slice(2)] === 1) handler(el, n.slice(2), String(a[1]).length > 0);
      });
    }
    var inline = function () {
      try {
        [document.documentElement, document.body].forEach(function (el) {
          if (!el) return;
          keys(INPUT).forEach(function (type) {
            if (el.hasAttribute('on' + type)) once('inline|' + type, { k: 'b', t: 'rec', by: here().split('#')[0], w: 'listen:' + type });
          });
        });
      } catch (e) {}
    };
    try { addListener.call(document, 'DOMContentLoaded', inline); } catch (e) {}

    var nSend = 0;
    var sending = function (how) { return function () { if (nSend++ < 20000) rec('send:' + how); }; };
    if (typeof XMLHttpRequest !== 'undefined') wrap(XMLHttpRequest.prototype, 'send', sending('XMLHttpRequest'));
    wrap(globalThis, 'fetch', sending('fetch'));
    if (typeof Navigator !== 'undefined') wrap(Navigator.prototype, 'sendBeacon', sending('sendBeacon'));
    if (typeof WebSocket !== 'undefined') wrap(WebSocket.prototype, 'send', sending('WebSocket'));
  })();
