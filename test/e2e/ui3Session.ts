import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startHub } from './e2eHub';
import type { E2eHub } from './e2eHub';

// One hub, one Chromium and one logged-in page for the access and auth UI tests.

export interface UiSession {
  hub: E2eHub;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openSession(): Promise<UiSession> {
  const hub = await startHub();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(hub.loginUrl);
    await page.waitForURL(`${hub.url}/servers`);
    const opened = browser;
    return {
      hub,
      browser: opened,
      context,
      page,
      close: async () => {
        await context.close();
        await opened.close();
        await hub.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await hub.stop();
    throw error;
  }
}
