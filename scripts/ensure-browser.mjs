#!/usr/bin/env node
// Makes sure the end-to-end tests have a Chromium: Debian's package where we can install it
// (root on Debian/Ubuntu, as in CI), else Playwright's own download. Prints what it decided.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

if (existsSync(systemChromium)) {
  console.log(`e2e browser: ${systemChromium}`);
} else if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('e2e browser: installing Debian chromium…');
  run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
} else {
  console.log('e2e browser: no system Chromium; installing Playwright’s own…');
  run('pnpm --filter @bithedge/web exec playwright install chromium');
}
