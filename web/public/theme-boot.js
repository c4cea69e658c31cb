/*
 * The light or dark theme chosen in this browser, applied before the page is first painted (no
 * flash of the other one). A classic script in <head>, not a module: it runs before the body is
 * parsed. It reads what web/src/ui/theme/theme-choice.ts writes (localStorage 'parley.theme':
 * 'light' or 'dark'; 'system', anything else or nothing follows the system), and sets the same attribute
 * (theme-boot.test.ts holds the two together); the app keeps it from then on.
 */
(function () {
  try {
    var choice = localStorage.getItem('parley.theme');
    if (choice === 'light' || choice === 'dark') document.documentElement.dataset.theme = choice;
  } catch (e) {
    // No storage here (a sandboxed frame): the system's theme.
  }
})();
