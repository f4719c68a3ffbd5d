// Warn a few minutes before an idle session is signed out, and let the person stay
// signed in without leaving the page (so a half-written record is not lost).
//
// The server decides (config.middleware.SessionIdleTimeoutMiddleware); this only
// warns. The banner is in the page, hidden, with a plain form that works without us.

const banner = document.querySelector('[data-module="app-idle-warning"]');

if (banner) {
  const warningSeconds = Number(banner.dataset.warning);
  const statusUrl = banner.dataset.statusUrl;
  const countdown = banner.querySelector("[data-idle-countdown]");
  const form = banner.querySelector("form[data-idle-keep-alive]");
  let deadline = Date.now() + Number(banner.dataset.timeout) * 1000;
  let timer = null;
  let ticker = null;
  let focusBefore = null;

  /** "4 minutes 30 seconds", as GOV.UK's timeout warning words it. */
  const wordsFor = (seconds) => {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
    if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
    return parts.join(" ");
  };

  const secondsLeft = () => Math.max(0, Math.round((deadline - Date.now()) / 1000));

  /** Ask the server how long is left (another tab may have kept the session alive). */
  const askServer = async (options = {}) => {
    const response = await fetch(statusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
      ...options,
    });
    if (!response.ok || !response.headers.get("Content-Type")?.includes("application/json")) {
      return 0; // Signed out already: the sign-in page answered instead.
    }
    return (await response.json()).seconds_left;
  };

  const signedOut = () => {
    // Load the page again: the server signs the session out and shows the sign-in page.
    window.location.assign(window.location.href);
  };

  const hide = () => {
    clearInterval(ticker);
    banner.hidden = true;
    if (focusBefore && document.contains(focusBefore)) focusBefore.focus();
  };

  const show = () => {
    if (!banner.hidden) return;
    focusBefore = document.activeElement;
    banner.hidden = false;
    banner.focus();
    const tick = async () => {
      const left = secondsLeft();
      countdown.textContent = wordsFor(left);
      if (left > 0) return;
      clearInterval(ticker);
      const serverLeft = await askServer().catch(() => 0);
      if (serverLeft > 0) {
        restart(serverLeft);
      } else {
        signedOut();
      }
    };
    tick();
    ticker = setInterval(tick, 1000);
  };

  /** Count down again from `seconds`, warning `warningSeconds` before the end. */
  const restart = (seconds) => {
    clearTimeout(timer);
    hide();
    deadline = Date.now() + seconds * 1000;
    timer = setTimeout(check, Math.max(0, (seconds - warningSeconds) * 1000));
  };

  const check = async () => {
    const left = await askServer().catch(() => secondsLeft());
    if (left > warningSeconds) {
      restart(left);
      return;
    }
    deadline = Date.now() + left * 1000;
    show();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      restart(await askServer({ method: "POST", body: new FormData(form) }));
    } catch {
      form.submit(); // The network failed: post the plain form instead.
    }
  });

  restart(secondsLeft());
}
