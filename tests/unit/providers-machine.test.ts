import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { machineIp, machineOsVersion, type MachineSource } from '../../electron/core/providers/machine';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

function machine(type: string, release: string, interfaces: Record<string, NetworkInterfaceInfo[]>): MachineSource {
  return { type: () => type, release: () => release, networkInterfaces: () => interfaces };
}

describe('caller facts of this machine', () => {
  it('names the OS and its release, with Windows and macOS spelled as people know them', () => {
    expect(machineOsVersion(machine('Linux', '6.1.0-18-amd64', {}))).toBe('Linux 6.1.0-18-amd64');
    expect(machineOsVersion(machine('Windows_NT', '10.0.22631', {}))).toBe('Windows 10.0.22631');
    expect(machineOsVersion(machine('Darwin', '23.4.0', {}))).toBe('macOS (Darwin) 23.4.0');
  });

  it('takes the first non-internal IPv4 (by interface name), skipping loopback and link-local', () => {
    const source = machine('Linux', '6', {
      lo: [nic('127.0.0.1', 'IPv4', true)],
      wlan0: [nic('192.168.1.20', 'IPv4')],
      eth0: [nic('169.254.3.4', 'IPv4'), nic('10.0.0.7', 'IPv4')],
    });
    expect(machineIp(source)).toBe('10.0.0.7');
  });

  it('orders Windows interface names without regard to letter case (a WSL switch before Wi-Fi)', () => {
    const source = machine('Windows_NT', '10.0.22631', {
      'Wi-Fi': [nic('192.168.1.20', 'IPv4')],
      'vEthernet (WSL)': [nic('172.20.0.1', 'IPv4')],
      'Ethernet 2': [nic('169.254.9.9', 'IPv4')],
    });
    expect(machineIp(source)).toBe('172.20.0.1');
  });

  it('falls back to a routable IPv6, then to 127.0.0.1 on a machine without a network', () => {
    expect(machineIp(machine('Linux', '6', { eth0: [nic('fe80::1', 'IPv6'), nic('2001:db8::5', 'IPv6')] }))).toBe('2001:db8::5');
    expect(machineIp(machine('Linux', '6', { lo: [nic('127.0.0.1', 'IPv4', true)] }))).toBe('127.0.0.1');
  });
});
