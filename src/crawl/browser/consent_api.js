// trackaudit consent APIs: runs in the top frame's page world, where a CMP
// defines __tcfapi (IAB TCF v2.2) and __gpp (IAB GPP). Input: __MODE__ is
// 'ping' (ping + getTCData + GPP ping) or 'after' (addEventListener until
// the user's action completes, up to __WAIT__ ms). Output: the fields the
// engine needs, copied and bounded (never the CMP's own objects).
(function (mode, wait) {
  'use strict';
  var api = window.__tcfapi, gpp = window.__gpp;
  var out = { tcf: typeof api === 'function', gpp: typeof gpp === 'function' };
  var str = function (v, max) { return typeof v === 'string' ? v.slice(0, max) : ''; };
  var num = function (v) { return typeof v === 'number' && isFinite(v) ? v : null; };
  var bool = function (v) { return typeof v === 'boolean' ? v : null; };
  var tc = function (d) {
    if (!d || typeof d !== 'object') return null;
    return { tcString: str(d.tcString, 65536), eventStatus: str(d.eventStatus, 40),
             gdprApplies: bool(d.gdprApplies), cmpId: num(d.cmpId), cmpStatus: str(d.cmpStatus, 40),
             listenerId: num(d.listenerId) };
  };
  var call = function (cmd, param, ms, until) {
    return new Promise(function (res) {
      var done = false, last = null;
      var fin = function (v) { if (!done) { done = true; res(v); } };
      setTimeout(function () { fin(last); }, ms);
      try {
        api(cmd, 2, function (d, ok) {
          last = d;
          if (!until || until(d)) fin(d);
        }, param);
      } catch (e) { fin(null); }
    });
  };
  var gppPing = function () {
    return new Promise(function (res) {
      var done = false;
      var fin = function (d) {
        if (done) return;
        done = true;
        if (!d || typeof d !== 'object') return res(null);
        res({ cmpId: num(d.cmpId), cmpStatus: str(d.cmpStatus, 40), cmpDisplayStatus: str(d.cmpDisplayStatus, 40),
              gppString: str(d.gppString, 65536), gppVersion: str(d.gppVersion, 20),
              applicableSections: Array.isArray(d.applicableSections) ? d.applicableSections.slice(0, 50).map(num) : [] });
      };
      setTimeout(function () { fin(null); }, 800);
      try {
        var r = gpp('ping', function (d) { fin(d); });
        if (r && typeof r === 'object') fin(r);
      } catch (e) { fin(null); }
    });
  };
  var steps = [];
  if (out.tcf && mode === 'ping') {
    steps.push(call('ping', undefined, 800).then(function (d) {
      if (d && typeof d === 'object') {
        out.ping = { gdprApplies: bool(d.gdprApplies), cmpLoaded: bool(d.cmpLoaded), cmpStatus: str(d.cmpStatus, 40),
                     displayStatus: str(d.displayStatus, 40), cmpId: num(d.cmpId), cmpVersion: num(d.cmpVersion),
                     gvlVersion: num(d.gvlVersion), tcfPolicyVersion: num(d.tcfPolicyVersion) };
      }
      return call('getTCData', undefined, 800);
    }).then(function (d) { out.data = tc(d); }));
  }
  if (out.tcf && mode === 'after') {
    steps.push(call('addEventListener', undefined, wait, function (d) {
      return d && d.eventStatus === 'useractioncomplete';
    }).then(function (d) {
      out.data = tc(d);
      if (out.data && out.data.listenerId !== null) {
        try { api('removeEventListener', 2, function () {}, out.data.listenerId); } catch (e) {}
      }
    }));
  }
  if (out.gpp && mode === 'ping') steps.push(gppPing().then(function (g) { out.gppPing = g; }));
  return Promise.all(steps).then(function () { return out; }, function () { return out; });
})(__MODE__, __WAIT__)
//# sourceURL=trackaudit-consent-api.js
