// Start the GOV.UK and MOJ design systems' components. Loaded as an ES module, so
// browsers without module support get the plain, working HTML.
import { initAll as initGovukFrontend } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../vendor/moj-frontend/moj-frontend.min.js";

/** Initialise every component inside `scope` (the whole page by default). */
export function initComponents(scope = document) {
  initGovukFrontend({ scope });
  initMojFrontend(scope);
}

initComponents();

// Content swapped in later (for example by htmx) gets its components started too.
document.addEventListener("htmx:afterSwap", (event) => initComponents(event.detail.target));
