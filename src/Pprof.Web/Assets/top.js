// The top table in place: a click on a column's heading sorts by it (again: the other way), the filter box keeps the
// rows whose name matches its regexp. Both are kept in the URL's hash (#sort=cum, #sort=name&reverse, #filter=...), so that Back
// and a copied URL show the same table. The rows stay the text -top prints.
"use strict";
(function () {
  const table = document.getElementById("top-table");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filter = document.getElementById("top-filter");
  const shown = document.getElementById("top-shown");

  function state() {
    return new URLSearchParams(location.hash.slice(1));
  }

  function setState(change) {
    const next = state();
    change(next);
    history.pushState(null, "", "#" + next.toString());
    apply();
  }

  const keys = {
    order: (row) => Number(row.dataset.order),
    flat: (row) => Number(row.dataset.flat),
    cum: (row) => Number(row.dataset.cum),
    name: (row) => row.cells[5].textContent,
  };

  // Names without regard to case, then by code unit: the same order in every browser and locale.
  function byName(x, y) {
    const [a, b] = [x.toLowerCase(), y.toLowerCase()];
    return a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0;
  }

  function compare(key, descending) {
    const value = keys[key];
    return (a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = typeof x === "string" ? byName(x, y) : x - y;
      return (descending ? -order : order) || keys.order(a) - keys.order(b);
    };
  }

  function apply() {
    const current = state();
    const key = keys[current.get("sort")] ? current.get("sort") : "order";
    // Numbers read heaviest first, names alphabetically, unless asked the other way.
    const descending = (key === "flat" || key === "cum") !== current.has("reverse");
    body.replaceChildren(...rows.slice().sort(compare(key, descending)));
    for (const heading of table.tHead.rows[0].cells) {
      heading.classList.toggle("sorted", heading.dataset.sort === key && key !== "order");
    }

    filter.value = current.get("filter") || "";
    let pattern = null;
    try {
      pattern = filter.value ? new RegExp(filter.value, "i") : null;
      filter.classList.remove("invalid");
    } catch {
      filter.classList.add("invalid");
    }
    let count = 0;
    for (const row of rows) {
      row.hidden = pattern !== null && !pattern.test(row.cells[5].textContent);
      count += row.hidden ? 0 : 1;
    }
    shown.textContent = pattern ? `${count} of ${rows.length} rows` : "";
  }

  table.tHead.addEventListener("click", (event) => {
    const key = event.target.dataset.sort;
    if (!key) {
      return;
    }
    setState((next) => {
      const again = next.get("sort") === key && !next.has("reverse");
      next.set("sort", key);
      if (again) {
        next.set("reverse", "");
      } else {
        next.delete("reverse");
      }
    });
  });
  filter.addEventListener("input", () => {
    const next = state();
    if (filter.value) {
      next.set("filter", filter.value);
    } else {
      next.delete("filter");
    }
    // Typing is not a history entry per key.
    history.replaceState(null, "", "#" + next.toString());
    apply();
  });
  window.addEventListener("popstate", apply);
  apply();
})();
