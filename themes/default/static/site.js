// site — default theme: the preview popover for figure links (a.cite), then the sidenotes.
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

// Sidenotes: on screens of 1100px and more each sources entry is moved into the margin beside
// the line of its first citation, pushed down so none overlaps the one above; a figure that
// cites an entry again further down gets a compact "see 3" note beside it. The layout is redone
// when the window resizes, fonts load or the text reflows. Without this script the panel is a
// column beside the text that stays in view; below 1100px and in print it is a numbered list.
(function () {
  "use strict";

  var story = document.querySelector(".story.has-sources");
  var panel = story && story.querySelector(".sources");
  var body = story && story.querySelector(".story-body");
  if (!panel || !body || !window.matchMedia) return;

  var GAP = 12; // px between two notes in the margin
  var NEAR = 96; // px: a repeat this close below its entry, or a note for it, needs no note
  var wide = window.matchMedia("screen and (min-width: 1100px)");
  var entries = panel.querySelectorAll(".sources-list > .entry");
  var notes = []; // { el, ref, entry }: a "see" note for each citation after an entry's first
  var firsts = []; // the first citation of each entry, in entry order
  var box = document.createElement("div");
  box.className = "see-notes";
  box.setAttribute("aria-hidden", "true");

  function visible(el) {
    var r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  }

  for (var i = 0; i < entries.length; i++) {
    var entry = entries[i];
    var refs = body.querySelectorAll("a[href='#" + entry.id + "']");
    firsts.push(null);
    for (var j = 0; j < refs.length; j++) {
      if (!firsts[i]) {
        firsts[i] = refs[j];
        continue;
      }
      var note = document.createElement("a");
      note.className = "see-note";
      note.href = "#" + entry.id;
      note.tabIndex = -1;
      note.textContent = "see " + (i + 1);
      box.appendChild(note);
      notes.push({ el: note, ref: refs[j], entry: entry });
    }
  }
  panel.appendChild(box);

  function top(el) {
    return el.getBoundingClientRect().top;
  }

  function layout() {
    var on = wide.matches;
    story.classList.toggle("sidenotes", on);
    if (!on) return;
    var origin = top(panel) + panel.clientTop;
    var intro = panel.querySelector(".sources-intro") || panel.querySelector(".sources-title");
    var floor = intro ? intro.getBoundingClientRect().bottom - origin + GAP : 0;
    var items = [];
    var k;
    for (k = 0; k < entries.length; k++) {
      var first = firsts[k];
      // An entry whose figures are all hidden (a chart's data table) follows the one above.
      var y0 = first && visible(first) ? top(first) - origin : k ? items[k - 1].y : -1;
      items.push({ el: entries[k], y: y0, order: k });
    }
    for (k = 0; k < notes.length; k++) {
      var n = notes[k];
      n.el.hidden = !visible(n.ref);
      if (!n.el.hidden) items.push({ el: n.el, y: top(n.ref) - origin, order: entries.length + k, note: n });
    }
    items.sort(function (a, b) {
      return a.y - b.y || a.order - b.order;
    });
    var placed = new Map(); // entry or note's entry -> bottom of the last box shown for it
    for (k = 0; k < items.length; k++) {
      var item = items[k];
      // A repeat just below its own entry, or below another note for it, adds nothing.
      if (item.note && placed.has(item.note.entry) && placed.get(item.note.entry) + NEAR > item.y) {
        item.el.hidden = true;
        placed.set(item.note.entry, Math.max(placed.get(item.note.entry), item.y));
        continue;
      }
      var y = Math.max(item.y, floor);
      item.el.style.top = Math.round(y) + "px";
      floor = y + item.el.offsetHeight + GAP;
      placed.set(item.note ? item.note.entry : item.el, floor);
    }
    panel.style.setProperty("--sidenotes-height", Math.ceil(floor) + "px");
  }

  var pending = 0;
  function schedule() {
    if (!pending) pending = requestAnimationFrame(function () {
      pending = 0;
      layout();
    });
  }

  // Laid out before the browser scrolls to an entry named in the address.
  layout();

  window.addEventListener("resize", schedule);
  window.addEventListener("load", schedule);
  // The entry a figure links to opens up to show its context and back links.
  window.addEventListener("hashchange", schedule);
  if (wide.addEventListener) wide.addEventListener("change", schedule);
  if (document.fonts) {
    document.fonts.ready.then(schedule);
    document.fonts.addEventListener("loadingdone", schedule);
  }
  if (window.ResizeObserver) new ResizeObserver(schedule).observe(body);
})();
