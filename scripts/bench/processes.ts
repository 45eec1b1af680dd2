import { readdirSync, readFileSync } from "node:fs";

/** The fields of /proc/<pid>/stat after the command name, or undefined once the process is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function processIds(matches: (pid: string) => boolean): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return matches(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The workerd processes started by this process (Miniflare's runtime), by pid. */
export function workerdChildren(parentPid = process.pid): number[] {
  return processIds((pid) => Number(statFields(pid)?.[1]) === parentPid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd"));
}

/** Every process whose command name starts with `name` (postgres backends, redis-server). */
export function processesNamed(name: string): number[] {
  return processIds((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").startsWith(name));
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User plus system CPU time the processes have used so far, in milliseconds. */
export function cpuMilliseconds(pids: number[]): number {
  const ticks = pids.reduce((total, pid) => {
    const fields = statFields(pid);
    return total + (fields ? Number(fields[11]) + Number(fields[12]) : 0);
  }, 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size now and its peak so far (VmRSS, VmHWM), in MiB. */
export function residentMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}
