/**
 * `--sandbox`: the emulators in this process on 127.0.0.1, seeded with the demo company, and
 * credentials that need no account. Day one is the demo company; from day two on (after a first
 * `resync` in the sandbox) the new hires have joined and one mapped person has left, so a second
 * resync has something to add and a stale mapping to prune.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCompany, newHires, retireLeaver } from './demo-company.js';
import { MyOperatorEmulator } from './myoperator-emulator.js';
import { ZohoEmulator } from './zoho-emulator.js';

export interface Sandbox {
  zoho: ZohoEmulator;
  myoperator: MyOperatorEmulator;
  credentials: { clientId: string; clientSecret: string; refreshToken: string; myoperatorToken: string };
  day: number;
  close(): Promise<void>;
}

const CLIENT_ID = '1000.SANDBOXCLIENT0000000000000000';
const CLIENT_SECRET = 'sandbox-client-secret-not-a-real-one';

export function sandboxDay(dir: string): number {
  try {
    const day = (JSON.parse(readFileSync(join(dir, 'sandbox-state.json'), 'utf8')) as { day?: unknown }).day;
    return typeof day === 'number' && day >= 1 ? day : 1;
  } catch {
    return 1;
  }
}

/** Called by resync in the sandbox: the next run sees the new hires. */
export function advanceSandboxDay(dir: string): void {
  if (existsSync(dir)) writeFileSync(join(dir, 'sandbox-state.json'), JSON.stringify({ day: sandboxDay(dir) + 1 }) + '\n', { mode: 0o600 });
}

export async function startSandbox(dir: string): Promise<Sandbox> {
  const day = sandboxDay(dir);
  // From day two, one mapped person has left (stale: try `resync --prune`) and two have joined.
  const demo = day >= 2 ? retireLeaver(demoCompany()) : demoCompany();
  const hires = day >= 2 ? newHires() : { zoho: [], myoperator: [] };
  const zoho = new ZohoEmulator();
  const myoperator = new MyOperatorEmulator();
  zoho.users = [...demo.zoho, ...hires.zoho];
  myoperator.users = [...demo.myoperator, ...hires.myoperator];
  zoho.registerClient(CLIENT_ID, CLIENT_SECRET);
  const refreshToken = zoho.issueRefreshToken(CLIENT_ID);
  await Promise.all([zoho.start(), myoperator.start()]);
  return {
    zoho,
    myoperator,
    day,
    credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken, myoperatorToken: myoperator.token },
    close: async () => {
      await Promise.all([zoho.close(), myoperator.close()]);
    },
  };
}
