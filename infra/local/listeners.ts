import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * Listening TCP sockets and the processes that hold them, read from Linux's /proc (what `ss -ltnp`
 * shows). The runtime uses it to name the process holding a port it needs; the tests use it to prove
 * that nothing of the project listens beyond loopback. Elsewhere than Linux it finds nothing.
 */

export interface Listener {
  /** Dotted IPv4 or full IPv6 text (`0.0.0.0`, `127.0.0.1`, `::`, `::1`, `::ffff:127.0.0.1`). */
  address: string;
  port: number;
  /** Processes holding the socket (several after a fork). */
  pids: number[];
}

const LISTEN_STATE = "0A";

function ipv4(hex: string): string {
  // /proc prints the address as one little-endian 32-bit word.
  const bytes = hex.match(/../g) ?? [];
  return bytes
    .reverse()
    .map((b) => Number.parseInt(b, 16))
    .join(".");
}

function ipv6(hex: string): string {
  // Four little-endian 32-bit words.
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse());
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(`${bytes[i]}${bytes[i + 1]}`.replace(/^0+(?=.)/, ""));
  const text = groups.join(":").toLowerCase();
  if (text === "0:0:0:0:0:0:0:0") return "::";
  if (text === "0:0:0:0:0:0:0:1") return "::1";
  if (text.startsWith("0:0:0:0:0:ffff:")) return `::ffff:${ipv4(words[3] ?? "")}`;
  return text;
}

function readTable(
  file: string,
  decode: (hex: string) => string,
): { address: string; port: number; inode: string }[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === LISTEN_STATE)
    .map((f) => {
      const [addr = "", port = "0"] = (f[1] ?? "").split(":");
      return { address: decode(addr), port: Number.parseInt(port, 16), inode: f[9] ?? "" };
    });
}

function pidsOf(): Map<string, number[]> {
  const byInode = new Map<string, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return byInode;
  }
  for (const pid of entries) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (!inode) continue;
      const list = byInode.get(inode) ?? [];
      list.push(Number(pid));
      byInode.set(inode, list);
    }
  }
  return byInode;
}

/** Every listening TCP socket of the machine with the pids (of this user) that hold it. */
export function tcpListeners(): Listener[] {
  const sockets = [...readTable("/proc/net/tcp", ipv4), ...readTable("/proc/net/tcp6", ipv6)];
  const owners = pidsOf();
  return sockets.map((s) => ({ address: s.address, port: s.port, pids: owners.get(s.inode) ?? [] }));
}

export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127.");
}

/** The command line of a process, or undefined when it is gone or unreadable. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [pid];
  }
  for (const p of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${p}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(p));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** Who listens on `port` (any address), as `pid (command)` text for an error message. */
export function describePortHolder(port: number): string | undefined {
  const holders = tcpListeners()
    .filter((l) => l.port === port)
    .flatMap((l) => l.pids);
  if (holders.length === 0) return undefined;
  return [...new Set(holders)]
    .map((pid) => `pid ${pid} (${commandLine(pid)?.slice(0, 120) ?? "?"})`)
    .join(", ");
}

/** Whether `pid` still runs; a zombie (dead, not yet reaped by whoever adopted it) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}
