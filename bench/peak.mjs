// Preloaded into a measured child (`node --import ./bench/peak.mjs ...`): reports its peak RSS.
import { writeSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.BENCH_PEAK_FD) writeSync(Number(process.env.BENCH_PEAK_FD), `${process.resourceUsage().maxRSS}\n`);
});
