/*
 * Names for the parts of material's page that it builds without one, so a screen
 * reader can tell them apart (axe-core rules aria-dialog-name and landmark-unique,
 * checked on every page by tests/test_browser.py):
 *
 * - the search box is a dialog (role="dialog") and needs a name;
 * - each code block's copy button sits in its own <nav> landmark, built by
 *   material's script when the block is drawn; landmarks of one kind need
 *   distinct names, so each is named after its code block's place on the page;
 * - a diagram wider than its column scrolls in its own box
 *   (javascripts/mermaid-readable.js), which a keyboard must be able to reach
 *   (axe-core rule scrollable-region-focusable): each diagram takes the focus.
 */
(function () {
  function nameDialogs() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(
      function (dialog) { dialog.setAttribute("aria-label", "Search the course"); }
    );
  }

  function nameCodeNavigation() {
    document.querySelectorAll(".md-code__nav").forEach(function (nav, index) {
      nav.setAttribute("aria-label", "Code block " + (index + 1) + ": copy");
    });
  }

  function focusableDiagrams() {
    document.querySelectorAll("div.mermaid:not([tabindex])").forEach(function (diagram) {
      diagram.setAttribute("tabindex", "0");
    });
  }

  function nameAll() {
    nameDialogs();
    nameCodeNavigation();
    focusableDiagrams();
  }

  nameAll();
  // material adds the code blocks' buttons after the page loads: name each as it comes.
  new MutationObserver(function (changes) {
    var added = changes.some(function (change) { return change.addedNodes.length > 0; });
    if (added) {
      nameCodeNavigation();
      focusableDiagrams();
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
