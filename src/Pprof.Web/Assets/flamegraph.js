// The flame graph of /ui/flamegraph, drawn on a canvas from /ui/api/flamegraph (frames aggregated by the server).
// Icicle layout, root on top as pprof draws it, or a flame (root at the bottom) with ?layout=flame. Click a frame to
// zoom into it (kept in the URL's #zoom=, so Back undoes it), hover for details, search with a regexp to highlight
// frames and see the total they account for; Enter in the search pivots on it (pprof's ?p=: every stack through the
// matched functions, from them down). window.pprofFlameGraph is what the menu (flame-menu.js) and the keyboard
// (flame-keys.js) use. A new filter from the menu (focus, ignore, hide, show from), a pivot and Back or Forward change
// the picture in place: the URL is pushed, the data fetched (or taken from the few shown last) and drawn.
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
  // The data's URL of the picture drawn (or on its way), and the data of the last few, for Back and Forward.
  let shown = null;
  const recent = new Map();
  const recentCount = 8;

  function param(name) {
    return new URLSearchParams(location.search).get(name) || "";
  }

  function isFlame() {
    return param("layout") === "flame";
  }

  // A change of the page's own state (layout, pivot, a filter) is a history entry, so that Back undoes it.
  function navigate(change) {
    const url = new URL(location.href);
    change(url.searchParams);
    url.hash = "";
    go(url.href);
  }

  function go(href) {
    history.pushState(null, "", href);
    window.dispatchEvent(new Event("pprof:url"));
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

  // Frames are numbered in the order they arrive; `node` is the server's number for a frame (-1 for an "(other)"
  // box), which the URL's #zoom= and a request for a frame's subtree name. A frame is partial when some of its
  // subtree was cut to the server's budget and not fetched since: zooming into it fetches its subtree.
  const byNode = new Map();
  const fetching = new Set();

  function load(json, url) {
    data = json;
    details.textContent = "\u00a0";
    details.className = "details";
    legend.textContent = json.legend.join("\n");
    frames = [];
    byNode.clear();
    fetching.clear();
    selected = null;
    merge(json);
    draw();
    // What is drawn, for a test or a benchmark to see a new picture arrive.
    container.dataset.shown = url;
  }

  function name(frame) {
    return frame.parent < 0 ? "root" : frame.name;
  }

  function describe(frame) {
    return `${name(frame)}  ${formatValue(frame.value)} (${percent(frame.value)}), self ${formatValue(frame.self)}`;
  }

  // The data's URL for the page's URL: its view parameters, and for the pivot the stacks through the functions it
  // matches, drawn from them down (show_from). The layout is drawn here, and the other pages' state is theirs.
  function api(node) {
    const url = new URL(container.dataset.api, location.href);
    const query = new URLSearchParams(location.search);
    for (const name of ["p", "layout", "palette"]) {
      query.delete(name);
    }
    if (pivot) {
      query.set("sf", pivot);
    }
    if (node !== undefined) {
      query.set("node", node);
    }
    url.search = query.toString();
    return url;
  }

  function remember(url, json) {
    recent.delete(url);
    recent.set(url, json);
    if (recent.size > recentCount) {
      recent.delete(recent.keys().next().value);
    }
  }

  // A large profile's first flame graph takes the server seconds: say what it is doing until it is there.
  function fetchFrames() {
    const url = api().href;
    shown = url;
    const held = recent.get(url);
    if (held) {
      remember(url, held);
      load(held, url);
      return;
    }
    let arrived = false;
    const started = performance.now();
    const progress = setInterval(() => {
      request(new URL("api/progress", location.href)).then((json) => {
        if (!arrived && json.running.length > 0) {
          details.textContent = `Analysing: ${json.running.join(", ")} (${((performance.now() - started) / 1000).toFixed(1)} s)`;
        }
      }).catch(() => {});
    }, 250);
    request(url).then((json) => {
      remember(url, json);
      // Another URL may have been chosen meanwhile: its data is drawn, this one's only kept.
      if (shown === url) {
        load(json, url);
      }
    }).catch((error) => {
      if (shown === url) {
        showError(error);
      }
    }).finally(() => {
      arrived = true;
      clearInterval(progress);
    });
  }

  function refresh() {
    layoutToggle.textContent = isFlame() ? "Icicle" : "Flame";
    pivot = param("p");
    pivotShown.hidden = !pivot;
    pivotShown.querySelector("code").textContent = pivot;
    if (api().href !== shown) {
      fetchFrames();
    } else {
      draw();
    }
  }

  function request(url) {
    return fetch(url).then((response) => response.ok ? response.json() : response.text().then((text) => { throw new Error(text); }));
  }

  function showError(error) {
    details.textContent = String(error.message || error);
    details.className = "details error";
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
    // A subtree belongs to the picture it was asked for, not to one drawn since.
    const of = data;
    request(api(node))
      .then((json) => {
        if (data === of) {
          merge(json);
          draw();
        }
      })
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

  // An "(other)" box stands for callees too narrow to send: zooming into its caller fetches them.
  function zoomTo(frame) {
    const target = frame.node < 0 ? frames[frame.parent] : frame;
    location.hash = target.node === 0 ? "" : "zoom=" + target.node;
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
    go,
    search,
    details,
  };
  refresh();
})();
