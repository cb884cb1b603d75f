// Types for browser.mjs.
import type { BrowserContext } from 'playwright-core';
export function chromiumPath(): string;
export function launchBrowser(opts?: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; close(): Promise<void> }>;
