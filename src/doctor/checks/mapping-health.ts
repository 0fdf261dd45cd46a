import { mappingFindings } from '../../core/diagnose.js';
import type { Check } from '../check.js';
import { needing, needingUsers, plural } from '../check.js';

export const mappingHealthCheck: Check = {
  id: 'mapping-health',
  group: 'Mappings',
  needs: ['mappings-file'],
  async run(env) {
    return needing(env.mappings, (saved) => {
      if (saved.mappings.length === 0) return { status: 'skip', message: 'no saved mappings yet', hint: 'Run `phonebridge-sync resync`.' };
      return needingUsers(env.users, (users) => {
        const found = mappingFindings(saved.mappings, users.zoho, users.myoperator);
        const serious = found.filter((f) => f.problem === 'stale' || f.problem.endsWith('mapped-twice'));
        if (found.length === 0) return { status: 'pass', message: `${plural(saved.mappings.length, 'mapping')}, all current` };
        return {
          status: serious.length ? 'fail' : 'warn',
          message: found.map((f) => `${f.problem}: ${f.message}`).join('\n'),
          hint: serious.length
            ? [
                serious.some((f) => f.problem === 'stale') ? '`phonebridge-sync resync --prune` removes stale mappings' : '',
                serious.some((f) => f.problem.endsWith('mapped-twice')) ? '`phonebridge-sync map --unmap` fixes the doubles' : '',
                // A pair stale because an e-mail was retyped is often still the same person: then
                // fix, not a prune, is what makes its calls attributed again.
                found.some((f) => f.problem === 'emails-differ') ? '`phonebridge-sync fix` sets a mapped MyOperator e-mail to the Zoho one where it is still the same person' : '',
              ]
                .filter(Boolean)
                .join('; ') + '.'
            : 'MyOperator attributes calls by e-mail alone: `phonebridge-sync fix` sets each mapped MyOperator e-mail to the Zoho one.',
          data: found.map((f) => ({ problem: f.problem, zoho: f.mapping.zoho.id, myoperator: f.mapping.myoperator.uuid })),
        };
      });
    });
  },
};
