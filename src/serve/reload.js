// Added by `site serve` to every page it sends (never to `site build`'s output): reloads
// the page when a save has rebuilt the site, or when the page is already out of date.
(function () {
  var me = document.currentScript;
  var since = me ? me.getAttribute("data-since") : "";
  var events = new EventSource("/__site/events?since=" + encodeURIComponent(since || ""));
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
})();
