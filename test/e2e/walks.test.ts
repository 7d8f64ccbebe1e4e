// The end-to-end walks, in one jest file so that they share one Chromium (starting it is seconds of a
// busy machine). Each walk still has its own workbench server, demo company, browser context and
// screenshots (test/e2e/harness.ts); importing a walk registers its describe, in this order.
// One walk alone: `npx jest test/e2e/walks.test.ts -t 'after the invitation'`.
import { closeChromium } from './harness';
import './workbench.walk';
import './after-invitation.walk';

afterAll(closeChromium);
