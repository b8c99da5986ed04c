/**
 * Saves a document the app built (the HTML report, a fleet export) through a Blob and an `<a download>`: Electron
 * turns the download into a save dialog, a browser into a download. Nothing is fetched; the object URL lives only
 * until the click has been handled. Text is saved as UTF-8; bytes (a UTF-16LE .reg, a Registry.pol) as they are.
 */
export function saveDocument(
  fileName: string,
  content: string | Uint8Array<ArrayBuffer>,
  type = 'text/html;charset=utf-8',
): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `sinkguard-audit-legacy-2025-01-02T03-04-05.html`: safe on every file system. */
export function exportFileName(kind: string, machine: string, at: Date): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `sinkguard-${safe(kind)}-${safe(machine)}-${safe(at.toISOString().slice(0, 19))}.html`;
}
