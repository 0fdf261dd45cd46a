/** Machine-readable reason codes, each carried with a sentence that names the side and the characters. */
import { caseDifference, findAnomalies, reveal } from './forensics.js';

export type ReasonCode =
  | 'case'
  | 'whitespace'
  | 'invisible-character'
  | 'unicode-normalization'
  | 'confusable-character'
  | 'plus-address'
  | 'local-part-typo'
  | 'domain-typo'
  | 'other-domain'
  | 'same-name'
  | 'duplicate-email'
  | 'empty-email'
  | 'inactive'
  | 'needs-fix';

export const REASON_CODES: readonly ReasonCode[] = [
  'case',
  'whitespace',
  'invisible-character',
  'unicode-normalization',
  'confusable-character',
  'plus-address',
  'local-part-typo',
  'domain-typo',
  'other-domain',
  'same-name',
  'duplicate-email',
  'empty-email',
  'inactive',
  'needs-fix',
];

export type Side = 'zoho' | 'myoperator' | 'both';

export interface Reason {
  code: ReasonCode;
  side: Side;
  message: string;
}

export const SIDE_LABEL: Record<Exclude<Side, 'both'>, string> = { zoho: 'Zoho', myoperator: 'MyOperator' };

/** Per-character anomalies of one side's e-mail, as reasons. */
export function anomalyReasons(email: string, side: Exclude<Side, 'both'>): Reason[] {
  return findAnomalies(email).map((a) => ({
    code: a.code,
    side,
    message: `${SIDE_LABEL[side]} e-mail has ${a.what} ${a.where}`,
  }));
}

/**
 * Why two e-mails that are the same address once normalised are not byte-equal: every anomaly on
 * either side, then the letter-case difference of what remains.
 */
export function explainMismatch(zohoEmail: string, myoperatorEmail: string): Reason[] {
  const reasons = [...anomalyReasons(zohoEmail, 'zoho'), ...anomalyReasons(myoperatorEmail, 'myoperator')];
  const diff = caseDifference(zohoEmail, myoperatorEmail);
  if (diff) {
    const side: Side = diff.upperSide === 'a' ? 'zoho' : diff.upperSide === 'b' ? 'myoperator' : 'both';
    const shown = diff.positions
      .slice(0, 4)
      .map((p, i) => `${p} ("${diff.pairs[i]![0]}" in Zoho, "${diff.pairs[i]![1]}" in MyOperator)`)
      .join(', ');
    const more = diff.positions.length > 4 ? ` and ${diff.positions.length - 4} more` : '';
    reasons.push({
      code: 'case',
      side,
      message: `Letter case differs at position${diff.positions.length > 1 ? 's' : ''} ${shown}${more}; PhoneBridge compares e-mails case-sensitively`,
    });
  }
  return reasons;
}

export function emptyEmailReason(side: Exclude<Side, 'both'>): Reason {
  return {
    code: 'empty-email',
    side,
    message: `${SIDE_LABEL[side]} user has no e-mail, so PhoneBridge cannot match it; add one, or map by hand`,
  };
}

export function inactiveReason(side: Exclude<Side, 'both'>, detail: string): Reason {
  return {
    code: 'inactive',
    side,
    message: `${SIDE_LABEL[side]} user is ${detail}; it is never mapped automatically (reactivate it, or leave it)`,
  };
}

/**
 * A saved pair whose e-mails are not byte-equal. Neither Zoho nor MyOperator reads our mappings:
 * PhoneBridge ties the two only when MyOperator holds the Zoho e-mail exactly, so the pair is
 * saved but its calls are attributed to nobody until `fix` (or an admin) sets it.
 */
export function needsFixReason(zohoEmail: string, myoperatorEmail: string): Reason {
  if (!zohoEmail)
    return {
      code: 'needs-fix',
      side: 'zoho',
      message: 'Saved mapping, but the Zoho user has no e-mail: PhoneBridge attributes none of these calls until it has one (add it in Zoho, then `phonebridge-sync fix`)',
    };
  // Revealed: a look-alike "а" would otherwise read as the Zoho e-mail it is not.
  const holds = myoperatorEmail ? `MyOperator holds "${reveal(myoperatorEmail)}", not the Zoho e-mail byte for byte` : 'the MyOperator user has no e-mail';
  return {
    code: 'needs-fix',
    side: 'myoperator',
    message: `Saved mapping, but ${holds}: PhoneBridge attributes none of these calls until it holds the Zoho one (\`phonebridge-sync fix\` sets it)`,
  };
}
