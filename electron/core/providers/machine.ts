import os from 'node:os';

/** What the machine facts are read from; tests pass their own. */
export interface MachineSource {
  type(): string;
  release(): string;
  networkInterfaces(): NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

const OS_NAMES: Readonly<Record<string, string>> = { Windows_NT: 'Windows', Darwin: 'macOS (Darwin)' };

/** This machine's OS and version, e.g. `Linux 6.1.0-18-amd64` or `Windows 10.0.22631`. */
export function machineOsVersion(source: MachineSource = os): string {
  const type = source.type();
  return `${OS_NAMES[type] ?? type} ${source.release()}`.trim();
}

/**
 * This machine's address as a server would see it on the local network: the first non-internal IPv4
 * (interfaces in name order, so the answer is stable), else the first non-internal IPv6, else 127.0.0.1.
 */
export function machineIp(source: MachineSource = os): string {
  const all = Object.entries(source.networkInterfaces())
    // Letter case ignored, as localeCompare did, without loading ICU's collation on every `providers()`.
    .map(([name, list]) => [name.toLowerCase(), list] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, list]) => list ?? [])
    .filter((info) => !info.internal);
  // Link-local addresses (169.254/16, fe80::/10) are not an address anyone else can reach us at.
  const v4 = all.find((info) => info.family === 'IPv4' && !info.address.startsWith('169.254.'));
  if (v4) return v4.address;
  const v6 = all.find((info) => info.family === 'IPv6' && !/^fe80:/i.test(info.address));
  return v6?.address ?? '127.0.0.1';
}
