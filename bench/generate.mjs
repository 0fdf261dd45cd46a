// Synthetic companies: n Zoho users and n MyOperator users; `fuzzy` of them need fuzzy work
// (typos, plus tags, other domains, same names, case and invisible characters).
const DOMAINS = ['acmetraders.in', 'acme.co.in', 'acme-group.com', 'acmesales.in'];
const FIRST = ['ravi', 'asha', 'meena', 'vikram', 'anil', 'priya', 'sunil', 'deepak', 'kavita', 'rahul', 'neha', 'arjun', 'suresh', 'farhan', 'lakshmi', 'gaurav'];
const LAST = ['kumar', 'rao', 'iyer', 'singh', 'mehta', 'nair', 'das', 'verma', 'joshi', 'gupta', 'kapoor', 'malhotra', 'pillai', 'ali', 'menon', 'bose'];

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
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
    const name = `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)} ${i}`;
    let moEmail = email;
    if (rand() < fuzzyShare) {
      const kind = i % 6;
      if (kind === 0) moEmail = `${local.slice(0, 3)}${local[4]}${local[3]}${local.slice(5)}@${domain}`; // swap
      else if (kind === 1) moEmail = `${local}+calls@${domain}`;
      else if (kind === 2) moEmail = `${local}@gmail.com`;
      else if (kind === 3) moEmail = `${first}${i}.personal@yahoo.com`; // same name only
      else if (kind === 4) moEmail = email.toUpperCase();
      else moEmail = `${local}\u200b@${domain}`;
    }
    zoho.push({ id: String(4815900000000000000n + BigInt(i)), zuid: String(60000000 + i), email, full_name: name, first_name: first, last_name: last, status: 'active', confirm: true });
    mo.push({ uuid: `s${(i * 2654435761 >>> 0).toString(16)}${i}`, user_id: String(200000 + i), name, email: moEmail, extension: String(1000 + i), is_active: '1', is_enabled: '1' });
  }
  return { zoho, mo };
}
