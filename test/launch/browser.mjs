// Launches the system Chromium (Debian `chromium`) through playwright-core. playwright's own browser
// download cannot run on these machines, and the distro build is what CI installs with apt.
// The flags keep Chromium from reaching for Google's services, which this network refuses.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('no Chromium found: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH');
  return found;
}

/**
 * @param {{ colorScheme?: 'light'|'dark', viewport?: {width:number,height:number} }} [opts]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, close: () => Promise<void> }>}
 */
export async function launchBrowser(opts = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'rl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    colorScheme: opts.colorScheme ?? 'dark',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
