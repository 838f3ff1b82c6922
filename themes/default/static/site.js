// site — default theme. Preview popover for figure links (a.cite).
// Hovering or focusing a figure shows the quoted passage and its source, cloned from the
// sources panel entry the link points to. Escape closes it; focus never moves.
// Without this script every figure link still jumps to its entry in the panel.
(function () {
  "use strict";

  var links = document.querySelectorAll("a.cite[href^='#']");
  if (!links.length) return;

  var TIP_ID = "cite-preview";
  var GAP = 8; // px between the link and the popover
  var MARGIN = 8; // px kept free at the viewport edges

  var tip = document.createElement("div");
  tip.id = TIP_ID;
  tip.className = "cite-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);

  var current = null; // the link whose preview is open
  var savedDescribedBy = null;
  var closeTimer = 0;
  var dismissed = null; // link whose preview was closed with Escape while still hovered/focused

  function entryFor(link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    return id ? document.getElementById(id) : null;
  }

  function fill(entry) {
    tip.textContent = "";
    var parts = entry.querySelectorAll(".entry-quote, .entry-source");
    for (var i = 0; i < parts.length; i++) {
      var clone = parts[i].cloneNode(true);
      // No duplicate ids and nothing focusable inside a tooltip.
      var withId = clone.querySelectorAll("[id]");
      for (var j = 0; j < withId.length; j++) withId[j].removeAttribute("id");
      clone.removeAttribute("id");
      clone.removeAttribute("cite");
      var anchors = clone.querySelectorAll("a");
      for (var k = 0; k < anchors.length; k++) {
        var span = document.createElement("span");
        span.textContent = anchors[k].textContent;
        anchors[k].parentNode.replaceChild(span, anchors[k]);
      }
      tip.appendChild(clone);
    }
    var hint = document.createElement("p");
    hint.className = "cite-preview-hint";
    var number = entry.parentNode ? Array.prototype.indexOf.call(entry.parentNode.children, entry) + 1 : 0;
    hint.textContent = "Source " + number + " of " + entry.parentNode.children.length;
    if (number) tip.appendChild(hint);
  }

  function position(link) {
    // Below the whole link (it may wrap over several lines), starting where its last line starts.
    var box = link.getBoundingClientRect();
    var rects = link.getClientRects();
    var last = rects.length ? rects[rects.length - 1] : box;
    var docEl = document.documentElement;
    var viewW = docEl.clientWidth;
    var viewH = window.innerHeight;
    // Measure at the left edge first so the width is not squeezed by the viewport edge.
    tip.style.left = "0px";
    tip.style.top = "0px";
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var left = last.left;
    if (left + w > viewW - MARGIN) left = viewW - MARGIN - w;
    if (left < MARGIN) left = MARGIN;
    var top = box.bottom + GAP;
    // Not enough room below but enough above: open upwards.
    if (top + h > viewH - MARGIN && box.top - GAP - h >= MARGIN) top = box.top - GAP - h;
    tip.style.left = Math.round(left + window.scrollX) + "px";
    tip.style.top = Math.round(top + window.scrollY) + "px";
  }

  function open(link) {
    clearTimeout(closeTimer);
    if (current === link) return;
    if (current) close();
    var entry = entryFor(link);
    if (!entry) return;
    fill(entry);
    current = link;
    savedDescribedBy = link.getAttribute("aria-describedby");
    var ids = (savedDescribedBy || "").split(/\s+/).filter(function (t) {
      return t && t !== TIP_ID;
    });
    ids.push(TIP_ID);
    link.setAttribute("aria-describedby", ids.join(" "));
    tip.hidden = false;
    position(link);
  }

  function close() {
    clearTimeout(closeTimer);
    if (!current) return;
    if (savedDescribedBy === null) current.removeAttribute("aria-describedby");
    else current.setAttribute("aria-describedby", savedDescribedBy);
    current = null;
    savedDescribedBy = null;
    tip.hidden = true;
  }

  function closeSoon() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      // Keep it open while the pointer is on the popover or the link still has focus.
      if (current && (tip.matches(":hover") || current === document.activeElement)) return;
      close();
    }, 120);
  }

  function onEnter(event) {
    var link = event.currentTarget;
    if (dismissed === link) return;
    open(link);
  }

  function onFocus(event) {
    var link = event.currentTarget;
    if (dismissed === link) return;
    open(link);
  }

  function onLeave(event) {
    var link = event.currentTarget;
    if (dismissed === link && link !== document.activeElement) dismissed = null;
    if (current === link && link !== document.activeElement) closeSoon();
  }

  function onBlur(event) {
    var link = event.currentTarget;
    if (dismissed === link) dismissed = null;
    if (current === link) close();
  }

  for (var i = 0; i < links.length; i++) {
    var link = links[i];
    link.addEventListener("mouseenter", onEnter);
    link.addEventListener("mouseleave", onLeave);
    link.addEventListener("focus", onFocus);
    link.addEventListener("blur", onBlur);
    // Following the link goes to the full entry: the preview is no longer needed.
    link.addEventListener("click", function (event) {
      dismissed = event.currentTarget;
      close();
    });
  }

  tip.addEventListener("mouseleave", function () {
    if (current && current !== document.activeElement) closeSoon();
  });
  tip.addEventListener("mouseenter", function () {
    clearTimeout(closeTimer);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      if (!current) return;
      dismissed = current;
      close();
    }
  });

  window.addEventListener("resize", function () {
    if (current) position(current);
  });
})();
