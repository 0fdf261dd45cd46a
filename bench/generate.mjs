// Synthetic companies, n Zoho users and n MyOperator users, in three distributions that the bench
// keeps measured side by side (each one a corner the fuzzy tier once paid for):
//   changed        — four company domains, `fuzzy` of the users changed (typos, plus tags, other
//                    domains, same names, case and invisible characters)
//   repeated-names — first and last names from pools of 64 each (so thousands share a name at 1M),
//                    e-mails unique; a quarter of MyOperator e-mails with a typo, a quarter on another domain
//   one-domain     — `user<n>@` one domain (neighbouring numbers are one or two typos apart), half
//                    perturbed the same way
const DOMAINS = ['acmetraders.in', 'acme.co.in', 'acme-group.com', 'acmesales.in'];
const FIRST = [
  'ravi',
  'asha',
  'meena',
  'vikram',
  'anil',
  'priya',
  'sunil',
  'deepak',
  'kavita',
  'rahul',
  'neha',
  'arjun',
  'suresh',
  'farhan',
  'lakshmi',
  'gaurav',
];
const LAST = ['kumar', 'rao', 'iyer', 'singh', 'mehta', 'nair', 'das', 'verma', 'joshi', 'gupta', 'kapoor', 'malhotra', 'pillai', 'ali', 'menon', 'bose'];

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const cap = (s) => `${s[0].toUpperCase()}${s.slice(1)}`;

/** 64 distinct names built from the 16 above and a suffix, so the pool is large enough to be real. */
function pool(words) {
  const out = [];
  for (const suffix of ['', 'a', 'an', 'esh']) for (const w of words) out.push(`${w}${suffix}`);
  return out;
}
const FIRST64 = pool(FIRST);
const LAST64 = pool(LAST);

function zohoUser(i, first, last, email, name) {
  return {
    id: String(4815900000000000000n + BigInt(i)),
    zuid: String(60000000 + i),
    email,
    full_name: name,
    first_name: first,
    last_name: last,
    status: 'active',
    confirm: true,
  };
}
function moUser(i, name, email) {
  return {
    uuid: `s${((i * 2654435761) >>> 0).toString(16)}${i}`,
    user_id: String(200000 + i),
    name,
    email,
    extension: String(1000 + i),
    is_active: '1',
    is_enabled: '1',
  };
}

/** One typo in the local part: two neighbouring letters swapped, past the first three. */
function swapTypo(local) {
  return local.length < 6 ? `${local}x` : `${local.slice(0, 3)}${local[4]}${local[3]}${local.slice(5)}`;
}

export function generate(n, fuzzyShare = 0.1, seed = 42) {
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const zoho = [];
  const mo = [];
  for (let i = 0; i < n; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const local = `${first}.${last}${i}`;
    const domain = DOMAINS[i % DOMAINS.length];
    const email = `${local}@${domain}`;
    const name = `${cap(first)} ${cap(last)} ${i}`;
    let moEmail = email;
    if (rand() < fuzzyShare) {
      const kind = i % 6;
      if (kind === 0) moEmail = `${swapTypo(local)}@${domain}`;
      else if (kind === 1) moEmail = `${local}+calls@${domain}`;
      else if (kind === 2) moEmail = `${local}@gmail.com`;
      else if (kind === 3)
        moEmail = `${first}${i}.personal@yahoo.com`; // same name only
      else if (kind === 4) moEmail = email.toUpperCase();
      else moEmail = `${local}\u200b@${domain}`;
    }
    zoho.push(zohoUser(i, first, last, email, name));
    mo.push(moUser(i, name, moEmail));
  }
  return { zoho, mo };
}

/** A quarter of MyOperator e-mails with a typo, a quarter on another domain, half unchanged. */
function perturb(rand, local, domain) {
  const r = rand();
  if (r < 0.25) return `${swapTypo(local)}@${domain}`;
  if (r < 0.5) return `${local}@gmail.com`;
  return `${local}@${domain}`;
}

/** n people, each made by `person(i, pick)` as { first, last, local, domain, name, moEmail }. */
function company(n, seed, person) {
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const zoho = [];
  const mo = [];
  for (let i = 0; i < n; i++) {
    const p = person(i, pick, rand);
    zoho.push(zohoUser(i, p.first, p.last, `${p.local}@${p.domain}`, p.name));
    mo.push(moUser(i, p.name, perturb(rand, p.local, p.domain)));
  }
  return { zoho, mo };
}

export function generateRepeatedNames(n, seed = 42) {
  return company(n, seed, (i, pick) => {
    const [first, last] = [pick(FIRST64), pick(LAST64)];
    return { first, last, local: `${first}.${last}${i}`, domain: DOMAINS[i % DOMAINS.length], name: `${cap(first)} ${cap(last)}` };
  });
}

export function generateOneDomain(n, seed = 42) {
  return company(n, seed, (i, pick) => {
    const [first, last] = [pick(FIRST), pick(LAST)];
    return { first, last, local: `user${i}`, domain: 'acme.in', name: `${cap(first)} ${cap(last)} ${i}` };
  });
}

export const DISTRIBUTIONS = {
  'changed 10%': (n) => generate(n, 0.1),
  'repeated names': (n) => generateRepeatedNames(n),
  'one domain': (n) => generateOneDomain(n),
};
