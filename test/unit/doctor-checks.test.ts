/** Single doctor checks on small fixtures: what each one names, and what it leaves out. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { Clients } from '../../src/clients/connect.js';
import type { PhoneBridgeUser } from '../../src/clients/zoho.js';
import { oneSideOnlyCheck } from '../../src/doctor/checks/matching.js';
import { zohoPhoneBridgeCheck } from '../../src/doctor/checks/zoho-phonebridge.js';
import { zohoCredentialsCheck } from '../../src/doctor/checks/zoho-credentials.js';
import type { DoctorEnv } from '../../src/doctor/check.js';
import { matchUsers } from '../../src/core/match.js';
import { createContext } from '../../src/context.js';
import { savedPairs, type Mapping } from '../../src/core/reconcile.js';
import { AuthError, RemoteError } from '../../src/errors.js';
import { CredentialStore } from '../../src/store/credentials.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';

const oneSide = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) =>
  oneSideOnlyCheck.run({ mappings: async () => ({ mappings: [], ignored: [] }), report: async () => matchUsers({ zoho, myoperator }) } as unknown as DoctorEnv);

describe('one-side-only', () => {
  it('names active users with nobody on the other side, and leaves out inactive ones (they take no calls)', async () => {
    const o = await oneSide([zohoUser('gaurav@acme.in'), zohoUser('left@acme.in', { active: false, status: 'disabled' })], [moUser('night@acme.in', { name: 'Night' }), moUser('old@acme.in', { active: false })]);
    expect(o.status).toBe('warn');
    expect(o.message).toContain('1 Zoho user with no MyOperator user: gaurav@acme.in');
    expect(o.message).not.toContain('left@acme.in');
    expect(o.message).not.toContain('old@acme.in');
  });
});

describe('zoho-credentials', () => {
  it('names each setting that is missing, the refresh token included, and where the others come from', async () => {
    const tmp = tempDir();
    try {
      const globals = { profile: 'default', json: false, color: false, verbose: false, sandbox: false, yes: false };
      const env = { PHONEBRIDGE_ZOHO_CLIENT_ID: '1000.ABC', PHONEBRIDGE_ZOHO_CLIENT_SECRET: 'secret-secret', PHONEBRIDGE_ZOHO_DC: 'in' };
      const ctx = createContext(globals, { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env });
      const o = await zohoCredentialsCheck.run({ ctx, credentials: new CredentialStore(tmp.dir, 'default') } as unknown as DoctorEnv);
      expect(o.status).toBe('fail');
      expect(o.message).toBe('missing refresh token (data centre from the environment, client id from the environment, client secret from the environment)');
    } finally {
      tmp.cleanup();
    }
  });
});

/** A doctor env over fixed users (and saved mappings), for the checks that read them; `extra` gives the rest. */
function usersEnv(zoho: ZohoUser[], myoperator: MyOperatorUser[], extra: Partial<DoctorEnv> = {}, mappings: Mapping[] = []): DoctorEnv {
  const saved = { mappings, ignored: [] };
  return {
    users: async () => ({ zoho, myoperator }),
    mappings: () => saved,
    report: async () => matchUsers({ zoho, myoperator, ...savedPairs(saved) }),
    progress: () => {},
    ...extra,
  } as unknown as DoctorEnv;
}

describe('zoho-phonebridge', () => {
  const pbUser = (zohouser: string, email = ''): PhoneBridgeUser => ({ zohouser, email, name: '' });
  const phoneBridge = (zoho: ZohoUser[], read: () => Promise<PhoneBridgeUser[]>) =>
    zohoPhoneBridgeCheck.run(usersEnv(zoho, [], { clients: async () => ({ zoho: { phoneBridgeUsers: read } }) as unknown as Clients }));

  it('passes when every PhoneBridge user is a CRM user by zuid, an inactive CRM user included (the zuid still names them)', async () => {
    const asha = zohoUser('asha@acme.in');
    const left = zohoUser('left@acme.in', { active: false, status: 'disabled' });
    const o = await phoneBridge([asha, left], async () => [pbUser(asha.zuid!, asha.email), pbUser(left.zuid!, left.email)]);
    expect(o).toEqual({ status: 'pass', message: '2 PhoneBridge users, each a CRM user (by zuid)', data: { phonebridge: 2 } });
  });

  it('warns naming the PhoneBridge users no CRM user has (by e-mail, else by zohouser id), at most five, and not the known ones', async () => {
    const asha = zohoUser('asha@acme.in');
    const unknown = ['g1@acme.in', '', 'g3@acme.in', 'g4@acme.in', 'g5@acme.in', 'g6@acme.in'].map((email, i) => pbUser(`77${i}`, email));
    const o = await phoneBridge([asha], async () => [pbUser(asha.zuid!, asha.email), ...unknown]);
    expect(o.status).toBe('warn');
    expect(o.message).toBe('6 PhoneBridge users match no CRM user by zuid: g1@acme.in, 771, g3@acme.in, g4@acme.in, g5@acme.in');
    expect(o.hint).toBe('They joined or left since the CRM list was read; run doctor again.');
    expect(o.data).toEqual({ phonebridge: 7 });
    // One is enough to warn.
    const one = await phoneBridge([asha], async () => [pbUser(asha.zuid!, asha.email), pbUser('4242', 'ghost@acme.in')]);
    expect(one.status).toBe('warn');
    expect(one.message).toMatch(/^1 PhoneBridge user match(es)? no CRM user by zuid: ghost@acme\.in$/);
  });

  it('a PhoneBridge list the remote refuses is a warning with its fix (only call attribution by zohouser needs it); a bug is not hidden', async () => {
    const refused = await phoneBridge([], async () => {
      throw new RemoteError('remote', 'Zoho kept failing with HTTP 500 for GET /phonebridge/v3/users, after 5 attempts.', 'The service may be down; run again later.');
    });
    expect(refused).toEqual({
      status: 'warn',
      message: 'PhoneBridge users not readable: Zoho kept failing with HTTP 500 for GET /phonebridge/v3/users, after 5 attempts.',
      hint: 'The service may be down; run again later.',
    });
    const noHint = await phoneBridge([], async () => {
      throw new AuthError('Zoho refused the scope PhoneBridge.zohoone.search.');
    });
    expect(noHint.hint).toBe('Needed only for call attribution by zohouser id.');
    await expect(
      phoneBridge([], async () => {
        throw new TypeError('users is not iterable');
      }),
    ).rejects.toThrow(TypeError);
  });
});
