// A small accessibility audit of the page it runs in (Selenium's executeScript: this file is a function's body).
// Returns its findings, each "<element>: <rule broken>"; none when the page passes. A11yBrowserTest runs it on every
// console page, and checks the keyboard (TAB from the body) itself.

var findings = [];

function text(e) {
  return (e.textContent || '').replace(/\s+/g, ' ').trim();
}

function describe(e) {
  var name = e.tagName.toLowerCase();
  if (e.id) { name += '#' + e.id; }
  if (typeof e.className === 'string' && e.className.trim()) {
    name += '.' + e.className.trim().split(/\s+/).join('.');
  }
  var t = text(e);
  if (t) { name += ' "' + (t.length > 40 ? t.substring(0, 40) + '…' : t) + '"'; }
  return name;
}

function shown(e) {
  var style = getComputedStyle(e);
  return style.display !== 'none' && style.visibility !== 'hidden' && e.getClientRects().length > 0;
}

function labelledBy(e) {
  var ids = (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  return ids.map(function (id) {
    var l = document.getElementById(id);
    return l === null ? '' : text(l);
  }).join(' ').trim();
}

function ariaName(e) {
  return ((e.getAttribute('aria-label') || '').trim()) || labelledBy(e);
}

// the page's language
if (!(document.documentElement.getAttribute('lang') || '').trim()) {
  findings.push('html: no lang attribute');
}

// one heading of the first level
var h1s = document.querySelectorAll('h1');
if (h1s.length !== 1) {
  findings.push('page: ' + h1s.length + ' <h1> elements, not exactly one');
}

// every form field has an accessible name
document.querySelectorAll('input, select, textarea').forEach(function (e) {
  if (e.tagName === 'INPUT' && (e.getAttribute('type') || '').toLowerCase() === 'hidden') { return; }
  var name = ariaName(e);
  if (!name && e.id) {
    document.querySelectorAll('label[for="' + CSS.escape(e.id) + '"]').forEach(function (l) {
      name = name || text(l);
    });
  }
  var wrapping = e.closest('label');
  if (!name && wrapping !== null) { name = text(wrapping); }
  if (!name) { findings.push(describe(e) + ': a form field without an accessible name (label, aria-label, aria-labelledby)'); }
});

// every button and link says what it does
document.querySelectorAll('a[href], button, input[type=submit], input[type=button], input[type=reset]').forEach(function (e) {
  var name = text(e) || ariaName(e) || (e.tagName === 'INPUT' ? (e.value || '').trim() : '');
  if (!name) {
    e.querySelectorAll('img[alt]').forEach(function (i) { name = name || i.getAttribute('alt').trim(); });
  }
  if (!name) { findings.push(describe(e) + ': a ' + (e.tagName === 'A' ? 'link' : 'button') + ' without text or aria-label'); }
});

// every image says what it shows, or is hidden from assistive technology
document.querySelectorAll('img').forEach(function (e) {
  if (!e.hasAttribute('alt') && e.getAttribute('aria-hidden') !== 'true') {
    findings.push(describe(e) + ': an image without alt (alt="" where it is decoration)');
  }
});
document.querySelectorAll('svg').forEach(function (e) {
  if (e.getAttribute('aria-hidden') === 'true' || e.parentElement.closest('svg') !== null) { return; }
  var role = e.getAttribute('role');
  if (role !== 'img' || !ariaName(e)) {
    findings.push(describe(e) + ': an svg without role="img" and an aria-label/aria-labelledby, nor aria-hidden="true"');
  }
});

// the contrast of every visible text
function rgba(value) {
  var m = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)/.exec(value);
  if (m === null) { return null; }
  var a = m[4] === undefined ? 1 : Number(m[4]) / (m[5] === '%' ? 100 : 1);
  return [Number(m[1]), Number(m[2]), Number(m[3]), a];
}

function over(top, bottom) {
  return [0, 1, 2].map(function (i) { return top[i] * top[3] + bottom[i] * (1 - top[3]); }).concat([1]);
}

function luminance(c) {
  var l = c.slice(0, 3).map(function (v) {
    v = v / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

// the background behind e: its own or its nearest ancestor's opaque-enough colour; null over a background image
function background(e) {
  var layers = [];
  for (var n = e; n !== null && n.nodeType === 1; n = n.parentElement) {
    var style = getComputedStyle(n);
    if (style.backgroundImage && style.backgroundImage !== 'none') { return null; }
    var c = rgba(style.backgroundColor);
    if (c !== null && c[3] > 0) {
      layers.push(c);
      if (c[3] >= 1) { break; }
    }
  }
  var colour = [255, 255, 255, 1];
  for (var i = layers.length - 1; i >= 0; i--) { colour = over(layers[i], colour); }
  return colour;
}

document.body.querySelectorAll('*').forEach(function (e) {
  if (!(e instanceof HTMLElement) || e.tagName === 'SCRIPT' || e.tagName === 'STYLE') { return; }
  var own = Array.prototype.some.call(e.childNodes, function (c) {
    return c.nodeType === 3 && c.textContent.trim() !== '';
  });
  if (!own || !shown(e)) { return; }
  var bg = background(e);
  if (bg === null) { return; }
  var fg = rgba(getComputedStyle(e).color);
  if (fg === null) { return; }
  fg = over(fg, bg);
  var a = luminance(fg), b = luminance(bg);
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) {
    findings.push(describe(e) + ': text contrast ' + ratio.toFixed(2) + ':1 (' + getComputedStyle(e).color
        + ' on ' + 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')), below 4.5:1');
  }
});

return findings;
