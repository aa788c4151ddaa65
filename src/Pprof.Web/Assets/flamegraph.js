// The flame graph of /ui/flamegraph, drawn on a canvas from /ui/api/flamegraph (frames aggregated by the server).
// Icicle layout, root on top as pprof draws it, or a flame (root at the bottom) with ?layout=flame. Click a frame to
// zoom into it (kept in the URL's #zoom=, so Back undoes it), hover for details, search with a regexp to highlight
// frames and see the total they account for; Enter in the search pivots on it (pprof's ?p=: every stack through the
// matched functions, from them down). window.pprofFlameGraph is what the menu (flame-menu.js) and the keyboard
// (flame-keys.js) use.
"use strict";
(function () {
  const container = document.getElementById("flamegraph");
  const details = document.getElementById("flame-details");
  const legend = document.getElementById("flame-legend");
  const search = document.getElementById("flame-search");
  const matched = document.getElementById("flame-matched");
  const reset = document.getElementById("flame-reset");
  const layoutToggle = document.getElementById("flame-layout");
  const pivotShown = document.getElementById("flame-pivot");
  const rowHeight = 18;
  const canvas = document.createElement("canvas");
  container.appendChild(canvas);
  let data = null;
  let frames = [];
  let boxes = [];
  let pattern = null;
  let selected = null;
  let pivot = null;

  function param(name) {
    return new URLSearchParams(location.search).get(name) || "";
  }

  function isFlame() {
    return param("layout") === "flame";
  }

  // A change of the page's own state (layout, pivot) is a history entry, so that Back undoes it.
  function navigate(change) {
    const url = new URL(location.href);
    change(url.searchParams);
    url.hash = "";
    history.pushState(null, "", url);
    refresh();
  }

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

  function load(json) {
    data = json;
    frames = json.frames.map(([name, parent, value, self], id) =>
      ({ id, name: json.names[name], parent, value, self, children: [], depth: 0 }));
    for (const frame of frames) {
      if (frame.parent >= 0) {
        const parent = frames[frame.parent];
        parent.children.push(frame);
        frame.depth = parent.depth + 1;
      }
    }
    for (const frame of frames) {
      frame.children.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    }
    legend.textContent = json.legend.join("\n");
    selected = null;
    draw();
  }

  function name(frame) {
    return frame.parent < 0 ? "root" : frame.name;
  }

  function describe(frame) {
    return `${name(frame)}  ${formatValue(frame.value)} (${percent(frame.value)}), self ${formatValue(frame.self)}`;
  }

  // The data for the URL's pivot: the stacks through the functions it matches, drawn from them down (show_from).
  function fetchFrames() {
    pivot = param("p");
    const api = new URL(container.dataset.api, location.href);
    if (pivot) {
      api.searchParams.set("sf", pivot);
    }
    pivotShown.hidden = !pivot;
    pivotShown.querySelector("code").textContent = pivot;
    fetch(api)
      .then((response) => response.ok ? response.json() : response.text().then((text) => { throw new Error(text); }))
      .then(load)
      .catch((error) => { details.textContent = String(error.message || error); details.className = "details error"; });
  }

  function refresh() {
    layoutToggle.textContent = isFlame() ? "Icicle" : "Flame";
    if (param("p") !== pivot) {
      fetchFrames();
    } else {
      draw();
    }
  }

  function zoomed() {
    const match = /zoom=(\d+)/.exec(location.hash);
    const id = match ? Number(match[1]) : 0;
    return frames[id] || frames[0];
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
    if (isFlame()) {
      const bottom = Math.max(0, ...boxes.map((b) => b.y));
      for (const box of boxes) {
        box.y = bottom - box.y;
      }
    }
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
    const chosen = boxes.find((b) => b.frame === selected);
    if (chosen) {
      context.strokeStyle = "#1a5fb4";
      context.lineWidth = 2;
      context.strokeRect(chosen.x + 1, chosen.y + 1, Math.max(chosen.w - 3, 1), rowHeight - 3);
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
    details.textContent = box ? describe(box.frame) : "\u00a0";
  });

  function zoomTo(frame) {
    location.hash = frame.id === 0 ? "" : "zoom=" + frame.id;
  }

  function select(frame) {
    selected = frame;
    details.textContent = frame ? describe(frame) : "\u00a0";
    draw();
  }

  function pivotOn(regexp) {
    navigate((query) => { if (regexp) { query.set("p", regexp); } else { query.delete("p"); } });
  }

  canvas.addEventListener("click", (event) => {
    const box = boxAt(event);
    if (box) {
      zoomTo(box.frame);
    }
  });
  reset.addEventListener("click", () => { location.hash = ""; });
  layoutToggle.addEventListener("click", () => navigate((query) => {
    if (isFlame()) { query.delete("layout"); } else { query.set("layout", "flame"); }
  }));
  pivotShown.querySelector("button").addEventListener("click", () => pivotOn(""));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && pattern) {
      pivotOn(search.value);
    }
  });
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
  window.addEventListener("popstate", refresh);
  window.addEventListener("resize", draw);

  window.pprofFlameGraph = {
    boxAt,
    boxes: () => boxes,
    frames: () => frames,
    zoomed,
    zoomTo,
    select,
    selected: () => selected,
    name,
    isFlame,
    pivotOn,
    search,
    details,
  };
  refresh();
})();
