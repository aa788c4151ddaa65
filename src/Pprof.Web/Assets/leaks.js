// The leaks view of a live series: counts down to the next sample and asks the server, once a second, whether the
// series has changed (a 304 while it has not); when it has, the page loads again, at the same URL.
"use strict";
(() => {
  const live = document.getElementById("leaks-live");
  if (!live) {
    return;
  }

  const next = document.getElementById("leaks-next");
  if (next) {
    const due = performance.now() + Number(next.dataset.ms);
    const tick = () => {
      const seconds = Math.ceil((due - performance.now()) / 1000);
      next.textContent = seconds > 0 ? `${seconds} s` : "a moment (taking it)";
    };
    tick();
    setInterval(tick, 250);
  }

  if (live.dataset.ended === "true") {
    return;
  }

  const version = live.dataset.version;
  const ask = async () => {
    try {
      const answer = await fetch("api/leaks.json", { cache: "no-store", headers: { "If-None-Match": `"${version}"` } });
      if (answer.status === 200 && String((await answer.json()).version) !== version) {
        location.reload();
        return;
      }
    } catch {
      // The server stopped, or is busy: ask again.
    }

    setTimeout(ask, 1000);
  };
  setTimeout(ask, 1000);
})();
