/** The local CRM and a headless Chromium page on it, for the end-to-end tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startCrm, type RunningCrm, type StartOptions } from '../../local/runtime';

/** Without the background-networking flags Chromium keeps dialling out, and this machine refuses it. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserCrm {
  crm: RunningCrm;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

/** startCrm builds ui/dist first, so every end-to-end file also tests the build. Page errors land in `pageErrors`. */
export async function startBrowserCrm(
  options: Pick<StartOptions, 'seedDemo' | 'tableName'> & { name: string; viewport: { width: number; height: number }; locale?: string },
  pageErrors: string[],
): Promise<BrowserCrm> {
  const dataDir = await mkdtemp(join(tmpdir(), `crm-e2e-${options.name}-`));
  const [crm, browser] = await Promise.all([
    startCrm({ port: 0, dataDir, seedDemo: options.seedDemo ?? false, tableName: options.tableName, dynamoEndpoint: inject('dynamoEndpoint'), quiet: true }),
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }),
  ]);
  const page = await browser.newPage({ viewport: options.viewport, ...(options.locale ? { locale: options.locale } : {}) });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    crm,
    browser,
    page,
    async stop() {
      await browser.close();
      await crm.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON API call with a bearer token, for setting up and checking what the browser does; `target` is read at each call (the CRM and token come later). */
export const jsonApi =
  (target: () => { url: string; token: string }) =>
  async (path: string, init: { method?: string; json?: unknown } = {}) => {
    const { url, token } = target();
    const res = await fetch(url + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.json ? { 'content-type': 'application/json' } : {}) },
      body: init.json ? JSON.stringify(init.json) : undefined,
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };

/** Fills and sends the sign-in form the page is on (or is being sent to), and waits until signed in. */
export async function signIn(page: Page, email: string, password: string) {
  await page.waitForURL(/#\/login$/);
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
