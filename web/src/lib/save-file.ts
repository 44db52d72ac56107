/** Hands a downloaded file to the browser (the API needs the Bearer token, which a plain link cannot send). */
export function saveFile(file: { blob: Blob; filename: string }): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Chromium reads the blob asynchronously after the click; revoke once it has had time to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
