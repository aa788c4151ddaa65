// The flame graph's right-click menu, as pprof's: show the frame's source, focus on it, ignore or hide it, show from
// it, see it sandwiched between its callers and callees, pivot on it, copy its name. Each view link is the current
// URL with one parameter changed, so the view that opens (and Back) is the URL's state as everywhere else; the flame
// graph's own filters are drawn in place (flamegraph.js).
"use strict";
(function () {
  const graph = window.pprofFlameGraph;
  const menu = document.getElementById("flame-menu");
  const title = menu.querySelector(".menu-title");
  const canvas = document.querySelector("#flamegraph canvas");
  let target = null;

  // A function's name as a regexp matching it alone, as pprof quotes it; a line's ":123" is not part of the function.
  function quoteMeta(name) {
    return "^" + name.replace(/:[0-9]+$/, "").replace(/[\\.?+*[\](){}|^$]/g, "\\$&") + "$";
  }

  // Focus and show_from replace the current value; ignore and hide add to it, as pprof's menu does.
  function link(view, param, frame) {
    const url = new URL(view, location.href);
    const current = new URLSearchParams(location.search);
    // The pivot is drawn from the data of show_from (sf): the filter a link sets starts from the whole profile. The
    // layout goes along, as with the header's links.
    current.delete("p");
    const old = current.get(param);
    let value = quoteMeta(frame.name);
    if ((param === "i" || param === "h") && old) {
      value += "|" + old;
    }
    current.set(param, value);
    url.search = current.toString();
    return url.href;
  }

  function open(frame, x, y) {
    target = frame;
    title.textContent = frame.name;
    for (const item of menu.querySelectorAll("a[data-param]")) {
      item.href = link(item.dataset.view, item.dataset.param, frame);
    }
    menu.hidden = false;
    menu.style.left = Math.max(0, Math.min(x, window.scrollX + document.documentElement.clientWidth - menu.offsetWidth)) + "px";
    menu.style.top = y + "px";
    graph.select(frame);
  }

  function close() {
    menu.hidden = true;
    target = null;
  }

  function opensMenu(frame) {
    return frame && frame.parent >= 0 && frame.name !== "(other)";
  }

  canvas.addEventListener("contextmenu", (event) => {
    const box = graph.boxAt(event);
    if (!box || !opensMenu(box.frame)) {
      return;
    }
    event.preventDefault();
    open(box.frame, event.pageX, event.pageY);
  });
  document.addEventListener("mousedown", (event) => {
    if (!menu.hidden && !menu.contains(event.target)) {
      close();
    }
  });
  menu.addEventListener("click", (event) => {
    const action = event.target.dataset.action;
    const frame = target;
    close();
    // A filter of the flame graph itself is drawn in this page; a click that asks for another tab is the browser's.
    const link = event.target.closest("a[data-view=flamegraph]");
    if (link && event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
      event.preventDefault();
      graph.go(link.href);
      return;
    }
    if (action === "pivot") {
      graph.pivotOn(quoteMeta(frame.name));
    } else if (action === "copy") {
      navigator.clipboard.writeText(frame.name).then(
        () => { graph.details.textContent = `copied ${frame.name}`; },
        () => { graph.details.textContent = `could not copy: select it here: ${frame.name}`; });
    }
  });

  window.pprofFlameMenu = {
    isOpen: () => !menu.hidden,
    close,
    // The keyboard's menu key opens it on the selected frame, under the frame.
    openOn(frame) {
      const box = graph.boxes().find((b) => b.frame === frame);
      if (!box || !opensMenu(frame)) {
        return;
      }
      const rect = canvas.getBoundingClientRect();
      open(frame, rect.left + window.scrollX + box.x, rect.top + window.scrollY + box.y + 18);
      menu.querySelector("a").focus();
    },
  };
})();
