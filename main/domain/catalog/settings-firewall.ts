import { GPO } from './sources';
import type { FirewallExposureSetting } from './types';

/** The firewall exposure of TCP 135, the dynamic RPC ports and WMI's callback receiver. */

export const firewallEndpointMapper: FirewallExposureSetting = {
  id: 'firewall.endpoint-mapper',
  title: 'Firewall exposure of the RPC endpoint mapper (TCP 135)',
  area: 'firewall',
  kind: 'firewall-exposure',
  target: 'endpoint-mapper',
  remedy: 'local',
  groupPolicy: GPO.firewall,
  whenAbsent: {
    meaning:
      'With no enabled rule allowing it, the firewall on and its default inbound action Block (Windows’ defaults), it is closed; Windows ships the WMI rules disabled.',
    confirmed: true,
  },
  severity: 'high',
  publicAnySeverity: 'critical',
  rationale:
    'Every DCOM and WMI conversation starts at TCP 135, the endpoint mapper in RPCSS, which no application opens for you. ' +
    'Reachable from anywhere, it exposes every registered RPC interface to enumeration and attack; remote management only needs it from the management hosts. ' +
    'The built-in rule WMI-RPCSS-In-TCP opens it to the local subnet, and a rule should name svchost.exe/RPCSS (or use LPort=RPC-EPMap) rather than open the port to every program.',
  sideEffects:
    'Hosts outside the management scope can no longer manage this machine over WMI/DCOM or reach its other RPC services (remote event log, service control, MMC snap-ins).',
  restartRequired: false,
  references: ['W2', 'W9', 'R1', 'F1', 'F4'],
  baselines: {
    recommended: { reachableFrom: 'management-scope' },
    strict: { reachableFrom: 'management-scope' },
  },
};

export const firewallDynamicRpc: FirewallExposureSetting = {
  id: 'firewall.dynamic-rpc',
  title: 'Firewall exposure of the dynamic RPC ports',
  area: 'firewall',
  kind: 'firewall-exposure',
  target: 'dynamic-rpc',
  remedy: 'local',
  groupPolicy: GPO.firewall,
  whenAbsent: {
    meaning:
      'With no enabled rule allowing it, the firewall on and its default inbound action Block (Windows’ defaults), it is closed; Windows ships the WMI rules disabled.',
    confirmed: true,
  },
  severity: 'high',
  publicAnySeverity: 'critical',
  rationale:
    'After the endpoint mapper answers, the caller connects to the server’s dynamic port (49152–65535 unless restricted). ' +
    'Opening that range by port number to every program exposes every RPC server on the machine; the supported way is LPort=RPC for a named service (winmgmt for WMI), from the management hosts only.',
  sideEffects:
    'Hosts outside the management scope can no longer reach RPC services on this machine; services that were reached through a port-number rule need their own LPort=RPC rule.',
  restartRequired: false,
  references: ['W2', 'W9', 'R1', 'R3', 'F1'],
  baselines: {
    recommended: { reachableFrom: 'management-scope' },
    strict: { reachableFrom: 'management-scope' },
  },
};

export const firewallUnsecApp: FirewallExposureSetting = {
  id: 'firewall.unsecapp',
  title: 'Firewall exposure of WMI asynchronous callbacks (unsecapp.exe)',
  area: 'firewall',
  kind: 'firewall-exposure',
  target: 'unsecapp',
  remedy: 'local',
  groupPolicy: GPO.firewall,
  whenAbsent: {
    meaning:
      'With no enabled rule allowing it, the firewall on and its default inbound action Block (Windows’ defaults), it is closed; Windows ships the WMI rules disabled.',
    confirmed: true,
  },
  severity: 'high',
  publicAnySeverity: 'critical',
  rationale:
    'Asynchronous WMI calls made from this machine get their results back through unsecapp.exe, which listens for callbacks from the remote WMI servers (built-in rule WMI-ASYNC-In-TCP). ' +
    'Open beyond the servers this machine manages, anyone can try to feed results into its sinks; with UnsecAppAccessControlDefault=0 nothing checks them.',
  sideEffects:
    'Asynchronous WMI calls from this machine to servers outside the allowed scope stop receiving results (the call hangs or times out); use semisynchronous calls, which need no inbound connection.',
  restartRequired: false,
  references: ['W2', 'W9', 'W1'],
  baselines: { recommended: { reachableFrom: 'management-scope' }, strict: { reachableFrom: 'nowhere' } },
  callbackWarnings: [
    {
      when: 'closed',
      message:
        'Inbound asynchronous WMI callbacks (unsecapp.exe) are closed: asynchronous calls from this machine stop ' +
        'receiving results; use semisynchronous calls, which need no inbound connection.',
    },
    {
      when: 'narrowed',
      message:
        'Asynchronous WMI callbacks from servers outside the management scope stop arriving (the calls hang or ' +
        'time out); use semisynchronous calls for those servers.',
    },
  ],
};
