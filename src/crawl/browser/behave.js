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
      var by = caller();
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
    // exclusion is applied per script on the engine's side).
    if (typeof CanvasRenderingContext2D !== 'undefined' && typeof HTMLCanvasElement !== 'undefined') {
      var C2D = CanvasRenderingContext2D.prototype, canv = new WeakMap();
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
      wrap(C2D, 'fillText', function (ctx, a) { drawn(ctx, a, false); });
      wrap(C2D, 'strokeText', function (ctx, a) { drawn(ctx, a, true); });
      var readBack = function (c, how, w, h) {
        var i = c && canv.get(c);
        if (!i || !(i.ncol >= 2 || i.nch >= 10)) return;
        if (!(c.width >= 16 && c.height >= 16 && w >= 16 && h >= 16)) return;
        var by = caller();
        once('canvas|' + by, { k: 'b', t: 'canvas', by: by,
          d: how + ' of a ' + c.width + 'x' + c.height + ' canvas after drawing text "' + clip(i.text, 80) +
            '" (' + i.nch + ' distinct characters, ' + i.ncol + ' colours)' });
      };
      wrap(HTMLCanvasElement.prototype, 'toDataURL', function (c, a) {
        var type = String(a[0] === undefined ? 'image/png' : a[0]).toLowerCase();
        if (type === 'image/jpeg' || type === 'image/webp') return; // lossy: not a fingerprint
        readBack(c, 'toDataURL', c.width, c.height);
      });
      wrap(C2D, 'getImageData', function (ctx, a) {
        readBack(ctx.canvas, 'getImageData', Math.abs(Number(a[2]) || 0), Math.abs(Number(a[3]) || 0));
      });
      var nExcl = 0;
      var exclude = function () {
        if (nExcl > 1000) return;
        nExcl++;
        var by = caller();
        once('canvas_x|' + by, { k: 'b', t: 'canvas_x', by: by });
      };
      wrap(C2D, 'save', exclude);
      wrap(C2D, 'restore', exclude);
    }

    // WebGL: the unmasked renderer/vendor, or pixels read back.
    [typeof WebGLRenderingContext !== 'undefined' && WebGLRenderingContext,
      typeof WebGL2RenderingContext !== 'undefined' && WebGL2RenderingContext].forEach(function (G) {
      if (!G) return;
      wrap(G.prototype, 'getParameter', function (gl, a) {
        var p = a[0];
        if (p !== 0x9245 && p !== 0x9246) return;
        var by = caller(), what = p === 0x9245 ? 'getParameter(UNMASKED_VENDOR_WEBGL)' : 'getParameter(UNMASKED_RENDERER_WEBGL)';
        once('webgl|' + what + '|' + by, { k: 'b', t: 'webgl', by: by, d: what });
      });
      wrap(G.prototype, 'readPixels', function () {
        var by = caller();
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
        var by = caller();
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
      var by = caller();
      var f = fonts[by];
      if (!f) { if (nFonts > 500) return; nFonts++; f = fonts[by] = { s: {}, n: 0, sample: [] }; }
      if (f.s[fam] || f.n >= 1000) return;
      f.s[fam] = 1; f.n++;
      if (f.sample.length < 8) f.sample.push(fam);
      if (f.n >= 20 && (f.n === 20 || f.n % 10 === 0)) emit({ k: 'b', t: 'font', by: by, n: f.n, d: f.sample.join(', ') });
    };
    if (typeof CanvasRenderingContext2D !== 'undefined') {
      wrap(CanvasRenderingContext2D.prototype, 'measureText', function (ctx) {
        var m = /\d(?:px|pt|em|rem|%|ex|ch|vw|vh|pc|cm|mm|in)(?:\s*\/\s*\S+)?\s+(.+)$/.exec(String(ctx.font));
        if (m) measured(firstFamily(m[1]));
      });
    }
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
      var by = caller();
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
    var nListen = 0;
    if (typeof EventTarget !== 'undefined') {
      wrap(EventTarget.prototype, 'addEventListener', function (tgt, a) {
        if (tgt === window || tgt === document) {
          var type = String(a[0]);
          if (INPUT[type] === 1 && nListen++ < 2000) rec('listen:' + type);
        } else if (typeof HTMLCanvasElement !== 'undefined' && tgt instanceof HTMLCanvasElement && nListen++ < 2000) {
          var by = caller();
          once('canvas_x|' + by, { k: 'b', t: 'canvas_x', by: by });
        }
      });
    }
    var nSend = 0;
    var sending = function (how) { return function () { if (nSend++ < 20000) rec('send:' + how); }; };
    if (typeof XMLHttpRequest !== 'undefined') wrap(XMLHttpRequest.prototype, 'send', sending('XMLHttpRequest'));
    wrap(globalThis, 'fetch', sending('fetch'));
    if (typeof Navigator !== 'undefined') wrap(Navigator.prototype, 'sendBeacon', sending('sendBeacon'));
    if (typeof WebSocket !== 'undefined') wrap(WebSocket.prototype, 'send', sending('WebSocket'));
  })();
