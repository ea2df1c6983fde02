/* The network picture (network/graph.html): draws the town's network with cytoscape.js.

   The canvas cannot be used with a keyboard, so the list of nodes next to it does the same:
   choosing a node highlights it and its neighbours and lists its connections in a live region.
   Every text comes from the page or from the JSON (translated on the server). No inline styles:
   the page's CSP forbids them. */
(function () {
  "use strict";

  var section = document.getElementById("network-graph");
  if (!section || typeof window.cytoscape !== "function") {
    return;
  }
  var canvas = document.getElementById("network-graph-canvas");
  var select = document.getElementById("network-graph-node");
  var details = document.getElementById("network-graph-details");
  var legendList = document.getElementById("network-graph-legend");
  var error = document.getElementById("network-graph-error");
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Colour and shape per legend key (actor group or node kind), so that the picture never
  // relies on colour alone (WCAG 1.4.1). Okabe-Ito colours, distinguishable with colour
  // blindness; each node has a dark border for contrast against the white canvas.
  var NODE_STYLES = {
    engaged_citizens: { colour: "#E69F00", shape: "ellipse" },
    administration: { colour: "#0072B2", shape: "rectangle" },
    politics: { colour: "#D55E00", shape: "triangle" },
    civil_society_with_mandate: { colour: "#CC79A7", shape: "star" },
    civil_society: { colour: "#009E73", shape: "hexagon" },
    local_partners: { colour: "#56B4E9", shape: "pentagon" },
    regional_partners: { colour: "#F0E442", shape: "rhomboid" },
    alliance: { colour: "#4D4D4D", shape: "diamond", size: 44 },
    body: { colour: "#882255", shape: "octagon", size: 40 },
  };
  var READING_ZOOM = 1.3;
  var FALLBACK_STYLE = { colour: "#999999", shape: "barrel" };
  var EDGE_STYLES = {
    member_of: { colour: "#6F7378", width: 2, line: "solid", arrow: "none" },
    coordinates: { colour: "#1B1D21", width: 4, line: "dashed", arrow: "triangle" },
    part_of: { colour: "#6F7378", width: 2, line: "dotted", arrow: "vee" },
    sits_in: { colour: "#882255", width: 2, line: "dashed", arrow: "vee" },
  };
  var FALLBACK_EDGE = { colour: "#6F7378", width: 2, line: "solid", arrow: "none" };

  // The same shapes as small SVG icons for the legend, in a 20 x 20 box.
  var ICON_POINTS = {
    rectangle: "2,2 18,2 18,18 2,18",
    triangle: "10,1 19,18 1,18",
    star: "10,1 12.4,7 19,7.3 13.8,11.4 15.6,18 10,14.3 4.4,18 6.2,11.4 1,7.3 7.6,7",
    hexagon: "5,2 15,2 19,10 15,18 5,18 1,10",
    pentagon: "10,1 19,8 15.5,18.5 4.5,18.5 1,8",
    rhomboid: "6,3 19,3 14,17 1,17",
    diamond: "10,1 19,10 10,19 1,10",
    octagon: "6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6",
    barrel: "3,2 17,2 19,10 17,18 3,18 1,10",
  };

  function styleFor(key) {
    return NODE_STYLES[key] || FALLBACK_STYLE;
  }

  function edgeStyleFor(key) {
    return EDGE_STYLES[key] || FALLBACK_EDGE;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function svgElement(tag, attributes) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  function nodeIcon(key) {
    var style = styleFor(key);
    var svg = svgElement("svg", { width: "20", height: "20", viewBox: "0 0 20 20", "aria-hidden": "true", focusable: "false" });
    var paint = { fill: style.colour, stroke: "#1B1D21", "stroke-width": "1.5" };
    if (style.shape === "ellipse") {
      svg.appendChild(svgElement("circle", Object.assign({ cx: "10", cy: "10", r: "8.5" }, paint)));
    } else {
      svg.appendChild(svgElement("polygon", Object.assign({ points: ICON_POINTS[style.shape] }, paint)));
    }
    return svg;
  }

  function edgeIcon(key) {
    var style = edgeStyleFor(key);
    var svg = svgElement("svg", { width: "32", height: "20", viewBox: "0 0 32 20", "aria-hidden": "true", focusable: "false" });
    var dash = { solid: "none", dashed: "6 3", dotted: "2 3" }[style.line];
    svg.appendChild(svgElement("line", { x1: "1", y1: "10", x2: style.arrow === "none" ? "31" : "24", y2: "10", stroke: style.colour, "stroke-width": String(style.width), "stroke-dasharray": dash }));
    if (style.arrow !== "none") {
      svg.appendChild(svgElement("polygon", { points: "23,5 31,10 23,15", fill: style.colour }));
    }
    return svg;
  }

  function buildLegend(data) {
    data.legend.forEach(function (entry) {
      var item = element("li");
      item.appendChild(nodeIcon(entry.key));
      item.appendChild(element("span", "kern-body", entry.label));
      legendList.appendChild(item);
    });
    data.edge_kinds.forEach(function (kind) {
      var item = element("li");
      item.appendChild(edgeIcon(kind.key));
      item.appendChild(element("span", "kern-body", kind.label));
      legendList.appendChild(item);
    });
  }

  function byLabel(a, b) {
    return a.label.localeCompare(b.label, document.documentElement.lang);
  }

  function buildNodeList(data) {
    data.kinds.forEach(function (kind) {
      var nodes = data.nodes.filter(function (node) { return node.kind === kind.key; });
      if (!nodes.length) {
        return;
      }
      var group = element("optgroup");
      group.label = kind.label;
      nodes.slice().sort(byLabel).forEach(function (node) {
        var label = node.group_label && node.group_label !== node.kind_label
          ? node.label + " (" + node.group_label + ")"
          : node.label;
        var option = element("option", "", label);
        option.value = node.id;
        group.appendChild(option);
      });
      select.appendChild(group);
    });
  }

  function link(node) {
    var anchor = element("a", "kern-link", node.label);
    anchor.href = node.url;
    return anchor;
  }

  // The connections of one node, grouped by how they read from that node ("Member of", ...).
  function connectionsOf(id, data, nodesById) {
    var groups = [];
    data.edge_kinds.forEach(function (kind) {
      [["source", "target", kind.outgoing], ["target", "source", kind.incoming]].forEach(function (way) {
        var entries = data.edges
          .filter(function (edge) { return edge.kind === kind.key && edge[way[0]] === id; })
          .map(function (edge) { return { node: nodesById[edge[way[1]]], note: edge.member_since_label || "" }; })
          .sort(function (a, b) { return byLabel(a.node, b.node); });
        if (entries.length) {
          groups.push({ label: way[2], entries: entries });
        }
      });
    });
    return groups;
  }

  function showDetails(node, data, nodesById) {
    details.replaceChildren();
    if (!node) {
      return;
    }
    var heading = element("h3", "kern-heading-small");
    heading.appendChild(link(node));
    details.appendChild(heading);
    var facts = [node.group_label];
    if (!node.is_public) {
      facts.push(section.dataset.textNotPublic);
    }
    details.appendChild(element("p", "kern-body kern-body--small", facts.join(" · ")));
    var groups = connectionsOf(node.id, data, nodesById);
    if (!groups.length) {
      details.appendChild(element("p", "kern-body", section.dataset.textNoConnections));
      return;
    }
    var list = element("dl");
    groups.forEach(function (group) {
      list.appendChild(element("dt", "kern-body", group.label));
      var description = element("dd");
      var items = element("ul", "kern-body");
      group.entries.forEach(function (entry) {
        var item = element("li");
        item.appendChild(link(entry.node));
        if (entry.note) {
          item.appendChild(document.createTextNode(" (" + entry.note + ")"));
        }
        items.appendChild(item);
      });
      description.appendChild(items);
      list.appendChild(description);
    });
    details.appendChild(list);
  }

  // Show `elements` as large as fits, but no larger than a comfortable reading size.
  function fit(cy, elements) {
    var viewport = cy.getFitViewport(elements, 48);
    if (!viewport) {
      return;
    }
    if (viewport.zoom > READING_ZOOM) {
      var box = elements.boundingBox();
      viewport = {
        zoom: READING_ZOOM,
        pan: {
          x: cy.width() / 2 - READING_ZOOM * (box.x1 + box.w / 2),
          y: cy.height() / 2 - READING_ZOOM * (box.y1 + box.h / 2),
        },
      };
    }
    // Walking the node list with the arrow keys chooses node after node; glide to the last.
    cy.stop(true);
    if (reducedMotion) {
      cy.viewport(viewport);
    } else {
      cy.animate(viewport, { duration: 300 });
    }
  }

  function draw(data) {
    var nodesById = {};
    data.nodes.forEach(function (node) { nodesById[node.id] = node; });

    section.hidden = false;
    var cy = window.cytoscape({
      container: canvas,
      elements: data.nodes.map(function (node) { return { group: "nodes", data: node }; })
        .concat(data.edges.map(function (edge) { return { group: "edges", data: edge }; })),
      minZoom: 0.2,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      autounselectify: true,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "background-color": function (ele) { return styleFor(ele.data("group")).colour; },
            shape: function (ele) { return styleFor(ele.data("group")).shape; },
            width: function (ele) { return styleFor(ele.data("group")).size || 30; },
            height: function (ele) { return styleFor(ele.data("group")).size || 30; },
            "border-width": 2,
            "border-color": "#1B1D21",
            color: "#1B1D21",
            "font-family": "Fira Sans, sans-serif",
            "font-size": 12,
            "text-valign": "bottom",
            "text-margin-y": 4,
            "text-wrap": "wrap",
            "text-max-width": 140,
            "text-background-color": "#FFFFFF",
            "text-background-opacity": 0.85,
            "text-background-padding": 2,
            "min-zoomed-font-size": 7,
          },
        },
        {
          selector: "edge",
          style: {
            "curve-style": "bezier",
            width: function (ele) { return edgeStyleFor(ele.data("kind")).width; },
            "line-color": function (ele) { return edgeStyleFor(ele.data("kind")).colour; },
            "line-style": function (ele) { return edgeStyleFor(ele.data("kind")).line; },
            "target-arrow-shape": function (ele) { return edgeStyleFor(ele.data("kind")).arrow; },
            "target-arrow-color": function (ele) { return edgeStyleFor(ele.data("kind")).colour; },
          },
        },
        { selector: ".faded", style: { opacity: 0.25 } },
        {
          selector: "node.chosen",
          style: {
            "border-width": 5,
            "border-color": "#000000",
            "underlay-color": "#FFBF47",
            "underlay-opacity": 0.9,
            "underlay-padding": 8,
            "font-weight": "bold",
            "z-index": 10,
          },
        },
        { selector: "node.neighbour", style: { "font-weight": "bold" } },
      ],
      layout: {
        name: "cose",
        animate: false,
        randomize: true,
        padding: 30,
        nodeRepulsion: function () { return 12000; },
        idealEdgeLength: function () { return 90; },
        componentSpacing: 80,
        nodeDimensionsIncludeLabels: true,
      },
    });

    function choose(id) {
      cy.elements().removeClass("faded chosen neighbour");
      var node = id ? cy.getElementById(id) : null;
      if (!node || node.empty()) {
        showDetails(null);
        fit(cy, cy.elements());
        return;
      }
      var neighbourhood = node.closedNeighborhood();
      cy.elements().not(neighbourhood).addClass("faded");
      neighbourhood.nodes().not(node).addClass("neighbour");
      node.addClass("chosen");
      showDetails(nodesById[id], data, nodesById);
      fit(cy, neighbourhood);
    }

    select.addEventListener("change", function () { choose(select.value); });
    cy.on("tap", "node", function (event) {
      select.value = event.target.id();
      choose(select.value);
    });
    cy.on("tap", function (event) {
      if (event.target === cy) {
        select.value = "";
        choose("");
      }
    });
    section.querySelectorAll("[data-graph-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.dataset.graphAction;
        if (action === "fit") {
          fit(cy, cy.elements());
          return;
        }
        var factor = action === "zoom-in" ? 1.25 : 0.8;
        cy.zoom({
          level: cy.zoom() * factor,
          renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
        });
      });
    });
    section.dataset.ready = "true";
  }

  fetch(section.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (data) {
      buildLegend(data);
      buildNodeList(data);
      draw(data);
    })
    .catch(function (reason) {
      section.hidden = true;
      error.hidden = false;
      if (window.console) {
        window.console.error("Network picture:", reason);
      }
    });
})();
