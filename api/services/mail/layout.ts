/** What a mail says, as plain strings (user-supplied ones included); rendering escapes them for HTML. */
export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** The one thing to do: a button in HTML, the bare URL in text. */
  action?: { label: string; url: string };
  /** Small print under the action (why you got this, what to do if it wasn't you). */
  footer: string[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Renders a mail twice: plain text, and HTML in which every supplied string is escaped. */
export function renderMail(c: MailContent): RenderedMail {
  const text = [c.greeting, '', ...c.paragraphs.flatMap((p) => [p, '']), ...(c.action ? [`${c.action.label}:`, c.action.url, ''] : []), '—', ...c.footer].join('\n');
  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`;
  const button = c.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(c.action.url)}" style="background:#2563eb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(c.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:12px;color:#64748b;word-break:break-all">${escapeHtml(c.action.url)}</p>`
    : '';
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f1f5f9;font-family:Arial,Helvetica,sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 20px;font-weight:bold;font-size:18px">MyBeacon</p>
${paragraph(c.greeting)}${c.paragraphs.map(paragraph).join('')}${button}
<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 12px">
${c.footer.map((f) => `<p style="margin:0 0 6px;font-size:12px;color:#64748b">${escapeHtml(f)}</p>`).join('')}
</div></body></html>`;
  return { subject: c.subject, text, html };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
