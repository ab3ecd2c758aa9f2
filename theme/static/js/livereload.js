/*
 * Live preview, development only: `invoke livereload` adds this script to every page (no
 * other build does).  It asks the live server for its status a few times a second, reloads
 * the page once the site has been refreshed after a save, and lists the last build's errors
 * (file and line) over the page until they are fixed.  No inline code or styles: it works
 * under `Content-Security-Policy: default-src 'self'`.
 */
(function () {
  "use strict";

  var STATUS_URL = "/_confnotes/live";
  var EVERY_MS = 300;
  var AFTER_FAILURE_MS = 1000; // the session is stopped or restarting
  var PANEL_ID = "confnotes-live-problems";
  var seenVersion = null;

  function style(element, rules) {
    Object.keys(rules).forEach(function (name) {
      element.style[name] = rules[name]; // CSSOM, which CSP allows (unlike style="")
    });
  }

  function describe(problem) {
    if (problem.file && problem.line) {
      return problem.file + ":" + problem.line + ": " + problem.message;
    }
    return problem.file ? problem.file + ": " + problem.message : problem.message;
  }

  function showProblems(problems) {
    var panel = document.getElementById(PANEL_ID);
    if (panel && !panel.hasAttribute("data-live-overlay")) {
      return; // the server's own page already lists them
    }
    if (!problems.length) {
      if (panel) {
        panel.remove();
      }
      return;
    }
    if (!panel) {
      panel = document.createElement("section");
      panel.id = PANEL_ID;
      panel.setAttribute("role", "alert");
      panel.setAttribute("data-live-overlay", "");
      style(panel, {
        position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
        maxHeight: "50vh", overflow: "auto", margin: "0", padding: "1rem 1.5rem",
        background: "#fff4f2", color: "#5c0a00", borderTop: "4px solid #b42318",
        font: "15px/1.45 system-ui, sans-serif", boxShadow: "0 -2px 12px rgba(0,0,0,.2)"
      });
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = "The last build reported " + problems.length + " error(s)";
    style(heading, {font: "bold 17px/1.3 system-ui, sans-serif", margin: "0 0 .5rem"});
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    style(hint, {margin: "0 0 .5rem"});
    var list = document.createElement("ul");
    style(list, {margin: "0", paddingLeft: "1.25rem"});
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = describe(problem);
      style(code, {whiteSpace: "pre-wrap", font: "14px/1.4 ui-monospace, monospace"});
      item.appendChild(code);
      list.appendChild(item);
    });
    panel.appendChild(heading);
    panel.appendChild(hint);
    panel.appendChild(list);
  }

  function check() {
    fetch(STATUS_URL, {cache: "no-store"})
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          window.setTimeout(check, AFTER_FAILURE_MS);
          return;
        }
        if (seenVersion === null) {
          seenVersion = state.version;
        } else if (state.version !== seenVersion) {
          window.location.reload();
          return;
        }
        showProblems(state.problems || []);
        window.setTimeout(check, EVERY_MS);
      })
      .catch(function () {
        window.setTimeout(check, AFTER_FAILURE_MS);
      });
  }

  check();
})();
