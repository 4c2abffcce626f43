// After A11yBrowserTest pressed TAB once from the body: is the focus on the page's first element a keyboard reaches
// (its first link, or its first field where no link comes before), and does it show that it has the focus?
// Returns the findings, each "<element>: <rule broken>"; none when the page passes.

function describe(e) {
  if (e === null) { return 'nothing'; }
  var name = e.tagName.toLowerCase();
  if (e.id) { name += '#' + e.id; }
  var t = (e.textContent || '').replace(/\s+/g, ' ').trim();
  if (t) { name += ' "' + (t.length > 40 ? t.substring(0, 40) + '…' : t) + '"'; }
  return name;
}

var tabbable = Array.prototype.filter.call(
    document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'),
    function (e) {
      if (e === document.body || e.disabled) { return false; }
      if (e.tagName === 'INPUT' && (e.getAttribute('type') || '').toLowerCase() === 'hidden') { return false; }
      if (e.hasAttribute('tabindex') && Number(e.getAttribute('tabindex')) < 0) { return false; }
      var style = getComputedStyle(e);
      return style.display !== 'none' && style.visibility !== 'hidden' && e.getClientRects().length > 0;
    });
var findings = [];
var focused = document.activeElement;
if (tabbable.length === 0) {
  findings.push('page: nothing a keyboard can reach');
} else if (focused !== tabbable[0]) {
  findings.push(describe(focused) + ': TAB from the body focused it, not the first link or field '
      + describe(tabbable[0]));
}
if (focused !== null && focused !== document.body) {
  var style = getComputedStyle(focused);
  var outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  var shadow = style.boxShadow && style.boxShadow !== 'none';
  if (!outline && !shadow) {
    findings.push(describe(focused) + ': focused without a visible focus indicator (outline or box-shadow)');
  }
}
return findings;
