// Placeholder until the shared escaping helpers land (policy-report branch); same exported names.
export function neutraliseLoggingCommands(text: string): string {
  return text.replace(/##(vso)?\[/gi, (match) => `#\u200b${match.slice(1)}`);
}

export function escapeMarkdownCell(text: string): string {
  return neutraliseLoggingCommands(
    text
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/[\\`*_{}[\]()#+!|<>&]/g, (c) => `&#${c.charCodeAt(0)};`),
  );
}
