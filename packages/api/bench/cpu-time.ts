/**
 * CPU time from Linux's `/proc`, for benches: on this shared machine wall time drifts with the
 * load, CPU time much less, and it tells whether a change saved the server's work or the client's.
 * Only meaningful when PostgreSQL runs on the same machine; undefined where `/proc` is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One process's name and user + system CPU time in ms, or undefined once it has ended. */
function processStat(pid: number | string): { name: string; cpuMs: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The name is in parentheses and may hold spaces; the fields after it are space-separated.
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return { name, cpuMs: ticks * 10 }; // USER_HZ is 100 on Linux
}

/** One process's user + system CPU time in ms (a backend, by `pg_backend_pid()`). */
export function processCpuMs(pid: number): number | undefined {
  return processStat(pid)?.cpuMs;
}

/** The CPU time in ms of all of PostgreSQL's processes: backends and background workers. */
export function serverCpuMs(): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of pids) {
    const stat = processStat(pid);
    if (stat?.name.startsWith('postgres')) total += stat.cpuMs;
  }
  return total;
}
