// Every page: a closed <details> the address points at (/law/rmhgr?version=rmhgr-2024#changes) opens,
// on load and when the address's fragment changes.
(function () {
  "use strict";
  function open() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", open);
  open();
})();
