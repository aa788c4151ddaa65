// The flame graph from the keyboard: the arrows move between frames (towards callees, callers and neighbours as they
// are drawn), Enter zooms into the selected frame, Escape or Backspace zooms out a level, "/" goes to the search box,
// and the menu key (or Shift+F10) opens the right-click menu on the selected frame.
"use strict";
(function () {
  const graph = window.pprofFlameGraph;
  const menu = window.pprofFlameMenu;

  function boxOf(frame) {
    return graph.boxes().find((b) => b.frame === frame);
  }

  function callee(frame) {
    return graph.boxes().find((b) => b.frame.parent === frame.id);
  }

  function caller(frame) {
    return frame.parent >= 0 ? boxOf(graph.frames()[frame.parent]) : undefined;
  }

  function neighbour(box, step) {
    const row = graph.boxes().filter((b) => b.y === box.y).sort((a, b) => a.x - b.x);
    return row[row.indexOf(box) + step];
  }

  function move(key, frame) {
    const box = boxOf(frame);
    if (!box) {
      return graph.zoomed();
    }
    const down = graph.isFlame() ? caller(frame) : callee(frame);
    const up = graph.isFlame() ? callee(frame) : caller(frame);
    const next = { ArrowDown: down, ArrowUp: up, ArrowLeft: neighbour(box, -1), ArrowRight: neighbour(box, +1) }[key];
    return next ? next.frame : frame;
  }

  function zoomOut() {
    const root = graph.zoomed();
    if (root.parent >= 0) {
      graph.zoomTo(graph.frames()[root.parent]);
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (menu.isOpen()) {
      if (event.key === "Escape") {
        menu.close();
      }
      return;
    }
    const selected = graph.selected();
    if (event.key.startsWith("Arrow")) {
      graph.select(selected ? move(event.key, selected) : graph.zoomed());
    } else if (event.key === "Enter" && selected) {
      graph.zoomTo(selected);
    } else if (event.key === "Escape" || event.key === "Backspace") {
      zoomOut();
    } else if (event.key === "/") {
      graph.search.focus();
    } else if ((event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) && selected) {
      menu.openOn(selected);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
