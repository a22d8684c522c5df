/*
 * Mermaid diagrams that a phone and a screen reader can read. It wraps
 * mermaid.render, so it loads after mermaid.min.js and before material's
 * bundle, which renders the diagrams (overrides/main.html).
 *
 * - Width. Mermaid draws a diagram at its own width (text at 16 px) and lets
 *   the page shrink it to fit the column; on a 390 px phone a wide diagram
 *   shrank to 6 px text. Every diagram now keeps at least MIN_SCALE of its own
 *   width (about 10 px text); one wider than its column scrolls sideways in its
 *   own box (div.mermaid, see stylesheets/accessibility.css), not the page.
 * - Text alternative. Each diagram in the course states `accTitle:` and
 *   `accDescr:`; Mermaid turns them into the SVG's <title> and <desc>, named by
 *   aria-labelledby and aria-describedby, for most diagram types. Where it does
 *   not (timelines), the same two elements are added here from the same lines.
 */
(function () {
  var MIN_SCALE = 0.66; // a little above 0.65, the smallest scale tests/test_browser.py accepts
  if (typeof mermaid === "undefined" || typeof mermaid.render !== "function") return;

  function escapeXml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function keepReadableWidth(svg) {
    // Mermaid writes the diagram's own width as style="max-width: 886px;" on the <svg>.
    return svg.replace(/(<svg[^>]*style="[^"]*max-width:\s*)([\d.]+)px;/, function (all, head, width) {
      return all + " min-width: " + Math.ceil(parseFloat(width) * MIN_SCALE) + "px;";
    });
  }

  function addTextAlternative(svg, id, source) {
    var opening = /<svg[^>]*>/.exec(svg);
    if (!opening || opening[0].indexOf("aria-labelledby") !== -1) return svg;
    var title = /^\s*accTitle\s*:\s*(.+)$/m.exec(source);
    var descr = /^\s*accDescr\s*:\s*(.+)$/m.exec(source);
    if (!title) return svg;
    var names = ' aria-labelledby="' + id + '-alt-title"';
    var elements = '<title id="' + id + '-alt-title">' + escapeXml(title[1].trim()) + "</title>";
    if (descr) {
      names += ' aria-describedby="' + id + '-alt-desc"';
      elements += '<desc id="' + id + '-alt-desc">' + escapeXml(descr[1].trim()) + "</desc>";
    }
    var tag = opening[0].replace(/>$/, names + ">");
    return svg.replace(opening[0], tag + elements);
  }

  var render = mermaid.render.bind(mermaid);
  mermaid.render = function (id, source) {
    return render.apply(null, arguments).then(function (result) {
      var svg = addTextAlternative(keepReadableWidth(result.svg), id, String(source));
      return Object.assign({}, result, { svg: svg });
    });
  };
})();
