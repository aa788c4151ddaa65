// The header's links to the other views carry the parameters that the page's URL has when a link is followed, as
// pprof's links do: a page that changes its own state in place (the flame graph's pivot and layout, the diff's palette)
// changes what its links carry too. The names carried are the server's, on the nav element.
"use strict";
(() => {
  const nav = document.querySelector("header nav");
  if (!nav) {
    return;
  }

  const names = nav.dataset.linked.split(" ");
  const loaded = location.search;
  const update = (link) => {
    if (location.search === loaded) {
      return; // The server wrote the links for this query.
    }

    const current = new URLSearchParams(location.search);
    const carried = new URLSearchParams();
    for (const name of names) {
      if (current.has(name)) {
        carried.set(name, current.get(name));
      }
    }

    const url = new URL(link.href);
    url.search = carried.toString();
    link.href = url.toString();
  };
  for (const link of nav.querySelectorAll(":scope > a")) {
    for (const event of ["pointerenter", "focus", "touchstart"]) {
      link.addEventListener(event, () => update(link));
    }
  }
})();
