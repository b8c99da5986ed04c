/**
 * The fleet export formats and what each is for: the one list the CLI, the IPC contract and the renderer's export
 * dialog share. Dependency-free so the renderer can import it without the compilers.
 */
export const EXPORT_FORMATS = ['reg', 'ps1', 'ansible', 'pol', 'gpo-sddl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  /** Short name for a picker. */
  readonly label: string;
  /** The engine that applies it. */
  readonly use: string;
  /** The media type a download of it carries. */
  readonly mediaType: string;
  /** Whether the file is bytes (UTF-16LE .reg, binary Registry.pol) rather than UTF-8 text. */
  readonly binary: boolean;
}

export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  reg: {
    label: '.reg file',
    use: 'reg import, or a GPO startup script',
    mediaType: 'text/plain;charset=utf-16le',
    binary: true,
  },
  ps1: {
    label: 'PowerShell script',
    use: 'an idempotent script that checks, backs up, sets, verifies and reports (-WhatIf to preview)',
    mediaType: 'text/plain;charset=utf-8',
    binary: false,
  },
  ansible: {
    label: 'Ansible playbook',
    use: 'ansible-playbook with ansible.windows.win_regedit and community.windows.win_firewall_rule',
    mediaType: 'application/yaml',
    binary: false,
  },
  pol: {
    label: 'Registry.pol',
    use: "a GPO's Machine folder, or LGPO.exe /m: the values that belong in Group Policy",
    mediaType: 'application/octet-stream',
    binary: true,
  },
  'gpo-sddl': {
    label: 'GPO SDDL strings',
    use: 'the security options "DCOM: Machine Access/Launch Restrictions in SDDL syntax" (GptTmpl.inf)',
    mediaType: 'text/plain;charset=utf-8',
    binary: false,
  },
};
