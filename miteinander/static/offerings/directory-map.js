/* The offerings directory's map (offerings/public/directory.html), drawn with Leaflet.

   Progressive enhancement: the section stays hidden unless Leaflet has loaded, and the list on
   the page names every offering the map shows, so nothing is lost without it. Markers are
   focusable (Leaflet gives them role="button" and the title as alt text); each opens a popup
   with a link to the offering's page. Every text comes from the page (translated on the
   server). No inline styles or scripts: the CSP forbids them. */
(function () {
  "use strict";

  var section = document.getElementById("offerings-map");
  var data = document.getElementById("offerings-map-markers");
  if (!section || !data || typeof window.L !== "object") {
    return;
  }
  var L = window.L;
  var settings = section.dataset;
  var canvas = document.getElementById("offerings-map-canvas");
  var error = document.getElementById("offerings-map-error");
  var markers;
  try {
    markers = JSON.parse(data.textContent);
  } catch (e) {
    return;
  }

  function escapeHtml(text) {
    var element = document.createElement("span");
    element.textContent = text;
    return element.innerHTML;
  }

  // The map needs its size when it starts, so the section is shown first.
  section.hidden = false;
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var map = L.map(canvas, {
    zoomControl: false,
    // Scrolling the page over the map should scroll the page; zoom with the buttons or keys.
    scrollWheelZoom: false,
    fadeAnimation: !reducedMotion,
    zoomAnimation: !reducedMotion,
    markerZoomAnimation: !reducedMotion,
  });
  L.control
    .zoom({ zoomInTitle: settings.textZoomIn, zoomOutTitle: settings.textZoomOut })
    .addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');

  var tiles = L.tileLayer(settings.tileUrl, {
    // The town's attribution is plain text; Leaflet would read it as HTML.
    attribution: escapeHtml(settings.attribution || ""),
    maxZoom: 19,
    // The site sends no Referer across origins; tile servers such as OpenStreetMap's want one.
    referrerPolicy: "strict-origin-when-cross-origin",
  });
  tiles.once("tileerror", function () {
    if (error) {
      error.hidden = false;
    }
  });
  tiles.addTo(map);

  // Explicit icon addresses: Leaflet's guess from its CSS breaks with hashed static files.
  var icon = L.icon({
    iconUrl: settings.iconUrl,
    iconRetinaUrl: settings.iconRetinaUrl,
    shadowUrl: settings.shadowUrl,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    shadowSize: [41, 41],
  });

  var points = [];
  markers.forEach(function (item) {
    var marker = L.marker([item.lat, item.lng], {
      icon: icon,
      title: item.title,
      alt: item.title,
      keyboard: true,
    });
    var link = document.createElement("a");
    link.className = "kern-link";
    link.href = item.url;
    link.lang = item.lang;
    link.dir = "auto"; // a German title in an Arabic page reads left to right
    link.textContent = item.title;
    marker.bindPopup(link);
    marker.addTo(map);
    points.push([item.lat, item.lng]);
  });

  var zoom = parseInt(settings.zoom, 10) || 13;
  if (points.length > 1) {
    map.fitBounds(points, { padding: [32, 32], maxZoom: Math.max(zoom, 15) });
  } else if (points.length === 1) {
    map.setView(points[0], Math.max(zoom, 15));
  } else {
    map.setView([parseFloat(settings.latitude), parseFloat(settings.longitude)], zoom);
  }
  section.setAttribute("data-ready", "true");
})();
