// The live timeline: `devkit scenario worker-crash --ui` as a real process, watched in Chromium
// while it runs — the crash and the redelivered units appear, and a fault armed from the page
// gets hits from the running scenario.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { cleanEnv, DEVKIT_BIN } from '../helpers/devkit-process.ts';
import { describeWith } from '../interop/prerequisites.ts';
import { browserMissing, launchBrowser, screenshotPath } from './browser.ts';

describeWith('dashboard live timeline', browserMissing, () => {
  it('shows worker-crash live: the crash, redelivered units, and hits of a fault armed from the page', async () => {
    const child = spawn(process.execPath, [DEVKIT_BIN, 'scenario', 'worker-crash', '--ui', '0'], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout!.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await using browser = await launchBrowser();
    try {
      await expect.poll(() => /dashboard: (\S+)/.test(err), { timeout: 60_000, interval: 100 }).toBe(true);
      const url = /dashboard: (http:\/\/[^/\s]+)/.exec(err)![1]!;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // Arm a fault on the scenario's own Pub/Sub while it runs: extra deliveries of some messages.
      await page.goto(`${url}/#faults`);
      await page.getByTestId('fault-service').selectOption('pubsub');
      await page.getByTestId('fault-rule').fill('{ "kind": "duplicate", "method": "deliver", "rate": 0.3 }');
      await page.getByTestId('fault-arm').click();
      await expect
        .poll(() => page.getByTestId('fault-status').textContent(), { timeout: 30_000 })
        .toMatch(/^armed /);
      await expect
        .poll(async () => Number((await page.getByTestId('fault-hits').first().textContent()) ?? 0), {
          timeout: 60_000,
        })
        .toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath('faults'), fullPage: true });
      // The live timeline: the crash mark appears while the scenario still runs.
      await page.goto(`${url}/#scenarios`);
      await page.locator('[data-testid=timeline] [data-type=crash]').first().waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('scenario-status').textContent()).toContain('worker-crash — running');
      await page
        .getByTestId('scenario-redelivered')
        .waitFor({ timeout: 60_000 })
        .catch(async (e: Error) => {
          // Say what the page saw and what the scenario printed, for a failure in CI.
          const counts = await page.getByTestId('scenario-counts').textContent();
          throw new Error(`${e.message}\npage: ${counts}\nscenario stderr tail:\n${err.slice(-3000)}`);
        });
      expect(await page.getByTestId('scenario-redelivered').textContent()).toMatch(
        /redelivered after a crash: \S/,
      );
      await page.screenshot({ path: screenshotPath('scenario-timeline'), fullPage: true });
      // No page reload: the status turns into the outcome on the same page.
      await expect
        .poll(() => page.getByTestId('scenario-status').textContent(), { timeout: 90_000 })
        .toMatch(/worker-crash — (passed|failed)/);
      expect(await page.getByTestId('scenario-status').textContent()).toContain('passed');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 180_000);
});
