// The flame graph of /ui/flamegraph, drawn on a canvas from /ui/api/flamegraph (frames aggregated by the server).
// Icicle layout, root on top as pprof draws it. Click a frame to zoom into it (kept in the URL's #zoom=, so Back
// undoes it), hover for details, search with a regexp to highlight frames and see the total they account for.
"use strict";
(function () {
  const container = document.getElementById("flamegraph");
  const details = document.getElementById("flame-details");
  const legend = document.getElementById("flame-legend");
  const search = document.getElementById("flame-search");
  const matched = document.getElementById("flame-matched");
  const reset = document.getElementById("flame-reset");
  const rowHeight = 18;
  const canvas = document.createElement("canvas");
  container.appendChild(canvas);
  let data = null;
  let frames = [];
  let boxes = [];
  let pattern = null;

  function formatValue(value) {
    const unit = data.unit;
    const scales = unit === "bytes" ? [[1 << 30, "GB"], [1 << 20, "MB"], [1 << 10, "kB"], [1, "B"]]
      : unit === "nanoseconds" ? [[1e9, "s"], [1e6, "ms"], [1e3, "us"], [1, "ns"]] : [[1, ""]];
    const magnitude = Math.abs(value);
    for (const [factor, suffix] of scales) {
      if (magnitude >= factor || factor === 1) {
        const scaled = value / factor;
        return (Number.isInteger(scaled) ? scaled : scaled.toFixed(2)) + suffix;
      }
    }
    return String(value);
  }

  // Percentages are of the whole profile, filtered out or not, as in the top view.
  function percent(value) {
    return data.profileTotal === 0 ? "0%" : (100 * value / data.profileTotal).toFixed(2) + "%";
  }

  // Frames are numbered in the order they arrive; `node` is the server's number for a frame (-1 for an "(other)"
  // box), which the URL's #zoom= and a request for a frame's subtree name. A frame is partial when some of its
  // subtree was cut to the server's budget and not fetched since: zooming into it fetches its subtree.
  const byNode = new Map();
  const fetching = new Set();

  function load(json) {
    data = json;
    details.textContent = "\u00a0";
    legend.textContent = json.legend.join("\n");
    merge(json);
    draw();
  }

  function merge(json) {
    let under = null;
    for (const [name, node, value, self] of json.path) {
      under = byNode.get(node) || attach({ node, name: json.names[name], value, self, partial: true }, under);
    }
    const base = frames.length;
    const top = byNode.get(json.ids[0]);
    const created = json.frames.map(([name, parent, value, self], i) =>
      i === 0 && top ? top : attach({ node: json.ids[i], name: json.names[name], value, self, partial: false }, i === 0 ? under : null));
    if (top) {
      top.children = [];
    }
    json.frames.forEach(([, parent], i) => {
      if (parent >= 0) {
        const frame = created[i];
        frame.parent = created[parent].id;
        frame.depth = created[parent].depth + 1;
        created[parent].children.push(frame);
      }
    });
    for (let i = created.length - 1; i > 0; i--) {
      if (created[i].node < 0 || created[i].partial) {
        frames[created[i].parent].partial = true;
      }
    }
    created[0].partial = false;
    created[0].loaded = true;
    for (const frame of created.concat(frames.slice(0, base))) {
      frame.children.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    }
    // How many frames the page holds, for a test or a benchmark to see a subtree arrive.
    container.dataset.frames = frames.length;
  }

  function attach(frame, parent) {
    Object.assign(frame, { id: frames.length, parent: parent ? parent.id : -1, children: [], depth: parent ? parent.depth + 1 : 0 });
    frames.push(frame);
    if (frame.node >= 0) {
      byNode.set(frame.node, frame);
    }
    if (parent) {
      parent.children.push(frame);
    }
    return frame;
  }

  // Draws what is there at once; a frame whose subtree was cut, or one not fetched yet, is fetched and drawn again.
  function zoomed() {
    const match = /zoom=(\d+)/.exec(location.hash);
    const node = match ? Number(match[1]) : 0;
    const frame = byNode.get(node);
    if (!frame || (frame.partial && !frame.loaded)) {
      fetchNode(node);
    }
    return frame || frames[0];
  }

  function fetchNode(node) {
    if (fetching.has(node)) {
      return;
    }
    fetching.add(node);
    const separator = container.dataset.api.includes("?") ? "&" : "?";
    request(container.dataset.api + separator + "node=" + node)
      .then((json) => { merge(json); draw(); })
      .catch(showError);
  }

  function layout(root) {
    boxes = [];
    const width = canvas.clientWidth;
    const scale = root.value === 0 ? 0 : width / Math.abs(root.value);
    // The root's ancestors span the whole width, so that one can zoom back out by clicking them.
    let top = 0;
    for (let up = frames[root.parent]; up; up = frames[up.parent]) {
      top++;
    }
    let ancestorRow = top - 1;
    for (let up = frames[root.parent]; up; up = frames[up.parent]) {
      boxes.push({ frame: up, x: 0, y: ancestorRow-- * rowHeight, w: width });
    }
    const visit = (frame, x, row) => {
      const w = Math.abs(frame.value) * scale;
      if (w < 0.5) {
        return;
      }
      boxes.push({ frame, x, y: row * rowHeight, w });
      let childX = x;
      for (const child of frame.children) {
        visit(child, childX, row + 1);
        childX += Math.abs(child.value) * scale;
      }
    };
    visit(root, 0, top);
  }

  function colour(frame) {
    if (pattern && pattern.test(frame.name)) {
      return "#e040fb";
    }
    let hash = 0;
    for (let i = 0; i < frame.name.length; i++) {
      hash = (hash * 31 + frame.name.charCodeAt(i)) | 0;
    }
    const hue = 20 + (Math.abs(hash) % 40);
    return frame.parent < 0 ? "#c8c8c8" : `hsl(${hue}, 85%, ${60 + (Math.abs(hash >> 8) % 15)}%)`;
  }

  function draw() {
    if (!data) {
      return;
    }
    const root = zoomed();
    const ratio = window.devicePixelRatio || 1;
    layout(root);
    const height = (Math.max(0, ...boxes.map((b) => b.y)) + rowHeight) || rowHeight;
    canvas.style.height = height + "px";
    canvas.width = canvas.clientWidth * ratio;
    canvas.height = height * ratio;
    const context = canvas.getContext("2d");
    context.scale(ratio, ratio);
    context.font = "12px ui-monospace, monospace";
    context.textBaseline = "middle";
    for (const box of boxes) {
      context.fillStyle = colour(box.frame);
      context.fillRect(box.x, box.y, Math.max(box.w - 1, 0.5), rowHeight - 1);
      if (box.w > 30) {
        context.fillStyle = "#000";
        const label = box.frame.parent < 0 ? "root" : box.frame.name;
        const fits = Math.floor((box.w - 6) / 7.2);
        context.fillText(label.length > fits ? label.slice(0, Math.max(fits - 1, 0)) + "…" : label, box.x + 3, box.y + rowHeight / 2);
      }
    }
    showMatched();
  }

  function showMatched() {
    if (!pattern) {
      matched.textContent = "";
      return;
    }
    // A frame under another match adds nothing: its value is inside its ancestor's.
    let total = 0;
    const visit = (frame, inside) => {
      const hit = !inside && frame.parent >= 0 && pattern.test(frame.name);
      if (hit) {
        total += frame.value;
      }
      for (const child of frame.children) {
        visit(child, inside || hit);
      }
    };
    visit(zoomed(), false);
    matched.textContent = `matched ${formatValue(total)} (${percent(total)})`;
  }

  function boxAt(event) {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    return boxes.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + rowHeight);
  }

  canvas.addEventListener("mousemove", (event) => {
    const box = boxAt(event);
    details.textContent = box
      ? `${box.frame.parent < 0 ? "root" : box.frame.name}  ${formatValue(box.frame.value)} (${percent(box.frame.value)}), self ${formatValue(box.frame.self)}`
      : "\u00a0";
  });
  canvas.addEventListener("click", (event) => {
    const box = boxAt(event);
    if (box) {
      // An "(other)" box stands for callees too narrow to send: zooming into its caller fetches them.
      const frame = box.frame.node < 0 ? frames[box.frame.parent] : box.frame;
      location.hash = frame.node === 0 ? "" : "zoom=" + frame.node;
    }
  });
  reset.addEventListener("click", () => { location.hash = ""; });
  search.addEventListener("input", () => {
    try {
      pattern = search.value ? new RegExp(search.value) : null;
    } catch {
      matched.textContent = "not a regexp";
      return;
    }
    draw();
  });
  window.addEventListener("hashchange", draw);
  window.addEventListener("resize", draw);

  function request(url) {
    return fetch(url).then((response) => response.ok ? response.json() : response.text().then((text) => { throw new Error(text); }));
  }

  function showError(error) {
    details.textContent = String(error.message || error);
    details.className = "details error";
  }

  // A large profile's first flame graph takes the server seconds: say what it is doing until it is there.
  const started = performance.now();
  const progress = setInterval(() => {
    request("/ui/api/progress").then((json) => {
      if (data === null && json.running.length > 0) {
        details.textContent = `Analysing: ${json.running.join(", ")} (${((performance.now() - started) / 1000).toFixed(1)} s)`;
      }
    }).catch(() => {});
  }, 250);
  request(container.dataset.api).then(load).catch(showError).finally(() => clearInterval(progress));
})();
