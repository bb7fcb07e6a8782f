/** Fills {name} placeholders; a missing value leaves the placeholder visible. Safe in the browser bundle. */
export function interpolate(template: string, vars?: Record<string, string | number | undefined>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (vars[name] !== undefined ? String(vars[name]) : `{${name}}`));
}
