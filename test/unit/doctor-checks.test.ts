/** Single doctor checks on small fixtures: what each one names, and what it leaves out. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { oneSideOnlyCheck } from '../../src/doctor/checks/matching.js';
import { zohoCredentialsCheck } from '../../src/doctor/checks/zoho-credentials.js';
import type { DoctorEnv } from '../../src/doctor/check.js';
import { matchUsers } from '../../src/core/match.js';
import { createContext } from '../../src/context.js';
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
