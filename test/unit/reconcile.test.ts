import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyPlan, mappingOf, reconcile, withIgnored, withMapping, withMappingRecord, type MappingData } from '../../src/core/reconcile.js';
import { matchUsers } from '../../src/core/match.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';

const NOW = '2026-11-24T10:00:00.000Z';
const empty: MappingData = { mappings: [], ignored: [] };
function plan(data: MappingData, zoho: ZohoUser[], myoperator: MyOperatorUser[], opts: { auto?: boolean; prune?: boolean } = {}) {
  return reconcile({ ...data, zoho, myoperator, auto: opts.auto ?? true, prune: opts.prune ?? false, now: NOW });
}

describe('reconcile', () => {
  it('adds new exact matches, stamped auto and now; the rest is unresolved with the matcher status', () => {
    const z1 = zohoUser('a@acme.in');
    const z2 = zohoUser('B@acme.in');
    const m1 = moUser('a@acme.in');
    const m2 = moUser('b@acme.in');
    const p = plan(empty, [z1, z2], [m1, m2]);
    expect(p.add).toEqual([mappingOf(z1, m1, 'auto', NOW)]);
    expect(p.unresolved.map((r) => [r.zoho!.id, r.status])).toEqual([[z2.id, 'mismatch']]);
    expect(plan(empty, [z1], [m1], { auto: false }).unresolved.map((r) => r.status)).toEqual(['exact']);
  });

  it('never adds, nor leaves unresolved with it as candidate, a MyOperator user left unmapped on purpose; its row says so', () => {
    const z = zohoUser('reception@acme.in');
    const desk = moUser('reception@acme.in');
    const data: MappingData = { ...empty, ignoredMyOperator: [{ uuid: desk.id, extension: desk.extension, email: desk.email, at: NOW }] };
    const p = plan(data, [z], [desk]);
    expect(p.add).toEqual([]);
    expect(p.unresolved.map((r) => [r.zoho!.id, r.status, r.candidates.length])).toEqual([[z.id, 'zoho-only', 0]]);
    expect(p.report.results.find((r) => r.myoperator?.id === desk.id)!.status).toBe('myoperator-ignored');
  });

  it('keeps a mapping while both users exist, are active and keep their e-mails — even when the e-mails differ from each other', () => {
    const z = zohoUser('a@acme.in');
    const m = moUser('other@acme.in');
    const data = { mappings: [mappingOf(z, m, 'manual', NOW)], ignored: [] };
    const p = plan(data, [z], [m]);
    expect(p.keep).toHaveLength(1);
    expect(p.add).toEqual([]);
    expect(p.unresolved).toEqual([]);
  });

  it.each([
    // Gone from a side that still lists someone: a side that lists nobody is the next test's.
    ['zoho-gone', (z: ZohoUser, m: MyOperatorUser) => ({ zoho: [zohoUser('other@acme.in')], myoperator: [m] })],
    ['myoperator-gone', (z: ZohoUser, m: MyOperatorUser) => ({ zoho: [z], myoperator: [moUser('other@acme.in')] })],
    ['zoho-inactive', (z: ZohoUser, m: MyOperatorUser) => ({ zoho: [{ ...z, active: false, status: 'disabled' }], myoperator: [m] })],
    ['myoperator-inactive', (z: ZohoUser, m: MyOperatorUser) => ({ zoho: [z], myoperator: [{ ...m, active: false }] })],
    ['zoho-email-changed', (z: ZohoUser, m: MyOperatorUser) => ({ zoho: [{ ...z, email: 'new@acme.in' }], myoperator: [m] })],
    ['myoperator-email-changed', (z: ZohoUser, m: MyOperatorUser) => ({ zoho: [z], myoperator: [{ ...m, email: 'A@acme.in' }] })],
  ] as const)('a mapping is stale when %s, saying so', (code, change) => {
    const z = zohoUser('a@acme.in');
    const m = moUser('a@acme.in');
    const users = change(z, m);
    const p = plan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, users.zoho, users.myoperator);
    expect(p.stale).toHaveLength(1);
    expect(p.stale[0]!.reasons.map((r) => r.code)).toEqual([code]);
    // Only an e-mail retyped, both users here and active: a pair `fix` sets (and a CI gate counts).
    expect(p.stale[0]!.needsFix).toBe(code.endsWith('-email-changed'));
    expect(p.stale[0]!.zohoFirst).toBe(false);
    expect(p.remove).toEqual([]);
    expect(p.add).toEqual([]); // its users stay out of new mappings while the stale one is kept
  });

  it('a MyOperator user gone is named by what its mapping recorded, the e-mail first, then the extension and the id (its name was never recorded)', () => {
    const z = zohoUser('ravi@acme.in', { id: 'z-ravi' });
    const gone = (m: MyOperatorUser) => plan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, [z], [moUser('other@acme.in')]).stale[0]!.reasons;
    // It read "MyOperator user u-12 (ravi@acme.in) no longer exists": an id first, and no extension.
    expect(gone(moUser('ravi@acme.in', { id: 'u-12', extension: '12' }))).toEqual([{ code: 'myoperator-gone', message: 'MyOperator user ravi@acme.in (ext 12, id u-12) no longer exists' }]);
    expect(gone(moUser('', { id: 'u-14', extension: '14' }))[0]!.message).toBe('MyOperator user with no e-mail (ext 14, id u-14) no longer exists');
    expect(gone(moUser('ravi@acme.in', { id: 'u-12', extension: null }))[0]!.message).toBe('MyOperator user ravi@acme.in (id u-12) no longer exists');
  });

  it('a Zoho user gone is named as a MyOperator user gone is, the recorded e-mail first, then the id', () => {
    const m = moUser('asha@acme.in', { id: 'u-11', extension: '11' });
    const gone = (z: ZohoUser) => plan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, [zohoUser('other@acme.in')], [m]).stale[0]!.reasons;
    // It read "Zoho user z-asha (asha@acme.in) no longer exists", beside the MyOperator side's e-mail first.
    expect(gone(zohoUser('asha@acme.in', { id: 'z-asha' }))).toEqual([{ code: 'zoho-gone', message: 'Zoho user asha@acme.in (id z-asha) no longer exists' }]);
    expect(gone(zohoUser('', { id: 'z-nobody' }))[0]!.message).toBe('Zoho user with no e-mail (id z-nobody) no longer exists');
  });

  it.each([
    ['MyOperator', 'myoperator-side-empty', (z: ZohoUser) => ({ zoho: [z, zohoUser('new@acme.in')], myoperator: [] })],
    ['Zoho', 'zoho-side-empty', (_z: ZohoUser, m: MyOperatorUser) => ({ zoho: [], myoperator: [m, moUser('new@acme.in')] })],
  ] as const)('a side that lists nobody (%s) is not said to have lost each user, and even a prune removes none of its pairs', (side, code, read) => {
    // A wrong account, a token that may not list users or an outage reads as a company with nobody
    // in it: every pair was "… no longer exists", and --prune --force removed them all.
    const z = zohoUser('a@acme.in');
    const m = moUser('a@acme.in');
    const data = { mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] };
    const users = read(z, m);
    for (const prune of [false, true]) {
      const p = plan(data, users.zoho, users.myoperator, { prune });
      expect(p.stale.map((s) => s.reasons)).toEqual([[{ code, message: `not checked: ${side} returned no users at all` }]]);
      expect(p.remove).toEqual([]);
      expect(applyPlan(data, p).mappings).toEqual(data.mappings);
      // Its users stay taken, as any stale pair's that stays: the other side's is offered to nobody.
      expect(p.add).toEqual([]);
      expect(p.unresolved.map((r) => r.zoho!.id)).not.toContain(z.id);
    }
  });

  it('a mapping whose MyOperator user was given another extension is kept and recorded anew with it, how and when unchanged', () => {
    const z = zohoUser('ravi@acme.in', { id: 'z-ravi' });
    const before = moUser('ravi@acme.in', { id: 'u-12' });
    const saved = mappingOf(z, before, 'auto', '2026-11-01T00:00:00.000Z');
    const moved = { ...before, extension: '55' };
    const p = plan({ mappings: [saved], ignored: [] }, [z], [moved]);
    expect(p.stale).toEqual([]);
    expect(p.refresh).toEqual([mappingOf(z, moved, 'auto', '2026-11-01T00:00:00.000Z')]);
    expect(applyPlan({ mappings: [saved], ignored: [] }, p).mappings.map((m) => m.myoperator.extension)).toEqual(['55']);
    // Nothing changed: kept as it was, nothing to record anew.
    expect(plan({ mappings: [saved], ignored: [] }, [z], [before]).refresh).toEqual([]);
  });

  it('a mapping whose MyOperator e-mail was retyped to the Zoho one is kept, its e-mails recorded anew, how and when unchanged; not stale, not added again', () => {
    const z = zohoUser('deepak.verma@acme.in', { id: 'z-deepak' });
    const before = moUser('deepak@gmail.com', { id: 'u-18' });
    const saved = mappingOf(z, before, 'manual', '2026-11-01T00:00:00.000Z');
    const retyped = { ...before, email: 'deepak.verma@acme.in' };
    for (const prune of [false, true]) {
      const p = plan({ mappings: [saved], ignored: [] }, [z], [retyped], { prune });
      expect(p.stale).toEqual([]);
      expect(p.remove).toEqual([]);
      expect(p.add).toEqual([]);
      expect(p.refresh).toEqual([mappingOf(z, retyped, 'manual', '2026-11-01T00:00:00.000Z')]);
      expect(p.keep).toEqual(p.refresh);
      expect(applyPlan({ mappings: [saved], ignored: [] }, p).mappings).toEqual(p.refresh);
    }
    // The Zoho e-mail retyped with a zero-width space: fix will not copy it, so its cure is in Zoho.
    const flawed = plan({ mappings: [saved], ignored: [] }, [{ ...z, email: 'deepak.verma\u200b@acme.in' }], [before]);
    expect(flawed.stale.map((x) => [x.needsFix, x.zohoFirst])).toEqual([[true, true]]);
    // Retyped to something else than the Zoho e-mail: still stale, as before.
    const elsewhere = plan({ mappings: [saved], ignored: [] }, [z], [{ ...before, email: 'deepak.v@acme.in' }]);
    expect(elsewhere.stale.map((x) => x.reasons.map((r) => r.code))).toEqual([['myoperator-email-changed']]);
    expect(elsewhere.refresh).toEqual([]);
  });

  it('prune removes stale mappings and frees their users for new matches in the same run', () => {
    const z = zohoUser('a@acme.in');
    const m = moUser('a@acme.in');
    const m2 = moUser('new@acme.in');
    const zNew = { ...z, email: 'new@acme.in' };
    const p = plan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, [zNew], [m, m2], { prune: true });
    expect(p.remove).toHaveLength(1);
    expect(p.add.map((a) => a.myoperator.uuid)).toEqual([m2.id]);
  });

  it('without prune, the users of a stale mapping that stays are off limits: neither mapped again nor offered', () => {
    const z = zohoUser('a@acme.in');
    const m = moUser('a@acme.in');
    const m2 = moUser('new@acme.in');
    const zNew = { ...z, email: 'new@acme.in' };
    // Another Zoho user now has the stale mapping's MyOperator e-mail: still not given that user.
    const other = zohoUser('a@acme.in', { id: 'z-other' });
    const p = plan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, [zNew, other], [m, m2]);
    expect(p.stale.map((s) => s.mapping.zoho.id)).toEqual([z.id]);
    // Mapped again, zNew would have two mappings once applied (the stale one stays in the store).
    expect(p.add).toEqual([]);
    expect(p.unresolved.map((r) => r.zoho!.id)).not.toContain(z.id);
    expect(applyPlan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, p).mappings).toHaveLength(1);
  });

  it('a pair whose e-mails were both emptied is stale, not "retyped to match": no e-mail ties nobody', () => {
    const z = zohoUser('a@acme.in');
    const m = moUser('a@acme.in');
    const p = plan({ mappings: [mappingOf(z, m, 'auto', NOW)], ignored: [] }, [{ ...z, email: '' }], [{ ...m, email: '' }]);
    expect(p.keep).toEqual([]);
    expect(p.refresh).toEqual([]);
    expect(p.stale.map((s) => s.mapping.zoho.id)).toEqual([z.id]);
  });

  it('the ignored users reported are those Zoho still lists: one gone from Zoho is not counted', () => {
    const here = zohoUser('here@acme.in');
    const p = plan({ mappings: [], ignored: [{ zohoId: here.id, email: here.email, at: NOW }, { zohoId: 'z-gone', email: 'gone@acme.in', at: NOW }] }, [here], []);
    expect(p.ignored.map((i) => i.zohoId)).toEqual([here.id]);
  });

  it('ignored Zoho users are neither added nor unresolved', () => {
    const z = zohoUser('a@acme.in');
    const p = plan(withIgnored(empty, z, NOW), [z], [moUser('a@acme.in')]);
    expect(p.add).toEqual([]);
    expect(p.unresolved).toEqual([]);
    expect(p.ignored.map((i) => i.zohoId)).toEqual([z.id]);
  });

  it('withMapping moves a MyOperator user: one mapping per user on each side', () => {
    const z1 = zohoUser('a@acme.in');
    const z2 = zohoUser('b@acme.in');
    const m = moUser('a@acme.in');
    const data = withMapping(withMapping(empty, z1, m, 'manual', NOW), z2, m, 'manual', NOW);
    expect(data.mappings.map((x) => x.zoho.id)).toEqual([z2.id]);
  });

  it('mapping a Zoho user marked "never map" (by hand, or restored from an export) lifts the mark: it is mapped, not both', () => {
    const z = zohoUser('a@acme.in');
    const other = zohoUser('b@acme.in');
    const m = moUser('a@acme.in');
    const ignored = withIgnored(withIgnored(empty, z, NOW), other, NOW);
    const data = withMapping(ignored, z, m, 'manual', NOW);
    expect(data.mappings.map((x) => x.zoho.id)).toEqual([z.id]);
    expect(data.ignored.map((i) => i.zohoId)).toEqual([other.id]);
    const restored = withMappingRecord(ignored, mappingOf(z, m, 'import', NOW));
    expect(restored.ignored.map((i) => i.zohoId)).toEqual([other.id]);
  });

  it('applyPlan never maps a user twice, whatever another run saved meanwhile (property)', () => {
    const users = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 12 });
    fc.assert(
      fc.property(users, users, (saved, added) => {
        const toMapping = ([zi, mi]: [number, number]) =>
          mappingOf(zohoUser(`z${zi}@a.in`, { id: `z${zi}` }), moUser(`m${mi}@a.in`, { id: `m${mi}` }), 'auto', NOW);
        const base = saved.reduce<MappingData>(
          (d, [zi, mi]) => withMapping(d, zohoUser('', { id: `z${zi}` }), moUser('', { id: `m${mi}` }), 'manual', NOW),
          empty,
        );
        const out = applyPlan(base, { add: added.map(toMapping), remove: [] });
        expect(new Set(out.mappings.map((m) => m.zoho.id)).size).toBe(out.mappings.length);
        expect(new Set(out.mappings.map((m) => m.myoperator.uuid)).size).toBe(out.mappings.length);
        for (const m of base.mappings) expect(out.mappings).toContainEqual(m);
      }),
    );
  });

  it('applyPlan never maps a user another run marked "never map" meanwhile', () => {
    const z = zohoUser('x@a.in', { id: 'zx' });
    const m = moUser('x@a.in', { id: 'mx' });
    const ignoredMeanwhile = withIgnored(empty, z, NOW);
    const out = applyPlan(ignoredMeanwhile, { add: [mappingOf(z, m, 'auto', NOW)], remove: [] });
    expect(out.mappings).toEqual([]);
    expect(out.ignored.map((i) => i.zohoId)).toEqual(['zx']);
  });

  it('a second reconcile after applying the plan adds nothing (property over random companies)', () => {
    const email = fc.constantFrom('', 'a@x.in', 'A@x.in', 'b@x.in', 'c@x.in', 'b@y.in');
    const company = fc.tuple(fc.array(fc.tuple(email, fc.boolean()), { maxLength: 8 }), fc.array(fc.tuple(email, fc.boolean()), { maxLength: 8 }));
    fc.assert(
      fc.property(company, ([zs, ms]) => {
        const zoho = zs.map(([e, active], i) => zohoUser(e, { id: `z${i}`, active }));
        const myoperator = ms.map(([e, active], i) => moUser(e, { id: `m${i}`, active }));
        const first = plan(empty, zoho, myoperator);
        const data = applyPlan(empty, first);
        const second = plan(data, zoho, myoperator);
        expect(second.add).toEqual([]);
        expect(second.stale).toEqual([]);
        expect(second.keep).toHaveLength(first.add.length);
      }),
    );
  });
  it("counts the users a stale pair holds in the company's domains, as match does and as a prune does: a domain typo's reason said one e-mail fewer on a plain resync", () => {
    const kavita = zohoUser('kavita@acme.in', { name: 'Kavita' });
    // Imran's pair is stale (his Zoho user disabled, his MyOperator user gone): kept, it holds his Zoho user out of the matching.
    const imran = zohoUser('imran@acme.in', { name: 'Imran', active: false, status: 'disabled' });
    const zoho = [kavita, zohoUser('asha@acme.in', { name: 'Asha' }), imran];
    const myoperator = [moUser('kavita@acm.in', { name: 'Kavita' }), moUser('asha@acme.in', { name: 'Asha' })];
    const data = { mappings: [mappingOf(imran, moUser('imran@acme.in'), 'auto', NOW)], ignored: [] };
    const typo = (results: ReadonlyArray<{ zoho: ZohoUser | null; reasons: ReadonlyArray<{ code: string; message: string }> }>) =>
      results.find((r) => r.zoho?.id === kavita.id)!.reasons.find((x) => x.code === 'domain-typo')?.message;
    const kept = plan(data, zoho, myoperator);
    expect(kept.stale).toHaveLength(1);
    expect(kept.remove).toEqual([]);
    const pruned = plan(data, zoho, myoperator, { prune: true });
    expect(pruned.remove).toHaveLength(1);
    // acme.in: three Zoho e-mails, Imran's among them, and Asha's in MyOperator.
    const said = 'MyOperator e-mail\'s domain "acm.in" looks like a typo of "acme.in", the domain of 4 e-mails on the two sides';
    expect(typo(matchUsers({ zoho, myoperator }).results)).toBe(said);
    expect(typo(pruned.unresolved)).toBe(said);
    expect(typo(kept.unresolved)).toBe(said);
  });
});
