// Tells the portal the browser's time zone, so deadlines can be shown in the person's own time too.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && document.cookie.indexOf("browser_tz=" + encodeURIComponent(zone)) === -1) {
    document.cookie = "browser_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
  }
})();
