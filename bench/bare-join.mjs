// The baseline: the same files read and parsed, a bare Map join on the e-mail, a JSON document of
// the pairs written. What any tool must at least do; `match` is measured against it.
import { readFileSync } from 'node:fs';
const [zohoFile, moFile] = process.argv.slice(2);
const zoho = JSON.parse(readFileSync(zohoFile, 'utf8')).users;
const mo = JSON.parse(readFileSync(moFile, 'utf8')).data;
const byEmail = new Map();
for (const m of mo) byEmail.set(m.email, m);
const results = zoho.map((z) => {
  const m = byEmail.get(z.email);
  return {
    status: m ? 'exact' : 'zoho-only',
    zoho: { id: z.id, email: z.email, name: z.full_name },
    myoperator: m ? { id: m.uuid, email: m.email, name: m.name } : null,
  };
});
process.stdout.write(JSON.stringify({ results }));
