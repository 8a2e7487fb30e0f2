// The accessibility check the web app's e2e tests run: axe with the WCAG 2.1 A/AA rules, serious and
// critical faults only, each named by rule and element. It waits for every running animation and
// transition to finish first: axe measures colours as they are at that instant, and a dialog fading
// in or out has text at part opacity (a colour-contrast fault no user ever sees at rest).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let round = 0; round < 10; round++) {
      // A spinner runs for ever: only animations that end are waited for, and never beyond 2 s.
      const running = document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity);
      if (running.length === 0) return;
      await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 2000))]);
    }
  });
}

export async function seriousAxe(page: Page, opts: { include?: string; allRules?: boolean } = {}): Promise<string[]> {
  await settled(page);
  let builder = new AxeBuilder({ page });
  if (opts.include) builder = builder.include(opts.include);
  if (!opts.allRules) builder = builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} — ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).slice(0, 3).join('; ')}`);
}
