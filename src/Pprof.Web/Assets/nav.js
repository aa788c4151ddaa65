// The header follows the page's URL, as pprof's links do: the links to the other views carry the parameters of the
// URL (the names on the nav element's data-linked), the downloads and the saved configurations its view parameters
// (data-carried), and the filter form shows them, or the command line's value (data-default) for one it lacks (and
// for an empty choice, the server's meaning of it: data-empty); the Config menu marks the configuration they are. A page
// that changes its URL in place (the flame graph's pivot, focus and layout, the diff's palette) dispatches
// "pprof:url" after history.pushState; Back and Forward are a popstate.
"use strict";
(() => {
  const nav = document.querySelector("header nav");
  if (!nav) {
    return;
  }

  const linked = nav.dataset.linked.split(" ");
  const carried = nav.dataset.carried.split(" ");
  const loaded = location.search;
  const targets = [
    ...[...nav.querySelectorAll(":scope > a")].map((link) => ({ element: link, attribute: "href", names: linked })),
    ...[...nav.querySelectorAll("#downloads a[href^='download/']")]
      .map((link) => ({ element: link, attribute: "href", names: carried })),
    ...[...nav.querySelectorAll("#configs form")].map((form) => ({ element: form, attribute: "action", names: carried })),
  ];
  // What the server wrote for the URL the page was loaded with, restored when Back returns to it.
  for (const target of targets) {
    target.written = target.element.getAttribute(target.attribute);
  }

  function query(names) {
    const current = new URLSearchParams(location.search);
    const kept = new URLSearchParams();
    for (const name of names) {
      if (current.has(name)) {
        kept.set(name, current.get(name));
      }
    }
    const text = kept.toString();
    return text ? "?" + text : "";
  }

  function fillForm() {
    const current = new URLSearchParams(location.search);
    for (const field of document.querySelectorAll("header form [name][data-default]")) {
      const given = current.get(field.name);
      // An empty choice in the URL is what the server makes of it (the profile's default sample type, functions), not
      // the command line's; an empty text is no filter.
      const wanted = given === null ? field.dataset.default : given === "" && field.tagName === "SELECT" ? field.dataset.empty : given;
      field.value = wanted;
      // A sample index may be a number, the type's place in the profile (and in the choice).
      if (field.name === "si" && field.selectedIndex < 0 && /^[0-9]+$/.test(wanted)) {
        field.selectedIndex = Number(wanted);
      }
    }
  }

  // The same parameters in any order: a configuration is its parameters, as the server compares them.
  function parameters(search) {
    return [...new URLSearchParams(search)].map(([name, value]) => name + "=" + value).sort().join("&");
  }

  function markConfig() {
    const current = parameters(query(carried));
    for (const link of nav.querySelectorAll("#configs .menu a")) {
      const href = link.getAttribute("href");
      link.classList.toggle("current", parameters(href.includes("?") ? href.slice(href.indexOf("?")) : "") === current);
    }
  }

  function follow() {
    for (const target of targets) {
      const written = target.written;
      const path = written.split("?")[0];
      target.element.setAttribute(target.attribute, location.search === loaded ? written : path + query(target.names));
    }
    fillForm();
    markConfig();
  }

  window.addEventListener("popstate", follow);
  window.addEventListener("pprof:url", follow);
})();
