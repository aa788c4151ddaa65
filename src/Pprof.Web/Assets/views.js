// The sandwich and diff views: flame graphs drawn on canvases from /ui/api/sandwich and /ui/api/diff (aggregated by
// the server). Each chart hangs on its container as .flameChart, so that a frame can be found by name.
"use strict";
(function () {
  const rowHeight = 18;
  const details = document.getElementById("view-details");
  const legend = document.getElementById("view-legend");

  function formatter(unit) {
    const scales = unit === "bytes" ? [[1 << 30, "GB"], [1 << 20, "MB"], [1 << 10, "kB"], [1, "B"]]
      : unit === "nanoseconds" ? [[1e9, "s"], [1e6, "ms"], [1e3, "us"], [1, "ns"]] : [[1, ""]];
    return (value) => {
      const [factor, suffix] = scales.find(([f]) => Math.abs(value) >= f) || scales[scales.length - 1];
      const scaled = value / factor;
      return (Number.isInteger(scaled) ? scaled : scaled.toFixed(2)) + suffix;
    };
  }

  function percentOf(total) {
    return (value) => total === 0 ? "0%" : (100 * value / total).toFixed(2) + "%";
  }

  // Frames listed parents first as [name, parent, a, b]: a tree whose width is width(a, b).
  function tree(part, width) {
    const frames = part.frames.map(([name, parent, a, b], id) =>
      ({ id, name: part.names[name], parent, a, b, width: width(a, b), children: [] }));
    for (const frame of frames) {
      if (frame.parent >= 0) {
        frames[frame.parent].children.push(frame);
      }
    }
    for (const frame of frames) {
      frame.children.sort((x, y) => y.width - x.width);
    }
    return frames;
  }

  function warm(name) {
    let hash = 0;
    for (let i = 0; i < name.length; i++) {
      hash = (hash * 31 + name.charCodeAt(i)) | 0;
    }
    return `hsl(${20 + (Math.abs(hash) % 40)}, 85%, ${60 + (Math.abs(hash >> 8) % 15)}%)`;
  }

  // A flame graph on a canvas: root at the bottom when upward (callers), on top otherwise.
  class FlameChart {
    constructor(container, frames, { upward = false, colour = (f) => warm(f.name), describe, click }) {
      Object.assign(this, { container, frames, upward, colour, describe });
      this.canvas = document.createElement("canvas");
      container.replaceChildren(this.canvas);
      container.flameChart = this;
      this.canvas.addEventListener("mousemove", (event) => {
        const box = this.boxAt(event);
        details.textContent = box ? describe(box.frame) : "\u00a0";
      });
      if (click) {
        this.canvas.addEventListener("click", (event) => {
          const box = this.boxAt(event);
          if (box) {
            click(box.frame);
          }
        });
      }
      this.draw();
    }

    layout() {
      const root = this.frames[0];
      const width = this.canvas.clientWidth;
      const scale = root && root.width > 0 ? width / root.width : 0;
      const boxes = [];
      const visit = (frame, x, depth) => {
        const w = frame.width * scale;
        if (w < 0.5) {
          return;
        }
        boxes.push({ frame, x, depth, w });
        let childX = x;
        for (const child of frame.children) {
          visit(child, childX, depth + 1);
          childX += child.width * scale;
        }
      };
      if (root) {
        visit(root, 0, 0);
      }
      const rows = Math.max(1, ...boxes.map((b) => b.depth + 1));
      for (const box of boxes) {
        box.y = (this.upward ? rows - 1 - box.depth : box.depth) * rowHeight;
      }
      return { boxes, height: rows * rowHeight };
    }

    draw() {
      const ratio = window.devicePixelRatio || 1;
      const { boxes, height } = this.layout();
      this.boxes = boxes;
      this.canvas.style.height = height + "px";
      this.canvas.width = this.canvas.clientWidth * ratio;
      this.canvas.height = height * ratio;
      const context = this.canvas.getContext("2d");
      context.scale(ratio, ratio);
      context.font = "12px ui-monospace, monospace";
      context.textBaseline = "middle";
      for (const box of boxes) {
        context.fillStyle = this.colour(box.frame);
        context.fillRect(box.x, box.y, Math.max(box.w - 1, 0.5), rowHeight - 1);
        if (box.w > 30) {
          const fits = Math.floor((box.w - 6) / 7.2);
          const label = box.frame.name.length > fits ? box.frame.name.slice(0, Math.max(fits - 1, 0)) + "…" : box.frame.name;
          context.fillStyle = "#000";
          context.fillText(label, box.x + 3, box.y + rowHeight / 2);
        }
      }
    }

    boxAt(event) {
      const rect = this.canvas.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      return this.boxes.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + rowHeight);
    }

    // The widest box of the frame named so, in CSS pixels from the canvas' top left corner.
    locate(name) {
      const box = this.boxes.filter((b) => b.frame.name === name).sort((l, r) => r.w - l.w)[0];
      return box ? { x: box.x, y: box.y, w: box.w, h: rowHeight } : null;
    }
  }

  function fetchJson(url) {
    return fetch(url).then((response) => response.ok ? response.json() : response.text().then((text) => { throw new Error(text); }));
  }

  function fail(error) {
    details.textContent = String(error.message || error);
    details.className = "details error";
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Another view of the same page with one query parameter changed (or removed when value is null).
  function withParameter(name, value) {
    const url = new URL(location.href);
    if (value === null) {
      url.searchParams.delete(name);
    } else {
      url.searchParams.set(name, value);
    }
    return url;
  }

  function sandwich(container) {
    fetchJson(container.dataset.api).then((data) => {
      const format = formatter(data.unit);
      const percent = percentOf(data.profileTotal);
      legend.textContent = data.legend.join("\n");
      document.getElementById("sandwich-totals").textContent =
        `${data.pivot}: flat ${format(data.flat)} (${percent(data.flat)}), cum ${format(data.cum)} (${percent(data.cum)})`;
      const describe = (frame) => `${frame.name}  ${format(frame.a)} (${percent(frame.a)}), self ${format(frame.b)}`;
      // The filling stands apart from the warm colours of its callers and callees.
      const colour = (frame) => frame.parent < 0 ? "#9ecae1" : warm(frame.name);
      // Clicking a caller or a callee makes it the filling, a new URL: Back returns.
      const click = (frame) => {
        if (frame.parent >= 0 && frame.name !== "(other)") {
          location.href = withParameter("f", "^" + escapeRegExp(frame.name) + "$").href;
        }
      };
      const charts = [
        new FlameChart(document.getElementById("sandwich-callers"), tree(data.callers, Math.abs), { upward: true, colour, describe, click }),
        new FlameChart(document.getElementById("sandwich-callees"), tree(data.callees, Math.abs), { colour, describe, click }),
      ];
      window.addEventListener("resize", () => charts.forEach((c) => c.draw()));
    }).catch(fail);
  }

  // Growth and shrinkage, each from grey to full colour as the change nears all of the frame's larger value.
  const palettes = {
    default: { grew: [214, 39, 40], shrank: [44, 160, 44], names: ["red", "green"] },
    colorblind: { grew: [230, 97, 1], shrank: [94, 60, 153], names: ["orange", "purple"] },
  };
  const neutral = [221, 221, 221];

  function diffColour(palette, frame) {
    const larger = Math.max(Math.abs(frame.a), Math.abs(frame.b));
    const change = larger === 0 ? 0 : (frame.b - frame.a) / larger;
    const target = change >= 0 ? palette.grew : palette.shrank;
    const mix = neutral.map((n, i) => Math.round(n + (target[i] - n) * Math.abs(change)));
    return `rgb(${mix.join(", ")})`;
  }

  function diff(container) {
    const toggle = document.getElementById("diff-palette");
    const key = document.getElementById("diff-key");
    fetchJson(container.dataset.api).then((data) => {
      const format = formatter(data.unit);
      legend.textContent = data.legend.join("\n");
      const change = data.newTotal - data.baseTotal;
      const relative = data.baseTotal === 0 ? "" : ` (${change >= 0 ? "+" : ""}${(100 * change / data.baseTotal).toFixed(2)}%)`;
      document.getElementById("diff-totals").textContent =
        `base ${format(data.baseTotal)}, new ${format(data.newTotal)}: ${change >= 0 ? "+" : ""}${format(change)}${relative}`;
      const side = (part) => (frame) => `${frame.name}  ${format(frame.a)} (${percentOf(part.profileTotal)(frame.a)}), self ${format(frame.b)}`;
      const describeChange = (frame) => {
        const delta = frame.b - frame.a;
        const share = frame.a === 0 ? "new" : `${delta >= 0 ? "+" : ""}${(100 * delta / Math.abs(frame.a)).toFixed(2)}%`;
        return `${frame.name}  base ${format(frame.a)}, new ${format(frame.b)}: ${delta >= 0 ? "+" : ""}${format(delta)} (${share})`;
      };
      const palette = () => palettes[new URL(location.href).searchParams.get("palette") === "colorblind" ? "colorblind" : "default"];
      const charts = [
        new FlameChart(document.getElementById("diff-base"), tree(data.base, Math.abs), { describe: side(data.base) }),
        new FlameChart(document.getElementById("diff-new"), tree(data.new, Math.abs), { describe: side(data.new) }),
        new FlameChart(document.getElementById("diff-graph"), tree(data.diff, (a, b) => Math.abs(a) + Math.abs(b)),
          { describe: describeChange, colour: (frame) => diffColour(palette(), frame) }),
      ];
      // The palette is part of the URL: the toggle pushes a new one, Back and Forward restore it.
      const show = () => {
        toggle.checked = palette() === palettes.colorblind;
        key.textContent = `${palette().names[0]}: grew, ${palette().names[1]}: shrank`;
        charts[2].draw();
      };
      toggle.addEventListener("change", () => {
        history.pushState(null, "", withParameter("palette", toggle.checked ? "colorblind" : null));
        window.dispatchEvent(new Event("pprof:url"));
        show();
      });
      window.addEventListener("popstate", show);
      window.addEventListener("resize", () => charts.forEach((c) => c.draw()));
      show();
    }).catch(fail);
  }

  const sandwichView = document.getElementById("sandwich");
  if (sandwichView) {
    sandwich(sandwichView);
  }
  const diffView = document.getElementById("diff");
  if (diffView) {
    diff(diffView);
  }
})();
