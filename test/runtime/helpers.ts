// Helpers for runtime fidelity tests: run a small script (a stand-in for a built bundle) in the
// local runtime with a given manifest.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRuntime, type RuntimeOptions } from '../../src/local/runtime/runtime';
import { World } from '../../src/local/runtime/world';
import type { AppsScriptManifest } from '../../src/local/runtime/protocol';

export const ALL_TEST_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/gmail.addons.current.message.readonly',
  'openid',
  'https://www.googleapis.com/auth/userinfo.email',
];

export interface ScriptProject {
  name: string;
  code: string;
  manifest?: Partial<AppsScriptManifest>;
  owner?: string;
  webAppUrl?: string;
  oauthClientId?: string;
}

export function scriptRuntime(projects: ScriptProject[], opts: RuntimeOptions & { world?: World } = {}) {
  const world = opts.world ?? new World();
  const runtime = new LocalRuntime(world, opts);
  const dir = mkdtempSync(join(tmpdir(), 'ccm-rt-'));
  for (const p of projects) {
    const codePath = join(dir, `${p.name}.js`);
    writeFileSync(codePath, p.code);
    runtime.registerProject({
      name: p.name,
      codePath,
      manifest: {
        timeZone: 'Etc/UTC',
        runtimeVersion: 'V8',
        oauthScopes: ALL_TEST_SCOPES,
        dependencies: { enabledAdvancedServices: [{ userSymbol: 'Calendar', serviceId: 'calendar', version: 'v3' }] },
        ...p.manifest,
      },
      owner: p.owner,
      webAppUrl: p.webAppUrl,
      oauthClientId: p.oauthClientId ?? `${p.name}-client.apps.googleusercontent.com`,
    });
  }
  return { world, runtime };
}
