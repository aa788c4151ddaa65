// The call graph drawn in the page from the DOT text the server wrote, for a machine without Graphviz's dot: the
// nodes in layers from the roots down (each below its deepest caller, a cycle's closing edge drawn back up), each
// layer ordered by its callers' places, the edges as curves with their labels; colours, widths and dotted edges as
// the DOT text gives them, the tooltips as each element's title. The DOT text stays below the picture.
"use strict";
(function () {
  const source = document.getElementById("graph-dot");
  const target = document.getElementById("graph-drawn");
  if (!source || !target) {
    return;
  }
  const svgNs = "http://www.w3.org/2000/svg";
  const layerGap = 56;
  const nodeGap = 24;

  // The statements of the DOT text our reports write: `ID [attributes]` and `ID -> ID [attributes]`, one a line.
  function attributes(text) {
    const found = {};
    const pattern = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s\]]+))/g;
    for (let match; (match = pattern.exec(text));) {
      found[match[1]] = match[2] !== undefined ? match[2].replace(/\\"/g, "\"") : match[3];
    }
    return found;
  }

  function parse(text) {
    const nodes = new Map();
    const edges = [];
    let legend = null;
    for (const line of text.split("\n")) {
      const edge = /^\s*(\w+) -> (\w+) \[(.*)\]\s*$/.exec(line);
      const node = /^\s*(\w+) \[(.*)\]\s*$/.exec(line);
      const cluster = /^subgraph cluster_L \{ "[^"]*" \[(.*)\] \}$/.exec(line);
      if (edge) {
        edges.push({ from: edge[1], to: edge[2], attrs: attributes(edge[3]) });
      } else if (node && node[1] !== "node" && node[1] !== "edge") {
        nodes.set(node[1], { id: node[1], attrs: attributes(node[2]), callers: [], callees: [] });
      } else if (cluster) {
        legend = attributes(cluster[1]).label;
      }
    }
    for (const edge of edges) {
      edge.source = nodes.get(edge.from);
      edge.target = nodes.get(edge.to);
    }
    return { nodes: [...nodes.values()], edges: edges.filter((e) => e.source && e.target), legend };
  }

  // "\n" centres a line, "\l" ends a left-justified one, as in dot.
  function lines(label) {
    return (label || "").replace(/\\l$/, "").split(/\\[nl]/);
  }

  function measure(node) {
    const size = Number(node.attrs.fontsize) || 14;
    node.lines = lines(node.attrs.label);
    node.size = size;
    node.w = Math.max(...node.lines.map((l) => l.length)) * size * 0.6 + 12;
    node.h = node.lines.length * size * 1.2 + 8;
  }

  // Layers: each node one below its deepest caller; the edges that close a cycle (found depth-first) do not count.
  function layer(graph) {
    for (const edge of graph.edges) {
      edge.source.callees.push(edge);
      edge.target.callers.push(edge);
    }
    const state = new Map();
    const visit = (node) => {
      state.set(node, "open");
      for (const edge of node.callees) {
        const seen = state.get(edge.target);
        if (seen === "open") {
          edge.back = true;
        } else if (!seen) {
          visit(edge.target);
        }
      }
      state.set(node, "done");
    };
    for (const node of graph.nodes.filter((n) => n.callers.length === 0).concat(graph.nodes)) {
      if (!state.has(node)) {
        visit(node);
      }
    }
    const depth = new Map();
    const deepest = (node) => {
      if (!depth.has(node)) {
        depth.set(node, 0);
        depth.set(node, Math.max(0, ...node.callers.filter((e) => !e.back).map((e) => deepest(e.source) + 1)));
      }
      return depth.get(node);
    };
    const layers = [];
    for (const node of graph.nodes) {
      node.layer = deepest(node);
      (layers[node.layer] = layers[node.layer] || []).push(node);
    }
    return layers.filter(Boolean);
  }

  // Each layer in the order of its callers' places, a few sweeps down.
  function order(layers) {
    for (let sweep = 0; sweep < 4; sweep++) {
      for (const row of layers.slice(1)) {
        const place = (node) => {
          const above = node.callers.filter((e) => !e.back).map((e) => e.source.index);
          return above.length ? above.reduce((a, b) => a + b, 0) / above.length : node.index;
        };
        row.sort((a, b) => place(a) - place(b));
        row.forEach((node, i) => { node.index = i; });
      }
    }
  }

  function position(layers) {
    let y = 0;
    const widths = layers.map((row) => row.reduce((sum, n) => sum + n.w, 0) + nodeGap * (row.length - 1));
    const width = Math.max(...widths);
    layers.forEach((row, r) => {
      let x = (width - widths[r]) / 2;
      const height = Math.max(...row.map((n) => n.h));
      for (const node of row) {
        Object.assign(node, { x, y: y + (height - node.h) / 2 });
        x += node.w + nodeGap;
      }
      y += height + layerGap;
    });
    return { width, height: y - layerGap };
  }

  function element(name, attrs, parent) {
    const created = document.createElementNS(svgNs, name);
    for (const [key, value] of Object.entries(attrs)) {
      created.setAttribute(key, value);
    }
    parent.appendChild(created);
    return created;
  }

  function titled(parent, text) {
    if (text) {
      element("title", {}, parent).textContent = text;
    }
  }

  function drawEdge(svg, edge) {
    const { source, target, attrs } = edge;
    const x1 = source.x + source.w / 2;
    const x2 = target.x + target.w / 2;
    const y1 = edge.back ? source.y : source.y + source.h;
    const y2 = edge.back ? target.y + target.h : target.y;
    const bend = edge.back ? -40 : 0;
    const group = element("g", { class: "edge", "data-from": edge.from, "data-to": edge.to }, svg);
    titled(group, attrs.tooltip);
    const colour = attrs.color || "#888";
    element("path", {
      d: `M${x1},${y1} C${x1 + bend},${(y1 + y2) / 2} ${x2 + bend},${(y1 + y2) / 2} ${x2},${y2}`,
      fill: "none", stroke: colour, "stroke-width": Number(attrs.penwidth) || 1,
      "stroke-dasharray": attrs.style === "dotted" ? "2,3" : "none", "marker-end": "url(#graph-arrow)",
    }, group);
    if (attrs.label) {
      element("text", { x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2, "font-size": 10, fill: "#333" }, group).textContent = attrs.label.trim();
    }
  }

  function drawNode(svg, node) {
    const group = element("g", { class: "node", "data-id": node.id }, svg);
    titled(group, node.attrs.tooltip);
    element("rect", {
      x: node.x, y: node.y, width: node.w, height: node.h,
      fill: node.attrs.fillcolor || "#f8f8f8", stroke: node.attrs.color || "#666",
    }, group);
    const text = element("text", { "font-size": node.size, "text-anchor": "middle", fill: "#000" }, group);
    node.lines.forEach((line, i) => {
      element("tspan", { x: node.x + node.w / 2, y: node.y + 4 + node.size * (1.2 * i + 1) }, text).textContent = line;
    });
  }

  function draw(graph) {
    if (graph.nodes.length === 0) {
      return;
    }
    graph.nodes.forEach(measure);
    const layers = layer(graph);
    layers.forEach((row) => row.forEach((node, i) => { node.index = i; }));
    order(layers);
    const size = position(layers);
    const margin = 50;
    const svg = element("svg", {
      viewBox: `${-margin} ${-margin} ${size.width + 2 * margin} ${size.height + 2 * margin}`,
      width: size.width + 2 * margin, height: size.height + 2 * margin, role: "img", "aria-label": "call graph",
    }, target);
    const marker = element("marker", { id: "graph-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerUnits: "userSpaceOnUse", markerWidth: 9, markerHeight: 9, orient: "auto" },
      element("defs", {}, svg));
    element("path", { d: "M0,0 L10,5 L0,10 z", fill: "#666" }, marker);
    graph.edges.forEach((edge) => drawEdge(svg, edge));
    graph.nodes.forEach((node) => drawNode(svg, node));
  }

  const graph = parse(source.textContent);
  if (graph.legend) {
    document.getElementById("graph-legend").textContent = lines(graph.legend).join("\n");
  }
  draw(graph);
})();
