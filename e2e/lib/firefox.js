import puppeteer from 'puppeteer-core';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Preferences for calls between loopback peers with fake devices (see the field notes). */
const CALL_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (Playwright drives only its own
 * patched Firefox, which cannot be installed here). Its contexts and pages look enough like Playwright's for
 * {@link Participant} (see {@link playwrightLike}), so the same tests drive either browser.
 */
export async function launchFirefox({ prefs = {} } = {}) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { ...CALL_PREFS, ...prefs },
  });
  return {
    name: 'firefox',
    version: () => browser.version(),
    async newContext() {
      const context = await browser.createBrowserContext();
      return {
        newPage: async () => playwrightLike(await context.newPage()),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** The few Playwright page methods the tests use, on a Puppeteer page. */
function playwrightLike(page) {
  return {
    raw: page,
    goto: (url) => page.goto(url),
    on: (event, handler) => page.on(event, handler),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    $$eval: (selector, fn, arg) => page.$$eval(selector, fn, arg),
    click: (selector) => page.click(selector),
    addInitScript: (script, arg) => (typeof script === 'function'
      ? page.evaluateOnNewDocument(script, arg)
      : page.evaluateOnNewDocument(script.content)),
    fill: (selector, value) => page.$eval(selector, (element, text) => {
      element.value = text;
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
    }, value),
    textContent: (selector) => page.$eval(selector, (element) => element.textContent),
    isVisible: (selector) => page.$eval(selector, (element) => {
      const style = getComputedStyle(element);
      return !element.hidden && style.display !== 'none' && style.visibility !== 'hidden'
        && element.getClientRects().length > 0;
    }).catch(() => false),
  };
}
