import type { MessageKey, Messages } from './sv.ts';

export type Params = Record<string, string | number>;

/** Looks a key up and fills `{name}` placeholders; an unknown placeholder stays visible rather than vanish. */
export function translate(messages: Messages, key: MessageKey, params?: Params): string {
  const template = messages[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Placeholders used in a template, for the catalogue consistency test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
