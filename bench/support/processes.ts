// Checks a bench makes about the processes it measures (Linux /proc): that the process it
// started is the one answering on its port, and how much memory every process holding
// the data uses.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** The process and its descendants (`sh -c` or `npm` start the real server as a child). */
export function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
  );
  return [pid, ...children.flatMap(processTree)];
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return ""; // closed meanwhile
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  return inodes;
}

/** Inodes of the sockets listening on this TCP port (IPv4 or IPv6). */
function listeningInodes(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((table) =>
    readFileSync(table, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A") // 0A: LISTEN
      .map((fields) => fields[9]!),
  );
}

/**
 * Throws unless the port's listening socket belongs to `pid` (or a descendant): a server
 * that failed to bind (EADDRINUSE) while another process holds the port must not be measured.
 */
export function assertAnswersOn(pid: number, port: number, name: string): void {
  const listening = listeningInodes(port);
  const owned = new Set(processTree(pid).flatMap((each) => [...socketInodes(each)]));
  if (!listening.some((inode) => owned.has(inode))) {
    throw new Error(`${name}: port ${port} is ${listening.length ? "held by another process" : "not listening"}, not by the process the bench started (pid ${pid})`);
  }
}

const kbField = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);

/** Proportional set size in MB: shared pages (PostgreSQL's shared buffers) split between the processes mapping them. */
export function pssMb(pid: number): number {
  try {
    return kbField(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss") / 1024;
  } catch {
    return 0; // exited meanwhile
  }
}

/** Every process of a PostgreSQL server (postmaster, backends, workers) from its data directory's postmaster.pid. */
export function postgresPids(dataDirectory: string): number[] {
  const postmaster = Number(readFileSync(`${dataDirectory}/postmaster.pid`, "utf8").split("\n")[0]);
  return processTree(postmaster);
}

/** CPU time a process has used, user and kernel, in ms (0 once it has exited). */
export function cpuMs(pid: number): number {
  const [user, system] = cpuTicks(pid);
  return (user + system) * 10;
}

/** utime and stime of a process, in clock ticks (10 ms). */
export function cpuTicks(pid: number): [user: number, system: number] {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return [Number(fields[11]), Number(fields[12])];
  } catch {
    return [0, 0]; // exited meanwhile
  }
}

/** Memory of a set of processes: the sum of their PSS, in MB. */
export const totalPssMb = (pids: number[]) => pids.reduce((sum, pid) => sum + pssMb(pid), 0);
